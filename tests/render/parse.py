"""Read rendered configurations back, independently of the facts that rendered them.

Switch configurations go through hier_config (the parser the diff step uses), so a
check on its tree also checks that the text is structured the way hier_config reads it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from hier_config import HConfig, Platform, get_hconfig
from hier_config.platforms.functions import expand_range

from campusnet.catalogue import DeviceModel

PLATFORMS = {"hp_procurve": Platform.HP_PROCURVE, "cisco_ios": Platform.CISCO_IOS}


@dataclass
class Membership:
    untagged: int | None = None
    tagged: set[int] = field(default_factory=set)
    unauth: int | None = None  # VLAN for unauthenticated clients
    enabled: bool = True


def hconfig(platform: str, text: str) -> HConfig:
    return get_hconfig(PLATFORMS[platform], text)


def memberships(platform: str, text: str, hardware: DeviceModel) -> dict[int, Membership]:
    """Port number -> its VLANs, as the rendered text states them (names read with the model)."""
    tree = hconfig(platform, text)
    numbers = {hardware.port_name(n): n for n in range(1, hardware.port_count + 1)}
    ports: dict[int, Membership] = {}
    for interface in tree.get_children(startswith="interface "):
        name = interface.text.removeprefix("interface ")
        if name not in numbers:
            continue
        port = ports.setdefault(numbers[name], Membership())
        for line in (c.text for c in interface.children):
            words = line.split()
            if line.startswith(("untagged vlan", "switchport access vlan", "switchport trunk native vlan")):
                port.untagged = int(words[-1])
            elif line.startswith("tagged vlan"):
                port.tagged.add(int(words[-1]))
            elif line.startswith("switchport trunk allowed vlan"):
                port.tagged |= {int(v) for v in expand_range(words[-1])}
            elif line.startswith("authentication event fail action authorize vlan"):
                port.unauth = int(words[-1])
            elif line in ("disable", "shutdown"):
                port.enabled = False
        if platform == "cisco_ios":
            port.tagged.discard(port.untagged)  # type: ignore[arg-type]
    for line in tree.get_children(re_search=r"^aaa port-access \S+ \d+ unauth-vid \d+$"):
        ports[int(line.text.split()[3])].unauth = int(line.text.split()[-1])
    return ports


def management_vlan(platform: str, text: str) -> int:
    tree = hconfig(platform, text)
    if platform == "cisco_ios":
        return int(tree.get_child(startswith="interface Vlan").text.removeprefix("interface Vlan"))  # type: ignore[union-attr]
    return next(int(v.text.split()[1]) for v in tree.get_children(startswith="vlan ")
                if v.get_child(startswith="ip address "))


def uci(text: str) -> list[tuple[str, str, dict[str, list[str]]]]:
    """A strict reading of the UCI subset we write: (type, name, option -> values)."""
    sections: list[tuple[str, str, dict[str, list[str]]]] = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line or line.startswith("#"):
            continue
        if found := re.fullmatch(r"config ([a-z_-]+)(?: '([A-Za-z0-9_]+)')?", line):
            sections.append((found.group(1), found.group(2) or "", {}))
        elif found := re.fullmatch(r"\t(option|list) ([a-z0-9_]+) '([^']*)'", line):
            assert sections, f"line {number}: {found.group(1)} outside a section"
            values = sections[-1][2].setdefault(found.group(2), [])
            assert found.group(1) == "list" or not values, f"line {number}: option {found.group(2)} set twice"
            values.append(found.group(3))
        else:
            raise AssertionError(f"line {number} is not UCI: {line!r}")
    return sections
