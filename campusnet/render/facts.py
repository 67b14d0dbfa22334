"""The model, shaped for templates: every address split, every port list computed.

Templates only print: no address math, no filtering by purpose. Campus-wide facts are
computed once per render run; device facts once per device. Pure: no I/O.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from campusnet import model
from campusnet.catalogue import catalogue
from campusnet.inventory import schema

if TYPE_CHECKING:
    from campusnet.catalogue import DeviceModel
    from campusnet.platforms.base import Platform

#: VLAN purposes whose switches snoop IGMP (TV multicast reaches members' rooms).
IGMP_PURPOSES = ("tv", "members")
#: Port settings every switch has; the other profile flags are catalogue features.
EVERY_SWITCH = ("edge", "trusted")


@dataclass(frozen=True)
class Host:
    name: str
    address: str


@dataclass(frozen=True)
class CampusFacts:
    name: str
    domain: str
    timezone: str
    admin_network: str  # the admin VLAN's subnet: the only source devices accept management from
    admin_netmask: str
    admin_wildcard: str
    radius: tuple[Host, ...]
    #: NTP and syslog go to the router's servers-VLAN address: every switch and access
    #: point already routes through it, and it is the one server that must be up for
    #: the network to work at all (the common role serves time from it).
    time_servers: tuple[str, ...]
    log_servers: tuple[str, ...]
    dns_servers: tuple[str, ...]
    quarantine_vlan: int
    igmp_vlans: frozenset[int]
    tv_vlans: frozenset[int]
    vlan_names: dict[int, str]
    device_username: str
    device_password: str = field(repr=False)
    radius_secret: str = field(repr=False)
    snmp_community: str = field(repr=False)
    enable_secrets: dict[str, str] = field(default_factory=dict, repr=False)  # switch -> its enable secret
    device_radius_secrets: dict[str, str] = field(default_factory=dict, repr=False)  # per-device overrides
    wifi_roaming_key: str | None = field(default=None, repr=False)  # 802.11r R0KH/R1KH key

    def radius_secret_for(self, device: str) -> str:
        """The RADIUS secret ``device`` shares with the RADIUS server (its own, else the campus's)."""
        return self.device_radius_secrets.get(device, self.radius_secret)


def campus_facts(campus: model.Campus) -> CampusFacts:
    settings, secrets = campus.settings, campus.secrets
    router = campus.servers[campus.router]
    admin = campus.vlan_by_purpose("admin")[0].ipv4
    quarantine = campus.vlan_by_purpose("quarantine")[0]
    return CampusFacts(
        name=settings.name,
        domain=settings.domain,
        timezone=settings.timezone,
        admin_network=str(admin.network_address),
        admin_netmask=str(admin.netmask),
        admin_wildcard=str(admin.hostmask),
        radius=tuple(Host(s.name, str(s.ipv4)) for s in campus.services("radius")),
        time_servers=(str(router.ipv4),),
        log_servers=(str(router.ipv4),),
        dns_servers=tuple(str(s.ipv4) for s in campus.services("dns")),
        quarantine_vlan=quarantine.id,
        igmp_vlans=frozenset(v.id for p in IGMP_PURPOSES for v in campus.vlan_by_purpose(p)),
        tv_vlans=frozenset(v.id for v in campus.vlan_by_purpose("tv")),
        vlan_names={v.id: v.name for v in campus.vlans.values()},
        device_username=secrets.device_username,
        device_password=secrets.device_password,
        radius_secret=secrets.radius_secret,
        device_radius_secrets={name: secrets.radius_secret_of(name) for name in secrets.devices},
        wifi_roaming_key=secrets.wifi_roaming_key,
        snmp_community=secrets.snmp_community,
        enable_secrets={name: secret for name in campus.switches if (secret := secrets.enable_secret_of(name))},
    )


# --- switches --------------------------------------------------------------------------


@dataclass(frozen=True)
class PortFacts:
    number: int
    name: str  # the platform's interface name
    description: str
    mode: str  # access | trunk | off
    untagged: int | None
    tagged: tuple[int, ...]
    speed: str
    radius: str  # none | mac | dot1x
    unauth_vlan: int | None  # quarantine VLAN for unauthenticated clients ('common' mode)
    mac_limit: int | None
    loop_protect: bool
    edge: bool
    trusted: bool
    ra_guard: bool
    dhcp_snooping: bool
    arp_protect: bool
    room: bool  # a member's room: no discovery protocols, storm control
    critical_vlan: int | None  # where a RADIUS port's clients go while no RADIUS server answers

    @property
    def mbps(self) -> str:
        """``100-full`` -> ``100`` (IOS splits speed and duplex)."""
        return self.speed.split("-")[0]

    @property
    def duplex(self) -> str:
        return self.speed.split("-")[-1]

    @property
    def vlans(self) -> set[int]:
        """Every VLAN a client on this port may land in."""
        return set(self.tagged) | {vlan for vlan in (self.untagged, self.unauth_vlan) if vlan is not None}


@dataclass(frozen=True)
class VlanFacts:
    id: int
    name: str
    untagged: tuple[int, ...]
    tagged: tuple[int, ...]
    address: str | None  # the switch's own address, on the management VLAN only
    netmask: str | None
    igmp: bool


@dataclass(frozen=True)
class SwitchFacts:
    name: str
    model: str
    features: frozenset[str]  # the catalogue model's: a feature it lacks is not rendered
    portfast: str  # IOS: the firmware's edge-port command
    tv_querier: bool  # this switch answers IGMP queries on the TV VLAN (it holds the TV source)
    management_vlan: int
    address: str
    netmask: str
    gateway: str
    password_hash: str | None
    enable_secret_hash: str | None  # the `enable secret` a login at the user prompt enters with
    ports: tuple[PortFacts, ...]
    vlans: tuple[VlanFacts, ...]
    no_vlan: tuple[int, ...]  # ports in no VLAN of ours (left in the default VLAN, shut)
    in_vlan: tuple[int, ...]  # the others
    mac_auth: tuple[int, ...]
    dot1x: tuple[int, ...]
    port_security: tuple[int, ...]  # MAC limit on ports without RADIUS
    loop_protect: tuple[int, ...]
    edge: tuple[int, ...]
    trusted: tuple[int, ...]
    ra_guard: tuple[int, ...]
    dhcp_snooping_vlans: tuple[int, ...]
    arp_protect_vlans: tuple[int, ...]
    room_ports: tuple[int, ...]
    dhcpv6_guard: tuple[int, ...]  # untrusted ports where DHCPv6 server messages are dropped

    def has(self, feature: str) -> bool:
        return feature in self.features


def _port(port: model.Port, campus: CampusFacts, hardware: DeviceModel) -> PortFacts:
    profile = port.profile
    enabled = profile.enabled and (port.untagged is not None or bool(port.tagged))
    radius = profile.radius if enabled else "none"
    return PortFacts(
        number=port.number,
        name=hardware.port_name(port.number),
        description=port.description,
        mode="off" if not enabled else "trunk" if port.tagged else "access",
        untagged=port.untagged,
        tagged=port.tagged,
        speed=profile.speed,
        radius=radius,
        unauth_vlan=campus.quarantine_vlan if radius != "none" and profile.radius_mode == "common" else None,
        mac_limit=profile.mac_limit if enabled else None,
        **{flag: enabled and getattr(profile, flag) and (flag in EVERY_SWITCH or hardware.has(flag)) for flag in
           ("loop_protect", "edge", "trusted", "ra_guard", "dhcp_snooping", "arp_protect")},
        room=enabled and port.use == "room",
        critical_vlan=port.untagged if radius != "none" and hardware.has("critical_vlan") else None,
    )


def switch_facts(campus: CampusFacts, switch: model.Switch, platform: Platform) -> SwitchFacts:
    hardware = switch.device_model
    ports = tuple(_port(p, campus, hardware) for p in switch.ports)

    def numbers(test: object) -> tuple[int, ...]:
        return tuple(p.number for p in ports if test(p))  # type: ignore[operator]

    def vlans_of(flag: str) -> tuple[int, ...]:
        return tuple(sorted(set().union(*(p.vlans for p in ports if getattr(p, flag)))))

    management = switch.management_vlan.id
    vlans = tuple(
        VlanFacts(
            id=v.id, name=v.name,
            untagged=tuple(p.number for p in ports if p.untagged == v.id),
            tagged=tuple(p.number for p in ports if v.id in p.tagged),
            address=str(switch.management.ip) if v.id == management else None,
            netmask=str(switch.management.netmask) if v.id == management else None,
            igmp=v.id in campus.igmp_vlans,
        )
        for v in switch.vlans
    )
    hash_ = platform.password_hash
    tv = {v.id for v in vlans if v.id in campus.tv_vlans}
    enable_secret = campus.enable_secrets.get(switch.name)
    return SwitchFacts(
        name=switch.name,
        model=switch.model,
        features=frozenset(hardware.features),
        portfast=catalogue().firmware_of(hardware).portfast,
        tv_querier=hardware.has("igmp_querier") and any(p.untagged in tv for p in ports if p.mode == "access"),
        management_vlan=management,
        address=str(switch.management.ip),
        netmask=str(switch.management.netmask),
        gateway=str(switch.gateway),
        password_hash=hash_(switch.name, campus.device_username, campus.device_password) if hash_ else None,
        enable_secret_hash=hash_(switch.name, "enable", enable_secret) if hash_ and enable_secret else None,
        ports=ports,
        vlans=vlans,
        no_vlan=numbers(lambda p: p.untagged is None and not p.tagged),
        in_vlan=numbers(lambda p: p.untagged is not None or p.tagged),
        mac_auth=numbers(lambda p: p.radius == "mac"),
        dot1x=numbers(lambda p: p.radius == "dot1x"),
        port_security=numbers(lambda p: p.mac_limit and p.radius == "none"),
        loop_protect=numbers(lambda p: p.loop_protect),
        edge=numbers(lambda p: p.edge),
        trusted=numbers(lambda p: p.trusted),
        ra_guard=numbers(lambda p: p.ra_guard),
        dhcp_snooping_vlans=vlans_of("dhcp_snooping"),
        arp_protect_vlans=vlans_of("arp_protect"),
        room_ports=numbers(lambda p: p.room),
        dhcpv6_guard=numbers(lambda p: p.dhcp_snooping and not p.trusted and hardware.has("dhcpv6_guard")),
    )


# --- access points ---------------------------------------------------------------------


@dataclass(frozen=True)
class BridgeFacts:
    section: str  # UCI section name (letters, digits, underscores)
    vlan: int


@dataclass(frozen=True)
class WifiIfaceFacts:
    section: str
    radio: str
    network: str
    essid: str
    encryption: str  # OpenWrt's names: wpa2, wpa3-mixed, none
    enterprise: bool
    isolate: bool  # clients of this SSID cannot reach each other through the AP (guests)
    pmf: int  # 802.11w: 0 off, 1 optional (WPA2 clients), 2 required (WPA3)
    mobility_domain: str  # 802.11r: 4 hex digits shared by every AP of the SSID ("" = off)


@dataclass(frozen=True)
class ApFacts:
    name: str
    management_vlan: int  # tagged on the AP's port, like the SSID VLANs
    address: str
    netmask: str
    gateway: str
    bridges: tuple[BridgeFacts, ...]
    switch: str  # dsa (bridge-vlan sections) or swconfig (switch_vlan sections)
    uplink: str  # DSA: the switch port towards our switch; swconfig: the switch's name
    cpu_port: int | None  # swconfig: the CPU's port, tagged in every VLAN
    uplink_port: int | None  # swconfig: the uplink's port
    channel_24: int
    channel_5: int
    htmode_24: str  # OpenWrt htmode: the radio's mode family and the channel width
    htmode_5: str
    ifaces: tuple[WifiIfaceFacts, ...]
    country: str
    posix_timezone: str


#: Inventory security -> OpenWrt ``encryption`` (wpa3-mixed also admits WPA2 clients).
ENCRYPTION = {"wpa2-enterprise": "wpa2", "wpa3-enterprise": "wpa3-mixed", "open": "none"}
RADIOS = ("radio0", "radio1")  # 2.4 GHz, 5 GHz
#: IANA zone -> (regulatory country, POSIX TZ string): OpenWrt needs both, the model
#: has only the zone. Add a row when a campus in another zone appears.
ZONES = {
    "Europe/Paris": ("FR", "CET-1CEST,M3.5.0,M10.5.0/3"),
    "UTC": ("00", "UTC0"),
}


def uci_name(text: str) -> str:
    return "".join(c if c.isalnum() else "_" for c in text)


def mobility_domain(essid: str) -> str:
    """802.11r: one mobility domain per SSID, the same on every AP (4 hex digits, stable)."""
    return hashlib.sha256(essid.encode()).hexdigest()[:4]


def htmode(mode: str, width: int) -> str:
    """``HE80`` (the model's best) at ``width`` MHz -> ``HE40``; never wider than the radio."""
    family, best = mode.rstrip("0123456789"), int(mode[len(mode.rstrip("0123456789")):])
    if width > best:
        raise ValueError(f"the radio does {mode}, not {width} MHz")
    return f"{family}{width}"


def ap_facts(campus: CampusFacts, ap: model.AccessPoint, platform: Platform) -> ApFacts:
    if campus.timezone not in ZONES:
        raise ValueError(f"time zone {campus.timezone} has no OpenWrt entry in campusnet.render.facts.ZONES")
    country, posix = ZONES[campus.timezone]
    hardware = ap.hardware
    assert hardware is not None, f"{ap.name} has no catalogue model"

    def security(ssid: schema.Ssid) -> tuple[str, int, str]:
        """OpenWrt encryption, PMF level, mobility domain: WPA3 needs PMF, WPA2 offers it."""
        wanted = ssid.security
        if wanted == "wpa3-enterprise" and not hardware.has("wpa3"):
            wanted = "wpa2-enterprise"
        if wanted == "open":
            return ENCRYPTION[wanted], 0, ""
        pmf = (2 if wanted == "wpa3-enterprise" else 1) if hardware.has("ieee80211w") else 0
        roams = hardware.has("ieee80211r") and campus.wifi_roaming_key is not None
        return ENCRYPTION[wanted], pmf, mobility_domain(ssid.essid) if roams else ""

    ifaces = tuple(
        WifiIfaceFacts(
            section=f"{uci_name(vlan.name)}_{radio}", radio=radio, network=uci_name(vlan.name),
            essid=ssid.essid, encryption=encryption, enterprise=ssid.security != "open",
            isolate=vlan.purpose == "guest", pmf=pmf, mobility_domain=domain,
        )
        for ssid, vlan in zip(ap.ssids, ap.ssid_vlans, strict=True)
        for encryption, pmf, domain in [security(ssid)]
        for radio in RADIOS
    )
    return ApFacts(
        name=ap.name,
        management_vlan=ap.management_vlan.id,
        address=str(ap.management.ip),
        netmask=str(ap.management.netmask),
        gateway=str(ap.gateway),
        bridges=tuple(BridgeFacts(uci_name(v.name), v.id) for v in dict.fromkeys(ap.ssid_vlans)),
        switch=hardware.switch or "dsa",
        uplink=hardware.uplink or "eth0",
        cpu_port=hardware.cpu_port,
        uplink_port=hardware.uplink_port,
        channel_24=ap.channel_24,
        channel_5=ap.channel_5,
        htmode_24=htmode(hardware.radios["2g"], 20),
        htmode_5=htmode(hardware.radios["5g"], ap.width_5),
        ifaces=ifaces,
        country=country,
        posix_timezone=posix,
    )
