"""A hier_config remediation sent through netmiko turns config A into config B."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hier_config import WorkflowRemediation, get_hconfig
from hier_config.models import Platform
from netmiko import BaseConnection

from campusnet.sim.device import unknown_lines

Connect = Callable[..., BaseConnection]

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
interface GigabitEthernet0/1
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
interface GigabitEthernet0/1
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
CASES = [
    ("hp", "hp_procurve", Platform.HP_PROCURVE, PROCURVE_A, PROCURVE_B),
    ("ios", "cisco_ios", Platform.CISCO_IOS, IOS_A, IOS_B),
]


@pytest.mark.parametrize(("name", "key", "platform", "start", "target"), CASES)
def test_remediation_round_trips(
    connect: Connect, name: str, key: str, platform: Platform, start: str, target: str
) -> None:
    assert unknown_lines(key, start) == [] and unknown_lines(key, target) == []
    conn = connect(name)
    conn.send_config_set(start.splitlines())
    running = get_hconfig(platform, conn.send_command("show running-config"))
    intended = get_hconfig(platform, target)
    remediation = WorkflowRemediation(running, intended).remediation_config
    assert remediation.dump_simple(), "A and B should differ"
    output = conn.send_config_set(list(remediation.dump_simple()))
    assert "Invalid input" not in output
    after = get_hconfig(platform, conn.send_command("show running-config"))
    workflow = WorkflowRemediation(after, intended)
    assert workflow.remediation_config.dump_simple() == ()
    assert workflow.rollback_config.dump_simple() == ()
