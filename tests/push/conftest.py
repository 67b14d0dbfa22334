"""A few switches of the example campus, each on a simulator, and their push targets."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import pytest

from campusnet.derive import load_campus
from campusnet.model import Campus
from campusnet.push import Options, Target
from campusnet.redact import Redactor, campus_redactor
from campusnet.sim import FleetSpec, SimFleet
from campusnet.sim.inventory import devices_from_inventory
from campusnet.targets import at_loopback, switch_targets
from tests.conftest import EXAMPLE

SWITCHES = ("sw-a-1", "sw-i-1", "sw-cournot-1")  # ProCurve, IOS, the core (ProCurve)


@dataclass
class Lab:
    campus: Campus
    fleet: SimFleet
    targets: dict[str, Target]
    redact: Redactor
    backups: Path

    def options(self, **changes: object) -> Options:
        return replace(Options(backup_dir=self.backups, connect_timeout=3, read_timeout=10), **changes)  # type: ignore[arg-type]

    def lines_received(self, name: str) -> int:
        return int(self.fleet.state(name)["config_lines"])


def start_lab(tmp_path: Path, inventory: Path = EXAMPLE, minute_seconds: float = 60.0) -> Iterator[Lab]:
    campus = load_campus(inventory).campus
    assert campus is not None
    campus = at_loopback(campus)
    devices = [d for d in devices_from_inventory(inventory) if d.name in SWITCHES]  # port 0: free ports
    with SimFleet(FleetSpec(devices=devices, minute_seconds=minute_seconds)) as fleet:
        ports = fleet.ports()
        targets = {t.name: replace(t, host="127.0.0.1", port=ports[t.name])
                   for t in switch_targets(campus) if t.name in SWITCHES}
        yield Lab(campus, fleet, targets, campus_redactor(campus.secrets), tmp_path / "backups")


@pytest.fixture
def lab(tmp_path: Path) -> Iterator[Lab]:
    yield from start_lab(tmp_path)
