"""Inputs of the radius role (FreeRADIUS): clients, per-machine decisions, strict ports.

MAC authentication (wired room ports): the switch asks with the machine's MAC. A registered
wired machine of an active member gets its members' VLAN, one of a quarantined member the
quarantine VLAN; an unknown MAC is refused on a port whose profile says ``radius_mode:
strict`` and put in the quarantine VLAN on the others ('common'). Wifi machines are not in
the table: wifi is 802.1X (the member's login), and a wifi MAC on a wired port is unknown.

802.1X (EAP-TTLS with inner PAP): the member logs in with the pseudonymous id and the
directory password; the server checks it by binding to the directory as the member. An
active member gets the VLAN of the client that asks (an access point: the wifi VLAN, where
members' wifi machines are registered; a switch with 802.1X ports: its building's members'
VLAN); a quarantined member (e-mail invalid or bounced) is refused, since access points
do not carry the quarantine VLAN. Only clients with a ``dot1x_vlan`` may ask for 802.1X.

Public inputs name machines by MAC and members by pseudonymous id only; the clients' shared
secrets are private (``private()``, never host variables). Pure: no I/O.
"""

from __future__ import annotations

import re
from typing import Any

from campusnet.model import Campus, Switch
from campusnet.service_vars import directory

#: RFC 5176 Dynamic Authorization port, where switches and APs take Disconnect/CoA requests.
COA_PORT = 3799


def mac_key(mac: str) -> str:
    """02:ca:00:00:00:01 -> 02ca00000001 (the form the RADIUS server normalises every MAC to)."""
    return re.sub(r"[^0-9a-f]", "", mac.lower())


def _port_keys(switch: Switch) -> list[str]:
    """Strict RADIUS ports as the switch names them in a request: ``<switch>:<NAS-Port-Id>``
    when the platform sends the interface name (IOS), else ``<switch>:<NAS-Port>`` (the port
    number, ArubaOS-Switch): the interface name the switch model prints (the catalogue)."""
    return [f"{switch.name}:{switch.device_model.port_name(p.number)}" for p in switch.ports
            if p.profile.enabled and p.profile.radius != "none" and p.profile.radius_mode == "strict"]


def _radius_switches(campus: Campus) -> list[Switch]:
    return sorted((s for s in campus.switches.values() if any(p.profile.radius != "none" for p in s.ports)),
                  key=lambda s: s.name)


def _dot1x_vlan(campus: Campus, switch: Switch) -> int:
    """The VLAN an active member gets on the switch's 802.1X ports (its building's members'
    VLAN, as MAC authentication gives wired machines); 0 when it has none: no 802.1X."""
    vlan = campus.buildings[switch.building].members_vlan
    if vlan is None or not any(p.profile.enabled and p.profile.radius == "dot1x" for p in switch.ports):
        return 0
    return campus.vlans[vlan].id


def _clients(campus: Campus) -> list[dict[str, Any]]:
    """Switches with RADIUS ports and access points with an 802.1X SSID; ``dot1x_vlan`` is
    the VLAN of an active member authenticated by 802.1X through it (0: it may not ask)."""
    wifi = campus.vlan_by_purpose("wifi")[0].id
    clients: list[dict[str, Any]] = [
        {"name": s.name, "address": str(s.management.ip), "kind": "switch", "dot1x_vlan": _dot1x_vlan(campus, s)}
        for s in _radius_switches(campus)]
    clients += [{"name": a.name, "address": str(a.management.ip), "kind": "access_point", "dot1x_vlan": wifi}
                for a in sorted(campus.access_points.values(), key=lambda a: a.name)
                if any(ssid.security != "open" for ssid in a.ssids)]
    return clients


def radius(campus: Campus, host: str) -> dict[str, Any]:
    """Clients, per-machine decisions, strict ports (no secret: see ``private``)."""
    quarantine = campus.vlan_by_purpose("quarantine")[0]
    machines = [{"mac": mac_key(m.mac), "vlan": quarantine.id if m.quarantine else campus.vlans[m.vlan].id,
                 "member": m.member, "state": "quarantined" if m.quarantine else "active"}
                for m in sorted(campus.machines, key=lambda m: m.mac) if m.kind == "wired"]
    return {
        "radius_listen_address": str(campus.servers[host].ipv4),
        "radius_clients": _clients(campus),
        "radius_machines": machines,
        "radius_strict_ports": sorted(key for s in _radius_switches(campus) for key in _port_keys(s)),
        "radius_quarantine_vlan": quarantine.id,
        "radius_coa_port": COA_PORT,
        "radius_eap_server_name": f"{host}.{campus.settings.domain}",
        "radius_eap_realm": campus.settings.domain,
        "radius_logins": [{"id": m.id, "state": "quarantined" if m.quarantined else "active"}
                          for m in sorted(campus.members, key=lambda m: m.id) if m.active],
        "radius_directory_uri": directory.client(campus)["directory_client_uri"],
        "radius_directory_base_dn": directory.base_dn(campus.settings.domain),
        "radius_directory_bind_dn": directory.service_dn(campus, host),
    }


def private(campus: Campus) -> dict[str, Any]:
    """The shared secret of every client (read through the private lookup, never a host variable).
    The directory password is the server's ``directory_bind_password`` (service_vars.private)."""
    return {"radius_client_secrets": {c["name"]: campus.secrets.radius_secret_of(c["name"]) for c in _clients(campus)}}
