"""The campus model as Ansible sees it: groups, and per-host variables for the roles.

Roles receive data already shaped here (no address math in Jinja). Only pseudonymous
member ids reach these variables; names and e-mails never do.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from campusnet import router_vars
from campusnet.model import Campus
from campusnet.service_vars import public as service_inputs

SERVICES = ("router", "dns", "dhcp", "print", "tv", "mail", "web", "radius", "directory")


@dataclass
class Layout:
    """Groups (name -> hosts) and host variables, ready for an inventory."""

    groups: dict[str, list[str]] = field(default_factory=dict)
    hostvars: dict[str, dict[str, Any]] = field(default_factory=dict)
    groupvars: dict[str, dict[str, Any]] = field(default_factory=dict)

    def add(self, host: str, groups: list[str], variables: dict[str, Any]) -> None:
        for group in groups:
            self.groups.setdefault(group, []).append(host)
        self.hostvars[host] = variables


#: Where Ansible connects for a host of an example campus: the discard port on loopback,
#: so a play run by mistake fails at once instead of reaching made-up 10.x addresses.
EXAMPLE_HOST = {"ansible_host": "127.0.0.1", "ansible_port": 9}


def layout(campus: Campus) -> Layout:
    """Every switch, access point and server, grouped by kind, platform, service, building."""
    result = Layout()
    example = EXAMPLE_HOST if campus.settings.example else {}
    for switch in campus.switches.values():
        result.add(switch.name, ["switches", switch.platform, f"building_{switch.building}"], {
            "ansible_host": str(switch.management.ip),
            "ansible_connection": "local",
            "campusnet_platform": switch.platform,
            "campusnet_building": switch.building,
            "campusnet_model": switch.model,
        })
    for ap in campus.access_points.values():
        result.add(ap.name, ["access_points", ap.platform, f"building_{ap.building}"], {
            "ansible_host": str(ap.management.ip),
            "campusnet_platform": ap.platform,
            "campusnet_building": ap.building,
            "campusnet_switch_port": f"{ap.switch}:{ap.port}",
            **example,
        })
    for server in campus.servers.values():
        groups = ["servers", f"building_{server.building}", *server.services]
        result.add(server.name, groups, {
            "ansible_host": str(server.ipv4),
            "campusnet_services": list(server.services),
            "campusnet_building": server.building,
            **service_vars(campus, server.name),
            **example,
        })
    result.groupvars["servers"] = server_common(campus)
    return result


def service_vars(campus: Campus, host: str) -> dict[str, Any]:
    """The role inputs of the services one server runs."""
    services = campus.servers[host].services
    variables: dict[str, Any] = {}
    if "router" in services:
        variables |= router_vars.router(campus)
    if "dhcp" in services:
        variables |= router_vars.kea_dhcp(campus)
    if "dns" in services:
        variables |= router_vars.dns(campus, host)
    variables |= service_inputs(campus, host)
    return variables


def server_common(campus: Campus) -> dict[str, Any]:
    """Inputs of the `common` role, the same on every server."""
    router = campus.servers[campus.router]
    return {
        "common_admins": [
            {"login": admin.login, "ssh_keys": list(admin.ssh_keys), "state": admin.state} for admin in campus.admins
        ],
        "common_ntp_servers": [str(router.ipv4)],
        "common_timezone": campus.settings.timezone,
    }
