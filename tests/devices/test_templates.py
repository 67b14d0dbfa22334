"""Template corrections from the vendors' documentation: one test each, on the example.

The simulator tests (test_models.py) prove each model accepts and prints these lines back;
these check that the corrections are there at all, where the documentation asks for them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from campusnet.catalogue import catalogue
from campusnet.derive import load_campus
from campusnet.model import Campus
from campusnet.render.engine import render_campus
from tests.devices.conftest import render_on


@pytest.fixture(scope="module")
def renders(example_campus: Campus) -> dict[str, str]:
    return {r.device: r.files.get("running.cfg", "") for r in render_campus(example_campus)}


def blocks(text: str, start: str) -> list[list[str]]:
    """The indented lines under each top-level line starting with ``start``."""
    found: list[list[str]] = []
    current: list[str] | None = None
    for line in text.splitlines():
        if line.startswith(start):
            current = []
            found.append(current)
        elif current is not None and line.startswith(" ") and line.strip() != "exit":
            current.append(line.strip())
        elif not line.startswith(" "):
            current = None
    return found


def test_ios_local_logins_keep_their_privilege_under_aaa(renders: dict[str, str]) -> None:
    for text in (renders["sw-i-1"], renders["sw-m-1"]):
        assert "aaa new-model\naaa authentication login default local\naaa authorization exec default local\n" in text
        assert "login local" not in text  # ignored under aaa new-model, and never printed


def test_ios_errdisable_recovers_port_security_and_vstack_is_off(renders: dict[str, str]) -> None:
    text = renders["sw-m-1"]
    assert "errdisable recovery cause psecure-violation\n" in text and "errdisable recovery cause bpduguard\n" in text
    assert "errdisable recovery interval" not in text  # 300 s is the default: the switch prints nothing
    assert "\nno vstack\n" in text


def test_ios_portfast_keyword_follows_the_firmware(renders: dict[str, str]) -> None:
    assert " spanning-tree portfast\n" in renders["sw-i-1"] and "portfast edge" not in renders["sw-i-1"]
    assert " spanning-tree portfast edge\n" in renders["sw-m-1"]


def test_ios_rooms_use_multi_auth_without_a_restricted_vlan_and_a_critical_vlan(renders: dict[str, str]) -> None:
    for name in ("sw-i-1", "sw-m-1"):
        for block in blocks(renders[name], "interface "):
            if "authentication host-mode multi-auth" in block:
                assert not [line for line in block if line.startswith("authentication event fail")], name
                access = next(line for line in block if line.startswith("switchport access vlan "))
                vlan = access.split()[-1]
                assert f"authentication event server dead action authorize vlan {vlan}" in block, name


def test_rooms_have_storm_control_and_no_discovery_protocols(renders: dict[str, str], example_campus: Campus) -> None:
    ios = [b for b in blocks(renders["sw-m-1"], "interface ") if any(line.startswith("description room") for line in b)]
    assert ios and all("no cdp enable" in b and "storm-control broadcast level 5.00" in b for b in ios)
    switch = example_campus.switches["sw-a-1"]
    rooms = [p.number for p in switch.ports if p.use == "room"]
    assert f"lldp admin-status {rooms[0]}-{rooms[-1]} disable\n" in renders["sw-a-1"]
    aruba = [b for b in blocks(renders["sw-a-1"], "interface ") if any("room" in line for line in b)]
    assert aruba and all("rate-limit bcast in percent 5" in b for b in aruba)


def test_aruba_spanning_tree_is_on_where_edge_ports_are_declared(renders: dict[str, str]) -> None:
    text = renders["sw-a-1"]
    assert "\nspanning-tree\n" in text
    assert "   spanning-tree admin-edge-port\n" in text


def test_aruba_tv_querier_on_the_switch_holding_the_tv_source(renders: dict[str, str]) -> None:
    core = renders["sw-cournot-1"]
    assert "   ip igmp querier\n" in core
    assert not [n for n, t in renders.items() if n != "sw-cournot-1" and "ip igmp querier" in t]


def test_aruba_radius_accounting_and_change_of_authorization(renders: dict[str, str]) -> None:
    text = renders["sw-a-1"]
    assert "aaa accounting network start-stop radius\n" in text
    assert "radius-server host 10.0.20.7 dyn-authorization\n" in text


def test_dhcpv6_guard_where_the_model_has_it(example_campus: Campus) -> None:
    for key in ("WS-C2960X-48TS-L", "JL260A", "WS-C2960-24TT-L", "J9776A"):
        hardware = catalogue().model(key)
        _, text = render_on(example_campus, hardware)
        present = "ipv6 dhcp guard attach-policy CLIENT" in text or "dhcpv6-snooping vlan" in text
        assert present == hardware.has("dhcpv6_guard"), key


def test_every_radius_server_is_rendered(example_copy: Path) -> None:
    servers = example_copy / "servers.yml"
    servers.write_text(servers.read_text().replace(
        "  srv-radius:\n", "  srv-radius-2:\n    building: cournot\n    services:\n    - radius\n    ipv4: 10.0.20.50\n"
                            "  srv-radius:\n", 1))
    campus = load_campus(example_copy).campus
    assert campus is not None and len(campus.services("radius")) == 2
    texts = {r.device: r.files.get("running.cfg", "") for r in render_campus(campus, limit="sw-[ai]-1")}
    for address in ("10.0.20.7", "10.0.20.50"):
        assert f"radius-server host {address} auth-port 1812 acct-port 1813 key " in texts["sw-i-1"]
        assert f"radius-server host {address} key " in texts["sw-a-1"]
        assert f"radius-server host {address} dyn-authorization" in texts["sw-a-1"]
