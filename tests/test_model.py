"""Unit tests of the derived campus model (pure: no files written, no devices)."""

from __future__ import annotations

from datetime import date
from ipaddress import IPv4Address, IPv6Address
from pathlib import Path

import pytest

from campusnet import gen
from campusnet.derive import derive, load_campus
from campusnet.inventory.load import load_inventory
from campusnet.model import Campus
from tests.conftest import EXAMPLE

TODAY = date(2026, 11, 27)


@pytest.fixture(scope="module")
def campus() -> Campus:
    result = load_campus(EXAMPLE, today=TODAY).campus
    assert result is not None
    return result


def test_building_g_is_shaped_through_j(campus: Campus) -> None:
    g = campus.buildings["g"]
    assert g.path == ("g-via-j", "j-fibre")
    assert g.bottleneck_mbps == 10 and g.shaped
    assert len(g.rooms) == 255
    assert not campus.buildings["j"].shaped
    assert not campus.links["g-fibre"].active


def test_g_back_on_fibre_is_one_line(example_copy: Path) -> None:
    path = example_copy / "buildings.yml"
    path.write_text(path.read_text().replace("uplink: g-via-j", "uplink: g-fibre", 1))
    campus = load_campus(example_copy, today=TODAY).campus
    assert campus is not None
    g = campus.buildings["g"]
    assert g.path == ("g-fibre",) and g.bottleneck_mbps == 1000 and not g.shaped
    assert not campus.links["g-via-j"].active


def test_uplinks_carry_what_is_below(campus: Campus) -> None:
    members_g = campus.vlans["members-g"].id
    j_root = campus.switches["sw-j-1"]
    g_link = campus.links["g-via-j"]
    j_port = j_root.ports[g_link.b[1] - 1]
    assert j_port.use == "uplink" and members_g in j_port.tagged
    j_up = j_root.ports[j_root.uplink_port - 1]  # type: ignore[operator]
    assert members_g in j_up.tagged  # G's traffic crosses J's own uplink
    assert members_g not in campus.switches["sw-a-1"].ports[campus.switches["sw-a-1"].uplink_port - 1].tagged  # type: ignore[operator]


def test_room_ports_untagged_in_building_vlan(campus: Campus) -> None:
    for switch in campus.switches.values():
        building = campus.buildings[switch.building]
        for port in switch.ports:
            if port.use == "room":
                assert port.untagged == campus.vlans[building.members_vlan or ""].id


def test_machine_addresses(campus: Campus) -> None:
    machine = next(m for m in campus.machines if m.name == "m0001-2")
    assert machine.ipv4 == IPv4Address("10.128.32.10")
    assert machine.ipv6 == IPv6Address("2001:db8:ca:104::a")  # the /64 + the host part of the IPv4
    assert machine.vlan == "members-h"


def test_quarantine_reasons(campus: Campus) -> None:
    reasons = {m.quarantine for m in campus.machines}
    assert reasons == {None, "membership ended", "e-mail invalid", "e-mail bounced"}
    later = derive(load_inventory(EXAMPLE), today=date(2027, 7, 1)).campus
    assert later is not None and all(m.quarantine == "membership ended" for m in later.machines)


def test_generator_is_deterministic_and_valid(tmp_path: Path) -> None:
    spec = gen.Spec(buildings=10, members=600, switches=30, access_points=40, clubs=20, seed=5)
    assert gen.generate(spec) == gen.generate(spec)
    gen.write(spec, tmp_path)
    derivation = load_campus(tmp_path, today=TODAY)
    assert derivation.campus is not None and len(derivation.campus.switches) >= 30


def test_a_member_portal_quarantined_machines_cannot_reach_is_a_warning(example_copy: Path) -> None:
    path = example_copy / "network.yml"
    text = path.read_text()
    assert "quarantine_exceptions:\n    members.campus.example:" in text
    path.write_text(text.replace("quarantine_exceptions:\n    members.campus.example:",
                                 "quarantine_exceptions:\n    portal.campus.example:", 1))
    derivation = load_campus(example_copy, today=TODAY)
    assert derivation.campus is not None
    assert [w.message for w in derivation.warnings if w.path == ("campus", "member_portal_url")] == [
        "quarantined machines cannot reach members.campus.example: add it to campus.quarantine_exceptions"]
