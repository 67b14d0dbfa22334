"""Router and DNS role inputs from the example campus: valid for each role, and right."""

from __future__ import annotations

import os
import subprocess
import sys
from ipaddress import IPv4Address, IPv4Network, IPv6Address
from pathlib import Path
from typing import Any

import pytest
import yaml
from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

from campusnet import router_vars
from campusnet.ansible_vars import layout
from campusnet.derive import load_campus
from campusnet.model import Campus
from tests.conftest import EXAMPLE, ROOT

ROLES = ("kea_dhcp", "dns_authoritative", "dns_resolver", "nftables", "shaping", "multicast", "quarantine_page", "common",
         "radvd", "quarantine_dns", "ntp", "syslog", "tv", "radius", "print")


@pytest.fixture(scope="module")
def campus() -> Campus:
    result = load_campus(EXAMPLE).campus
    assert result is not None
    return result


@pytest.fixture(scope="module")
def hostvars(campus: Campus) -> dict[str, dict[str, Any]]:
    result = layout(campus)
    return {host: {**result.groupvars["servers"], **variables} for host, variables in result.hostvars.items()
            if host in campus.servers}


@pytest.mark.parametrize("role", ROLES)
def test_role_inputs_pass_the_argument_specs(role: str, hostvars: dict[str, dict[str, Any]]) -> None:
    specs = yaml.safe_load((ROOT / "roles" / role / "meta" / "argument_specs.yml").read_text())
    options = specs["argument_specs"]["main"]["options"]
    defaults = yaml.safe_load((ROOT / "roles" / role / "defaults" / "main.yml").read_text()) or {}
    users = [host for host, variables in hostvars.items() if any(key in variables for key in options if key not in defaults)
             or any(key.startswith(f"{role}_") for key in variables)]
    assert users, f"no host receives inputs for role {role}"
    for host in users:
        params = {**defaults, **{k: v for k, v in hostvars[host].items() if k in options}}
        result = ArgumentSpecValidator(options).validate(params)
        assert not result.error_messages, f"{host}/{role}: {result.error_messages[:3]}"


def test_reservations_and_pools(campus: Campus) -> None:
    kea = router_vars.kea_dhcp(campus)
    reserved = {r["ip_address"] for s in kea["kea_dhcp_v4_subnets"] for r in s["reservations"]}
    quarantined = {str(m.ipv4) for m in campus.machines if m.quarantine}
    assert quarantined and not reserved & quarantined, "a quarantined machine kept its reservation"
    assert len(reserved) == len(campus.machines) - len(quarantined)
    for subnet in kea["kea_dhcp_v4_subnets"]:
        network = IPv4Network(subnet["subnet"])
        for pool in subnet["pools"]:
            first, last = (IPv4Address(a.strip()) for a in pool.split("-"))
            assert first in network and last in network
            assert not [r for r in subnet["reservations"] if first <= IPv4Address(r["ip_address"]) <= last]


def test_g_link_fair_share(campus: Campus) -> None:
    (link,) = router_vars.shaping_links(campus)
    assert link["name"] == "g-via-j" and link["rate_mbit"] == 10
    assert link["interface"] == f"vlan{campus.vlans['members-g'].id}"
    g_wired = [m for m in campus.machines if m.building == "g" and m.kind == "wired" and not m.quarantine]
    assert {a for room in link["rooms"] for a in room["ipv4"]} == {str(m.ipv4) for m in g_wired}
    assert {a for room in link["rooms"] for a in room["ipv6"]} == {str(m.ipv6) for m in g_wired}  # IPv6 shares too


def test_only_registered_pairs_are_bound(campus: Campus) -> None:
    bound = router_vars.bindings(campus)
    pairs = {(b["address"], b["mac"]) for family in ("ipv4", "ipv6") for b in bound[family]}
    for machine in campus.machines:
        expected = not machine.quarantine
        assert ((str(machine.ipv4), machine.mac) in pairs) == expected, machine.name
        assert ((str(machine.ipv6), machine.mac) in pairs) == expected, machine.name


def test_raw_ipv6_pairs_are_the_same_pairs(campus: Campus) -> None:
    """The neighbour filter compares raw payload with these integers: network byte order,
    one per field, the same pairs as bound6."""
    pairs = router_vars.bindings(campus)["ipv6"]
    assert pairs
    for pair in pairs:
        assert IPv6Address(int(pair["raw_address"], 16)) == IPv6Address(pair["address"]), pair
        assert int(pair["raw_mac"], 16).to_bytes(6, "big").hex(":") == pair["mac"].lower(), pair
        assert len(pair["raw_address"]) == 2 + 32 and len(pair["raw_mac"]) == 2 + 12, pair  # leading zeros kept


