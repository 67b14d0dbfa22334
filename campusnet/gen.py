"""Deterministic synthetic campuses, from the example campus to benchmark scale.

Everything here is made up: people come from small lists of invented names, MACs are
locally administered (02:...), addresses are private. The same arguments always give
byte-identical files, so generated campuses can serve as golden test input.
"""

from __future__ import annotations

import base64
import copy
import hashlib
import itertools
import math
import random
import struct
from dataclasses import dataclass, field
from ipaddress import IPv4Address, IPv4Network
from pathlib import Path
from typing import Any

import yaml

from campusnet.catalogue import DeviceModel, catalogue

#: Residence names from the assembly minutes first (CAMPUS.md), then plausible others.
BUILDING_NAMES = ["A", "B", "C", "G", "H", "I", "J", "M", "D", "E", "F", "K", "L", "N", "P", "R"]
SCHOOL = "cournot"
CISCO_BUILDINGS = {"I", "M", "E", "L"}
#: Building I still runs Catalyst 2960-24TT-L (Fast Ethernet rooms, two gigabit uplinks).
FAST_ETHERNET_BUILDINGS = {"I"}
#: (platform, access ports) -> catalogue model of an access switch; the core is a 2930F.
ACCESS_MODELS = {("hp_procurve", 24): "J9776A", ("hp_procurve", 48): "J9775A",
                 ("cisco_ios", 24): "WS-C2960-24TT-L", ("cisco_ios", 48): "WS-C2960X-48TS-L"}
CORE_MODEL = "JL260A"
#: Access points: the temporary ones on J's facade are older swconfig boards (CAMPUS.md).
AP_MODELS = {"j": "tplink-archer-c7-v2"}
AP_MODEL = "linksys-e8450-ubi"
LEGACY_PROFILES = ("room", "ap")
AP_PER_FLOOR = 2  # access points side by side on one floor of a facade, then the floor above (chosen)  # profiles with RA guard, and a variant without it
FIRST = ["Alex", "Camille", "Dominique", "Sacha", "Claude", "Morgan", "Charlie", "Lou",
         "Noa", "Eden", "Yael", "Ange", "Maxime", "Andrea", "Jules", "Robin"]
LAST = ["Testard", "Exemple", "Fictif", "Modele", "Specimen", "Essai", "Maquette",
        "Brouillon", "Prototype", "Simule", "Factice", "Demo"]
CLUBS = ["photo", "theatre", "robotique", "echecs", "musique", "cinema", "escalade",
         "jardin", "radio", "astro", "danse", "cuisine", "jeux", "lecture", "velo", "code"]
#: DVB-T multiplexes of the example head-end (name -> frequency in kHz; made up, UHF band).
MULTIPLEXES = {"mux-r1": 586166, "mux-r2": 522166}
CHANNELS = ["Campus TV", "Infos locales", "Sport universitaire", "Culture", "Cinema club",
            "Radio campus video"]


@dataclass(frozen=True)
class Spec:
    """What to generate. Defaults give the example campus of CAMPUS.md."""

    buildings: int = 8
    members: int = 400
    switches: int | None = None
    access_points: int = 16
    clubs: int = 12
    seed: int = 2009

    def names(self) -> list[str]:
        if self.buildings > len(BUILDING_NAMES):
            extra = [f"Z{i}" for i in range(self.buildings - len(BUILDING_NAMES))]
            return [n.lower() for n in BUILDING_NAMES + extra][: self.buildings]
        return [n.lower() for n in BUILDING_NAMES[: self.buildings]]


@dataclass
class _Switch:
    name: str
    building: str
    model: str  # catalogue key
    rooms: list[str] = field(default_factory=list)
    aps: list[str] = field(default_factory=list)
    servers: list[str] = field(default_factory=list)

    @property
    def hardware(self) -> DeviceModel:
        return catalogue().model(self.model)

    @property
    def platform(self) -> str:
        return self.hardware.platform

    @property
    def access_ports(self) -> int:
        return self.hardware.port_count - len(self.hardware.uplinks)

    @property
    def up_port(self) -> int:
        return self.hardware.uplinks[0]

    @property
    def down_port(self) -> int:
        return self.hardware.uplinks[1]

    @property
    def spare_port(self) -> int:
        """A third uplink, or the last access port on a two-uplink model."""
        uplinks = self.hardware.uplinks
        return uplinks[2] if len(uplinks) > 2 else self.access_ports


