"""HPE ArubaOS-Switch 16.x (2530, 2930F): grammar table, checks, prompts, printing.

The tree holds VLAN membership on interfaces (``interface 5`` / ``untagged vlan 10``)
and ``aaa port-access`` one port per line, as hier_config's hp_procurve driver
normalises them; ``show running-config`` folds both back into port ranges as the
real switch prints them, with VLAN 1's ``no untagged`` list. Port-list commands the
16.x firmware prints per interface (``dhcp-snooping trust``, ``spanning-tree
admin-edge-port``) are stored in each interface block whatever form was typed.
Ports are checked against the model: a port it lacks is refused with the
firmware's "Module not present for port or invalid port" text.
"""

from __future__ import annotations

import re
from collections import defaultdict

from hier_config.child import HConfigChild
from hier_config.platforms.hp_procurve.functions import hp_procurve_expand_range

from campusnet.catalogue import DeviceModel, catalogue
from campusnet.sim.config import ConfigTree, Path
from campusnet.sim.grammar import Grammar, Match, rule
from campusnet.sim.platforms.base import ExecCommand, SimPlatform, rank

IP = r"\d+\.\d+\.\d+\.\d+"
PORT = r"(?:Trk\d+|[A-Z]?\d+(?:/[A-Z]?\d+)?)"
PORTS = rf"{PORT}(?:-{PORT})?(?:,{PORT}(?:-{PORT})?)*"
VLANS = r"\d+(?:[-,]\d+)*(?: \d+(?:[-,]\d+)*)*"
Q = r"(?P<q>\"[^\"]*\"|\S+)"
#: Per-port settings of 802.1X and MAC authentication (access security guide, 16.x).
AUTH_PARAMS = (r"(client-limit \d+|tx-period \d+|supplicant-timeout \d+|server-timeout \d+|quiet-period \d+"
               r"|reauth-period \d+|unauth-vid (?P<vlan>\d+)|auth-vid \d+|max-requests \d+|logoff-period \d+)")
MAC_PARAMS = (r"(addr-limit \d+|addr-moves|logoff-period \d+|unauth-vid (?P<vlan>\d+)|auth-vid \d+"
              r"|reauth-period \d+|server-timeout \d+|quiet-period \d+)")

