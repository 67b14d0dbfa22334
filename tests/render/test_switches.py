"""Rendered switch configurations, read back through hier_config, against the model."""

from __future__ import annotations

import pytest
from hier_config import WorkflowRemediation

from campusnet.model import Switch
from campusnet.render.engine import render_campus
from tests.render.conftest import Case
from tests.render.parse import hconfig, management_vlan, memberships


def _switches(case: Case) -> list[str]:
    return sorted(case.campus.switches)


def test_every_switch_parses_and_its_self_remediation_is_empty(case: Case) -> None:
    for name, switch in case.campus.switches.items():
        text = case.text(name)
        tree = hconfig(switch.platform, text)
        interfaces = [c for c in tree.get_children(startswith="interface ") if "Vlan" not in c.text]
        assert len(interfaces) == switch.port_count, name  # every port, each block closed
        remediation = WorkflowRemediation(tree, hconfig(switch.platform, text)).remediation_config
        assert not remediation.children, f"{name}: {remediation.dump_simple()}"


def test_rendering_is_deterministic(case: Case) -> None:
    again = {r.device: r.files for r in render_campus(case.campus)}
    assert again == {name: r.files for name, r in case.rendered.items()}


def test_room_ports_are_untagged_in_their_buildings_members_vlan(case: Case) -> None:
    checked = 0
    for name, switch in case.campus.switches.items():
        rooms = [p for p in switch.ports if p.use == "room"]
        if not rooms:
            continue
        members = case.campus.vlans[case.campus.buildings[switch.building].members_vlan or ""].id
        ports = memberships(switch.platform, case.text(name), switch.device_model)
        for port in rooms:
            assert ports[port.number].untagged == members, f"{name}:{port.number}"
            assert ports[port.number].tagged == set(), f"{name}:{port.number}"
            checked += 1
    assert checked > 100


def test_access_point_ports_carry_their_ssid_vlans_tagged(case: Case) -> None:
    assert case.campus.access_points
    for ap in case.campus.access_points.values():
        switch = case.campus.switches[ap.switch]
        port = memberships(switch.platform, case.text(switch.name), switch.device_model)[ap.port]
        assert {v.id for v in ap.ssid_vlans} | {ap.management_vlan.id} <= port.tagged, ap.name
        assert port.untagged is None, ap.name  # unplug the AP: an untagged laptop lands nowhere


def test_no_edge_port_carries_the_management_plane(case: Case) -> None:
    """What a laptop on a room or access point port can reach, as the rendered text says."""
    plane = {v.id: v.purpose for v in case.campus.vlans.values() if v.purpose in ("admin", "management", "ap_management")}
    checked = 0
    for name, switch in case.campus.switches.items():
        ports = memberships(switch.platform, case.text(name), switch.device_model)
        for port in switch.ports:
            if port.use not in ("room", "ap"):
                continue
            seen = ports[port.number]
            untagged = {seen.untagged, seen.unauth} - {None}
            assert not untagged & set(plane), f"{name}:{port.number} untagged {untagged}"
            allowed = {i for i, purpose in plane.items() if purpose == "ap_management" and port.use == "ap"}
            assert not (seen.tagged & set(plane)) - allowed, f"{name}:{port.number} tagged {seen.tagged}"
            checked += 1
    assert checked > 100


def _uses(switch: Switch, text: str, trunks: set[int]) -> set[int]:
    """The VLANs a switch needs for itself: its management and every edge port's VLANs."""
    used = {management_vlan(switch.platform, text)}
    for number, port in memberships(switch.platform, text, switch.device_model).items():
        if number not in trunks and port.enabled:
            used |= port.tagged | {port.untagged, port.unauth} - {None}  # type: ignore[operator]
    return used


def test_every_uplink_carries_what_its_side_needs(case: Case) -> None:
    campus = case.campus
    links = [link for link in campus.links.values() if link.active]
    trunks = {end for link in links for end in (link.a, link.b)}
    carried = {(name, number): port.tagged for name, switch in campus.switches.items()
               for number, port in memberships(switch.platform, case.text(name), switch.device_model).items()}
    for name, switch in campus.switches.items():
        own_trunks = {n for s, n in trunks if s == name} | {switch.uplink_port}
        needed = _uses(switch, case.text(name), own_trunks)
        assert needed <= carried[(name, switch.uplink_port)], f"{name} uplink misses {needed - carried[(name, switch.uplink_port)]}"
    for link in links:  # both ends agree, and the far side passes it on upwards
        assert carried[link.a] == carried[link.b], link.name
        lower, upper = (link.a, link.b) if campus.switches[link.a[0]].uplink_port == link.a[1] else (link.b, link.a)
        assert carried[lower] <= carried[(upper[0], campus.switches[upper[0]].uplink_port)], link.name


def test_unused_and_standby_ports_are_shut(case: Case) -> None:
    for name, switch in case.campus.switches.items():
        ports = memberships(switch.platform, case.text(name), switch.device_model)
        for port in switch.ports:
            assert ports[port.number].enabled == (port.use not in ("unused", "standby")), f"{name}:{port.number}"


def test_no_member_name_or_email_in_any_rendered_file(case: Case) -> None:
    personal = case.personal_data()
    assert len(personal) > 100
    everything = "\n".join(case.text(name) for name in case.rendered)
    leaked = [item for item in personal if item in everything]
    assert not leaked


@pytest.mark.parametrize("platform", ["hp_procurve", "cisco_ios"])
def test_device_login_is_hashed_never_plaintext(example: Case, platform: str) -> None:
    password = example.campus.secrets.device_password
    names = [n for n, s in example.campus.switches.items() if s.platform == platform]
    assert names
    for name in names:
        text = example.text(name)
        assert password not in text
        assert example.campus.secrets.device_username in text


def test_management_is_restricted_to_the_admin_vlan(example: Case) -> None:
    assert str(example.campus.vlan_by_purpose("admin")[0].ipv4) == "10.0.16.0/26"
    procurve, ios = example.text("sw-a-1"), example.text("sw-i-1")
    assert "ip authorized-managers 10.0.16.0 255.255.255.192 access manager" in procurve
    assert " permit 10.0.16.0 0.0.0.63" in ios
    assert ios.count(" access-class MANAGEMENT in") == 2
