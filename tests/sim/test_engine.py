"""The CLI engine without SSH: grammar, config semantics, error texts."""

from __future__ import annotations

import pytest

from campusnet.sim import DeviceSpec, unknown_lines
from campusnet.sim.device import Device
from campusnet.sim.session import Session


def session(platform: str, startup: str = "", model: str | None = None) -> Session:
    spec = DeviceSpec(name="t", platform=platform, model=model, port=1, username="u", password="p",  # type: ignore[arg-type]
                      hostname="sw", startup_config=startup)
    new = Session(Device(spec))
    new.configure()
    return new


def type_lines(s: Session, *lines: str) -> str:
    return "".join(s.handle(line).text for line in lines)


def test_procurve_invalid_input_names_the_word_and_prompts_again() -> None:
    s = session("hp_procurve")
    assert type_lines(s, "vlan 10", "frobnicate 5") == (
        "sw(vlan-10)# Invalid input: frobnicate\r\nsw(vlan-10)# "
    )
    type_lines(s, "exit")
    assert s.handle("snmp-server bogus x").text.startswith("Invalid input: bogus\r\n")


def test_ios_invalid_input_has_caret_under_the_word() -> None:
    s = session("cisco_ios")
    type_lines(s, "interface GigabitEthernet1/0/1")
    text = s.handle("switchport mode sideways").text
    caret_line = text.splitlines()[0]
    assert caret_line == " " * len("sw(config-if)#switchport mode ") + "^"
    assert "% Invalid input detected at '^' marker." in text
    assert text.endswith("sw(config-if)#")


def test_procurve_vlan_membership_moves_between_vlans() -> None:
    s = session("hp_procurve")  # a J9776A: ports 1-28, all untagged in VLAN 1 at the factory
    type_lines(s, "vlan 10", 'name users', "untagged 5-6", "tagged 24")
    shown = s.device.show_running()
    assert ('vlan 1\r\n   name "DEFAULT_VLAN"\r\n   no untagged 5-6\r\n   untagged 1-4,7-28\r\n'
            '   ip address dhcp-bootp\r\n   exit') in shown
    assert 'vlan 10\r\n   name "users"\r\n   untagged 5-6\r\n   tagged 24\r\n   exit' in shown
    type_lines(s, "no vlan 10")
    assert "vlan 10" not in s.device.show_running()
    assert "interface 5" not in s.device.show_running()


def test_single_valued_settings_replace_and_lines_do_not_duplicate() -> None:
    s = session("hp_procurve")
    type_lines(s, "hostname core", "loop-protect 1-4", "loop-protect 1-4", "interface 3",
               "name a", "name b", "disable", "enable")
    shown = s.device.show_running()
    assert shown.count("loop-protect 1-4") == 1
    assert 'hostname "core"' in shown and 'hostname "sw"' not in shown
    assert 'interface 3\r\n   name "b"\r\n   exit' in shown
    assert s.prompt == "core(eth-3)# "


def test_ios_vty_range_lands_in_the_fixed_blocks_and_no_removes() -> None:
    s = session("cisco_ios")
    type_lines(s, "line vty 0 15", "transport input ssh", "interface Vlan10",
               "ip address 10.0.0.2 255.255.255.0", "ip address 10.0.0.3 255.255.255.0",
               "shutdown", "no shutdown")
    shown = s.device.show_running()
    assert "line vty 0 4\r\n login\r\n transport input ssh\r\n!" in shown  # factory "login" kept
    assert "line vty 5 15\r\n login\r\n transport input ssh\r\n!" in shown
    assert "interface Vlan10\r\n ip address 10.0.0.3 255.255.255.0\r\n!" in shown


def test_unknown_lines_reports_each_rejected_line_with_its_context() -> None:
    text = "hostname sw\ninterface GigabitEthernet1/0/1\n description up\n flux capacitor\nbogus\n"
    assert unknown_lines("WS-C2960X-48TS-L", text) == ["config-if: flux capacitor", "config: bogus"]


@pytest.mark.parametrize("platform", ["hp_procurve", "cisco_ios"])
def test_reject_line_fault_counts_config_lines(platform: str) -> None:
    s = session(platform)
    s.device.faults = s.device.faults.model_copy(update={"reject_line": 2})
    outputs = [s.handle(line).text for line in ("vlan 10", "vlan 20", "vlan 30")]
    assert ["Invalid" in out for out in outputs] == [False, True, False]