GRAMMAR = Grammar([
    rule("config", rf"hostname {Q}", single="hostname"),
    rule("config", r"include-credentials"),
    rule("config", r"vlan (?P<id>\d+)", opens="vlan", label="vlan-{id}", action="vlan"),
    rule("config", rf"interface (?P<ports>{PORTS})", opens="interface", label="eth-{ports}", action="each_port"),
    rule("config", r"aaa port-access authenticator active"),
    rule("config", rf"aaa port-access authenticator (?P<ports>{PORTS})", action="per_port"),
    rule("config", rf"aaa port-access mac-based (?P<ports>{PORTS})", action="per_port"),
    # Setting a per-port value back to its default removes the line (the switch hides defaults).
    rule("config", rf"aaa port-access mac-based (?P<port>{PORT}) (?P<s>addr-limit) 1",
         negates="aaa port-access mac-based {port} {s}"),
    rule("config", rf"aaa port-access mac-based (?P<port>{PORT}) (?P<s>logoff-period) 300",
         negates="aaa port-access mac-based {port} {s}"),
    rule("config", rf"aaa port-access authenticator (?P<port>{PORT}) (?P<s>tx-period|supplicant-timeout) 30",
         negates="aaa port-access authenticator {port} {s}"),
    rule("config", rf"aaa port-access authenticator (?P<port>{PORT}) {AUTH_PARAMS}"),
    rule("config", rf"aaa port-access mac-based (?P<port>{PORT}) {MAC_PARAMS}"),
    rule("config", r"aaa authentication port-access eap-radius", single="aaa authentication port-access"),
    rule("config", r"aaa authentication (login|enable|ssh|console|telnet|web|menu) .+"),
    rule("config", r"aaa accounting (network|exec|system|commands) (start-stop|stop-only) radius",
         single="aaa accounting {0}"),
    rule("config", r"aaa accounting update periodic \d+", single="aaa accounting update"),
    rule("config", rf"radius-server host {IP}( (key|encrypted-key) \S+| dyn-authorization| time-window \d+)*"),
    rule("config", r"radius-server (key|timeout|retransmit|dead-time) \S+"),
    rule("config", rf"loop-protect (?P<ports>{PORTS})( receiver-action \S+)?"),
    rule("config", r"loop-protect (trap loop-detected|disable-timer \d+|transmit-interval \d+)"),
    rule("config", r"dhcp-snooping"),
    rule("config", rf"dhcp-snooping vlan (?P<vlans>{VLANS})"),
    rule("config", rf"dhcp-snooping trust (?P<ports>{PORTS})", action="per_interface"),
    rule("config", rf"dhcp-snooping authorized-server {IP}"),
    rule("config", r"dhcp-snooping option 82( .+)?"),
    rule("config", r"dhcpv6-snooping"),
    rule("config", rf"dhcpv6-snooping vlan (?P<vlans>{VLANS})"),
    rule("config", rf"dhcpv6-snooping trust (?P<ports>{PORTS})"),
    rule("config", r"arp-protect"),
    rule("config", rf"arp-protect vlan (?P<vlans>{VLANS})"),
    rule("config", rf"arp-protect trust (?P<ports>{PORTS})"),
    rule("config", rf"ipv6 ra-guard ports (?P<ports>{PORTS})"),
    rule("config", rf"lldp admin-status (?P<ports>{PORTS}) (disable|tx_only|rx_only|tx_rx)"),
    rule("config", rf"port-security (?P<ports>{PORTS})( learn-mode \S+| address-limit \d+"
         r"| action \S+| clear-intrusion-flag)+"),
    rule("config", rf"snmp-server community {Q}( (operator|manager|unrestricted|restricted))*"),
    rule("config", rf"snmp-server host {IP} (community )?\S+( .+)?"),
    rule("config", rf"snmp-server contact {Q}", single="snmp-server contact"),
    rule("config", rf"snmp-server location {Q}", single="snmp-server location"),
    rule("config", rf"logging {IP}"),
    rule("config", r"logging (facility|severity) \S+", single="logging {0}"),
    rule("config", r"timesync (sntp|ntp)", single="timesync"),
    rule("config", rf"sntp server priority \d+ {IP}( \d+)?"),
    rule("config", r"sntp (unicast|broadcast)"),
    rule("config", r"sntp \d+"),
    rule("config", rf"ip authorized-managers {IP} {IP}( access (manager|operator))?"),
    rule("config", r"password (manager|operator) user-name (?P<q>\"[^\"]*\"|\S+)"
         r" (plaintext|sha1|sha256) \S+", single="password {0}"),
    rule("config", rf"ip default-gateway {IP}", single="ip default-gateway"),
    rule("config", r"ip ssh( .+)?"),
    rule("config", r"no (telnet-server|web-management)"),
    # On by default (not shown): the positive form deletes the "no" line.
    rule("config", r"telnet-server", negates="no telnet-server"),
    rule("config", r"web-management", negates="no web-management"),
    rule("config", r"igmp (fastlearn|lookup-mode|delayed-flush|reload)( .+)?"),
    rule("config", r"spanning-tree"),
    rule("config", rf"spanning-tree (?P<ports>{PORTS}) admin-edge-port", action="per_interface"),
    rule("config", rf"spanning-tree (?P<ports>{PORTS}) (bpdu-protection|root-guard|tcn-guard|bpdu-filter)"),
    rule("config", r"spanning-tree (mode|priority|force-version|config-name|config-revision)"
         r" \S+", single="spanning-tree {0}"),
    rule("config", r"management-vlan (?P<vlan>\d+)", single="management-vlan"),
    rule("config", r"time (timezone -?\d+|daylight-time-rule \S+)"),
    rule("vlan", rf"name {Q}", single="name"),
    rule("vlan", rf"untagged (?P<ports>{PORTS})", action="membership"),
    rule("vlan", rf"tagged (?P<ports>{PORTS})", action="membership"),
    rule("vlan", rf"ip address ({IP} {IP}|{IP}/\d+|dhcp-bootp)", single="ip address"),
    rule("vlan", r"no ip address", single="ip address"),
    rule("vlan", r"ipv6 (enable|address dhcp full)"),
    rule("vlan", r"ip igmp( querier)?"),
    rule("vlan", rf"ip helper-address {IP}"),
    rule("vlan", r"(voice|jumbo)"),
    rule("interface", rf"name {Q}", single="name"),
    rule("interface", r"disable"),
    rule("interface", r"enable", negates="disable"),
    rule("interface", r"speed-duplex (auto|10-half|10-full|100-half|100-full|1000-full|auto-10|auto-100|auto-1000)",
         single="speed-duplex"),
    rule("interface", r"untagged vlan (?P<vlan>\d+)", single="untagged vlan"),
    rule("interface", r"tagged vlan (?P<vlan>\d+)"),
    rule("interface", r"dhcp-snooping trust"),
    rule("interface", r"arp-protect trust"),
    rule("interface", r"spanning-tree admin-edge-port"),
    rule("interface", r"spanning-tree bpdu-protection"),
    rule("interface", r"rate-limit (bcast|mcast|all) in (percent|kbps) \d+", single="rate-limit {0} in"),
    rule("interface", r"(loop-protect|flow-control)"),
])

