"""Inputs of the router and DNS roles, computed from the campus model (pure).

Roles get data already shaped: interface names, pools as ranges, reverse-zone record
names. Naming: the router reaches each VLAN on a sub-interface ``vlan<id>`` of its trunk;
the upstream interface is campus.upstream.interface.
"""

from __future__ import annotations

from collections import defaultdict
from ipaddress import IPv4Address, IPv6Address
from typing import Any

from campusnet.model import CLIENT_PURPOSES, Campus, Machine, Vlan
from campusnet.service_vars import mail, tv
from campusnet.service_vars.radius import COA_PORT

DHCP_PURPOSES = CLIENT_PURPOSES
AUTHORITATIVE = "127.0.0.1@5300"


def interface(vlan: Vlan) -> str:
    return f"vlan{vlan.id}"


def _pool(vlan: Vlan) -> list[str]:
    return [f"{vlan.pool[0]} - {vlan.pool[1]}"] if vlan.pool else []


def _dhcp_vlans(campus: Campus) -> list[Vlan]:
    return sorted((v for v in campus.vlans.values() if v.purpose in DHCP_PURPOSES), key=lambda v: v.id)


def _by_vlan(campus: Campus, registered_only: bool = True) -> dict[str, list[Machine]]:
    result: dict[str, list[Machine]] = defaultdict(list)
    for machine in campus.machines:
        if not (registered_only and machine.quarantine):
            result[machine.vlan].append(machine)
    return result


def kea_dhcp(campus: Campus) -> dict[str, Any]:
    """One subnet per DHCP VLAN; a reservation per machine that may connect."""
    machines = _by_vlan(campus)
    resolvers = [str(s.ipv4) for s in campus.services("dns")]
    v4, v6 = [], []
    for vlan in _dhcp_vlans(campus):
        mine = machines.get(vlan.name, [])
        v4.append({"id": vlan.id, "subnet": str(vlan.ipv4), "interface": interface(vlan),
                   "routers": [str(vlan.gateway4)], "dns_servers": resolvers, "pools": _pool(vlan),
                   "reservations": [{"hw_address": m.mac, "ip_address": str(m.ipv4), "hostname": m.name} for m in mine]})
        if vlan.ipv6 is not None:
            v6.append({"id": vlan.id, "subnet": str(vlan.ipv6), "interface": interface(vlan),
                       "dns_servers": [], "pools": [str(vlan.pool6)],
                       "reservations": [{"hw_address": m.mac, "ip_address": str(m.ipv6), "hostname": m.name}
                                        for m in mine if m.ipv6]})
    return {
        "kea_dhcp_interfaces": [interface(v) for v in _dhcp_vlans(campus)],
        "kea_dhcp_domain": campus.settings.domain,
        "kea_dhcp_v4_subnets": v4,
        "kea_dhcp_v6_subnets": v6,
    }


def _hosts(campus: Campus) -> list[tuple[str, IPv4Address, IPv6Address | None]]:
    """Every name of the campus zone with its addresses."""
    hosts: list[tuple[str, IPv4Address, IPv6Address | None]] = [(m.name, m.ipv4, m.ipv6) for m in campus.machines]
    hosts += [(s.name, s.ipv4, None) for s in campus.servers.values()]
    hosts += [(s.name, s.management.ip, None) for s in campus.switches.values()]
    hosts += [(a.name, a.management.ip, None) for a in campus.access_points.values()]
    dns = campus.services("dns")
    if dns:
        hosts.append(("ns", dns[0].ipv4, None))
    return hosts


def _reverse4(address: IPv4Address) -> tuple[str, str]:
    """(zone per /16, record name): 10.128.32.10 -> ("128.10.in-addr.arpa", "10.32")."""
    a, b, c, d = str(address).split(".")
    return f"{b}.{a}.in-addr.arpa", f"{d}.{c}"


def _reverse6(address: IPv6Address) -> tuple[str, str]:
    """(zone per /48, record name of the remaining 20 nibbles)."""
    nibbles = address.reverse_pointer.removesuffix(".ip6.arpa").split(".")
    return ".".join(nibbles[20:]) + ".ip6.arpa", ".".join(nibbles[:20])


