"""Inputs of the server roles beyond the router: one module per service (pure).

Each module has a public part (host variables, from ``ansible_vars.service_vars``) and,
where a role needs secrets or personal data (password hashes, forwarding addresses, bind
passwords, keys), a private part that never becomes a host variable: ``private()`` below,
read by the ``campusnet_private`` lookup plugin while a play runs (tasks use ``no_log``).
"""

from __future__ import annotations

from typing import Any

from campusnet.model import Campus
from campusnet.service_vars import directory, mail, ntp, printing, radius, syslog, tv, web


def public(campus: Campus, host: str) -> dict[str, Any]:
    """Host variables of the directory, mail, club web, TV, RADIUS, NTP and syslog roles on ``host``."""
    services = campus.servers[host].services
    variables: dict[str, Any] = {}
    if "directory" in services:
        variables |= directory.server(campus, host)
    if directory.uses_directory(campus, host):
        variables |= directory.client(campus)
    if "mail" in services:
        variables |= mail.server(campus, host)
    if "web" in services:
        variables |= web.server(campus, host)
    if "tv" in services:
        variables |= tv.tv(campus, host)
    if "radius" in services:
        variables |= radius.radius(campus, host)
    if "print" in services:
        variables |= printing.printing(campus, host)
    if "router" in services:
        # The router serves time to the devices and keeps their logs (where they point);
        # its chrony replaces systemd-timesyncd there.
        variables |= ntp.variables(campus) | syslog.variables(campus) | {"common_timesyncd": False}
    return variables


def private(campus: Campus, host: str) -> dict[str, Any]:
    """Secret or personal inputs of the roles on ``host`` (only through the lookup plugin)."""
    services = campus.servers[host].services
    variables: dict[str, Any] = {}
    if "directory" in services:
        variables |= directory.private_server(campus)
    if directory.uses_directory(campus, host):
        variables["directory_bind_password"] = directory.bind_password(campus, host)
    if "mail" in services:
        variables |= mail.private_server(campus)
    if "radius" in services:
        variables |= radius.private(campus)
    if "print" in services:
        variables["print_directory_bind_password"] = directory.bind_password(campus, host)
    return variables
