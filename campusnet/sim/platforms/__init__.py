"""Registry of simulated platforms, keyed by netmiko device type."""

from __future__ import annotations

from campusnet.sim.platforms.base import SimPlatform
from campusnet.sim.platforms.cisco_ios import CiscoIos
from campusnet.sim.platforms.hp_procurve import HpProcurve

_PLATFORMS: dict[str, SimPlatform] = {p.key: p for p in (HpProcurve(), CiscoIos())}


def get_platform(key: str) -> SimPlatform:
    try:
        return _PLATFORMS[key]
    except KeyError:
        raise KeyError(f"unknown simulated platform {key!r}") from None


__all__ = ["SimPlatform", "get_platform"]
