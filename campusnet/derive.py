"""Inventory -> campus model, collecting every semantic error on the way.

Resolving a reference and checking it are the same act here: each step either
resolves a name (room, VLAN, switch port, member) or records an Issue naming the file
and key path, then carries on, so one run reports every problem. Pure: no I/O.
"""

from __future__ import annotations

import gc
import os
import re
from collections import defaultdict, deque
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date
from ipaddress import IPv4Address, IPv4Interface, IPv4Network, IPv6Address, IPv6Network
from urllib.parse import urlsplit

from campusnet import model, overlay
from campusnet.catalogue import CatalogueError, DeviceModel, catalogue
from campusnet.channels import CHANNELS_5, CHANNELS_24, Assignment, Placement, PlanError, plan
from campusnet.inventory import schema
from campusnet.inventory.issues import Issue, KeyPath, raise_if_any
from campusnet.inventory.load import Decrypt, Inventory, load_inventory
from campusnet.inventory.ranges import expand_ports, expand_rooms, parse_endpoint
from campusnet.render.facts import ZONES
from campusnet.words import plural

MEMBERS_TOKEN = "members"  # in a port profile: the building's members VLAN
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MEMBER_ID = re.compile(r"^m[0-9]{4,}$")
CLUB_ID_MAX = 27  # club-<id> must fit a Debian login (32 characters)
DIRECTORY_USERS = frozenset({"mail", "radius", "print"})  # services that log members in
_DEFAULT_UNUSED = schema.PortProfile(description="Nothing plugged in", enabled=False)
#: Port-profile settings that need a feature of the switch model (catalogue feature names).
PROFILE_FEATURES = {"loop_protect": "loop_protect", "dhcp_snooping": "dhcp_snooping",
                    "arp_protect": "arp_protect", "ra_guard": "ra_guard", "mac_limit": "port_security"}


@dataclass
class Derivation:
    """The outcome: a campus model when there are no errors, and every finding."""

    campus: model.Campus | None
    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    quarantine: dict[str, int] = field(default_factory=dict)  # reason -> machines


