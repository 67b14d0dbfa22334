"""Cisco IOS (Catalyst 2960): grammar table, prompts, printing.

``vlan 10,20`` and ``line vty 0 15`` open several blocks at once, as on the
switch: VLAN lists become one block per VLAN (as hier_config splits them) and
vty lines land in the fixed ``line vty 0 4`` / ``line vty 5 15`` blocks.
"""

from __future__ import annotations

import re

from hier_config.models import Platform
from hier_config.platforms.functions import expand_range

from campusnet.sim.config import ConfigTree, Path
from campusnet.sim.grammar import Grammar, Match, rule
from campusnet.sim.platforms.base import ExecCommand, SimPlatform

IP = r"\d+\.\d+\.\d+\.\d+"
VLANS = r"\d+(?:[-,]\d+)*"
IFNAME = r"(?:(?:GigabitEthernet|FastEthernet|TenGigabitEthernet|Port-channel)\d+(?:/\d+)*|Vlan\d+)"
VTY_BLOCKS = ((0, 4), (5, 15))

GRAMMAR = Grammar([
    rule("config", r"hostname \S+", single="hostname"),
    rule("config", rf"vlan (?P<ids>{VLANS})", opens="vlan", label="config-vlan",
         action="each_vlan"),
    rule("config", rf"interface {IFNAME}", opens="interface", label="config-if"),
    rule("config", r"(no )?service (timestamps \S+|\S+)( .+)?", single="service {1}"),
    rule("config", r"ip dhcp snooping"),
    rule("config", rf"ip dhcp snooping vlan {VLANS}"),
    rule("config", r"no ip dhcp snooping information option"),
    rule("config", r"ip dhcp snooping information option", negates="no ip dhcp snooping information option"),
    rule("config", rf"ip arp inspection vlan {VLANS}"),
    rule("config", r"ip igmp snooping"),
    rule("config", r"ip igmp snooping vlan \d+( .+)?"),
    rule("config", r"ipv6 nd raguard policy \S+", opens="raguard", label="config-nd-raguard"),
    rule("config", r"aaa new-model"),
    rule("config", r"aaa (authentication|authorization|accounting) .+"),
    rule("config", r"aaa session-id common"),
    rule("config", r"radius server \S+", opens="radius", label="config-radius-server"),
    rule("config", r"dot1x system-auth-control"),
    rule("config", r"snmp-server community \S+( (RO|RW))?( \S+)?"),
    rule("config", rf"snmp-server host {IP}( version \S+)? \S+( .+)?"),
    rule("config", r"snmp-server (location|contact) .+", single="snmp-server {0}"),
    rule("config", rf"logging (host )?{IP}"),
    rule("config", r"logging (trap|buffered|console) .+", single="logging {0}"),
    rule("config", rf"ntp server {IP}( prefer)?"),
    rule("config", r"ip access-list standard \S+", opens="acl", label="config-std-nacl"),
    rule("config", r"ip access-list extended \S+", opens="acl", label="config-ext-nacl"),
    rule("config", r"line vty (?P<first>\d+) (?P<last>\d+)", opens="line", label="config-line",
         action="vty"),
    rule("config", r"line con 0", opens="line", label="config-line"),
    rule("config", r"username (\S+) privilege \d+ secret( \d)? \S+", single="username {0} "),
    rule("config", r"username (\S+) secret( \d)? \S+", single="username {0} "),
    rule("config", r"enable secret( \d)? \S+", single="enable secret"),
    rule("config", rf"ip default-gateway {IP}", single="ip default-gateway"),
    rule("config", r"ip domain-name \S+", single="ip domain-name"),
    rule("config", r"no ip (domain-lookup|http server|http secure-server)"),
    # On by default (not shown): the positive form deletes the "no" line (what a rollback sends).
    rule("config", r"ip (?P<s>domain-lookup|http server|http secure-server)", negates="no ip {s}"),
    rule("config", r"ip ssh version 2"),
    rule("config", r"vtp mode \S+", single="vtp mode"),
    rule("config", r"spanning-tree mode \S+", single="spanning-tree mode"),
    rule("config", r"spanning-tree (extend system-id|portfast (bpduguard )?default)"),
    rule("config", r"errdisable recovery (cause \S+|interval \d+)"),
    rule("config", r"archive", opens="archive", label="config-archive"),
    rule("interface", r"description .+", single="description"),
    rule("interface", r"switchport mode (access|trunk)", single="switchport mode"),
    rule("interface", r"switchport access vlan \d+", single="switchport access vlan"),
    rule("interface", rf"switchport trunk allowed vlan {VLANS}",
         single="switchport trunk allowed vlan"),
    rule("interface", r"switchport trunk native vlan \d+", single="switchport trunk native vlan"),
    rule("interface", r"switchport nonegotiate"),
    rule("interface", r"switchport port-security"),
    rule("interface", r"switchport port-security maximum \d+",
         single="switchport port-security maximum"),
    rule("interface", r"switchport port-security (violation \S+|aging .+|mac-address sticky)"),
    rule("interface", r"spanning-tree portfast( edge)?( trunk)?", says="portfast_warning"),
    rule("interface", r"spanning-tree bpduguard enable"),
    rule("interface", r"ip dhcp snooping trust"),
    rule("interface", r"ip dhcp snooping limit rate \d+", single="ip dhcp snooping limit rate"),
    rule("interface", r"ip arp inspection trust"),
    rule("interface", r"ipv6 nd raguard attach-policy \S+"),
    rule("interface", r"authentication port-control auto"),
    rule("interface", r"authentication (host-mode|order|priority|violation) .+",
         single="authentication {0}"),
    rule("interface", r"authentication periodic"),
    rule("interface", r"authentication event (fail|no-response|server dead) action"
         r" (authorize vlan \d+|next-method)", single="authentication event {0} "),
    rule("interface", r"mab"),
    rule("interface", r"dot1x pae authenticator"),
    rule("interface", r"dot1x timeout tx-period \d+", single="dot1x timeout tx-period"),
    rule("interface", r"shutdown"),
    rule("interface", r"speed (10|100|1000|auto)", single="speed"),
    rule("interface", r"duplex (full|half|auto)", single="duplex"),
    rule("interface", rf"ip address {IP} {IP}", single="ip address"),
    rule("interface", r"channel-group \d+ mode \S+", single="channel-group"),
    rule("vlan", r"name \S+", single="name"),
    rule("raguard", r"device-role (host|router)", single="device-role"),
    rule("radius", rf"address ipv4 {IP}( auth-port \d+ acct-port \d+)?", single="address ipv4"),
    rule("radius", r"key( \d)? \S+", single="key"),
    rule("acl", r"(?P<seq>\d+ )?(?P<entry>(permit|deny) .+)", action="acl_entry"),
    rule("line", r"access-class \S+ in( vrf-also)?", single="access-class"),
    rule("line", r"transport input (ssh|telnet ssh|none|all)", single="transport input"),
    rule("line", r"login( local| authentication \S+)?", single="login"),
    rule("line", r"exec-timeout \d+( \d+)?", single="exec-timeout"),
    rule("line", r"logging synchronous"),
    rule("archive", r"log config", opens="archive-log", label="config-archive-log-cfg"),
    rule("archive", r"(path \S+|maximum \d+|write-memory|time-period \d+)"),
    rule("archive-log", r"(logging enable|logging size \d+|hidekeys)"),
    rule("archive-log", r"notify syslog contenttype plaintext"),
])

