"""The one place, per platform, that knows which printed lines the device owns.

A real switch prints lines nobody typed: its firmware version, boot markers, the
chassis type, a self-signed certificate, the default SVI, the console line. The team
never manages them, so a remediation must neither remove them (``no version 15.2``
is refused) nor send them. This module builds the hier_config driver every diff uses:
the platform's own driver, plus

* the catalogue's ``owned`` lines (``campusnet/catalogue/<platform>.yml``), dropped
  from both sides on load;
* single-valued commands, so a new value replaces the old one instead of a
  ``no <old value>`` that resets the setting after the new one was sent;
* the negations the device's command reference gives where "no" + the printed line
  is refused (ArubaOS-Switch: ``no snmp-server community NAME`` takes no access level).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

from hier_config import HConfig
from hier_config.child import HConfigChild
from hier_config.constructors import get_hconfig_driver
from hier_config.models import IdempotentCommandsRule, MatchRule, Platform
from hier_config.platforms.driver_base import HConfigDriverBase
from hier_config.platforms.hp_procurve.driver import HConfigDriverHPProcurve

from campusnet.catalogue import catalogue

#: Settings that hold one value (the command reference's "replaces the previous value").
SINGLE_VALUED: dict[str, tuple[tuple[str, ...], ...]] = {
    "cisco_ios": (
        ("hostname ",), ("spanning-tree mode ",), ("vtp mode ",), ("ip default-gateway ",),
        ("ip domain-name ",), ("snmp-server location ",), ("snmp-server contact ",),
        ("ip dhcp snooping vlan ",), ("ip arp inspection vlan ",),
        ("interface ", "switchport access vlan "), ("interface ", "switchport trunk allowed vlan "),
        ("interface ", "switchport trunk native vlan "), ("interface ", "switchport port-security maximum "),
        ("interface ", "speed "), ("interface ", "duplex "),
        ("interface ", "storm-control broadcast level "), ("interface ", "storm-control multicast level "),
        ("line ", "access-class "), ("line ", "transport input "), ("line ", "login"),
    ),
    "hp_procurve": (
        ("hostname ",), ("ip default-gateway ",), ("snmp-server contact ",), ("snmp-server location ",),
        ("password manager ",), ("vlan ", "name "),
        ("interface ", "speed-duplex "),
    ),
}

#: hier_config's IOS driver drops " no ip address" and "version" on load; the simulator keeps
#: them (it prints them), so it uses only these per-line rules of the stock driver.
_BANNERS = ("^Building configuration.*", "^Current configuration.*", "^end$", "^\\s*[#!].*",
            "^; .*", "^Running configuration:*", "^! Last configuration change.*",
            "^! NVRAM config last updated.*")


def _owned_dropper(platform: str) -> Callable[[HConfig], None]:
    rules = [(re.compile(entry.line), entry.empty) for entry in catalogue().dialect(platform).owned]

    def drop_owned(config: HConfig) -> None:
        for child in tuple(config.children):
            if any(p.search(child.text) and not (empty and child.children) for p, empty in rules):
                child.delete()

    return drop_owned


class _ArubaOsSwitch(HConfigDriverHPProcurve):
    def negate_with(self, config: HConfigChild) -> str | None:
        """``no snmp-server community NAME``: the "no" form takes the name only (management
        and configuration guide, SNMP chapter; unverified: from memory that extra words are refused)."""
        if config.parent is config.root and config.text.startswith("snmp-server community "):
            return " ".join(["no", *config.text.split()[:3]])
        return super().negate_with(config)


@cache
def driver(platform: str, *, device_view: bool = False) -> HConfigDriverBase:
    """The hier_config driver for ``platform`` (an inventory platform key such as ``cisco_ios``).

    ``device_view``: the simulator's tree. It keeps the owned lines and everything the
    device prints (it *is* the device); only banners and comments are dropped on load.
    """
    key = platform.lower()
    base = _ArubaOsSwitch() if key == "hp_procurve" else get_hconfig_driver(Platform[key.upper()])
    rules = base.rules
    for lineage in SINGLE_VALUED.get(key, ()):
        rules.idempotent_commands.append(
            IdempotentCommandsRule(match_rules=tuple(MatchRule(startswith=part) for part in lineage)))
    if key == "hp_procurve":  # "ip address X" and "no ip address" are one setting of a VLAN
        rules.idempotent_commands.append(IdempotentCommandsRule(
            match_rules=(MatchRule(startswith="vlan "), MatchRule(re_search=r"^(no )?ip address"))))
    if device_view:
        rules.per_line_sub[:] = [r for r in rules.per_line_sub if r.search in _BANNERS]
    else:
        rules.post_load_callbacks.insert(0, _owned_dropper(key))
    return base


def settle(platform: str, running: HConfig, intended: HConfig) -> None:
    """Drop from ``running`` the printed defaults whose setting ``intended`` does not mention:
    the device shows them (``no aaa new-model``), the team never asked for a change."""
    defaults = catalogue().dialect(platform.lower()).printed_defaults
    wanted = {child.text.removeprefix("no ") for child in intended.children}
    for child in tuple(running.children):
        for entry in defaults:
            if re.search(entry.line, child.text) and not any(w.startswith(entry.setting) for w in wanted):
                child.delete()