class _Builder:
    def __init__(self, inv: Inventory, today: date) -> None:
        self.inv = inv
        self.today = today
        self.errors: list[Issue] = []
        self.warnings: list[Issue] = []
        self.addresses: dict[IPv4Address | IPv6Address, str] = {}  # address -> who holds it
        self.dns_names: dict[str, str] = {}  # host name -> what it names
        self.hardware: dict[str, DeviceModel] = {}  # switch -> its catalogue model

    # --- issue helpers -----------------------------------------------------------------

    def error(self, file: str, path: KeyPath, message: str) -> None:
        self.errors.append(Issue(file, path, message))

    def warn(self, file: str, path: KeyPath, message: str) -> None:
        self.warnings.append(Issue(file, path, message))

    def claim_address(self, address: IPv4Address | IPv6Address, owner: str, file: str, path: KeyPath) -> None:
        holder = self.addresses.setdefault(address, owner)
        if holder != owner:
            self.error(file, path, f"address {address} is already used by {holder}")

    def claim_name(self, name: str, owner: str, file: str, path: KeyPath) -> None:
        holder = self.dns_names.setdefault(name, owner)
        if holder != owner:
            self.error(file, path, f"host name {name!r} is already used by {holder}")

    # --- network.yml -------------------------------------------------------------------

    def vlans(self) -> dict[str, model.Vlan]:
        result: dict[str, model.Vlan] = {}
        ids: dict[int, str] = {}
        for name, vlan in self.inv.network.vlans.items():
            path: KeyPath = ("vlans", name)
            if name == MEMBERS_TOKEN:
                self.error("network.yml", path, f"'{MEMBERS_TOKEN}' is reserved (it means a building's members VLAN in port profiles)")
            if vlan.id in ids:
                self.error("network.yml", (*path, "id"), f"VLAN id {vlan.id} is already used by VLAN {ids[vlan.id]}")
            ids.setdefault(vlan.id, name)
            gateway = vlan.ipv4.network_address + 1
            pool = None
            if vlan.pool is not None:
                if not vlan.pool.subnet_of(vlan.ipv4):
                    self.error("network.yml", (*path, "pool"), f"pool {vlan.pool} is outside the VLAN's subnet {vlan.ipv4}")
                else:
                    first = max(vlan.pool.network_address, gateway + 1)
                    last = min(vlan.pool.broadcast_address, vlan.ipv4.broadcast_address - 1)
                    pool = (first, last)
            gateway6 = vlan.ipv6.network_address + 1 if vlan.ipv6 else None
            if vlan.ipv6 and vlan.purpose in model.CLIENT_PURPOSES and vlan.ipv6.prefixlen != 64:
                self.error("network.yml", (*path, "ipv6"), f"VLAN {name} has SLAAC and DHCPv6 clients: its IPv6 prefix "
                                                           f"must be a /64, not /{vlan.ipv6.prefixlen}")
            result[name] = model.Vlan(name, vlan.id, vlan.purpose, vlan.description, vlan.ipv4, gateway,
                                      vlan.ipv6, gateway6, pool, vlan.nat)
            self.claim_address(gateway, f"the router (gateway of VLAN {name})", "network.yml", (*path, "ipv4"))
            if gateway6 is not None:
                self.claim_address(gateway6, f"the router (gateway of VLAN {name})", "network.yml", (*path, "ipv6"))
        self._overlaps([(v.ipv4, n) for n, v in result.items()] + [(self.inv.network.campus.upstream.ipv4.network, "upstream")])
        self._overlaps([(v.ipv6, n) for n, v in result.items() if v.ipv6])
        for purpose in ("management", "admin", "wifi", "quarantine"):
            if not any(v.purpose == purpose for v in result.values()):
                self.error("network.yml", ("vlans",), f"no VLAN with purpose '{purpose}'")
        for purpose in (*schema.MANAGEMENT_PURPOSES, "quarantine"):
            extra = [n for n, v in result.items() if v.purpose == purpose][1:]
            if extra:
                self.error("network.yml", ("vlans", extra[0], "purpose"), f"only one VLAN may have purpose '{purpose}'")
        for name, ssid in self.inv.network.ssids.items():
            if ssid.vlan not in result:
                self.error("network.yml", ("ssids", name, "vlan"), f"VLAN {ssid.vlan!r} is not defined in vlans")
        return result

    def portal_reachable(self) -> None:
        """The quarantine page sends members to the member portal: warn when quarantined
        machines could not reach it (not a campus.quarantine_exceptions name)."""
        campus = self.inv.network.campus
        host = urlsplit(campus.member_portal_url).hostname or ""
        if host not in campus.quarantine_exceptions:
            self.warn("network.yml", ("campus", "member_portal_url"),
                      f"quarantined machines cannot reach {host or 'the member portal'}: add it to campus.quarantine_exceptions")

    def timezone(self) -> None:
        """A zone every renderer can write: OpenWrt needs its POSIX rule (render.facts.ZONES);
        Debian servers take any IANA zone, and the table holds only IANA zones."""
        zone = self.inv.network.campus.timezone
        if zone not in ZONES:
            self.error("network.yml", ("campus", "timezone"), f"time zone {zone!r} is not supported by every renderer "
                                                              f"(choose from {', '.join(sorted(ZONES))}, or add its OpenWrt "
                                                              "rule to campusnet.render.facts.ZONES)")

    def _overlaps(self, networks: Sequence[tuple[IPv4Network | IPv6Network, str]]) -> None:
        ordered = sorted(networks, key=lambda item: (int(item[0].network_address), -item[0].prefixlen))
        widest: tuple[IPv4Network | IPv6Network, str] | None = None
        for net, name in ordered:
            if widest and int(net.network_address) <= int(widest[0].broadcast_address):
                path: KeyPath = ("vlans", name) if name != "upstream" else ("campus", "upstream", "ipv4")
                self.error("network.yml", path, f"subnet {net} overlaps {widest[1]}'s {widest[0]}")
            if widest is None or int(net.broadcast_address) > int(widest[0].broadcast_address):
                widest = (net, name)

    # --- buildings.yml -----------------------------------------------------------------

    def buildings(self, vlans: dict[str, model.Vlan]) -> tuple[dict[str, list[str]], dict[str, str]]:
        rooms: dict[str, list[str]] = {}
        room_building: dict[str, str] = {}
        for code, building in self.inv.buildings.buildings.items():
            path: KeyPath = ("buildings", code)
            rooms[code] = []
            for index, spec in enumerate(building.rooms):
                try:
                    expanded = expand_rooms(spec)
                except ValueError as error:
                    self.error("buildings.yml", (*path, "rooms", index), str(error))
                    continue
                for room in expanded:
                    if room in room_building:
                        self.error("buildings.yml", (*path, "rooms", index), f"room {room} is already in building {room_building[room]}")
                    room_building.setdefault(room, code)
                rooms[code].extend(expanded)
            if building.members_vlan is not None:
                vlan = vlans.get(building.members_vlan)
                if vlan is None:
                    self.error("buildings.yml", (*path, "members_vlan"), f"VLAN {building.members_vlan!r} is not defined in network.yml")
                elif vlan.purpose != "members":
                    self.error("buildings.yml", (*path, "members_vlan"), f"VLAN {vlan.name!r} has purpose {vlan.purpose!r}, not 'members'")
            elif rooms[code]:
                self.error("buildings.yml", path, "a building with rooms needs members_vlan")
            if building.uplink is not None and building.uplink not in self.inv.buildings.links:
                self.error("buildings.yml", (*path, "uplink"), f"link {building.uplink!r} is not defined in links")
        return rooms, room_building

    def switches(self, vlans: dict[str, model.Vlan]) -> None:
        """Per-switch facts that later steps rely on: building, name, address."""
        management = [v for v in vlans.values() if v.purpose == "management"]
        for name, switch in self.inv.switches.switches.items():
            path: KeyPath = ("switches", name)
            self._building_exists("switches.yml", (*path, "building"), switch.building)
            self.claim_name(name, f"switch {name}", "switches.yml", path)
            self.claim_address(switch.management_ipv4, f"switch {name}", "switches.yml", (*path, "management_ipv4"))
            if management and switch.management_ipv4 not in management[0].ipv4:
                self.error("switches.yml", (*path, "management_ipv4"), f"{switch.management_ipv4} is outside the management subnet {management[0].ipv4}")
            elif management:
                self._not_reserved(switch.management_ipv4, management[0], "switches.yml", (*path, "management_ipv4"))
            self._hardware(name, switch, path)

    def _hardware(self, name: str, switch: schema.Switch, path: KeyPath) -> None:
        """The switch's catalogue model: known, of the switch's platform, with its port count."""
        try:
            found = catalogue().model(switch.model)
        except CatalogueError as error:
            self.error("switches.yml", (*path, "model"), str(error))
            return
        if found.platform != switch.platform:
            self.error("switches.yml", (*path, "platform"), f"model {found.key} is a {found.platform} switch, not {switch.platform}")
        elif switch.port_count is not None and switch.port_count != found.port_count:
            self.error("switches.yml", (*path, "port_count"), f"model {found.key} has {found.port_count} ports, not {switch.port_count} (drop port_count: the model says it)")
        else:
            self.hardware[name] = found

    def port_count(self, switch: str) -> int:
        """Ports of a switch: its model's (0 when the model is unknown, already an error)."""
        hardware = self.hardware.get(switch)
        return hardware.port_count if hardware else 0

    def links(self) -> dict[str, model.Link]:
        switches = self.inv.switches.switches
        chosen = {b.uplink: code for code, b in self.inv.buildings.buildings.items() if b.uplink}
        result: dict[str, model.Link] = {}
        for name, link in self.inv.buildings.links.items():
            ends = []
            for side in ("a", "b"):
                try:
                    switch, port = parse_endpoint(getattr(link, side))
                except ValueError as error:
                    self.error("buildings.yml", ("links", name, side), str(error))
                    continue
                if switch not in switches:
                    self.error("buildings.yml", ("links", name, side), f"switch {switch!r} is not defined in switches.yml")
                    continue
                if switch in self.hardware and not 1 <= port <= self.port_count(switch):
                    self.error("buildings.yml", ("links", name, side), f"port {port} is out of range: {switch} has ports 1-{self.port_count(switch)}")
                    continue
                ends.append((switch, port))
            if len(ends) != 2:
                continue
            buildings = {switches[s].building for s, _ in ends}
            active = len(buildings) == 1 or name in chosen
            if name in chosen and chosen[name] not in buildings and buildings <= set(self.inv.buildings.buildings):
                self.error("buildings.yml", ("buildings", chosen[name], "uplink"), f"link {name!r} does not reach building {chosen[name]}")
            result[name] = model.Link(name, ends[0], ends[1], link.capacity_mbps, link.medium, link.note, active)
        return result

    # --- servers.yml -------------------------------------------------------------------

    def servers(self, vlans: dict[str, model.Vlan]) -> tuple[dict[str, model.Server], str]:
        result: dict[str, model.Server] = {}
        routers = []
        for name, server in self.inv.servers.servers.items():
            path: KeyPath = ("servers", name)
            self._building_exists("servers.yml", (*path, "building"), server.building)
            vlan = vlans.get(server.vlan)
            if vlan is None:
                self.error("servers.yml", (*path, "vlan"), f"VLAN {server.vlan!r} is not defined in network.yml")
            elif not ("router" in server.services and server.ipv4 == vlan.gateway4):
                self._address_ok(server.ipv4, vlan, "servers.yml", (*path, "ipv4"))
            if not ("router" in server.services and vlan and server.ipv4 == vlan.gateway4):
                self.claim_address(server.ipv4, f"server {name}", "servers.yml", (*path, "ipv4"))
            self.claim_name(name, f"server {name}", "servers.yml", path)
            if "router" in server.services:
                routers.append(name)
            result[name] = model.Server(name, server.building, tuple(server.services), server.vlan, server.ipv4, server.description)
        if len(routers) != 1:
            self.error("servers.yml", ("servers",), f"exactly one server must run the 'router' service (found {len(routers)})")
        return result, routers[0] if routers else ""

    def _building_exists(self, file: str, path: KeyPath, code: str) -> bool:
        if code not in self.inv.buildings.buildings:
            self.error(file, path, f"building {code!r} is not defined in buildings.yml")
            return False
        return True

    # --- switches.yml ------------------------------------------------------------------

    def switch_ports(
        self, vlans: dict[str, model.Vlan], links: dict[str, model.Link], room_building: dict[str, str]
    ) -> dict[str, dict[int, tuple[str, str, str, KeyPath]]]:
        """Per switch: port -> (use, description, profile name, where it was declared)."""
        profiles = self.inv.switches.port_profiles
        for name, profile in profiles.items():
            for key, names in (("untagged", [profile.untagged] if profile.untagged else []), ("tagged", profile.tagged)):
                for index, vlan_name in enumerate(names):
                    if vlan_name != MEMBERS_TOKEN and vlan_name not in vlans:
                        where: KeyPath = ("port_profiles", name, key) + ((index,) if key == "tagged" else ())
                        self.error("switches.yml", where, f"VLAN {vlan_name!r} is not defined in network.yml")
        if links and "uplink" not in profiles:
            self.error("switches.yml", ("port_profiles",), "profile 'uplink' (used on every link port) is not defined")
        uses: dict[str, dict[int, tuple[str, str, str, KeyPath]]] = {}
        for name, switch in self.inv.switches.switches.items():
            path: KeyPath = ("switches", name)
            ports: dict[int, tuple[str, str, str, KeyPath]] = {}
            for index, entry in enumerate(switch.ports):
                where = (*path, "ports", index)
                numbers = expand_ports(str(entry.ports))
                bad = [n for n in numbers if not 1 <= n <= self.port_count(name)]
                if bad:
                    self.error("switches.yml", (*where, "ports"), f"port {bad[0]} is out of range: {name} ({switch.model}) has ports 1-{self.port_count(name)}")
                    continue
                profile_name = entry.profile or entry.use
                if profile_name not in profiles and not (entry.use == "unused" and entry.profile is None):
                    self.error("switches.yml", (*where, "profile"), f"port profile {profile_name!r} is not defined in port_profiles")
                elif profile_name in profiles:
                    self._profile_fits(name, profile_name, profiles[profile_name], (*where, "profile"))
                for number, description in zip(numbers, self._describe(entry, numbers, where, switch.building, room_building), strict=True):
                    if number in ports:
                        self.error("switches.yml", (*where, "ports"), f"port {number} is used twice on {name} (also {ports[number][1]})")
                        continue
                    ports[number] = (entry.use, description, profile_name, where)
            uses[name] = ports
        for link in links.values():
            for switch_name, number in (link.a, link.b):
                other = link.b if (switch_name, number) == link.a else link.a
                if number in uses[switch_name]:
                    declared = uses[switch_name][number]
                    self.error("switches.yml", (*declared[3], "ports"), f"port {number} of {switch_name} is used twice (also link {link.name})")
                    continue
                use = "uplink" if link.active else "standby"
                uses[switch_name][number] = (use, f"{use} {link.name} to {other[0]}:{other[1]}", "uplink" if link.active else "unused", ("links", link.name))
        return uses

    def _profile_fits(self, switch: str, name: str, profile: schema.PortProfile, where: KeyPath) -> None:
        """A profile may only ask for what the switch model can do (the catalogue says why not)."""
        hardware = self.hardware.get(switch)
        if hardware is None or not profile.enabled:
            return
        wanted = [feature for setting, feature in PROFILE_FEATURES.items() if getattr(profile, setting)]
        if profile.radius != "none":
            wanted.append("mac_auth" if profile.radius == "mac" else "dot1x")
        for feature in wanted:
            if not hardware.has(feature):
                why = hardware.lacks.get(feature, "not in the catalogue")
                self.error("switches.yml", where, f"profile {name!r} asks for {feature}, which {hardware.key} on {switch} lacks ({why})")

    def management_plane(self, vlans: dict[str, model.Vlan], uses: dict[str, dict[int, tuple[str, str, str, KeyPath]]]) -> None:
        """Room and access point ports (edge ports: anyone can plug into them) never carry
        the admin or switch management VLAN, tagged or not; room ports never carry the AP
        management VLAN; AP ports carry it tagged only. One error per offending profile."""
        purpose = {v.id: v for v in vlans.values()}
        profiles = self.inv.switches.port_profiles
        reported: set[tuple[str, str]] = set()
        for switch_name, ports in uses.items():
            building = self.inv.switches.switches[switch_name].building
            for number, (use, _, profile_name, _) in sorted(ports.items()):
                if use not in ("room", "ap") or profile_name not in profiles or (profile_name, use) in reported:
                    continue
                untagged, tagged = self._vlan_ids(profiles[profile_name], vlans, building)
                carried = [("untagged", purpose[untagged])] if untagged is not None else []
                carried += [("tagged", purpose[i]) for i in sorted(tagged)]
                allowed = {("tagged", "ap_management")} if use == "ap" else set()
                found = [(key, vlan) for key, vlan in carried
                         if vlan.purpose in schema.MANAGEMENT_PURPOSES and (key, vlan.purpose) not in allowed]
                if found:
                    reported.add((profile_name, use))
                    key, vlan = found[0]
                    rule = ("the AP management VLAN is tagged on access point ports only" if vlan.purpose == "ap_management"
                            else "the management plane is never on room or access point ports")
                    self.error("switches.yml", ("port_profiles", profile_name, key),
                               f"profile {profile_name!r} puts {vlan.purpose} VLAN {vlan.name!r} {key} on {use} ports "
                               f"(first: {switch_name} port {number}): {rule}")

    def _describe(self, entry: schema.PortUse, numbers: list[int], where: KeyPath, building: str, room_building: dict[str, str]) -> list[str]:
        """One port description per port (never a member's name)."""
        count = len(numbers)
        if entry.use == "room":
            if entry.rooms is None:
                self.error("switches.yml", where, "a 'room' port needs rooms:")
                return [f"room ?{n}" for n in numbers]
            try:
                rooms = expand_rooms(entry.rooms)
            except ValueError as error:
                self.error("switches.yml", (*where, "rooms"), str(error))
                return [f"room ?{n}" for n in numbers]
            if len(rooms) != count:
                self.error("switches.yml", (*where, "rooms"), f"{plural(len(rooms), 'room')} for {plural(count, 'port')}")
                return [f"room ?{n}" for n in numbers]
            for room in rooms:
                if room not in room_building:
                    self.error("switches.yml", (*where, "rooms"), f"room {room} does not exist in buildings.yml")
                    break
                if room_building[room] != building:
                    self.warn("switches.yml", (*where, "rooms"), f"room {room} is in building {room_building[room]}, the switch in {building}")
            return [f"room {room}" for room in rooms]
        if entry.use == "admin":
            return ["admin workstation"] * count
        target = {"ap": entry.ap, "server": entry.server}.get(entry.use)
        if entry.use in ("ap", "server"):
            known = self.inv.access_points.access_points if entry.use == "ap" else self.inv.servers.servers
            if target is None:
                self.error("switches.yml", where, f"an '{entry.use}' port needs {entry.use}:")
            elif target not in known:
                file = "access_points.yml" if entry.use == "ap" else "servers.yml"
                self.error("switches.yml", (*where, entry.use), f"{entry.use} {target!r} is not defined in {file}")
            if count != 1:
                self.error("switches.yml", (*where, "ports"), f"an '{entry.use}' entry names one port, not {count}")
            return [f"{entry.use} {target}"] * count
        return ["unused"] * count

    # --- topology ----------------------------------------------------------------------

    def tree(self, links: dict[str, model.Link], root: str | None) -> dict[str, tuple[str, model.Link]]:
        """Switch -> (parent switch, link to it), by breadth-first search from the root."""
        neighbours: dict[str, list[tuple[str, model.Link]]] = defaultdict(list)
        for link in links.values():
            if link.active:
                neighbours[link.a[0]].append((link.b[0], link))
                neighbours[link.b[0]].append((link.a[0], link))
        parents: dict[str, tuple[str, model.Link]] = {}
        if root is None:
            return parents
        seen = {root}
        used: set[str] = set()
        queue = deque([root])
        while queue:
            current = queue.popleft()
            for other, link in neighbours[current]:
                if link.name in used:
                    continue
                used.add(link.name)
                if other in seen:
                    ring = self._loop(parents, current, other, link)
                    self.error("buildings.yml", ("links", link.name), f"loop: links {', '.join(ring)} form a loop; remove one, or "
                                                                     "leave a link between buildings out of every building's uplink")
                    continue
                seen.add(other)
                parents[other] = (current, link)
                queue.append(other)
        for name, switch in self.inv.switches.switches.items():
            if name not in seen:
                building = self.inv.buildings.buildings.get(switch.building)
                path: KeyPath = ("buildings", switch.building, "uplink") if building else ("switches", name)
                self.error("buildings.yml" if building else "switches.yml", path, f"switch {name} has no path to the router (check building {switch.building}'s uplink and links)")
        return parents

    @staticmethod
    def _loop(parents: dict[str, tuple[str, model.Link]], one: str, other: str, closing: model.Link) -> list[str]:
        """The links of the loop that ``closing`` makes between two switches already
        connected: each one's path up to their common ancestor, then ``closing``."""
        def up(switch: str) -> list[tuple[str, str]]:  # (switch, link to its parent) up to the root
            path = [(switch, "")]
            while switch in parents:
                switch, link = parents[switch][0], parents[switch][1].name
                path[-1] = (path[-1][0], link)
                path.append((switch, ""))
            return path

        left, right = up(one), up(other)
        common = next(s for s, _ in left if s in {t for t, _ in right})
        links = [link for s, link in left[: [s for s, _ in left].index(common)]]
        links += [link for s, link in right[: [s for s, _ in right].index(common)]]
        return [*links, closing.name]

    # --- everything --------------------------------------------------------------------

    def build(self) -> Derivation:
        inv = self.inv
        vlans = self.vlans()
        self.timezone()
        self.portal_reachable()
        rooms, room_building = self.buildings(vlans)
        self.switches(vlans)
        links = self.links()
        servers, router = self.servers(vlans)
        if self.errors:  # later steps resolve names checked above; stop before cascades
            return Derivation(None, self.errors, self.warnings)
        uses = self.switch_ports(vlans, links, room_building)
        self.management_plane(vlans, uses)
        router_port = [(s, n) for s, ports in uses.items() for n, u in ports.items() if u[0] == "server" and u[1] == f"server {router}"]
        if not router_port:
            self.error("switches.yml", ("switches",), f"the router {router} is not plugged into any switch port (use: server, server: {router})")
        parents = self.tree(links, router_port[0][0] if router_port else None)
        aps_at: dict[str, tuple[str, int]] = {}
        for switch_name, ports in uses.items():
            for number, (use, description, _, where) in ports.items():
                ap = description.removeprefix("ap ")
                if use == "ap" and aps_at.setdefault(ap, (switch_name, number)) != (switch_name, number):
                    self.error("switches.yml", (*where, "ap"), f"access point {ap} is already plugged into {':'.join(map(str, aps_at[ap]))}")
        for ap in inv.access_points.access_points:
            if ap not in aps_at:
                self.error("access_points.yml", ("access_points", ap), f"access point {ap} is not plugged into any switch port (use: ap)")
        if self.errors:
            return Derivation(None, self.errors, self.warnings)
        switches = self._switches(vlans, uses, parents, router_port[0])
        aps = self._access_points(vlans, switches, aps_at)
        buildings = self._buildings(rooms, parents, switches)
        machines, quarantine, members = self._machines(vlans, room_building)
        self._services(servers, members)
        accounts = self._accounts(servers, members)
        for device in inv.secrets.secrets.devices:
            if device not in inv.switches.switches and device not in inv.access_points.access_points:
                self.error("secrets.yml", ("secrets", "devices", device), f"{device!r} is neither a switch nor an access point")
        admins = [a.login for a in inv.admins.admins]
        for index, login in enumerate(admins):
            if login in admins[:index]:
                self.error("admins.yml", ("admins", index, "login"), f"login {login!r} is defined twice")
        if self.errors:
            return Derivation(None, self.errors, self.warnings, quarantine)
        campus = model.Campus(
            settings=inv.network.campus, today=self.today, vlans=vlans, buildings=buildings, links=links,
            switches=switches, access_points=aps, servers=servers, machines=tuple(machines),
            clubs=dict(inv.services.clubs), printers=dict(inv.services.printers),
            tv_channels=dict(inv.services.tv_channels), tv_multiplexes=dict(inv.services.tv_multiplexes),
            admins=tuple(inv.admins.admins),
            secrets=inv.secrets.secrets, router=router, members_count=len(members),
            members=accounts, mail=inv.services.mail, printing=inv.services.printing,
        )
        return Derivation(campus, self.errors, self.warnings, quarantine)

    def _vlan_ids(self, profile: schema.PortProfile, vlans: dict[str, model.Vlan], building: str) -> tuple[int | None, set[int]]:
        members_vlan = self.inv.buildings.buildings[building].members_vlan

        def resolve(name: str) -> int | None:
            name = members_vlan or "" if name == MEMBERS_TOKEN else name
            return vlans[name].id if name in vlans else None

        untagged = resolve(profile.untagged) if profile.untagged else None
        tagged = {v for v in (resolve(n) for n in profile.tagged) if v is not None}
        return untagged, tagged

    def _switches(self, vlans: dict[str, model.Vlan], uses: dict[str, dict[int, tuple[str, str, str, KeyPath]]],
                  parents: dict[str, tuple[str, model.Link]], router_port: tuple[str, int]) -> dict[str, model.Switch]:
        profiles = self.inv.switches.port_profiles
        by_id = {v.id: v for v in vlans.values()}
        management = next(v for v in vlans.values() if v.purpose == "management")
        quarantine = next(v for v in vlans.values() if v.purpose == "quarantine")
        own: dict[str, set[int]] = {}
        for name, ports in uses.items():
            building = self.inv.switches.switches[name].building
            needed = {management.id}
            for use, _, profile_name, _ in ports.values():
                if use in ("uplink", "standby") or profile_name not in profiles:
                    continue
                profile = profiles[profile_name]
                untagged, tagged = self._vlan_ids(profile, vlans, building)
                needed |= tagged | ({untagged} if untagged else set())
                if profile.radius != "none":
                    needed.add(quarantine.id)
            own[name] = needed
        below: dict[str, set[int]] = {name: set(ids) for name, ids in own.items()}
        children: dict[str, list[str]] = defaultdict(list)
        for child, (parent, _) in parents.items():
            children[parent].append(child)
        order = list(self._post_order(router_port[0], children))
        for name in order:
            for child in children[name]:
                below[name] |= below[child]
        everything = {v.id for v in vlans.values()}
        result = {}
        for name, switch in self.inv.switches.switches.items():
            carried: dict[int, set[int]] = {}
            uplink_port = None
            if name in parents:
                link = parents[name][1]
                uplink_port = link.a[1] if link.a[0] == name else link.b[1]
                carried[uplink_port] = below[name]
            for child in children[name]:
                link = parents[child][1]
                carried[link.a[1] if link.a[0] == name else link.b[1]] = below[child]
            if name == router_port[0]:
                carried[router_port[1]] = everything
                uplink_port = router_port[1]
            resolved: list[model.Port] = []
            hardware = self.hardware[name]
            for number in range(1, hardware.port_count + 1):
                use, description, profile_name, _ = uses[name].get(number, ("unused", "unused", "unused", ()))
                profile = profiles.get(profile_name, _DEFAULT_UNUSED)
                if number in carried:
                    resolved.append(model.Port(number, "uplink" if use == "uplink" else use, description, profile_name, profile,
                                            None, tuple(sorted(carried[number]))))
                    continue
                untagged, tagged = self._vlan_ids(profile, vlans, switch.building)
                resolved.append(model.Port(number, use, description, profile_name, profile, untagged if profile.enabled else None,
                                        tuple(sorted(tagged)) if profile.enabled else ()))
            present = set().union(*(set(p.tagged) | ({p.untagged} if p.untagged else set()) for p in resolved)) | own[name]
            result[name] = model.Switch(
                name, switch.building, switch.platform, switch.model, hardware.port_count,
                IPv4Interface(f"{switch.management_ipv4}/{management.ipv4.prefixlen}"), management, management.gateway4,
                tuple(resolved), tuple(by_id[i] for i in sorted(present)), uplink_port, _connect(switch), hardware)
        return result

    @staticmethod
    def _post_order(root: str, children: dict[str, list[str]]) -> list[str]:
        order, stack = [], [root]
        while stack:
            node = stack.pop()
            order.append(node)
            stack.extend(children[node])
        return list(reversed(order))

    def _access_points(self, vlans: dict[str, model.Vlan], switches: dict[str, model.Switch],
                       aps_at: dict[str, tuple[str, int]]) -> dict[str, model.AccessPoint]:
        ssids = self.inv.network.ssids
        management = next((v for v in vlans.values() if v.purpose == "ap_management"), None)
        if management is None:
            if self.inv.access_points.access_points:
                self.error("network.yml", ("vlans",), "no VLAN with purpose 'ap_management' (access points are managed on their own VLAN)")
            return {}
        result = {}
        placements: list[Placement] = []
        for name, ap in self.inv.access_points.access_points.items():
            path: KeyPath = ("access_points", name)
            self._building_exists("access_points.yml", (*path, "building"), ap.building)
            self.claim_name(name, f"access point {name}", "access_points.yml", path)
            self.claim_address(ap.management_ipv4, f"access point {name}", "access_points.yml", (*path, "management_ipv4"))
            if ap.management_ipv4 not in management.ipv4:
                self.error("access_points.yml", (*path, "management_ipv4"), f"{ap.management_ipv4} is outside the AP management subnet {management.ipv4}")
            else:
                self._not_reserved(ap.management_ipv4, management, "access_points.yml", (*path, "management_ipv4"))
            hardware = self._ap_hardware(ap, path)
            for index, ssid in enumerate(ap.ssids):
                if ssid not in ssids:
                    self.error("access_points.yml", (*path, "ssids", index), f"SSID {ssid!r} is not defined in network.yml")
            switch_name, number = aps_at[name]
            port = switches[switch_name].ports[number - 1]
            needs = [vlans[ssids[s].vlan] for s in ap.ssids if s in ssids and ssids[s].vlan in vlans]
            missing = [v.name for v in [management, *needs] if v.id not in port.tagged]
            declared = self.inv.switches.switches[switch_name]
            where = next(("switches", switch_name, "ports", i) for i, e in enumerate(declared.ports) if e.ap == name)
            if missing:
                self.error("switches.yml", (*where, "profile"), f"access point {name} needs VLAN {', '.join(missing)} tagged; profile {port.profile_name!r} does not carry it")
            placements.append(Placement(name, ap.facade, ap.floor, ap.position))
            result[name] = (ap, switch_name, number, needs, hardware)
        channels = self._channel_plan(placements)
        return {
            name: model.AccessPoint(name, ap.building, ap.location, ap.facade, ap.position, ap.platform, ap.model,
                                    IPv4Interface(f"{ap.management_ipv4}/{management.ipv4.prefixlen}"), management.gateway4,
                                    switch_name, number, tuple(ssids[s] for s in ap.ssids if s in ssids), tuple(needs),
                                    management, channels[name].channel_24, channels[name].channel_5, _connect(ap),
                                    hardware, ap.floor, channels[name].width_5)
            for name, (ap, switch_name, number, needs, hardware) in result.items()
        }

    def _ap_hardware(self, ap: schema.AccessPoint, path: KeyPath) -> DeviceModel | None:
        try:
            found = catalogue().model(ap.model)
        except CatalogueError as error:
            self.error("access_points.yml", (*path, "model"), str(error))
            return None
        if found.platform != ap.platform:
            self.error("access_points.yml", (*path, "model"), f"model {found.key} is not an {ap.platform} access point")
            return None
        return found

    def _channel_plan(self, placements: list[Placement]) -> dict[str, Assignment]:
        """campusnet.channels: neighbours on a facade and across floors never overlap."""
        try:
            return plan(placements, self.inv.network.campus.wifi_5ghz_width)
        except PlanError as error:
            self.error("access_points.yml", ("access_points",), str(error))
            return {p.name: Assignment(CHANNELS_24[0], CHANNELS_5[0], 20) for p in placements}

    def _buildings(self, rooms: dict[str, list[str]], parents: dict[str, tuple[str, model.Link]],
                   switches: dict[str, model.Switch]) -> dict[str, model.Building]:
        threshold = self.inv.network.campus.shaping_threshold_mbps
        result = {}
        for code, building in self.inv.buildings.buildings.items():
            entry = next((s for s in switches.values() if s.building == code and
                          (s.name not in parents or switches[parents[s.name][0]].building != code)), None)
            path: list[str] = []
            capacity = self.inv.network.campus.upstream.capacity_mbps
            node = entry.name if entry else None
            while node in parents:
                parent, link = parents[node]
                path.append(link.name)
                capacity = min(capacity, link.capacity_mbps)
                node = parent
            result[code] = model.Building(code, building.name, building.kind, tuple(rooms[code]), building.members_vlan,
                                          building.uplink, tuple(path), capacity, bool(rooms[code]) and capacity < threshold)
        return result

    def _machines(self, vlans: dict[str, model.Vlan], room_building: dict[str, str]) -> tuple[list[model.Machine], dict[str, int], dict[str, schema.Member]]:
        members: dict[str, schema.Member] = {}
        reasons: dict[str, str | None] = {}
        for index, member in enumerate(self.inv.members.members):
            path: KeyPath = ("members", index)
            if member.id in members:
                self.error("members.yml", (*path, "id"), f"member id {member.id} is defined twice")
                continue
            members[member.id] = member
            if member.room not in room_building:
                self.error("members.yml", (*path, "room"), f"member {member.id}: room does not exist in buildings.yml")
            reasons[member.id] = self._quarantine_reason(member)
        wifi = next(v for v in vlans.values() if v.purpose == "wifi")
        machines: list[model.Machine] = []
        macs: dict[str, str] = {}
        quarantine: dict[str, int] = defaultdict(int)
        for member_id, entries in self.inv.machines.machines.items():
            owner = members.get(member_id)
            if owner is None:
                self.error("machines.yml", ("machines", member_id), f"no member with id {member_id} in members.yml")
                continue
            building = room_building.get(owner.room)
            for index, machine in enumerate(entries):
                path = ("machines", member_id, index)
                if machine.mac in macs:
                    self.error("machines.yml", (*path, "mac"), f"MAC {machine.mac} is already registered ({macs[machine.mac]})")
                macs.setdefault(machine.mac, f"{member_id} machine {machine.name}")
                self.claim_name(machine.name, f"machine {machine.name} of {member_id}", "machines.yml", (*path, "name"))
                self.claim_address(machine.ipv4, f"machine {machine.name} of {member_id}", "machines.yml", (*path, "ipv4"))
                if building is None:
                    continue
                vlan = wifi if machine.kind == "wifi" else vlans[self.inv.buildings.buildings[building].members_vlan or ""]
                if not self._address_ok(machine.ipv4, vlan, "machines.yml", (*path, "ipv4")):
                    continue
                ipv6 = machine.ipv6
                if ipv6 is not None and not self._ipv6_ok(ipv6, vlan, "machines.yml", (*path, "ipv6")):
                    continue
                if ipv6 is None and vlan.ipv6 is not None:
                    ipv6 = IPv6Address(int(vlan.ipv6.network_address) + int(machine.ipv4) - int(vlan.ipv4.network_address))
                if ipv6 is not None:
                    self.claim_address(ipv6, f"machine {machine.name} of {member_id}", "machines.yml",
                                       (*path, "ipv6" if machine.ipv6 else "ipv4"))
                reason = reasons[member_id]
                if reason:
                    quarantine[reason] += 1
                machines.append(model.Machine(member_id, machine.name, machine.mac, machine.kind, vlan.name, machine.ipv4,
                                              ipv6, owner.room, building, reason))
        return machines, dict(quarantine), members

    def _address_ok(self, address: IPv4Address, vlan: model.Vlan, file: str, path: KeyPath) -> bool:
        if address not in vlan.ipv4:
            self.error(file, path, f"{address} is outside VLAN {vlan.name}'s subnet {vlan.ipv4}")
            return False
        return self._not_reserved(address, vlan, file, path)

    def _not_reserved(self, address: IPv4Address, vlan: model.Vlan, file: str, path: KeyPath) -> bool:
        """A host address of ``vlan``: not its network or broadcast address, not in its pool
        (the gateway is claimed by the router: a host there is a duplicate address)."""
        if address in (vlan.ipv4.network_address, vlan.ipv4.broadcast_address):
            self.error(file, path, f"{address} is the network or broadcast address of {vlan.ipv4}")
            return False
        if vlan.pool and vlan.pool[0] <= address <= vlan.pool[1]:
            self.error(file, path, f"{address} is inside VLAN {vlan.name}'s dynamic pool {vlan.pool[0]}-{vlan.pool[1]}")
            return False
        return True

    def _ipv6_ok(self, address: IPv6Address, vlan: model.Vlan, file: str, path: KeyPath) -> bool:
        """A machine's own IPv6 address: inside its VLAN's prefix, not the subnet-router
        anycast address, not in the DHCPv6 pool (the gateway is claimed by the router)."""
        problem = None
        if vlan.ipv6 is None:
            problem = f"VLAN {vlan.name} has no IPv6 prefix"
        elif address not in vlan.ipv6:
            problem = f"{address} is outside VLAN {vlan.name}'s IPv6 prefix {vlan.ipv6}"
        elif address == vlan.ipv6.network_address:
            problem = f"{address} is the subnet-router anycast address of {vlan.ipv6}"
        elif vlan.pool6 is not None and address in vlan.pool6:
            problem = f"{address} is inside VLAN {vlan.name}'s DHCPv6 pool {vlan.pool6}"
        if problem:
            self.error(file, path, problem)
        return problem is None

    def _quarantine_reason(self, member: schema.Member) -> str | None:
        if member.membership_end < self.today:
            return "membership ended"
        if member.email_state != "valid":
            return f"e-mail {member.email_state}"
        if not _EMAIL.match(member.email):
            return "e-mail invalid"
        return None

    def _services(self, servers: dict[str, model.Server], members: dict[str, schema.Member]) -> None:
        services = self.inv.services

        def runs(file_path: KeyPath, server: str, service: str) -> None:
            if server not in servers:
                self.error("services.yml", file_path, f"server {server!r} is not defined in servers.yml")
            elif service not in servers[server].services:
                self.error("services.yml", file_path, f"server {server} does not run the '{service}' service")

        vhosts: dict[str, str] = {}
        for name, club in services.clubs.items():
            path: KeyPath = ("clubs", name)
            if club.owner not in members:
                self.error("services.yml", (*path, "owner"), f"no member with id {club.owner} in members.yml")
            runs((*path, "server"), club.server, "web")
            if club.vhost in vhosts:
                self.error("services.yml", (*path, "vhost"), f"web vhost {club.vhost} is already used by club {vhosts[club.vhost]}")
            vhosts.setdefault(club.vhost, name)
        for name, printer in services.printers.items():
            self._building_exists("services.yml", ("printers", name, "building"), printer.building)
            runs(("printers", name, "server"), printer.server, "print")
        tuners: dict[tuple[str, int, int], str] = {}
        for name, multiplex in services.tv_multiplexes.items():
            path = ("tv_multiplexes", name)
            runs((*path, "server"), multiplex.server, "tv")
            tuner = (multiplex.server, multiplex.card, multiplex.tuner)
            if tuner in tuners:
                self.error("services.yml", (*path, "tuner"), f"card {multiplex.card} tuner {multiplex.tuner} of "
                           f"{multiplex.server} already receives multiplex {tuners[tuner]}")
            tuners.setdefault(tuner, name)
        groups: dict[IPv4Address, str] = {}
        for name, channel in services.tv_channels.items():
            path = ("tv_channels", name)
            runs((*path, "source"), channel.source, "tv")
            self._tv_tuning(name, channel)
            if not channel.group.is_multicast:
                self.error("services.yml", (*path, "group"), f"{channel.group} is not a multicast address")
            if channel.group in groups:
                self.error("services.yml", (*path, "group"), f"group {channel.group} is already used by {groups[channel.group]}")
            groups.setdefault(channel.group, name)


    # --- accounts, mail addresses, club hosting (issue 14) --------------------------------

    def _accounts(self, servers: dict[str, model.Server], members: dict[str, schema.Member]) -> tuple[model.Member, ...]:
        """Directory accounts, and the checks of everything that names them.

        Every local part of the campus domain (member ids, club aliases and lists, role
        addresses) must be unique; club user names must fit a Unix login (club-<id>).
        """
        services = self.inv.services
        domain = self.inv.network.campus.domain
        running = {service for server in servers.values() for service in server.services}
        taken: dict[str, str] = {}

        def address(local: str, owner: str, path: KeyPath) -> None:
            if MEMBER_ID.match(local):
                self.error("services.yml", path, f"{local}@ looks like a member id: those addresses belong to members")
            elif taken.setdefault(local, owner) != owner:
                self.error("services.yml", path, f"address {local}@{domain} is already used by {taken[local]}")

        def known(member_id: str, path: KeyPath) -> None:
            if member_id not in members:
                self.error("services.yml", path, f"no member with id {member_id} in members.yml")

        for local, readers in services.mail.aliases.items():
            address(local, "the team's role addresses", ("mail", "aliases", local))
            for index, member_id in enumerate(readers):
                known(member_id, ("mail", "aliases", local, index))
        for name, club in services.clubs.items():
            path: KeyPath = ("clubs", name)
            if len(name) > CLUB_ID_MAX:
                self.error("services.yml", path, f"a club id has at most {CLUB_ID_MAX} characters (its login is club-<id>)")
            for index, member_id in enumerate(club.members):
                known(member_id, (*path, "members", index))
            for key in ("mail_aliases", "mail_lists"):
                for index, local in enumerate(getattr(club, key)):
                    address(local, f"club {name}", (*path, key, index))
        if "mail" in running:
            if "postmaster" not in services.mail.aliases:
                self.error("services.yml", ("mail", "aliases"), "a mail server needs the postmaster address (RFC 5321): add aliases.postmaster")
            if self.inv.secrets.secrets.dkim_private_key is None:
                self.error("secrets.yml", ("secrets",), "a mail server needs secrets.dkim_private_key (the campus domain's DKIM key)")
        directories = [name for name, server in servers.items() if "directory" in server.services]
        if len(directories) > 1:
            self.error("servers.yml", ("servers",), f"at most one server may run the 'directory' service (found {len(directories)})")
        users = sorted(running & DIRECTORY_USERS)
        if users and not directories:
            self.error("servers.yml", ("servers",), f"the {', '.join(users)} service needs a server running 'directory'")
        if directories and self.inv.secrets.secrets.directory_secret is None:
            self.error("secrets.yml", ("secrets",), "a directory server needs secrets.directory_secret (32 characters or more)")
        logins, forwards = self.inv.members.logins, self.inv.members.mail_forwards
        for key, mapping in (("logins", logins), ("mail_forwards", forwards)):
            for member_id in mapping:
                if member_id not in members:
                    self.error("members.yml", (key, member_id), f"no member with id {member_id} in members")
        for member_id, forward in forwards.items():
            if str(forward).endswith(f"@{domain}"):
                self.error("members.yml", ("mail_forwards", member_id), "forwarding goes outside the campus domain")
        return tuple(model.Member(m.id, m.membership_end >= self.today, logins.get(m.id), forwards.get(m.id),
                                  self._quarantine_reason(m) is not None)
                     for m in members.values())

    def _tv_tuning(self, name: str, channel: schema.TvChannel) -> None:
        """A channel from a multiplex names one received by its source, with its PMT PID."""
        path: KeyPath = ("tv_channels", name)
        multiplex = self.inv.services.tv_multiplexes.get(channel.multiplex or "")
        if channel.multiplex is None:
            if channel.pids:
                self.error("services.yml", (*path, "pids"), "pids are only read from a multiplex: set multiplex too")
        elif multiplex is None:
            self.error("services.yml", (*path, "multiplex"), f"multiplex {channel.multiplex!r} is not defined in tv_multiplexes")
        elif multiplex.server != channel.source:
            self.error("services.yml", (*path, "source"), f"multiplex {channel.multiplex} is received by "
                       f"{multiplex.server}, not {channel.source}")
        elif not channel.pids:
            self.error("services.yml", (*path, "pids"), "a channel of a multiplex needs its PMT PID (pids: [PMT, ...])")