_SEQ = re.compile(r"\d+ ")


class CiscoIos(SimPlatform):
    key = "cisco_ios"
    hier_platform = Platform.CISCO_IOS
    grammar = GRAMMAR
    exec_in_config = False
    prompt_space = ""
    skip_on_load = re.compile(
        r"(!.*|Building configuration.*|Current configuration.*|version .*|end|exit)"
    )
    exec_commands = (
        ExecCommand(r"enable", "enable", level=1),
        ExecCommand(r"disable", "disable", level=1),
        ExecCommand(r"terminal (width|length) \d+", "noop", level=1),
        ExecCommand(r"(show|sh) priv(ilege)?", "show_privilege", level=1),
        ExecCommand(r"(show|sh) ver(sion)?", "show_version", level=1),
        ExecCommand(r"(show|sh) run(ning-config)?", "show_running"),
        ExecCommand(r"(show|sh) start(up-config)?", "show_startup"),
        ExecCommand(r"write( mem(ory)?)?|wr", "write_memory"),
        ExecCommand(r"copy run(ning-config)? start(up-config)?", "copy_running_startup"),
        ExecCommand(r"conf(igure)?( t(erminal)?)?", "configure"),
        ExecCommand(r"conf(igure)? replace (?P<source>\S+)( force)?( time (?P<minutes>\d+))?", "config_replace"),
        ExecCommand(r"conf(igure)? confirm", "config_confirm"),
        ExecCommand(r"conf(igure)? revert now", "config_revert"),
        ExecCommand(r"(show|sh) archive config rollback timer", "show_rollback_timer"),
        ExecCommand(r"(show|sh) archive", "show_archive"),
        ExecCommand(r"reload in ((?P<h>\d+):)?(?P<m>\d+)", "reload_arm"),
        ExecCommand(r"reload cancel", "reload_cancel"),
        ExecCommand(r"(show|sh) reload", "show_reload"),
        ExecCommand(r"logout|exit|quit", "close", level=1),
    )

    configure_text = "Enter configuration commands, one per line.  End with CNTL/Z.\r\n"
    save_text = "Building configuration...\r\n[OK]\r\n"
    reload_save_question = "System configuration has been modified. Save? [yes/no]: "
    reload_confirm_question = (
        "Reload scheduled in {minutes} minutes by {user} on vty0 (127.0.0.1)\r\n"
        "Proceed with reload? [confirm]"
    )
    reload_armed_text = "\r\n\r\n***\r\n*** --- SHUTDOWN in {hours}:{mins:02d}:00 ---\r\n***\r\n"
    reload_cancelled_text = "\r\n\r\n***\r\n*** --- SHUTDOWN ABORTED ---\r\n***\r\n"
    reload_none_text = "%No reload is scheduled.\r\n"

    def hostname_line(self, hostname: str) -> str:
        return f"hostname {hostname}"

    def invalid(self, prompt: str, line: str, bad_word: int) -> str:
        offset = 0
        for _ in range(bad_word):
            offset = line.index(" ", offset) + 1
            while line[offset] == " ":
                offset += 1
        caret = " " * (len(prompt) + offset) + "^"
        return f"{caret}\r\n% Invalid input detected at '^' marker.\r\n\r\n"

    def show_version(self, hostname: str) -> str:
        return (
            "Cisco IOS Software, C2960X Software (C2960X-UNIVERSALK9-M), Version 15.2(7)E4,"
            " RELEASE SOFTWARE (fc2)\r\n"
            f"{hostname} uptime is 1 minute\r\n"
            "cisco WS-C2960X-48FPD-L (APM86XXX) processor with 524288K bytes of memory.\r\n"
        )

    def targets(self, match: Match, parents: list[Path]) -> list[Path]:
        action = match.rule.action
        if action == "each_vlan":
            ids = expand_range(match.groups["ids"])
            return [(*parent, f"vlan {vlan}") for parent in parents for vlan in ids]
        if action == "vty":
            first, last = int(match.groups["first"]), int(match.groups["last"])
            return [
                (*parent, f"line vty {low} {high}")
                for parent in parents
                for low, high in VTY_BLOCKS
                if low <= last and first <= high
            ]
        return super().targets(match, parents)

    def act(self, tree: ConfigTree, targets: list[Path], match: Match, negate: bool) -> None:
        if match.rule.action != "acl_entry":  # negated block headers
            for path in self.targets(match, targets):
                tree.remove(path[:-1], path[-1])
            return
        entry = match.groups["entry"]
        for path in targets:
            entries = tree.children(path)
            if negate:
                for child in entries:
                    if _SEQ.sub("", child.text, count=1) == entry:
                        child.delete()
                continue
            if any(_SEQ.sub("", c.text, count=1) == entry for c in entries):
                continue
            last = max((int(c.text.split()[0]) for c in entries), default=0)
            seq = match.groups.get("seq", f"{last + 10} ").strip()
            tree.add(path, f"{seq} {entry}")

    def show_running(self, tree: ConfigTree) -> str:
        body = ["!", "version 15.2"]
        for child in tree.root.children:
            if not child.children:
                body.append(child.text)
                continue
            body.append(child.text)
            if child.text.startswith("ip access-list "):
                entries = sorted(child.children, key=lambda c: int(c.text.split()[0]))
                body.extend(" " + _SEQ.sub("", c.text, count=1) for c in entries)
            else:
                body.extend(" " * (c.depth() - 1) + c.text for c in child.all_children())
            body.append("!")
        body.extend(["!", "end"])
        text = "\r\n".join(body) + "\r\n"
        return f"Building configuration...\r\n\r\nCurrent configuration : {len(text)} bytes\r\n{text}"
