"""Inputs of the syslog role: the logs of every switch and access point, by address."""

from __future__ import annotations

from typing import Any

from campusnet import router_vars
from campusnet.model import AccessPoint, Campus, Switch


def variables(campus: Campus) -> dict[str, Any]:
    """Senders: the VLANs whose UDP 514 the router's firewall accepts; one file per device,
    named from its management address (never from what a message claims)."""
    devices: list[Switch | AccessPoint] = [*campus.switches.values(), *campus.access_points.values()]
    return {
        "syslog_allowed_networks": router_vars.networks_using(campus, "udp", router_vars.SYSLOG),
        "syslog_devices": [{"address": str(d.management.ip), "name": d.name} for d in sorted(devices, key=lambda d: d.name)],
    }
