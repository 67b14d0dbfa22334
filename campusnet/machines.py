"""Registering a member's machine: pick the next free address, add one row, keep the rest.

Addresses are written into machines.yml once and never recomputed, so adding or
removing a machine never renumbers another. The edit is validated before it is saved.
"""

from __future__ import annotations

import os
from ipaddress import IPv4Address
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from campusnet.derive import derive
from campusnet.errors import CampusnetError
from campusnet.files import atomic_write
from campusnet.inventory import kinds, schema
from campusnet.inventory.issues import raise_if_any
from campusnet.inventory.load import Decrypt, load_inventory, with_file
from campusnet.model import Campus, Vlan


def next_free_ipv4(campus: Campus, vlan: Vlan) -> IPv4Address:
    """Lowest host address of ``vlan`` outside its pool that nothing holds yet."""
    taken = {m.ipv4 for m in campus.machines} | {s.ipv4 for s in campus.servers.values()}
    taken |= {s.management.ip for s in campus.switches.values()} | {a.management.ip for a in campus.access_points.values()}
    taken.add(vlan.gateway4)
    for address in vlan.ipv4.hosts():
        if address in taken or (vlan.pool and vlan.pool[0] <= address <= vlan.pool[1]):
            continue
        return address
    raise CampusnetError(f"VLAN {vlan.name} ({vlan.ipv4}) has no free address left outside its pool")


def add_row(text: str, member: str, row: str) -> str:
    """Insert ``row`` as the member's last machine in machines.yml text (comments kept)."""
    lines = text.splitlines(keepends=True)
    header = f"  {member}:\n"
    if header not in lines:
        return text + ("" if text.endswith("\n") else "\n") + f"{header}  - {row}\n"
    index = lines.index(header) + 1
    while index < len(lines) and lines[index].startswith("  - "):
        index += 1
    return "".join(lines[:index] + [f"  - {row}\n"] + lines[index:])


def checked(value: str, kind: Any, option: str) -> str:
    """``value`` validated as a schema kind (normalised, e.g. a MAC), or one clear error
    naming the command-line option: a row is built from these, never from raw text."""
    try:
        return str(TypeAdapter(kind).validate_python(value))
    except ValidationError as error:
        raise CampusnetError(f"{option}: {error.errors()[0]['msg'].removeprefix('Value error, ')}") from None


def add_machine(directory: str | os.PathLike[str], member: str, name: str, mac: str, kind: str,
                decrypt: Decrypt | None = None) -> str:
    """Register a machine and return its row; the inventory must stay valid."""
    member = checked(member, kinds.MemberId, "--member")
    name = checked(name, schema.Name, "--name")
    mac = checked(mac, schema.Mac, "--mac")
    root = Path(directory)
    inventory = load_inventory(root, decrypt)
    derivation = derive(inventory)
    raise_if_any(derivation.errors)
    campus = derivation.campus
    assert campus is not None
    record = next((m for m in inventory.members.members if m.id == member), None)
    if record is None:
        raise CampusnetError(f"members.yml: no member with id {member}")
    building = next((b for b in campus.buildings.values() if record.room in b.rooms), None)
    if building is None or building.members_vlan is None:
        raise CampusnetError(f"members.yml: member {member}: room is not in a residence")
    vlan = campus.vlan_by_purpose("wifi")[0] if kind == "wifi" else campus.vlans[building.members_vlan]
    row = f"{name} {mac} {kind} {next_free_ipv4(campus, vlan)}"
    text = add_row(inventory.sources.get("machines.yml", "machines:\n"), member, row)
    raise_if_any(derive(with_file(inventory, "machines.yml", text)).errors)
    atomic_write(root / "machines.yml", text)
    return row