def _connect(device: schema.Switch | schema.AccessPoint) -> tuple[str, int]:
    if device.connect is None:
        return str(device.management_ipv4), 22
    host, _, port = device.connect.rpartition(":")
    return host, int(port)


def derive(inv: Inventory, today: date | None = None) -> Derivation:
    """Build the campus model, or the list of every error that prevents it."""
    result = _Builder(inv, today or date.today()).build()
    result.errors = [_with_line(inv, issue) for issue in result.errors]
    result.warnings = [_with_line(inv, issue) for issue in result.warnings]
    return result


def _with_line(inv: Inventory, issue: Issue) -> Issue:
    return replace(issue, file=str(inv.path / issue.file), line=inv.line_of(issue.file, issue.path))




@contextmanager
def _gc_paused() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def load_campus(
    directory: str | os.PathLike[str], today: date | None = None, decrypt: Decrypt | None = None
) -> Derivation:
    """Files -> validated campus model; raises InventoryError listing every error.

    An overlay directory (build/sim, see campusnet.overlay) loads its source inventory,
    live, and aims the devices at the simulators it names.

    The cyclic garbage collector is paused meanwhile: parsing allocates hundreds of
    thousands of acyclic objects, and its repeated full passes made loading grow
    faster than the campus (0.46 s -> 0.31 s at 6,000 machines, 13 s -> 5 s at 96,000).
    """
    over = overlay.read_overlay(directory)
    with _gc_paused():
        derivation = derive(load_inventory(over.source if over else directory, decrypt), today)
    raise_if_any(derivation.errors)
    if over is not None and derivation.campus is not None:
        derivation.campus = overlay.aim(derivation.campus, over.connect)
    return derivation
