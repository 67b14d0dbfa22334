"""The simulators refuse what the model's firmware refuses, with its own words, and keep
the configuration the way the firmware prints it."""

from __future__ import annotations

from campusnet.catalogue import catalogue
from campusnet.sim.session import Session
from tests.devices.conftest import printed
from tests.sim.test_engine import session
from tests.sim.test_engine import type_lines as typed


def configure(model: str) -> Session:
    """A factory-default ``model`` in configuration mode, host name "sw"."""
    return session(catalogue().model(model).platform, model=model)


def test_ios_refuses_an_interface_the_model_lacks_with_a_caret_under_it() -> None:
    s = configure("WS-C2960-24TT-L")
    reply = typed(s, "interface FastEthernet0/25")
    assert reply.splitlines()[0] == " " * len("sw(config)#interface ") + "^"
    assert "% Invalid input detected at '^' marker." in reply
    assert s.device.rejected == ["config: interface FastEthernet0/25"]
    assert "Invalid" not in typed(s, "interface GigabitEthernet0/2")  # its uplink exists


def test_ios_vlan_ids_stay_within_1_to_4094() -> None:
    s = configure("WS-C2960X-48TS-L")
    assert "% Invalid input" in typed(s, "vlan 4095")
    assert "% Invalid input" in typed(s, "interface GigabitEthernet1/0/1", "switchport trunk allowed vlan 10,5000")
    assert "Invalid" not in typed(s, "switchport trunk allowed vlan 10,11,20-22")
    assert " switchport trunk allowed vlan 10,11,20-22" in printed(s.device.show_running())


def test_ios_trunk_encapsulation_exists_only_where_the_model_has_isl() -> None:
    line = "switchport trunk encapsulation dot1q"
    on_2960 = configure("WS-C2960-24TT-L")
    assert "% Invalid input" in typed(on_2960, "interface GigabitEthernet0/1", line)
    on_3750 = configure("WS-C3750X-48T-S")
    assert "Invalid" not in typed(on_3750, "interface GigabitEthernet1/1/1", line)


def test_ios_portfast_keyword_follows_the_firmware() -> None:
    old = configure("WS-C2960-24TT-L")
    assert "% Invalid input" in typed(old, "interface FastEthernet0/1", "spanning-tree portfast edge")
    new = configure("WS-C2960X-48TS-L")
    typed(new, "interface GigabitEthernet1/0/1", "spanning-tree portfast")
    assert " spanning-tree portfast edge" in printed(new.device.show_running())


def test_ios_refuses_an_auth_fail_vlan_on_a_multi_auth_port() -> None:
    s = configure("WS-C2960X-48TS-L")
    reply = typed(s, "interface GigabitEthernet1/0/1", "authentication host-mode multi-auth",
                  "authentication event fail action authorize vlan 50")
    assert "not supported in multi-auth host mode" in reply
    assert "authentication event fail" not in s.device.show_running()
    assert "Invalid" not in typed(s, "authentication event server dead action authorize vlan 100")


def test_ios_keeps_no_line_for_defaults() -> None:
    s = configure("WS-C2960X-48TS-L")
    typed(s, "errdisable recovery interval 60")
    assert "errdisable recovery interval 60" in printed(s.device.show_running())
    typed(s, "errdisable recovery interval 300")
    assert "interval" not in s.device.show_running()
    typed(s, "aaa new-model", "line vty 0 4", "login local")
    running = s.device.show_running()
    assert "no aaa new-model" not in running and " login" not in running.split("line vty 0 4")[1].split("!")[0]


def test_procurve_refuses_ports_the_model_lacks_in_the_firmware_words() -> None:
    s = configure("J9776A")  # ports 1-28
    assert typed(s, "ipv6 ra-guard ports 1-99").startswith("Module not present for port or invalid port: 29\r\n")
    assert typed(s, "interface 29").startswith("Module not present for port or invalid port: 29")
    assert s.device.rejected == ["config: ipv6 ra-guard ports 1-99", "config: interface 29"]


def test_procurve_checks_port_access_keywords_and_vlan_ids() -> None:
    s = configure("J9776A")
    assert typed(s, "aaa port-access mac-based 1 banana split 99").startswith("Invalid input: ")
    assert typed(s, "aaa port-access mac-based 1 unauth-vid 5000").startswith("Invalid input: 5000")
    assert "Invalid" not in typed(s, "aaa port-access mac-based 1 unauth-vid 50")
    assert typed(s, "vlan 4095").startswith("Invalid input: 4095")


def test_procurve_prints_per_port_settings_inside_interfaces_and_drops_default_keywords() -> None:
    s = configure("J9776A")
    typed(s, "dhcp-snooping trust 25-26", "spanning-tree 1-2 admin-edge-port",
          'snmp-server community "team" operator')
    lines = printed(s.device.show_running())
    block = lines[lines.index("interface 25"):lines.index("interface 25") + 3]
    assert block == ["interface 25", "   dhcp-snooping trust", "   exit"]
    assert lines[lines.index("interface 1") + 1] == "   spanning-tree admin-edge-port"
    assert 'snmp-server community "team"' in lines
