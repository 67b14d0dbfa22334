"""Inputs of the tv role: MuMuDVB per tuner, SAP announcements, the members' M3U playlist.

Every TV server streams the multiplexes its tuners receive and serves the playlist of the
whole campus (every channel, whoever streams it). Pure: no I/O.
"""

from __future__ import annotations

from ipaddress import IPv4Address
from typing import Any

from campusnet.model import Campus

#: SAP announcements (RFC 2974): MuMuDVB 1.7 sends them to the global-scope SAP address,
#: port 9875 (compiled in). The router forwards it to the members' networks like a channel.
SAP_GROUP = IPv4Address("224.2.127.254")
#: Between the TV VLAN and every members' VLAN there is exactly one router (the campus's):
#: it forwards a packet sent with TTL 2 as TTL 1, which the next router (the school's)
#: drops. The firewall also drops TV groups towards the upstream; this is the second wall.
CAMPUS_ROUTER_HOPS = 1
TTL = CAMPUS_ROUTER_HOPS + 1
#: Networks allowed to fetch the playlist and join the channels.
VIEWER_PURPOSES = ("members", "wifi")
PLAYLIST_PATH = "/tv.m3u8"


def tv(campus: Campus, host: str) -> dict[str, Any]:
    """Streamers for the multiplexes ``host`` receives; the campus playlist."""
    channels = sorted(campus.tv_channels.items())
    streamers = []
    for name, multiplex in sorted(campus.tv_multiplexes.items()):
        if multiplex.server != host:
            continue
        streamers.append({
            "name": name, "card": multiplex.card, "tuner": multiplex.tuner,
            "frequency_mhz": f"{multiplex.frequency_khz / 1000:.3f}",
            "bandwidth": f"{multiplex.bandwidth_mhz}MHz", "delivery_system": multiplex.delivery_system.upper(),
            "channels": [{"name": c.name, "group": str(c.group), "port": c.port, "pids": list(c.pids)}
                         for _, c in channels if c.multiplex == name],
        })
    viewers = [v for v in campus.vlans.values() if v.purpose in VIEWER_PURPOSES]
    return {
        "tv_listen_address": str(campus.servers[host].ipv4),
        "tv_multicast_ttl": TTL,
        "tv_sap_organisation": campus.settings.name,
        "tv_streamers": streamers,
        "tv_playlist_path": PLAYLIST_PATH,
        "tv_playlist": [{"name": c.name, "url": f"udp://@{c.group}:{c.port}"} for _, c in channels],
        "tv_playlist_networks": sorted(str(n) for v in viewers for n in (v.ipv4, v.ipv6) if n is not None),
    }