def dns_zones(campus: Campus) -> list[dict[str, Any]]:
    """The campus zone (every machine, server, switch, AP, club) and its reverse zones."""
    domain = campus.settings.domain
    forward: list[dict[str, str]] = []
    reverse: dict[str, list[dict[str, str]]] = defaultdict(list)
    for name, ipv4, ipv6 in _hosts(campus):
        forward.append({"name": name, "type": "A", "value": str(ipv4)})
        zone, record = _reverse4(ipv4)
        reverse[zone].append({"name": record, "type": "PTR", "value": f"{name}.{domain}."})
        if ipv6 is not None:
            forward.append({"name": name, "type": "AAAA", "value": str(ipv6)})
            zone, record = _reverse6(ipv6)
            reverse[zone].append({"name": record, "type": "PTR", "value": f"{name}.{domain}."})
    for club in campus.clubs.values():
        if club.vhost.endswith(f".{domain}"):
            forward.append({"name": club.vhost.removesuffix(f".{domain}"), "type": "CNAME",
                            "value": f"{club.server}.{domain}."})
    forward += mail.dns_records(campus)  # MX, SPF, DKIM, DMARC
    zones = [{"name": domain, "records": forward}]
    zones += [{"name": zone, "records": records} for zone, records in sorted(reverse.items())]
    return zones


def dns(campus: Campus, host: str) -> dict[str, Any]:
    """Authoritative (BIND on 127.0.0.1:5300) and resolver (unbound) on a dns server."""
    zones = dns_zones(campus)
    domain = campus.settings.domain
    networks = [str(n) for v in campus.vlans.values() for n in (v.ipv4, v.ipv6) if n is not None]
    return {
        "dns_authoritative_nameserver": f"ns.{domain}.",
        "dns_authoritative_hostmaster": f"hostmaster.{domain}.",
        "dns_authoritative_zones": zones,
        "dns_resolver_listen_addresses": ["127.0.0.1", "::1", str(campus.servers[host].ipv4)],
        "dns_resolver_allowed_networks": sorted(networks),
        "dns_resolver_stub_zones": [{"name": zone["name"], "servers": [AUTHORITATIVE]} for zone in zones],
    }


#: The router's forwarding policy by VLAN purpose: where machines of a VLAN may open
#: connections (purposes, and UPSTREAM for the Internet). Replies always come back.
UPSTREAM = "upstream"
REACHES: dict[str, tuple[str, ...]] = {
    "members": (UPSTREAM, "servers", "members", "wifi"),
    "wifi": (UPSTREAM, "servers", "members", "wifi"),
    "guest": (UPSTREAM,),  # and the campus resolvers, port 53 (SERVICES)
    "quarantine": (),  # only the quarantine path: DHCP, DNS and page on the router, exceptions
    "servers": (UPSTREAM,),
    "tv": ("members", "wifi"),  # the multicast streams
    "management": (),  # RADIUS and DNS only (DEVICE_SERVICES)
    "ap_management": (),
    "admin": (UPSTREAM, "members", "wifi", "guest", "quarantine", "servers", "tv", "management", "ap_management"),
}
#: Whose machines must be registered (address, MAC) pairs, and whose are all quarantined.
SOURCES = {"members": "registered", "wifi": "registered", "quarantine": "quarantined"}
#: Services of the router itself, per purpose: (TCP ports, UDP ports). DHCP is added on
#: the DHCP VLANs when the router runs it; ICMP and the quarantine path are always there.
NTP, SYSLOG, SSH = 123, 514, 22
ROUTER_SERVICES: dict[str, tuple[tuple[int, ...], tuple[int, ...]]] = {
    "admin": ((SSH,), (NTP,)),
    "servers": ((), (NTP,)),
    "management": ((), (NTP, SYSLOG)),
    "ap_management": ((), (NTP, SYSLOG)),
}
DHCP_PORTS = (67, 547)
#: Narrower openings, per purpose: the servers running a service, on its ports only.
#: (service, TCP ports, UDP ports)
DNS = ("dns", (53,), (53,))
DEVICE_SERVICES = (DNS, ("radius", (), (1812, 1813)))
SERVICES: dict[str, tuple[tuple[str, tuple[int, ...], tuple[int, ...]], ...]] = {
    "guest": (DNS,),
    "management": DEVICE_SERVICES,
    "ap_management": DEVICE_SERVICES,
}
#: Requests the servers running a service start towards the devices of some VLANs: (service,
#: purposes of the VLANs, TCP ports, UDP ports). RADIUS sends RFC 5176 Disconnect/CoA requests
#: to the switches and access points (a member quarantined while connected is moved at once).
SERVER_REQUESTS = (("radius", ("management", "ap_management"), (), (COA_PORT,)),)