MEMBERS_BASE = IPv4Network("10.128.0.0/9")
WIFI = IPv4Network("10.64.0.0/16")
BUILDINGS_PER_CORE = 36  # core switch ports 13-48; ports 1-12 are for servers


def members_subnet(index: int) -> IPv4Network:
    """Building ``index``'s members /21, carved in order from 10.128.0.0/9."""
    return IPv4Network((int(MEMBERS_BASE.network_address) + index * 2048, 21))


def generate(spec: Spec) -> dict[str, str]:
    """File name -> YAML text of a whole inventory."""
    rng = random.Random(spec.seed)
    names = spec.names()
    rooms = {b: _rooms(b, 255 if b == "g" else rng.randint(80, 150)) for b in names}
    total_rooms = sum(len(r) for r in rooms.values())
    switch_count = spec.switches or sum(math.ceil(len(r) / 44) for r in rooms.values())
    switches = _switches(names, rooms, max(switch_count, len(names)), total_rooms)
    cores = [_Switch(f"sw-{SCHOOL}-{n + 1}", SCHOOL, CORE_MODEL)
             for n in range(math.ceil(len(names) / BUILDINGS_PER_CORE))]
    cores[0].servers = ["router-1", "srv-dns", "srv-print", "srv-tv", "srv-mail", "srv-web", "srv-radius", "srv-ldap"]
    aps = _place_access_points(spec.access_points, names, switches, cores[0])
    members = _members(rng, spec.members, rooms)
    accounts = random.Random(f"{spec.seed}:accounts")  # its own stream: the rest stays as it was
    files = {
        "network.yml": _network(names),
        "buildings.yml": _buildings(names, rooms, switches, cores),
        "switches.yml": _switches_file([*cores, *switches]),
        "access_points.yml": _access_points(aps),
        "servers.yml": _servers(),
        "services.yml": _services(rng, accounts, spec.clubs, members, names),
        "members.yml": _members_file(accounts, members),
        "machines.yml": _machines_file(rng, members, names, rooms),
        "admins.yml": _admins(),
        "secrets.yml": _secrets(accounts),
        "campusnet.yml": "# Ansible inventory source: the campusnet plugin reads the files beside it.\nplugin: campusnet.core.campusnet\n",
    }
    return files


