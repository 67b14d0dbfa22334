"""Cisco IOS 15.x (Catalyst 2960, 2960-X, 3750-X): grammar table, checks, prompts, printing.

``vlan 10,20`` and ``line vty 0 15`` open several blocks at once, as on the
switch: VLAN lists become one block per VLAN (as hier_config splits them) and
vty lines land in the fixed ``line vty 0 4`` / ``line vty 5 15`` blocks.

Arguments are checked against the model (an interface the chassis lacks, a VLAN
outside 1-4094, a feature the model's catalogue entry lacks) and refused with the
parser's caret. What the firmware prints (order, the portfast keyword of its
release, collapsed VLAN lists) comes from ``campusnet/catalogue/cisco_ios.yml``.
"""

from __future__ import annotations

import re

from hier_config.child import HConfigChild
from hier_config.platforms.functions import expand_range

from campusnet.catalogue import DeviceModel, catalogue
from campusnet.render.environment import ranges
from campusnet.sim.config import ConfigTree, Path
from campusnet.sim.grammar import Grammar, Match, rule
from campusnet.sim.platforms.base import ExecCommand, SimPlatform, rank, vlan_ids

IP = r"\d+\.\d+\.\d+\.\d+"
VLANS = r"\d+(?:[-,]\d+)*"
IFNAME = r"(?:(?:GigabitEthernet|FastEthernet|TenGigabitEthernet|Port-channel)\d+(?:/\d+)*|Vlan\d+)"
VTY_BLOCKS = ((0, 4), (5, 15))
LEVEL = r"\d{1,3}(?:\.\d{1,2})?"

#: Lines refused on models whose catalogue entry lacks the feature: (pattern, feature, index
#: of the word the parser stops at).
FEATURES = (
    (r"switchport trunk encapsulation dot1q", "trunk_encapsulation", 2),
    (r"ipv6 nd raguard (policy|attach-policy) \S+", "ra_guard", 2),
    (r"ipv6 dhcp guard (policy|attach-policy) \S+", "dhcpv6_guard", 2),
)

