"""OpenWrt access points: four UCI files, copied whole (no line diff)."""

from __future__ import annotations

from campusnet.platforms.base import Platform
from campusnet.platforms.registry import register
from campusnet.render.facts import ap_facts

OPENWRT = register(Platform(
    key="openwrt",
    netmiko_type="linux",
    hier_platform=None,
    comment="#",
    templates={name: f"openwrt/{name}.j2" for name in ("network", "wireless", "system", "firewall")},
    facts=ap_facts,
))
