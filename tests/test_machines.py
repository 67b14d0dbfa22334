"""Registering a machine adds one row and renumbers nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from campusnet.derive import load_campus
from campusnet.inventory.issues import InventoryError
from campusnet.machines import add_machine


def rows(path: Path) -> list[str]:
    return [line for line in path.read_text().splitlines() if line.startswith("  - ")]


def test_add_machine_keeps_every_other_address(example_copy: Path) -> None:
    machines = example_copy / "machines.yml"
    before = rows(machines)
    row = add_machine(example_copy, "m0001", "m0001-tablet", "02:00:5e:00:00:99", "wired")
    after = rows(machines)
    assert [r for r in after if r != f"  - {row}"] == before
    assert row.startswith("m0001-tablet 02:00:5e:00:00:99 wired 10.128.32.")
    campus = load_campus(example_copy).campus
    assert campus is not None and any(m.name == "m0001-tablet" for m in campus.machines)
    # removing an earlier machine leaves the new one where it is
    machines.write_text(machines.read_text().replace("  - m0001-2 02:ca:00:00:00:02 wired 10.128.32.10\n", ""))
    campus = load_campus(example_copy).campus
    assert campus is not None
    assert next(m for m in campus.machines if m.name == "m0001-tablet").ipv4.exploded == row.split()[-1]


def test_add_machine_refuses_a_duplicate_mac(example_copy: Path) -> None:
    text = (example_copy / "machines.yml").read_text()
    with pytest.raises(InventoryError):
        add_machine(example_copy, "m0002", "m0002-x", "02:ca:00:00:00:01", "wifi")
    assert (example_copy / "machines.yml").read_text() == text
