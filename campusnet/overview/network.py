"""What the report shows of the intended network: port maps and buildings (pure).

Built from the derived campus model only: rooms, access points, links and VLANs. No
member is ever named here (a room is a place, not a person).
"""

from __future__ import annotations

from dataclasses import dataclass

from campusnet import model


@dataclass(frozen=True)
class PortRow:
    number: int
    name: str  # the port as the switch names it (catalogue)
    use: str  # room | ap | server | admin | uplink | standby | unused
    what: str  # the port's description: room, access point or link and its far end
    profile: str
    untagged: str  # "members-g (103)" or ""
    tagged: str  # "management (10), quarantine (50)" or ""
    state: str  # enabled | shut


@dataclass(frozen=True)
class Hop:
    link: str
    a: str  # switch:port
    b: str
    capacity_mbps: int
    medium: str
    note: str


@dataclass(frozen=True)
class BuildingRow:
    code: str
    name: str
    members_vlan: str  # "members-g (103) 10.128.24.0/21" or "" (buildings without members)
    switches: int
    rooms: int
    path: tuple[Hop, ...]  # from the building up to the router's switch
    capacity_mbps: int  # the path's bottleneck
    shaped: bool  # fair share between rooms on the router


def _vlan(campus: model.Campus, vlan_id: int) -> str:
    names = {vlan.id: vlan.name for vlan in campus.vlans.values()}
    return f"{names.get(vlan_id, '?')} ({vlan_id})"


def port_map(campus: model.Campus, switch: model.Switch) -> list[PortRow]:
    hardware = switch.device_model
    return [PortRow(port.number, hardware.port_name(port.number), port.use, port.description, port.profile_name,
                    _vlan(campus, port.untagged) if port.untagged is not None else "",
                    ", ".join(_vlan(campus, vlan) for vlan in port.tagged),
                    "enabled" if port.profile.enabled else "shut")
            for port in switch.ports]


def _hop(link: model.Link) -> Hop:
    return Hop(link.name, f"{link.a[0]}:{link.a[1]}", f"{link.b[0]}:{link.b[1]}", link.capacity_mbps, link.medium,
               link.note)


def buildings(campus: model.Campus) -> list[BuildingRow]:
    rows = []
    for building in sorted(campus.buildings.values(), key=lambda b: b.code):
        vlan = campus.vlans.get(building.members_vlan or "")
        rows.append(BuildingRow(
            building.code, building.name,
            f"{vlan.name} ({vlan.id}) {vlan.ipv4}" if vlan is not None else "",
            sum(1 for s in campus.switches.values() if s.building == building.code), len(building.rooms),
            tuple(_hop(campus.links[name]) for name in building.path), building.bottleneck_mbps, building.shaped))
    return rows


def standby_links(campus: model.Campus) -> list[Hop]:
    return [_hop(link) for link in sorted(campus.links.values(), key=lambda l: l.name) if not link.active]
