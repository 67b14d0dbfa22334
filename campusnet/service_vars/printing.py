"""Inputs of the print role (CUPS): a queue per printer of the server, who may print, quotas.

Members log in with their pseudonymous id and directory password (HTTP Basic over TLS,
PAM, nslcd binding as the member); quotas and the page log count by that id. Pure: no I/O.
"""

from __future__ import annotations

from ipaddress import IPv4Network, IPv6Network
from typing import Any

from campusnet.model import Campus
from campusnet.service_vars import directory

#: Networks whose machines may reach the queues: the members' wired and wifi VLANs.
PRINTING_PURPOSES = ("members", "wifi")
DAY = 86400


def printing(campus: Campus, host: str) -> dict[str, Any]:
    """Queues of the printers ``host`` serves, the networks allowed, the page quota."""
    networks = [v for v in campus.vlans.values() if v.purpose in PRINTING_PURPOSES]
    return {
        "print_listen_address": str(campus.servers[host].ipv4),
        "print_queues": [{"name": name, "location": p.location, "info": p.model or name, "uri": p.uri, "driver": p.driver}
                         for name, p in sorted(campus.printers.items()) if p.server == host],
        "print_allowed_networks": sorted(_cups(n) for v in networks for n in (v.ipv4, v.ipv6) if n is not None),
        "print_page_quota": campus.printing.page_quota,
        "print_quota_period": campus.printing.quota_period_days * DAY,
        "print_directory_uri": directory.client(campus)["directory_client_uri"],
        "print_directory_base_dn": directory.base_dn(campus.settings.domain),
        "print_directory_bind_dn": directory.service_dn(campus, host),
    }


def _cups(network: IPv4Network | IPv6Network) -> str:
    """A network as cupsd.conf's Allow reads it (IPv6 in brackets: [2001:db8::]/64)."""
    if isinstance(network, IPv6Network):
        return f"[{network.network_address}]/{network.prefixlen}"
    return str(network)