def test_router_advertisements_match_kea_dhcpv6(campus: Campus) -> None:
    served = {s["interface"] for s in router_vars.kea_dhcp(campus)["kea_dhcp_v6_subnets"]}
    adverts = router_vars.router_advertisements(campus)
    assert served and {a["name"] for a in adverts} >= served
    for advert in adverts:
        assert advert["managed"] == advert["other_config"] == (advert["name"] in served), advert


def test_management_plane_is_reached_from_the_admin_vlan_only(campus: Campus) -> None:
    interfaces = {i["name"]: i for i in router_vars.firewall_interfaces(campus)}
    by_purpose = {v.purpose: router_vars.interface(v) for v in campus.vlans.values()}
    plane = {by_purpose[p] for p in ("management", "ap_management", "admin")}
    for name, interface in interfaces.items():
        if name != by_purpose["admin"]:
            assert not plane & set(interface["forward_to"]), name
            assert 22 not in interface["router_tcp"], name
    assert interfaces[by_purpose["admin"]]["router_tcp"] == [22]
    assert interfaces[by_purpose["guest"]]["forward_to"] == [campus.settings.upstream.interface]
    assert interfaces[by_purpose["quarantine"]]["forward_to"] == []
    assert interfaces[by_purpose["quarantine"]]["sources"] == "quarantined"
    assert {i["sources"] for i in interfaces.values() if i["name"] in {router_vars.interface(v) for v in campus.vlans.values()
                                                                       if v.purpose in ("members", "wifi")}} == {"registered"}


def test_into_the_management_plane_only_radius_servers_send_dynamic_authorization(campus: Campus) -> None:
    """A switch or AP takes CoA/Disconnect (UDP 3799) from the RADIUS servers: the router lets
    exactly those through from the servers' VLAN, to the device VLANs only, on that port only."""
    interfaces = {i["name"]: i for i in router_vars.firewall_interfaces(campus)}
    devices = [v for v in campus.vlans.values() if v.purpose in ("management", "ap_management")]
    openings = [(name, service) for name, interface in interfaces.items() for service in interface["forward_services"]
                if set(service["ipv4"]) & {str(v.ipv4) for v in devices}]
    servers = router_vars.interface(campus.vlan_by_purpose("servers")[0])
    radius = sorted(str(s.ipv4) for s in campus.services("radius"))
    assert radius and len(radius) < len(campus.servers)  # the other servers are the attackers here
    assert openings == [(servers, {"ipv4": sorted(str(v.ipv4) for v in devices), "ipv6": [], "sources": radius,
                                   "tcp": [], "udp": [3799]})]


def test_zones_hold_every_machine_and_club(campus: Campus) -> None:
    zones = {z["name"]: z["records"] for z in router_vars.dns_zones(campus)}
    forward = {(r["name"], r["type"]) for r in zones["campus.example"]}
    assert all((m.name, "A") in forward and (m.name, "AAAA") in forward for m in campus.machines)
    assert ("photo.clubs", "CNAME") in forward
    machine = next(m for m in campus.machines if m.name == "m0001-2")
    zone, record = router_vars._reverse4(machine.ipv4)
    assert {"name": record, "type": "PTR", "value": "m0001-2.campus.example."} in zones[zone]
    assert machine.ipv6 is not None
    zone6, record6 = router_vars._reverse6(machine.ipv6)
    assert zone6 == "a.c.0.0.8.b.d.0.1.0.0.2.ip6.arpa" and len(record6.split(".")) == 20


def test_no_personal_data_in_any_host_variable(hostvars: dict[str, dict[str, Any]], personal_data: list[str]) -> None:
    text = yaml.safe_dump(hostvars)
    assert not [item for item in personal_data if item in text]


def test_broken_inventory_stops_ansible_before_any_play(example_copy: Path) -> None:
    machines = example_copy / "machines.yml"
    machines.write_text(machines.read_text().replace("wired 10.128.32.10", "wired 10.99.0.10", 1))
    env = {**os.environ, "ANSIBLE_CONFIG": str(ROOT / "ansible.cfg")}
    result = subprocess.run([str(Path(sys.executable).parent / "ansible-playbook"), "-i", str(example_copy),
                             str(ROOT / "playbooks" / "router.yml")], cwd=ROOT, env=env, capture_output=True,
                            text=True, check=False)
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "machines.m0001[1].ipv4: 10.99.0.10 is outside VLAN members-h's subnet" in output
    assert "PLAY [" not in output, "a play started with a broken inventory"


def test_the_router_labs_campus_is_valid() -> None:
    """The attacker's test computes the lab router's inputs from this campus: keep it valid
    (a schema change that breaks it shows here, not only in the Molecule run)."""
    derivation = load_campus(ROOT / "roles" / "nftables" / "molecule" / "default" / "campus")
    assert derivation.campus is not None
    names = {i["name"] for i in router_vars.firewall_interfaces(derivation.campus)}
    assert names == {"vlan10", "vlan11", "vlan12", "vlan20", "vlan40", "vlan50", "vlan60", "vlan107"}