_MEMBER = re.compile(r"(untagged|tagged) vlan (\d+)")
_PER_PORT = re.compile(rf"(aaa port-access (?:authenticator|mac-based)) ({PORT})")
_PORT_PARTS = re.compile(r"(.*?)(\d+)")
#: Global port-list line -> the line the 16.x firmware keeps in each interface block.
_PER_INTERFACE = {"dhcp-snooping trust": "dhcp-snooping trust", "spanning-tree": "spanning-tree admin-edge-port"}


def compress_ports(ports: list[str]) -> str:
    """``["1", "2", "3", "5"]`` -> ``"1-3,5"`` (ranges within one prefix, like ``1/1-1/4``)."""
    numbered = sorted(
        (m.group(1), int(m.group(2))) for m in map(_PORT_PARTS.fullmatch, ports) if m
    )
    runs: list[list[tuple[str, int]]] = []
    for prefix, number in numbered:
        if runs and runs[-1][-1] == (prefix, number - 1):
            runs[-1].append((prefix, number))
        else:
            runs.append([(prefix, number)])
    parts = []
    for run in runs:
        first, last = f"{run[0][0]}{run[0][1]}", f"{run[-1][0]}{run[-1][1]}"
        parts.append(first if first == last else f"{first}-{last}")
    return ",".join(parts)


