"""A hier_config remediation sent through netmiko turns config A into config B."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from hier_config.models import Platform
from netmiko import BaseConnection

from campusnet.diff import remediation
from campusnet.sim.device import unknown_lines

Connect = Callable[..., BaseConnection]
OWNED = re.compile(r"^(module 1 |version |boot-|switch \d+ provision |; |interface Vlan1$|line con 0$|no aaa new-model)")

PROCURVE_A = """hostname "hp"
loop-protect 1-24
aaa port-access authenticator 1-4
snmp-server location "old"
vlan 1
   name "DEFAULT_VLAN"
   untagged 1-20
   ip address dhcp-bootp
   exit
vlan 10
   name "users"
   untagged 21-24
   tagged 25
   no ip address
   exit
interface 3
   name "uplink"
   exit
"""
PROCURVE_B = """hostname "hp-new"
loop-protect 1-20
aaa port-access authenticator 1-2
snmp-server location "new"
dhcp-snooping
dhcp-snooping vlan 10
vlan 1
   name "DEFAULT_VLAN"
   untagged 1-18
   ip address dhcp-bootp
   exit
vlan 10
   name "staff"
   untagged 19-24
   tagged 25-26
   no ip address
   exit
vlan 20
   name "guests"
   tagged 25
   ip address 10.20.0.1 255.255.255.0
   exit
interface 3
   name "up"
   disable
   exit
"""
IOS_A = """hostname ios
vlan 10
 name users
!
interface GigabitEthernet1/0/1
 description old
 switchport mode access
 switchport access vlan 10
!
ip access-list standard MGMT
 permit 10.0.0.0 0.0.0.255
!
line vty 0 4
 transport input ssh
!
line vty 5 15
 transport input ssh
!
"""
IOS_B = """hostname ios-new
vlan 10
 name staff
!
vlan 20
 name guests
!
interface GigabitEthernet1/0/1
 description new
 switchport mode trunk
 switchport trunk allowed vlan 10,20
 spanning-tree bpduguard enable
!
interface Vlan10
 ip address 10.10.0.2 255.255.255.0
!
ip access-list standard MGMT
 permit 10.0.0.0 0.0.0.255
 permit 10.9.0.0 0.0.0.255
!
line vty 0 4
 access-class MGMT in
 transport input ssh
!
line vty 5 15
 access-class MGMT in
 transport input ssh
!
ip dhcp snooping
ip dhcp snooping vlan 10
"""
CASES = [  # the fleet's devices run the platforms' reference models
    ("hp", "J9776A", Platform.HP_PROCURVE, PROCURVE_A, PROCURVE_B),
    ("ios", "WS-C2960X-48TS-L", Platform.CISCO_IOS, IOS_A, IOS_B),
]


@pytest.mark.parametrize(("name", "model", "platform", "start", "target"), CASES)
def test_remediation_round_trips(
    connect: Connect, name: str, model: str, platform: Platform, start: str, target: str
) -> None:
    """From the model's factory default plus A, the remediation to B is accepted and leaves
    nothing to do; the lines the device owns (header, version, provision) are never touched."""
    assert unknown_lines(model, start) == [] and unknown_lines(model, target) == []
    conn = connect(name)
    conn.send_config_set(start.splitlines())
    before = conn.send_command("show running-config")
    lines = remediation(platform, before, target)
    assert lines, "A and B should differ"
    assert not [line for line in lines if OWNED.match(line)], lines
    assert "aaa new-model" not in lines  # B does not ask for AAA: the factory's "no" stays
    output = conn.send_config_set(lines)
    assert "Invalid input" not in output
    after = conn.send_command("show running-config")
    assert remediation(platform, after, target) == []