def networks_using(campus: Campus, protocol: str, port: int) -> list[str]:
    """The prefixes of the VLANs allowed to use a port of the router itself (ROUTER_SERVICES),
    so that a service on the router answers exactly whom its firewall lets in."""
    index = 0 if protocol == "tcp" else 1
    vlans = sorted((v for v in campus.vlans.values() if port in ROUTER_SERVICES.get(v.purpose, ((), ()))[index]),
                   key=lambda v: v.id)
    return [str(n) for v in vlans for n in (v.ipv4, v.ipv6) if n is not None]


def _prefixes(vlan: Vlan) -> dict[str, list[str]]:
    return {"ipv4": [str(vlan.ipv4)], "ipv6": [str(vlan.ipv6)] if vlan.ipv6 else []}


def firewall_interfaces(campus: Campus) -> list[dict[str, Any]]:
    """One entry per VLAN: its prefixes, NAT, who its sources are, where they may go."""
    vlans = sorted(campus.vlans.values(), key=lambda v: v.id)
    upstream = campus.settings.upstream.interface
    dhcp = "dhcp" in campus.servers[campus.router].services
    result = []
    for vlan in vlans:
        reaches = REACHES.get(vlan.purpose, ())
        tcp, udp = ROUTER_SERVICES.get(vlan.purpose, ((), ()))
        if dhcp and vlan.purpose in DHCP_PURPOSES:
            udp = (*udp, *DHCP_PORTS)
        services = [{"ipv4": [str(s.ipv4) for s in campus.services(service)], "ipv6": [], "sources": [],
                     "tcp": list(tcp_ports), "udp": list(udp_ports)}
                    for service, tcp_ports, udp_ports in SERVICES.get(vlan.purpose, ()) if campus.services(service)]
        services += _server_requests(campus, vlan)
        result.append({
            "name": interface(vlan), **_prefixes(vlan), "nat": "snat" if vlan.nat else "none",
            "sources": SOURCES.get(vlan.purpose, "any"),
            "forward_to": ([upstream] if UPSTREAM in reaches else [])
            + [interface(v) for v in vlans if v.purpose in reaches],
            "forward_services": services,
            "router_tcp": sorted(tcp), "router_udp": sorted(udp),
        })
    return result


def _server_requests(campus: Campus, vlan: Vlan) -> list[dict[str, Any]]:
    """SERVER_REQUESTS as forwarding openings into ``vlan``'s interface: from the servers running
    the service that sit on it only (servers have IPv4 addresses only, so IPv4 openings only)."""
    result = []
    for service, purposes, tcp_ports, udp_ports in SERVER_REQUESTS:
        sources = [str(s.ipv4) for s in campus.services(service) if s.vlan == vlan.name]
        targets = sorted((v for v in campus.vlans.values() if v.purpose in purposes), key=lambda v: v.id)
        if sources and targets:
            result.append({"ipv4": [str(v.ipv4) for v in targets], "ipv6": [], "sources": sources,
                           "tcp": list(tcp_ports), "udp": list(udp_ports)})
    return result


def raw(packed: bytes) -> str:
    """A field as nft's raw payload expressions (``@nh,64,128``) compare it: one hex integer,
    most significant byte first (network order)."""
    return "0x" + packed.hex()


def bindings(campus: Campus) -> dict[str, list[dict[str, str]]]:
    """The registered (address, MAC) pairs of every machine that may connect: the only sources
    the router forwards, and the only neighbours it learns for these addresses. IPv6 pairs
    also come raw: nft 1.0.6 has no named field for a Neighbor Advertisement's target, so the
    neighbour filter reads the addresses and link-layer options as raw payload."""
    machines = [m for m in campus.machines if not m.quarantine]
    return {
        "ipv4": [{"address": str(m.ipv4), "mac": m.mac} for m in machines],
        "ipv6": [{"address": str(m.ipv6), "mac": m.mac, "raw_address": raw(m.ipv6.packed),
                  "raw_mac": raw(bytes.fromhex(m.mac.replace(":", "")))} for m in machines if m.ipv6],
    }


def quarantine(campus: Campus) -> dict[str, Any]:
    """Where quarantined machines land (the router's quarantine VLAN addresses) and what
    they may still reach (campus.quarantine_exceptions)."""
    vlan = campus.vlan_by_purpose("quarantine")[0]
    exceptions = campus.settings.quarantine_exceptions
    return {
        "page_ipv4": str(vlan.gateway4), "page_ipv6": str(vlan.gateway6) if vlan.gateway6 else "",
        "hostname": f"quarantine.{campus.settings.domain}",
        "exceptions": [{"name": name, "ipv4": [str(a) for a in e.ipv4], "ipv6": [str(a) for a in e.ipv6], "tcp": list(e.tcp)}
                       for name, e in sorted(exceptions.items())],
    }


