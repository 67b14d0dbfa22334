"""The derived campus model: what every renderer and role needs, computed once.

Plain frozen dataclasses, built by ``campusnet.derive`` from a validated inventory.
Nothing here reads files or talks to devices.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from ipaddress import IPv4Address, IPv4Interface, IPv4Network, IPv6Address, IPv6Network

from campusnet.catalogue import DeviceModel
from campusnet.inventory import schema

#: VLAN purposes whose clients configure IPv6 by SLAAC or DHCPv6: each needs a /64.
CLIENT_PURPOSES = ("members", "wifi", "quarantine", "guest")


@dataclass(frozen=True)
class Vlan:
    name: str
    id: int
    purpose: str
    description: str
    ipv4: IPv4Network
    gateway4: IPv4Address
    ipv6: IPv6Network | None
    gateway6: IPv6Address | None
    pool: tuple[IPv4Address, IPv4Address] | None
    nat: bool

    @property
    def pool6(self) -> IPv6Network | None:
        """The DHCPv6 pool: the /80 at ``<prefix>:ffff::`` of the VLAN's /64, far from the
        addresses machines derive from their IPv4 host part."""
        if self.ipv6 is None:
            return None
        return IPv6Network((int(self.ipv6.network_address) | 0xFFFF << 48, 80))


@dataclass(frozen=True)
class Port:
    """One switch port, fully resolved: VLAN ids, protections, a description."""

    number: int
    use: str  # room | ap | server | uplink | standby | unused
    description: str
    profile_name: str
    profile: schema.PortProfile
    untagged: int | None
    tagged: tuple[int, ...]
    peer: str | None = None  # the switch at the other end of an uplink


@dataclass(frozen=True)
class Switch:
    name: str
    building: str
    platform: str
    model: str
    port_count: int
    management: IPv4Interface
    management_vlan: Vlan
    gateway: IPv4Address
    ports: tuple[Port, ...]
    vlans: tuple[Vlan, ...]
    uplink_port: int | None
    connect: tuple[str, int] = ("", 22)  # where to SSH: host, port
    hardware: DeviceModel | None = None  # the catalogue model (set for every derived switch)

    @property
    def device_model(self) -> DeviceModel:
        assert self.hardware is not None, f"{self.name} has no catalogue model"
        return self.hardware

    def ports_in(self, vlan_id: int, tagged: bool) -> list[int]:
        """Port numbers carrying ``vlan_id`` tagged (or untagged)."""
        if tagged:
            return [p.number for p in self.ports if vlan_id in p.tagged]
        return [p.number for p in self.ports if p.untagged == vlan_id]


@dataclass(frozen=True)
class Building:
    code: str
    name: str
    kind: str
    rooms: tuple[str, ...]
    members_vlan: str | None
    uplink: str | None
    path: tuple[str, ...]  # link names from the building up to the router's switch
    bottleneck_mbps: int
    shaped: bool


@dataclass(frozen=True)
class Link:
    name: str
    a: tuple[str, int]
    b: tuple[str, int]
    capacity_mbps: int
    medium: str
    note: str
    active: bool


@dataclass(frozen=True)
class AccessPoint:
    name: str
    building: str
    location: str
    facade: str
    position: int
    platform: str
    model: str
    management: IPv4Interface
    gateway: IPv4Address
    switch: str
    port: int
    ssids: tuple[schema.Ssid, ...]
    ssid_vlans: tuple[Vlan, ...]
    management_vlan: Vlan
    channel_24: int
    channel_5: int
    connect: tuple[str, int] = ("", 22)  # where to SSH: host, port
    hardware: DeviceModel | None = None  # the catalogue model
    floor: int = 0
    width_5: int = 80  # MHz


@dataclass(frozen=True)
class Server:
    name: str
    building: str
    services: tuple[str, ...]
    vlan: str
    ipv4: IPv4Address
    description: str


@dataclass(frozen=True)
class Machine:
    """A registered machine. ``member`` is the pseudonymous id, never a name."""

    member: str
    name: str
    mac: str
    kind: str
    vlan: str
    ipv4: IPv4Address
    ipv6: IPv6Address | None
    room: str
    building: str
    quarantine: str | None  # reason, or None when the machine may connect


@dataclass(frozen=True)
class Member:
    """A member as the accounts see them: the pseudonymous id, never a name or an e-mail
    (the forwarding address and the hash are the member's own settings, kept out of repr)."""

    id: str
    active: bool  # membership not ended; an e-mail quarantine does not disable the account
    password_hash: str | None = field(default=None, repr=False)
    mail_forward: str | None = field(default=None, repr=False)
    quarantined: bool = False  # network quarantine (e-mail invalid or bounced, membership ended)


@dataclass(frozen=True)
class Campus:
    """Everything derived from one inventory, ready to render."""

    settings: schema.Campus
    today: date
    vlans: dict[str, Vlan]
    buildings: dict[str, Building]
    links: dict[str, Link]
    switches: dict[str, Switch]
    access_points: dict[str, AccessPoint]
    servers: dict[str, Server]
    machines: tuple[Machine, ...]
    clubs: dict[str, schema.Club]
    printers: dict[str, schema.Printer]
    tv_channels: dict[str, schema.TvChannel]
    tv_multiplexes: dict[str, schema.TvMultiplex]
    admins: tuple[schema.Admin, ...]
    secrets: schema.Secrets = field(repr=False)
    router: str = ""
    members_count: int = 0
    members: tuple[Member, ...] = ()
    mail: schema.MailSettings = field(default_factory=schema.MailSettings)
    printing: schema.PrintSettings = field(default_factory=schema.PrintSettings)

    def services(self, service: str) -> list[Server]:
        return [s for s in self.servers.values() if service in s.services]

    def vlan_by_purpose(self, purpose: str) -> list[Vlan]:
        return [v for v in self.vlans.values() if v.purpose == purpose]