def write(spec: Spec, directory: Path) -> list[Path]:
    """Write a generated inventory into ``directory`` (created if needed)."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in generate(spec).items():
        path = directory / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def _rooms(building: str, count: int) -> list[str]:
    return [f"{building}{n:03d}" for n in range(1, count + 1)]


def _switches(names: list[str], rooms: dict[str, list[str]], count: int, total: int) -> list[_Switch]:
    """Spread ``count`` switches over buildings by room count; 24 or 48 access ports.

    At most 44 rooms per switch, so a building may get more switches than its share.
    """
    result: list[_Switch] = []
    for building in names:
        most = 20 if building.upper() in FAST_ETHERNET_BUILDINGS else 44
        share = max(1, round(count * len(rooms[building]) / total), math.ceil(len(rooms[building]) / most))
        per_switch = math.ceil(len(rooms[building]) / share)
        access = 24 if per_switch <= 20 else 48
        platform = "cisco_ios" if building.upper() in CISCO_BUILDINGS else "hp_procurve"
        for index in range(share):
            switch = _Switch(f"sw-{building}-{index + 1}", building, ACCESS_MODELS[(platform, access)])
            switch.rooms = rooms[building][index * per_switch : (index + 1) * per_switch]
            result.append(switch)
    return result


def _place_access_points(count: int, names: list[str], switches: list[_Switch], core: _Switch) -> list[dict[str, Any]]:
    """J's facade covers G (CAMPUS.md), then Cournot's, then one per building in turn."""
    aps: list[dict[str, Any]] = []
    hosts = [s for s in switches if s.building == "j"][:1] * 4 + [core] * 3
    others = [s for s in switches if s.building != "j"]
    while len(hosts) < count and others:
        hosts.extend(others)
    for index, switch in enumerate(hosts[:count]):
        free = switch.access_ports - len(switch.rooms) - len(switch.servers)
        if len(switch.aps) >= min(free, 4):
            continue
        facade = {"j": "g-east", SCHOOL: "g-west"}.get(switch.building, f"{switch.building}-court")
        name = f"ap-{switch.building}-{sum(a['building'] == switch.building for a in aps) + 1}"
        switch.aps.append(name)
        along = len([a for a in aps if a["facade"] == facade])
        aps.append({"name": name, "building": switch.building, "facade": facade,
                    "position": along % AP_PER_FLOOR + 1, "floor": along // AP_PER_FLOOR,
                    "address": str(IPv4Address("10.0.8.10") + index)})
    return aps


def _members(rng: random.Random, count: int, rooms: dict[str, list[str]]) -> list[dict[str, Any]]:
    all_rooms = [room for building_rooms in rooms.values() for room in building_rooms]
    rng.shuffle(all_rooms)
    members = []
    for index in range(1, count + 1):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        roll = rng.random()
        members.append({
            "id": f"m{index:04d}",
            "name": f"{first} {last}",
            "email": f"{first.lower()}.{last.lower()}{index}@mail.example",
            "room": all_rooms[(index - 1) % len(all_rooms)] if index <= len(all_rooms) else rng.choice(all_rooms),
            "membership_end": "2026-06-30" if roll < 0.03 else "2027-06-30",
            "email_state": "invalid" if 0.03 <= roll < 0.06 else "bounced" if 0.06 <= roll < 0.08 else "valid",
        })
    return members


def _network(names: list[str]) -> str:
    vlans: dict[str, Any] = {
        "management": {"id": 10, "purpose": "management", "description": "Switches' management addresses",
                       "ipv4": "10.0.0.0/21", "ipv6": "2001:db8:ca:10::/64"},
        "admin": {"id": 11, "purpose": "admin", "description": "The team's workstations: the only source of management",
                  "ipv4": "10.0.16.0/26", "ipv6": "2001:db8:ca:11::/64", "nat": True},
        "ap-management": {"id": 12, "purpose": "ap_management", "description": "Access points' management addresses",
                          "ipv4": "10.0.8.0/21", "ipv6": "2001:db8:ca:12::/64"},
        "servers": {"id": 20, "purpose": "servers", "description": "Campus servers", "ipv4": "10.0.20.0/24",
                    "ipv6": "2001:db8:ca:20::/64"},
        "tv": {"id": 30, "purpose": "tv", "description": "TV head-end (multicast sources)", "ipv4": "10.0.30.0/24"},
        "wifi": {"id": 40, "purpose": "wifi", "description": "Members on wifi", "ipv4": str(WIFI),
                 "ipv6": "2001:db8:ca:40::/64", "pool": "10.64.255.0/24", "nat": True},
        "quarantine": {"id": 50, "purpose": "quarantine", "description": "Unknown or disconnected machines",
                       "ipv4": "10.50.0.0/22", "ipv6": "2001:db8:ca:50::/64", "pool": "10.50.0.0/22", "nat": False},
        "guest": {"id": 60, "purpose": "guest", "description": "Guest wifi", "ipv4": "10.60.0.0/22",
                  "ipv6": "2001:db8:ca:60::/64", "pool": "10.60.0.0/22", "nat": True},
    }
    for index, building in enumerate(names):
        subnet = members_subnet(index)
        vlans[f"members-{building}"] = {
            "id": 100 + index, "purpose": "members", "description": f"Members of building {building.upper()}",
            "ipv4": str(subnet), "ipv6": f"2001:db8:ca:{0x100 + index:x}::/64",
            "pool": str(IPv4Network((int(subnet.network_address) + 1792, 24))), "nat": True,
        }
    document = {
        "campus": {
            "name": "Campus residences network association",
            "domain": "campus.example",
            "timezone": "Europe/Paris",
            "upstream": {"description": "School network (RENATER), under the convention",
                         "interface": "eth0", "capacity_mbps": 1000, "ipv4": "192.0.2.2/30", "gateway4": "192.0.2.1",
                         "ipv6": "2001:db8:ffff::2", "gateway6": "2001:db8:ffff::1"},
            "shaping_threshold_mbps": 100,
            "example": True,
            "member_portal_url": "https://members.campus.example/",
            "team_contact": "the tech team, building J office, Monday to Thursday 20:00-22:00",
            # The member portal runs on srv-web (chosen): quarantined machines may reach it to fix their e-mail.
            "quarantine_exceptions": {"members.campus.example": {"ipv4": ["10.0.20.6"], "ipv6": ["2001:db8:ca:20::6"],
                                                                 "tcp": [443]}},
        },
        "vlans": vlans,
        "ssids": {"campus": {"essid": "Campus", "vlan": "wifi", "security": "wpa2-enterprise"},
                  "guest": {"essid": "Campus-Guest", "vlan": "guest", "security": "open"}},
    }
    return _header("network.yml: the campus, its VLANs and subnets, wifi SSIDs.",
                   "Addressing plan (chosen, not from the minutes): 10.0.0.0/16 infrastructure (10.0.0.0/21 switches,",
                   "10.0.8.0/21 access points, 10.0.16.0/26 the team's admin VLAN, the only source of management),",
                   "10.64.0.0/16 wifi, one /21 per residence from 10.128.0.0/9 (its last /24 is the pool).") + _dump(document)


def _buildings(names: list[str], rooms: dict[str, list[str]], switches: list[_Switch], cores: list[_Switch]) -> str:
    first = {s.building: s for s in reversed(switches)}
    buildings: dict[str, Any] = {SCHOOL: {"name": "Cournot (school; telecom room)", "kind": "school"}}
    links: dict[str, Any] = {}
    for upper, lower in itertools.pairwise(cores):
        links[f"{lower.name}-up"] = {"a": f"{lower.name}:{lower.up_port}", "b": f"{upper.name}:{upper.down_port}",
                                     "capacity_mbps": 10000, "medium": "fibre"}
    for index, building in enumerate(names):
        root, core = first[building], cores[index // BUILDINGS_PER_CORE]
        links[f"{building}-fibre"] = {"a": f"{root.name}:{root.up_port}",
                                      "b": f"{core.name}:{13 + index % BUILDINGS_PER_CORE}",
                                      "capacity_mbps": 1000, "medium": "fibre"}
        entry: dict[str, Any] = {"name": f"Residence {building.upper()}", "rooms": [f"{rooms[building][0]}-{rooms[building][-1]}"],
                                 "members_vlan": f"members-{building}", "uplink": f"{building}-fibre"}
        buildings[building] = entry
        chain = [s for s in switches if s.building == building]
        for upper, lower in itertools.pairwise(chain):
            links[f"{lower.name}-up"] = {"a": f"{lower.name}:{lower.up_port}", "b": f"{upper.name}:{upper.down_port}",
                                         "capacity_mbps": 1000, "medium": "copper"}
    if "g" in first and "j" in first:
        g, j = first["g"], first["j"]
        links["g-fibre"]["note"] = "Cut during the renovation works; repair pending."
        links["g-via-j"] = {"a": f"{g.name}:{g.spare_port}", "b": f"{j.name}:{j.spare_port}", "capacity_mbps": 10,
                            "medium": "copper", "note": "Temporary link through building J (a hundredth of a fibre)."}
        buildings["g"]["uplink"] = "g-via-j"
    text = _dump({"buildings": buildings, "links": links})
    text = text.replace("  uplink: g-via-j\n", "  uplink: g-via-j  # back to its own fibre: uplink: g-fibre\n")
    return _header("buildings.yml: buildings, their rooms, and the links between switches.",
                   "A link between two buildings is active when a building names it as its uplink.") + text


def _switches_file(switches: list[_Switch]) -> str:
    profiles = {
        "room": {"description": "A member's room socket", "untagged": "members", "radius": "mac",
                 "radius_mode": "common", "loop_protect": True, "edge": True, "dhcp_snooping": True,
                 "arp_protect": True, "ra_guard": True, "mac_limit": 4},
        "ap": {"description": "Access point: its management and SSID VLANs tagged, nothing untagged",
               "tagged": ["ap-management", "wifi", "guest"], "loop_protect": True, "edge": True, "dhcp_snooping": True,
               "ra_guard": True},
        "admin": {"description": "A team workstation (locked room): the admin VLAN", "untagged": "admin", "edge": True},
        "server": {"description": "Campus server", "untagged": "servers", "edge": True, "trusted": True},
        "tv-server": {"description": "TV head-end", "untagged": "tv", "edge": True, "trusted": True},
        "router": {"description": "The campus router: every VLAN", "trunk": True, "trusted": True},
        "uplink": {"description": "Switch to switch: the VLANs the far side needs", "trunk": True, "trusted": True},
        "unused": {"description": "Nothing plugged in", "enabled": False},
    }
    # The Catalyst 2960 lacks IPv6 RA guard (catalogue): its rooms and access points get
    # the same profiles without it (validation refuses a profile asking for what a model lacks).
    for use in LEGACY_PROFILES:
        profiles[f"{use}-legacy"] = {**copy.deepcopy(profiles[use]), "ra_guard": False,
                                     "description": f"{profiles[use]['description']} (switch without RA guard)"}
    server_profiles = {"router-1": "router", "srv-tv": "tv-server"}
    result: dict[str, Any] = {}
    for index, switch in enumerate(switches):
        ports: list[dict[str, Any]] = []
        next_port = 1
        if switch.rooms:
            last = next_port + len(switch.rooms) - 1
            ports.append({"ports": f"{next_port}-{last}" if last > next_port else next_port, "use": "room",
                          "rooms": f"{switch.rooms[0]}-{switch.rooms[-1]}" if len(switch.rooms) > 1 else switch.rooms[0],
                          **_legacy(switch, "room")})
            next_port = last + 1
        for server in switch.servers:
            entry = {"ports": next_port, "use": "server", "server": server}
            if server in server_profiles:
                entry["profile"] = server_profiles[server]
            ports.append(entry)
            next_port += 1
        for ap in switch.aps:
            ports.append({"ports": next_port, "use": "ap", "ap": ap, **_legacy(switch, "ap")})
            next_port += 1
        if switch.servers:  # the team's workstation socket, in the telecom room with the servers
            ports.append({"ports": next_port, "use": "admin"})
            next_port += 1
        result[switch.name] = {
            "building": switch.building, "platform": switch.platform, "model": switch.model,
            "management_ipv4": str(IPv4Address("10.0.1.2") + index), "ports": ports,
        }
    return _header("switches.yml: port profiles and every switch with the use of its ports.",
                   "Ports not listed and not on a link are shut (profile 'unused').",
                   "model: a catalogue model (invoke models): it names the ports and says what the switch can do.") + _dump(
        {"port_profiles": profiles, "switches": result})


def _legacy(switch: _Switch, use: str) -> dict[str, str]:
    """The profile key for a port of ``use`` on a switch without RA guard (empty: the default)."""
    return {} if switch.hardware.has("ra_guard") else {"profile": f"{use}-legacy"}


def _access_points(aps: list[dict[str, Any]]) -> str:
    entries = {
        ap["name"]: {"building": ap["building"],
                     "location": f"{ap['facade']} facade, floor {ap['floor']}, position {ap['position']}",
                     "facade": ap["facade"], "position": ap["position"], "floor": ap["floor"], "platform": "openwrt",
                     "model": AP_MODELS.get(ap["building"], AP_MODEL), "management_ipv4": ap["address"], "ssids": ["campus", "guest"]}
        for ap in aps
    }
    return _header("access_points.yml: access points, where they hang, their SSIDs.",
                   "APs on J's and Cournot's facades cover building G (CAMPUS.md).") + _dump({"access_points": entries})


def _servers() -> str:
    servers = {
        "router-1": {"building": SCHOOL, "services": ["router", "dhcp"], "ipv4": "10.0.20.1",
                     "description": "Debian router: firewall, NAT, shaping, DHCP, multicast"},
        "srv-dns": {"building": SCHOOL, "services": ["dns"], "ipv4": "10.0.20.2"},
        "srv-print": {"building": SCHOOL, "services": ["print"], "ipv4": "10.0.20.3"},
        "srv-tv": {"building": SCHOOL, "services": ["tv"], "vlan": "tv", "ipv4": "10.0.30.2"},
        "srv-mail": {"building": SCHOOL, "services": ["mail"], "ipv4": "10.0.20.5"},
        "srv-web": {"building": SCHOOL, "services": ["web"], "ipv4": "10.0.20.6"},
        "srv-radius": {"building": SCHOOL, "services": ["radius"], "ipv4": "10.0.20.7"},
        "srv-ldap": {"building": SCHOOL, "services": ["directory"], "ipv4": "10.0.20.8",
                     "description": "The members' accounts (OpenLDAP): mail, print and wifi log in against it"},
    }
    return _header("servers.yml: campus servers and the services each runs.") + _dump({"servers": servers})


def _services(rng: random.Random, accounts: random.Random, count: int, members: list[dict[str, Any]],
              names: list[str]) -> str:
    clubs = {}
    for index in range(count):
        base = CLUBS[index % len(CLUBS)]
        club_id = base if index < len(CLUBS) else f"{base}{index // len(CLUBS) + 1}"
        owner = rng.choice(members)["id"]
        others = sorted({m["id"] for m in accounts.sample(members, min(len(members), accounts.randint(2, 6)))} - {owner})
        clubs[club_id] = {"name": f"Club {club_id}", "vhost": f"{club_id}.clubs.campus.example",
                          "owner": owner, "server": "srv-web", "members": [owner, *others],
                          "mail_aliases": [f"bureau-{club_id}"], "mail_lists": [club_id],
                          "php": index % 2 == 0, "sftp_keys": [_ssh_key(f"club-{club_id}")]}
    team = sorted(m["id"] for m in accounts.sample(members, min(len(members), 2)))
    mail = {"dkim_selector": "campus", "dmarc_policy": "quarantine",
            "aliases": {name: list(team) for name in ("postmaster", "abuse", "hostmaster")}}
    printers = {f"print-{b}": {"building": b, "location": f"Residence {b.upper()} hall", "server": "srv-print",
                               "uri": f"socket://print-{b}.campus.example:9100", "driver": "drv:///sample.drv/generic.ppd"}
                for b in names[::2]}
    channels = {f"tv{i + 1}": {"name": name, "group": f"239.255.0.{i + 1}", "port": 1234, "source": "srv-tv"}
                for i, name in enumerate(CHANNELS)}
    for index, key in enumerate(list(channels)[1:]):  # the first is the campus's own encoder
        multiplex = list(MULTIPLEXES)[index % len(MULTIPLEXES)]
        channels[key] |= {"multiplex": multiplex, "pids": [256 + 16 * index]}
    multiplexes = {name: {"server": "srv-tv", "card": 0, "tuner": tuner, "frequency_khz": khz, "bandwidth_mhz": 8,
                          "delivery_system": "dvbt"} for tuner, (name, khz) in enumerate(MULTIPLEXES.items())}
    return _header("services.yml: campus mail (DKIM selector, DMARC, role addresses), clubs (web hosting,",
                   "SFTP keys, mail aliases to the owner and lists to every club member), printers, TV channels.",
                   "TV: multiplex frequencies and PIDs are made up (a real head-end takes them from a scan);",
                   "tv1 is the campus's own encoder, the others come from DVB-T tuners (MuMuDVB).") + _dump(
        {"mail": mail, "clubs": clubs, "printers": printers, "printing": {"page_quota": 100, "quota_period_days": 30},
         "tv_multiplexes": multiplexes, "tv_channels": channels})


def _members_file(accounts: random.Random, members: list[dict[str, Any]]) -> str:
    """Members, then their logins (most have one) and the few who forward their campus mail.

    The hashes are well-formed SHA-512-crypt strings of no known password, like the
    example SSH keys: the example campus has no working login.
    """
    alphabet = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
    logins, forwards = {}, {}
    for member in members:
        if accounts.random() < 0.8:
            salt, digest = ("".join(accounts.choices(alphabet, k=n)) for n in (16, 86))
            logins[member["id"]] = f"$6${salt}${digest}"
        if accounts.random() < 0.1:
            forwards[member["id"]] = member["email"]
    return _header("members.yml: members (PERSONAL DATA). Encrypt the real one: ansible-vault encrypt members.yml",
                   "This example holds synthetic people only.",
                   "logins: member id -> password hash (mkpasswd -m sha-512); no entry, no login.",
                   "mail_forwards: member id -> outside address that gets the member's campus mail.") + _dump(
        {"members": members}, flow_leaves=True) + _dump({"logins": logins, "mail_forwards": forwards})


def _machines_file(rng: random.Random, members: list[dict[str, Any]], names: list[str],
                   rooms: dict[str, list[str]]) -> str:
    index_of = {b: i for i, b in enumerate(names)}
    building_of = {room: building for building, codes in rooms.items() for room in codes}
    next_host: dict[str, int] = {}
    machines: dict[str, list[str]] = {}
    serial = 0
    for member in members:
        building = building_of[member["room"]]
        entries = []
        for number in range(rng.choice((1, 2, 2, 2, 3))):
            serial += 1
            kind = "wifi" if rng.random() < 0.4 else "wired"
            subnet = WIFI if kind == "wifi" else members_subnet(index_of[building])
            key = str(subnet)
            next_host[key] = next_host.get(key, 9) + 1
            entries.append(f"{member['id']}-{number + 1} {_mac(serial)} {kind} {subnet.network_address + next_host[key]}")
        machines[member["id"]] = entries
    return _header("machines.yml: registered machines per member id, one row each:",
                   "  NAME MAC wired|wifi IPV4 [IPV6]   (IPv6 defaults to the VLAN's prefix + the IPv4 host part)",
                   "Addresses are assigned once and kept: invoke machine.add picks the next free one.") + _dump({"machines": machines})


def _mac(serial: int) -> str:
    return "02:ca:" + ":".join(f"{b:02x}" for b in serial.to_bytes(4, "big"))


def _admins() -> str:
    admins = [{"login": login, "ssh_keys": [_ssh_key(login)]} for login in ("adm-nuit", "adm-reseau", "adm-serveurs")]
    return _header("admins.yml: the tech team's admin accounts (servers, switches) and SSH public keys.",
                   "Example keys are syntactically valid but nobody holds their private half.") + _dump({"admins": admins})


def _ssh_key(login: str) -> str:
    blob = hashlib.sha256(login.encode()).digest()
    kind = b"ssh-ed25519"
    data = struct.pack(">I", len(kind)) + kind + struct.pack(">I", len(blob)) + blob
    return f"ssh-ed25519 {base64.b64encode(data).decode()} {login}@campusnet.example"


def _secrets(accounts: random.Random) -> str:
    secrets = {"device_username": "campusnet", "device_password": "example-only-device-password",
               "radius_secret": "example-only-radius-secret", "snmp_community": "example-only-community",
               "enable_secret": "example-only-enable-secret",
               "wifi_roaming_key": hashlib.sha256(b"example-only-wifi-roaming-key").hexdigest(),
               "directory_secret": "example-only-directory-secret-0123456789",
               "dkim_private_key": _rsa_key(accounts)}
    return _header("secrets.yml: device credentials and shared secrets.",
                   "EXAMPLE VALUES ONLY. In production: ansible-vault encrypt secrets.yml") + _dump({"secrets": secrets})


def _rsa_key(rng: random.Random, bits: int = 2048) -> str:
    """A deterministic RSA private key in PEM (example campuses must be byte-identical)."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    e = 65537
    while True:
        p, q = (_prime(rng, bits // 2) for _ in range(2))
        phi = (p - 1) * (q - 1)
        if p != q and math.gcd(e, phi) == 1:
            break
    d = pow(e, -1, phi)
    key = rsa.RSAPrivateNumbers(p, q, d, d % (p - 1), d % (q - 1), pow(q, -1, p), rsa.RSAPublicNumbers(e, p * q))
    pem = key.private_key().private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                          serialization.NoEncryption())
    return pem.decode()


def _prime(rng: random.Random, bits: int) -> int:
    """A random prime of exactly ``bits`` bits with its top two bits set (Miller-Rabin, 40 rounds)."""
    while True:
        n = rng.getrandbits(bits) | (3 << (bits - 2)) | 1
        if all(n % small for small in (3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37)) and _probably_prime(rng, n):
            return n


def _probably_prime(rng: random.Random, n: int) -> bool:
    d, r = n - 1, 0
    while d % 2 == 0:
        d, r = d // 2, r + 1
    for _ in range(40):
        x = pow(rng.randrange(2, n - 1), d, n)
        if x in (1, n - 1):
            continue
        for _ in range(r - 1):
            x = pow(x, 2, n)
            if x == n - 1:
                break
        else:
            return False
    return True


def _header(*lines: str) -> str:
    return "".join(f"# {line}\n" for line in lines) + "---\n"


class _Dumper(yaml.SafeDumper):
    """Multi-line strings (PEM keys) as literal blocks, so they read as they are pasted."""


_Dumper.add_representer(str, lambda dumper, text: dumper.represent_scalar(
    "tag:yaml.org,2002:str", text, style="|" if "\n" in text else None))


def _dump(document: dict[str, Any], flow_leaves: bool = False) -> str:
    return yaml.dump(document, Dumper=_Dumper, sort_keys=False, default_flow_style=None if flow_leaves else False,
                     width=200, allow_unicode=True)
