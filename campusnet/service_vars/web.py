"""Inputs of the club_web role: the clubs a web server hosts.

A club's id is a DNS label of at most 27 characters (derive checks it), so its Unix user
``club-<id>``, its paths and its php-fpm pool name need no quoting; its vhost is a
checked DNS name; its display name is free text, HTML-quoted where the role prints it.
"""

from __future__ import annotations

from typing import Any

from campusnet.model import Campus


def server(campus: Campus, host: str) -> dict[str, Any]:
    return {
        "club_web_clubs": [
            {"id": name, "vhost": club.vhost, "name": club.name, "php": club.php, "sftp_keys": list(club.sftp_keys)}
            for name, club in sorted(campus.clubs.items()) if club.server == host],
    }