class HpProcurve(SimPlatform):
    key = "hp_procurve"
    grammar = GRAMMAR
    exec_in_config = True
    prompt_space = " "
    skip_on_load = re.compile(r"(;.*|Running configuration:|exit)")
    enable_asks_username = True
    exec_commands = (
        ExecCommand(r"enable", "enable", level=1),
        ExecCommand(r"terminal (width|length) \d+", "noop", level=1),
        ExecCommand(r"no page", "noop"),
        ExecCommand(r"show version", "show_version", level=1),
        ExecCommand(r"show run(ning-config)?", "show_running"),
        ExecCommand(r"show config", "show_startup"),
        ExecCommand(r"write mem(ory)?", "write_memory"),
        ExecCommand(r"conf(igure)?( t(erminal)?)?", "configure"),
        ExecCommand(r"reload after ((?P<d>\d+):)?((?P<h>\d+):)?(?P<m>\d+)", "reload_arm"),
        ExecCommand(r"no reload", "reload_cancel"),
        ExecCommand(r"show reload", "show_reload"),
        ExecCommand(r"logout|exit", "logout", level=1),
    )

    # factory default ----------------------------------------------------------------

    def factory_text(self, hardware: DeviceModel, hostname: str) -> str:
        ports = [str(n) for n in range(1, hardware.port_count + 1)]
        return self.dialect.factory[hardware.firmware].format(
            hostname=hostname, product_lower=hardware.key.lower(), ports=compress_ports(ports))

    def banner(self, hardware: DeviceModel) -> str:
        firmware = catalogue().firmware_of(hardware)
        return (
            f"HP {hardware.key} {hardware.name}\r\nSoftware revision {firmware.version}\r\n\r\n"
            "(C) Copyright 2020 Hewlett Packard Enterprise Development LP\r\n\r\n"
            "                   RESTRICTED RIGHTS LEGEND\r\n"
            "Press any key to continue"
        )

    def show_version(self, hostname: str, hardware: DeviceModel) -> str:
        version = catalogue().firmware_of(hardware).version
        return f"Image stamp:    /ws/swbuildm/rel_qaoff/code/build\r\n                {version}\r\nBoot Image:     Primary\r\n"

    def invalid(self, prompt: str, line: str, bad_word: int) -> str:
        words = line.split()
        return self.reply("invalid_input", word=words[bad_word] if words else line)

    # checks ---------------------------------------------------------------------------

    def check(self, match: Match, hardware: DeviceModel, tree: ConfigTree, targets: list[Path],
              prompt: str) -> str | None:
        for group in ("ports", "port"):
            if group in match.groups:
                known = {str(n) for n in range(1, hardware.port_count + 1)}
                bad = [p for p in hp_procurve_expand_range(match.groups[group])
                       if p not in known and not p.startswith("Trk")]
                if bad:
                    return self.reply("invalid_port", port=bad[0])
        return super().check(match, hardware, tree, targets, prompt)

    def stored_form(self, match: Match, hardware: DeviceModel) -> str:
        """The community's default access (operator) and view (restricted) are not printed
        (a JL258A on WC.16.10 prints a bare 'snmp-server community "public"': capture id 29479739983)."""
        if match.text.startswith("snmp-server community "):
            return " ".join(w for w in match.text.split(" ") if w not in ("operator", "restricted"))
        return match.text

    def refuse_word(self, match: Match, group: str, prompt: str) -> str:
        return self.reply("invalid_vlan", word=match.groups[group])

    # storing --------------------------------------------------------------------------

    def targets(self, match: Match, parents: list[Path]) -> list[Path]:
        if match.rule.action == "each_port":
            ports = hp_procurve_expand_range(match.groups["ports"])
            return [(*parent, f"interface {port}") for parent in parents for port in ports]
        return super().targets(match, parents)

    def act(self, tree: ConfigTree, targets: list[Path], match: Match, negate: bool) -> None:
        action = match.rule.action
        if action in ("each_port", "vlan"):  # negated block headers
            for path in self.targets(match, targets):
                tree.remove(path[:-1], path[-1])
            if action == "vlan":
                self._drop_membership(tree, match.groups["id"])
            return
        prefix = " ".join(match.rule.keywords)
        for port in hp_procurve_expand_range(match.groups["ports"]):
            if action == "per_port":
                edit = tree.remove if negate else tree.add
                edit((), f"{prefix} {port}")
            elif action == "per_interface":
                line = _PER_INTERFACE[prefix]
                if negate:
                    tree.remove((f"interface {port}",), line)
                else:
                    tree.add((f"interface {port}",), line)
            else:
                for vlan_path in targets:
                    self._member(tree, port, vlan_path[-1].split()[1], prefix, negate)

    @staticmethod
    def _member(tree: ConfigTree, port: str, vlan: str, kind: str, negate: bool) -> None:
        """A port is untagged in one VLAN, and tagged or untagged in a VLAN, not both."""
        interface = (f"interface {port}",)
        other = "tagged" if kind == "untagged" else "untagged"
        tree.remove(interface, f"{kind} vlan {vlan}" if negate else f"{other} vlan {vlan}")
        if not negate:
            tree.add(interface, f"{kind} vlan {vlan}", single="untagged vlan" * (kind == "untagged"))

    @staticmethod
    def _drop_membership(tree: ConfigTree, vlan: str) -> None:
        for interface in tree.root.children:
            if interface.text.startswith("interface "):
                for kind in ("untagged", "tagged"):
                    tree.remove((interface.text,), f"{kind} vlan {vlan}")

    # printing -------------------------------------------------------------------------

    def _top_key(self, child: HConfigChild) -> tuple[int, int]:
        numbers = re.findall(r"\d+", child.text)
        second = int(numbers[0]) if child.text.startswith(("interface ", "vlan ")) and numbers else 0
        return rank(child.text, self.order["global"]), second

    def _vlan_body(self, child: HConfigChild, members: dict[str, dict[str, list[str]]],
                   hardware: DeviceModel) -> list[str]:
        vlan = child.text.split()[1]
        lines = [c.text for c in child.children]
        ports = members.get(vlan, {})
        if vlan == "1":
            untagged = set(ports.get("untagged", []))
            absent = [str(n) for n in range(1, hardware.port_count + 1) if str(n) not in untagged]
            if absent:
                lines.append(f"no untagged {compress_ports(absent)}")
        lines += [f"{kind} {compress_ports(ports[kind])}" for kind in ("untagged", "tagged") if ports.get(kind)]
        return sorted(lines, key=lambda text: rank(text, self.order["vlan"]))

    def show_running(self, tree: ConfigTree, hardware: DeviceModel) -> str:
        members: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        per_port: dict[str, list[str]] = defaultdict(list)
        for child in tree.root.children:
            if child.text.startswith("interface "):
                for line in child.children:
                    if found := _MEMBER.fullmatch(line.text):
                        members[found.group(2)][found.group(1)].append(child.text.split()[1])
            elif found := _PER_PORT.fullmatch(child.text):
                per_port[found.group(1)].append(found.group(2))
        release = catalogue().firmware_of(hardware).version
        out = ["Running configuration:", "",
               *(line.format(product=hardware.key, release=release) for line in self.dialect.header)]
        for child in sorted(tree.root.children, key=self._top_key):
            if found := _PER_PORT.fullmatch(child.text):
                if ports := per_port.pop(found.group(1), None):
                    out.append(f"{found.group(1)} {compress_ports(ports)}")
                continue
            if child.text.startswith("vlan "):
                body = self._vlan_body(child, members, hardware)
            else:
                kept = [c for c in child.children if not _MEMBER.fullmatch(c.text)]
                body = [c.text for c in self.sorted_children(kept, self.order["interface"])]
                if child.text.startswith("interface ") and not body:
                    continue
            out.append(child.text)
            if body or child.children:
                out.extend([*(f"   {line}" for line in body), "   exit"])
        return "\r\n".join(out) + "\r\n"
