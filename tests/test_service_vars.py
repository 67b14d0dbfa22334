"""Print, TV and RADIUS role inputs from the example campus: right, and free of personal data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from campusnet import router_vars
from campusnet.derive import load_campus
from campusnet.model import Campus
from campusnet.redact import campus_redactor
from campusnet.render.engine import render_campus
from campusnet.service_vars import printing, radius, tv
from tests.conftest import EXAMPLE


@pytest.fixture(scope="module")
def campus() -> Campus:
    result = load_campus(EXAMPLE).campus
    assert result is not None
    return result


def test_tv_streamers_follow_the_multiplexes(campus: Campus) -> None:
    variables = tv.tv(campus, "srv-tv")
    streamers = {s["name"]: s for s in variables["tv_streamers"]}
    assert set(streamers) == set(campus.tv_multiplexes)
    tuned = {c["group"] for s in streamers.values() for c in s["channels"]}
    assert tuned == {str(c.group) for c in campus.tv_channels.values() if c.multiplex}
    assert streamers["mux-r1"]["frequency_mhz"] == "586.166" and streamers["mux-r1"]["delivery_system"] == "DVBT"
    assert len(variables["tv_playlist"]) == len(campus.tv_channels)
    assert variables["tv_multicast_ttl"] == 2
    viewers = {str(v.ipv4) for v in campus.vlans.values() if v.purpose in ("members", "wifi")}
    assert viewers <= set(variables["tv_playlist_networks"])
    assert not {str(v.ipv4) for v in campus.vlans.values() if v.purpose in ("servers", "management", "guest")} \
        & set(variables["tv_playlist_networks"])


def test_router_forwards_channels_from_their_source_and_sap(campus: Campus) -> None:
    router = router_vars.router(campus)
    groups = {g["group"]: g["source"] for g in router["multicast_groups"]}
    assert groups[str(tv.SAP_GROUP)] == ""
    for channel in campus.tv_channels.values():
        assert groups[str(channel.group)] == str(campus.servers[channel.source].ipv4)
    assert f"{tv.SAP_GROUP}/32" in router["nftables_tv_groups"]


def test_service_inputs_name_no_member(campus: Campus, personal_data: list[str]) -> None:
    from campusnet.ansible_vars import service_vars

    text = json.dumps({host: service_vars(campus, host) for host in campus.servers})
    assert not [value for value in personal_data if value in text]


def test_a_device_secret_reaches_only_its_device_and_is_masked(example_copy: Path) -> None:
    secrets = example_copy / "secrets.yml"
    own = "sw-a-1-only-radius-key"
    secrets.write_text(secrets.read_text() + f"  devices:\n    sw-a-1: {{radius_secret: {own}}}\n    ap-j-1: {{radius_secret: ap-j-1-only-radius}}\n")
    campus = load_campus(example_copy).campus
    assert campus is not None
    rendered = {r.device: "".join(r.files.values()) for r in render_campus(campus)}
    assert f'key "{own}"' in rendered["sw-a-1"] and own not in rendered["sw-a-2"]
    assert "option auth_secret 'ap-j-1-only-radius'" in rendered["ap-j-1"]
    assert campus.secrets.radius_secret in rendered["sw-a-2"] and campus.secrets.radius_secret in rendered["ap-j-2"]
    assert own not in campus_redactor(campus.secrets)(rendered["sw-a-1"])


def test_radius_decisions_follow_registration_and_quarantine(campus: Campus) -> None:
    variables = radius.radius(campus, "srv-radius")
    quarantine = campus.vlan_by_purpose("quarantine")[0].id
    decisions = {m["mac"]: m for m in variables["radius_machines"]}
    wired = [m for m in campus.machines if m.kind == "wired"]
    assert len(decisions) == len(wired) and not any(m.kind == "wifi" and radius.mac_key(m.mac) in decisions
                                                     for m in campus.machines)
    for machine in wired:
        decision = decisions[radius.mac_key(machine.mac)]
        assert decision["member"] == machine.member
        expected = quarantine if machine.quarantine else campus.vlans[machine.vlan].id
        assert (decision["vlan"], decision["state"]) == (expected, "quarantined" if machine.quarantine else "active")
    names = {c["name"] for c in variables["radius_clients"]}
    assert {s.name for s in campus.switches.values() if any(p.profile.radius == "mac" for p in s.ports)} <= names
    assert {a.name for a in campus.access_points.values()} <= names
    assert "radius_client_secrets" not in variables


def test_radius_strict_ports_name_the_port_as_each_platform_sends_it(example_copy: Path) -> None:
    switches = example_copy / "switches.yml"
    text = switches.read_text().replace("    radius_mode: common\n", "    radius_mode: strict\n")
    switches.write_text(text)
    campus = load_campus(example_copy).campus
    assert campus is not None
    ports = radius.radius(campus, "srv-radius")["radius_strict_ports"]
    assert "sw-a-1:1" in ports  # ArubaOS-Switch: NAS-Port, the port number
    assert "sw-i-1:FastEthernet0/1" in ports  # IOS (a WS-C2960-24TT-L): NAS-Port-Id, the interface name
    secrets = radius.private(campus)["radius_client_secrets"]
    assert secrets["sw-a-1"] == campus.secrets.radius_secret


def test_radius_8021x_logins_vlans_and_directory(campus: Campus) -> None:
    variables = radius.radius(campus, "srv-radius")
    logins = {login["id"]: login["state"] for login in variables["radius_logins"]}
    assert set(logins) == {m.id for m in campus.members if m.active}, "a former member may not log in by 802.1X"
    quarantined = {m.id for m in campus.members if m.active and m.quarantined}
    assert quarantined and {i for i, state in logins.items() if state == "quarantined"} == quarantined
    # e-mail quarantine is the reason here (an ended membership is not a login at all)
    assert {m.member for m in campus.machines if m.quarantine and m.quarantine.startswith("e-mail")} <= quarantined
    wifi = campus.vlan_by_purpose("wifi")[0].id
    clients = {c["name"]: c for c in variables["radius_clients"]}
    assert all(clients[a]["dot1x_vlan"] == wifi for a in campus.access_points)
    assert all(c["dot1x_vlan"] == 0 for c in clients.values() if c["kind"] == "switch"), "no 802.1X port in the example"
    assert variables["radius_eap_server_name"] == "srv-radius.campus.example"
    assert variables["radius_directory_bind_dn"] == "cn=srv-radius,ou=services,dc=campus,dc=example"
    assert variables["radius_directory_uri"] == "ldap://srv-ldap.campus.example"


def test_radius_8021x_switch_ports_get_the_buildings_members_vlan(example_copy: Path) -> None:
    switches = example_copy / "switches.yml"
    switches.write_text(switches.read_text().replace("    untagged: members\n    radius: mac\n",
                                                     "    untagged: members\n    radius: dot1x\n", 1))
    campus = load_campus(example_copy).campus
    assert campus is not None
    clients = {c["name"]: c for c in radius.radius(campus, "srv-radius")["radius_clients"]}
    assert clients["sw-a-1"]["dot1x_vlan"] == campus.vlans["members-a"].id
    assert clients["sw-b-1"]["dot1x_vlan"] == campus.vlans["members-b"].id


def test_print_queues_networks_and_login(campus: Campus) -> None:
    variables = printing.printing(campus, "srv-print")
    assert {q["name"] for q in variables["print_queues"]} == {n for n, p in campus.printers.items() if p.server == "srv-print"}
    networks = variables["print_allowed_networks"]
    assert "10.64.0.0/16" in networks and "[2001:db8:ca:40::]/64" in networks  # cupsd.conf's IPv6 form
    assert not any(str(v.ipv4) in networks for v in campus.vlans.values() if v.purpose not in ("members", "wifi"))
    assert variables["print_directory_bind_dn"] == "cn=srv-print,ou=services,dc=campus,dc=example"
    assert variables["print_quota_period"] == campus.printing.quota_period_days * 86400