GRAMMAR = Grammar([
    rule("config", r"hostname \S+", single="hostname"),
    rule("config", rf"vlan (?P<ids>{VLANS})", opens="vlan", label="config-vlan", action="each_vlan"),
    rule("config", rf"interface (?P<ifname>{IFNAME})", opens="interface", label="config-if"),
    rule("config", r"(no )?service (timestamps \S+|\S+)( .+)?", single="service {1}"),
    rule("config", r"ip dhcp snooping"),
    rule("config", rf"ip dhcp snooping vlan (?P<vlans>{VLANS})", single="ip dhcp snooping vlan"),
    rule("config", r"no ip dhcp snooping information option"),
    # On by default (not shown): the positive form deletes the "no" line (what a rollback sends).
    rule("config", r"ip dhcp snooping information option", negates="no ip dhcp snooping information option"),
    rule("config", r"ip dhcp snooping database \S+", single="ip dhcp snooping database"),
    rule("config", rf"ip arp inspection vlan (?P<vlans>{VLANS})", single="ip arp inspection vlan"),
    rule("config", r"ip igmp snooping"),
    rule("config", r"ip igmp snooping vlan \d+( .+)?"),
    rule("config", r"ipv6 nd raguard policy \S+", opens="raguard", label="config-nd-raguard"),
    rule("config", r"ipv6 dhcp guard policy \S+", opens="dhcpguard", label="config-dhcp-guard"),
    rule("config", r"(no )?aaa new-model", single="aaa new-model"),
    rule("config", r"aaa authentication (login|dot1x|enable) default( (local|group \S+|enable|none))+",
         single="aaa authentication {0} default"),
    rule("config", r"aaa authorization (exec|network|commands \d+) default( (local|group \S+|none|if-authenticated))+",
         single="aaa authorization {0} default"),
    rule("config", r"aaa accounting (dot1x|exec|network|update) .+"),
    rule("config", r"aaa server radius dynamic-author", opens="dynauthor", label="config-locsvr-da-radius"),
    rule("config", r"aaa session-id common"),
    rule("config", r"radius server \S+", opens="radius", label="config-radius-server"),
    rule("config", rf"radius-server host {IP} auth-port \d+ acct-port \d+ key( \d)? \S+"),
    rule("config", r"radius-server (dead-criteria time \d+ tries \d+|deadtime \d+)", single="radius-server {0}"),
    rule("config", r"dot1x system-auth-control"),
    rule("config", r"snmp-server community \S+( (RO|RW))?( \S+)?"),
    rule("config", rf"snmp-server host {IP}( version \S+)? \S+( .+)?"),
    rule("config", r"snmp-server (location|contact) .+", single="snmp-server {0}"),
    rule("config", rf"logging (host )?{IP}"),
    rule("config", r"logging (trap|buffered|console) .+", single="logging {0}"),
    rule("config", rf"ntp server {IP}( prefer)?"),
    rule("config", r"ip access-list standard \S+", opens="acl", label="config-std-nacl"),
    rule("config", r"ip access-list extended \S+", opens="acl", label="config-ext-nacl"),
    rule("config", r"line vty (?P<first>\d+) (?P<last>\d+)", opens="line", label="config-line", action="vty"),
    rule("config", r"line con 0", opens="line", label="config-line"),
    rule("config", r"username (\S+) privilege \d+ secret( \d)? \S+", single="username {0} "),
    rule("config", r"username (\S+) secret( \d)? \S+", single="username {0} "),
    rule("config", r"enable secret( \d)? \S+", single="enable secret"),
    rule("config", rf"ip default-gateway {IP}", single="ip default-gateway"),
    rule("config", r"ip domain-name \S+", single="ip domain-name"),
    rule("config", r"no ip (domain-lookup|http server|http secure-server)", single="ip {0}"),
    rule("config", r"ip (http server|http secure-server)", single="ip {0}"),
    rule("config", r"ip domain-lookup", negates="no ip domain-lookup"),  # the default: what a rollback sends
    rule("config", r"ip ssh version 2"),
    rule("config", r"vtp mode \S+", single="vtp mode"),
    # Smart Install is on by default and not shown: `vstack` (what a rollback sends) removes `no vstack`.
    rule("config", r"no vstack", single="vstack"),
    rule("config", r"vstack", negates="no vstack"),
    rule("config", r"spanning-tree mode (pvst|rapid-pvst|mst)", single="spanning-tree mode"),
    rule("config", r"spanning-tree (extend system-id|portfast (bpduguard )?default)"),
    rule("config", r"errdisable recovery interval \d+", single="errdisable recovery interval"),
    rule("config", r"errdisable recovery cause (bpduguard|psecure-violation|dhcp-rate-limit|arp-inspection)"),
    rule("config", r"no (cdp run|lldp run)", single="{0}"),
    rule("config", r"(cdp run|lldp run)", single="{0}"),
    rule("config", r"archive", opens="archive", label="config-archive"),
    rule("interface", r"description .+", single="description"),
    rule("interface", r"switchport mode (access|trunk)", single="switchport mode"),
    rule("interface", r"switchport access vlan (?P<vlan>\d+)", single="switchport access vlan"),
    rule("interface", r"switchport trunk encapsulation dot1q", single="switchport trunk encapsulation"),
    rule("interface", rf"switchport trunk allowed vlan (?P<vlans>{VLANS})", single="switchport trunk allowed vlan"),
    rule("interface", r"switchport trunk native vlan (?P<vlan>\d+)", single="switchport trunk native vlan"),
    rule("interface", r"switchport nonegotiate"),
    rule("interface", r"switchport port-security"),
    rule("interface", r"switchport port-security maximum \d+", single="switchport port-security maximum"),
    rule("interface", r"switchport port-security violation (protect|restrict|shutdown)",
         single="switchport port-security violation"),
    rule("interface", r"switchport port-security (aging .+|mac-address sticky)"),
    rule("interface", r"spanning-tree portfast( edge)?( trunk)?", single="spanning-tree portfast",
         says="portfast_warning"),
    rule("interface", r"spanning-tree bpduguard enable"),
    rule("interface", r"storm-control (broadcast|multicast) level " + LEVEL, single="storm-control {0} level"),
    rule("interface", r"storm-control action (shutdown|trap)", single="storm-control action"),
    rule("interface", r"ip dhcp snooping trust"),
    rule("interface", r"ip dhcp snooping limit rate \d+", single="ip dhcp snooping limit rate"),
    rule("interface", r"ip arp inspection trust"),
    rule("interface", r"ipv6 nd raguard attach-policy \S+", single="ipv6 nd raguard attach-policy"),
    rule("interface", r"ipv6 dhcp guard attach-policy \S+", single="ipv6 dhcp guard attach-policy"),
    rule("interface", r"no (cdp enable|lldp transmit|lldp receive)"),
    rule("interface", r"authentication port-control auto"),
    rule("interface", r"authentication (host-mode) (single-host|multi-host|multi-auth|multi-domain)",
         single="authentication host-mode"),
    rule("interface", r"authentication (order|priority) (mab|dot1x)( (mab|dot1x))?", single="authentication {0}"),
    rule("interface", r"authentication violation (protect|restrict|shutdown|replace)", single="authentication violation"),
    rule("interface", r"authentication periodic"),
    rule("interface", r"authentication event (fail|no-response) action authorize vlan (?P<vlan>\d+)",
         single="authentication event {0} "),
    rule("interface", r"authentication event server dead action authorize vlan (?P<vlan>\d+)",
         single="authentication event server dead "),
    rule("interface", r"authentication event server alive action reinitialize"),
    rule("interface", r"mab"),
    rule("interface", r"dot1x pae authenticator"),
    rule("interface", r"dot1x timeout tx-period \d+", single="dot1x timeout tx-period"),
    rule("interface", r"shutdown"),
    rule("interface", r"speed (10|100|1000|auto)", single="speed"),
    rule("interface", r"duplex (full|half|auto)", single="duplex"),
    rule("interface", rf"ip address {IP} {IP}", single="ip address"),
    rule("interface", r"no ip address", single="ip address"),
    rule("interface", r"channel-group \d+ mode \S+", single="channel-group"),
    rule("vlan", r"name \S+", single="name"),
    rule("raguard", r"device-role (host|router)", single="device-role"),
    rule("dhcpguard", r"device-role (client|server)", single="device-role"),
    rule("dynauthor", rf"client {IP} server-key( \d)? \S+"),
    rule("dynauthor", r"auth-type (any|all|session-key)", single="auth-type"),
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
_FEATURE_RULES = [(re.compile(pattern), feature, word) for pattern, feature, word in FEATURES]
_RESTRICTED_VLAN = re.compile(r"authentication event (fail|no-response) action authorize vlan ")
_VLAN_LIST_LINE = re.compile(rf"^(?P<head>.* vlan )(?P<vlans>{VLANS})$")
_INTERFACE_KINDS = ("Port-channel", "FastEthernet0", "", "Vlan")
_AAA_LOGINS = ("login", "login local", "login authentication default")


class CiscoIos(SimPlatform):
    key = "cisco_ios"
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

    # factory default ----------------------------------------------------------------

    def factory_text(self, hardware: DeviceModel, hostname: str) -> str:
        interfaces = [f"interface {hardware.management_port}\n no ip address"] if hardware.management_port else []
        interfaces += [f"interface {hardware.port_name(n)}" for n in range(1, hardware.port_count + 1)]
        provision = f"switch 1 provision {hardware.provision}" if hardware.provision else ""
        text = self.dialect.factory[hardware.firmware].format(
            hostname=hostname, provision=provision, interfaces="\n".join(interfaces))
        return "\n".join(line for line in text.splitlines() if line.strip())

    # checks ---------------------------------------------------------------------------

    def check(self, match: Match, hardware: DeviceModel, tree: ConfigTree, targets: list[Path],
              prompt: str) -> str | None:
        if refused := super().check(match, hardware, tree, targets, prompt):
            return refused
        if "ifname" in match.groups and not self._has_interface(match.groups["ifname"], hardware):
            return self.refuse_word(match, "ifname", prompt)
        for pattern, feature, word in _FEATURE_RULES:
            if pattern.fullmatch(match.text) and not hardware.has(feature):
                return self.invalid(prompt, match.text, word)
        if match.rule.pattern.startswith("spanning-tree portfast"):
            return self._check_portfast(match, hardware, prompt)
        if match.rule.context == "interface":
            return self._check_port_combination(match, tree, targets)
        return None

    @staticmethod
    def _has_interface(name: str, hardware: DeviceModel) -> bool:
        if name.startswith(("Vlan", "Port-channel")):
            number = int(re.sub(r"\D", "", name))
            return 1 <= number <= (4094 if name.startswith("Vlan") else 6)
        names = {hardware.port_name(n) for n in range(1, hardware.port_count + 1)}
        return name in names or name == hardware.management_port

    def _check_portfast(self, match: Match, hardware: DeviceModel, prompt: str) -> str | None:
        """15.0 knows no "edge" keyword; 15.2 adds it (the firmware's portfast form)."""
        portfast = catalogue().firmware_of(hardware).portfast
        if " edge" in match.text and not portfast.endswith(" edge"):
            return self.invalid(prompt, match.text, 2)
        return None

    def _check_port_combination(self, match: Match, tree: ConfigTree, targets: list[Path]) -> str | None:
        """The 2960 configuration guide: no auth-fail (or guest) VLAN on a multi-auth port."""
        for target in targets:
            lines = [c.text for c in tree.children(target)]
            restricted = any(_RESTRICTED_VLAN.match(text) for text in lines)
            multi_auth = "authentication host-mode multi-auth" in lines
            if (_RESTRICTED_VLAN.match(match.text) and multi_auth) or (
                    match.text == "authentication host-mode multi-auth" and restricted):
                return self.reply("multi_auth_restricted_vlan")
        return None

    def stored_form(self, match: Match, hardware: DeviceModel) -> str:
        text = match.text
        if match.rule.pattern.startswith("spanning-tree portfast"):
            trunk = " trunk" if text.endswith(" trunk") else ""
            return catalogue().firmware_of(hardware).portfast + trunk
        if "vlans" in match.groups and (found := _VLAN_LIST_LINE.match(text)):
            return found["head"] + ranges(set(vlan_ids(found["vlans"])), ",", self.dialect.vlan_range_min_run)
        return text

    def is_default(self, context: str, text: str, tree: ConfigTree) -> bool:
        """Under aaa new-model a line's login is the default method list: nothing is printed
        (the issue's review of real 2960s; unverified against a capture)."""
        if context == "line" and text in _AAA_LOGINS and tree.find(("aaa new-model",)) is not None:
            return True
        return super().is_default(context, text, tree)

    def after_store(self, tree: ConfigTree, text: str) -> None:
        if text == "aaa new-model":
            for line in tree.root.children:
                if line.text.startswith("line "):
                    for child in tuple(line.children):
                        if child.text in _AAA_LOGINS:
                            child.delete()

    def invalid(self, prompt: str, line: str, bad_word: int) -> str:
        offset = 0
        for _ in range(bad_word):
            offset = line.index(" ", offset) + 1
            while line[offset] == " ":
                offset += 1
        return self.reply("invalid_input", caret=" " * (len(prompt) + offset) + "^")

    def show_version(self, hostname: str, hardware: DeviceModel) -> str:
        firmware = catalogue().firmware_of(hardware)
        return (
            f"Cisco IOS Software, {firmware.name}, Version {firmware.version}, RELEASE SOFTWARE\r\n"
            f"{hostname} uptime is 1 minute\r\n"
            f"cisco {hardware.key} processor with 524288K bytes of memory.\r\n"
        )

    # storing --------------------------------------------------------------------------

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

    # printing -------------------------------------------------------------------------

    def _top_key(self, child: HConfigChild, hardware: DeviceModel) -> tuple[int, int, int]:
        text = child.text
        numbers = [int(n) for n in re.findall(r"\d+", text)]
        second = third = 0
        if text.startswith("interface "):
            name = text.split()[1]
            kind = next(i for i, p in enumerate(_INTERFACE_KINDS) if name.startswith(p))
            if kind == 0 or kind == 3:
                second, third = kind, numbers[-1]
            elif name == hardware.management_port:
                second = 1
            else:
                ports = {hardware.port_name(n): n for n in range(1, hardware.port_count + 1)}
                second, third = 2, ports.get(name, 0)
        elif text.startswith(("vlan ", "line vty ")):
            second = numbers[0] if numbers else 0
        return rank(text, self.order["global"]), second, third

    def show_running(self, tree: ConfigTree, hardware: DeviceModel) -> str:
        body = ["!"]
        for child in sorted(tree.root.children, key=lambda c: self._top_key(c, hardware)):
            body.append(child.text)
            if child.text.startswith("ip access-list "):
                entries = sorted(child.children, key=lambda c: int(c.text.split()[0]))
                body.extend(" " + _SEQ.sub("", c.text, count=1) for c in entries)
            elif child.text.startswith("interface "):
                body.extend(" " + c.text for c in self.sorted_children(list(child.children), self.order["interface"]))
            else:
                body.extend(" " * (c.depth() - 1) + c.text for c in child.all_children())
            if child.children or child.text.startswith("interface "):
                body.append("!")
        body.extend(["!", "end"])
        text = "\r\n".join(body) + "\r\n"
        return f"Building configuration...\r\n\r\nCurrent configuration : {len(text)} bytes\r\n{text}"