def router(campus: Campus) -> dict[str, Any]:
    """Firewall/NAT, quarantine page and DNS, router advertisements, fair-share shaping
    and TV multicast on the router."""
    vlans = sorted(campus.vlans.values(), key=lambda v: v.id)
    upstream = campus.settings.upstream
    page = quarantine(campus)
    listen = [page["page_ipv4"], *([page["page_ipv6"]] if page["page_ipv6"] else [])]
    tv = campus.vlan_by_purpose("tv")
    return {
        "nftables_upstream": {"interface": upstream.interface, "snat_address": str(upstream.ipv4.ip)},
        "nftables_interfaces": firewall_interfaces(campus),
        "nftables_bindings": bindings(campus),
        "nftables_tv_groups": sorted(f"{group}/32" for group in _tv_groups(campus)) or ["239.255.0.0/16"],
        "nftables_quarantine": {"page_ipv4": page["page_ipv4"], "page_ipv6": page["page_ipv6"], "page_port": 80,
                                "exceptions": [{k: e[k] for k in ("ipv4", "ipv6", "tcp")} for e in page["exceptions"]]},
        "quarantine_page_listen_addresses": listen,
        "quarantine_page_hostname": page["hostname"],
        "quarantine_page_member_url": campus.settings.member_portal_url,
        "quarantine_page_contact": campus.settings.team_contact,
        "quarantine_page_association": campus.settings.name,
        "quarantine_dns_listen_addresses": listen,
        "quarantine_dns_answer": {"ipv4": [page["page_ipv4"]], "ipv6": listen[1:]},
        "quarantine_dns_exceptions": [{k: e[k] for k in ("name", "ipv4", "ipv6")} for e in page["exceptions"]],
        "radvd_interfaces": router_advertisements(campus),
        "shaping_links": shaping_links(campus),
        "multicast_source_interface": interface(tv[0]) if tv else "",
        "multicast_member_interfaces": [interface(v) for v in vlans if v.purpose == "members"],
        "multicast_groups": [{"name": name, "group": str(group), "source": source}
                             for group, (name, source) in _tv_groups(campus).items()],
    }


def router_advertisements(campus: Campus) -> list[dict[str, Any]]:
    """An RA per VLAN with IPv6, its flags matching Kea's DHCPv6: where Kea serves the
    VLAN, M and O on and no autonomous prefix (addresses come only from DHCPv6, so a
    registered machine has exactly its reserved one); elsewhere (servers, management:
    static addresses) the RA only announces the router."""
    dhcp6 = {subnet["interface"] for subnet in kea_dhcp(campus)["kea_dhcp_v6_subnets"]}
    return [{"name": interface(v), "prefix": str(v.ipv6), "managed": interface(v) in dhcp6,
             "other_config": interface(v) in dhcp6}
            for v in sorted(campus.vlans.values(), key=lambda v: v.id) if v.ipv6 is not None]


def _tv_groups(campus: Campus) -> dict[IPv4Address, tuple[str, str]]:
    """TV group -> (name, only source or ""): every channel from its source server, and
    the SAP announcements (from any TV server) when a tuner streams."""
    groups = {c.group: (key, str(campus.servers[c.source].ipv4)) for key, c in sorted(campus.tv_channels.items())}
    if campus.tv_multiplexes:
        groups[tv.SAP_GROUP] = ("sap", "")
    return groups


def shaping_links(campus: Campus) -> list[dict[str, Any]]:
    """A fair share per room on every building reached through a constrained link.

    Download is shaped on the building's VLAN interface, upload on its ifb twin; each
    room (its wired machines' IPv4 and IPv6 addresses) gets link/N and may borrow up to
    the link.
    """
    links = []
    wired = _by_vlan(campus)
    for building in sorted(campus.buildings.values(), key=lambda b: b.code):
        if not building.shaped or building.members_vlan is None:
            continue
        vlan = campus.vlans[building.members_vlan]
        rooms: dict[str, list[Machine]] = defaultdict(list)
        for machine in wired.get(vlan.name, []):
            rooms[machine.room].append(machine)
        links.append({"name": building.path[0], "interface": interface(vlan), "ifb": f"ifb{vlan.id}",
                      "rate_mbit": building.bottleneck_mbps,
                      # rooms by number only: which room holds which machines stays off the router
                      "rooms": [{"id": str(number), "ipv4": sorted(str(m.ipv4) for m in machines),
                                 "ipv6": sorted(str(m.ipv6) for m in machines if m.ipv6)}
                                for number, (_, machines) in enumerate(sorted(rooms.items()), start=1)]})
    return links
