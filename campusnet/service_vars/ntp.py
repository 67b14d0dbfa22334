"""Inputs of the ntp role: the router serves time to the VLANs its firewall lets ask it."""

from __future__ import annotations

from typing import Any

from campusnet import router_vars
from campusnet.model import Campus


def variables(campus: Campus) -> dict[str, Any]:
    """chrony answers exactly the VLANs whose UDP 123 the router's firewall accepts."""
    return {"ntp_allowed_networks": router_vars.networks_using(campus, "udp", router_vars.NTP)}
