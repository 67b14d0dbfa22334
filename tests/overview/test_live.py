"""`invoke report --live` against a simulated switch: a factory-default switch drifts, the
same switch after a deploy is in sync although it prints lines nobody typed, and devices
that do not answer are "unreachable", never "in sync"."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from campusnet.derive import load_campus
from campusnet.overlay import update_overlay
from campusnet.overview.build import Settings, build
from campusnet.overview.drift import State
from campusnet.push import Options, run_all
from campusnet.redact import campus_redactor
from campusnet.sim import FleetSpec, SimFleet
from campusnet.sim.inventory import devices_from_inventory
from campusnet.targets import switch_targets
from tests.conftest import EXAMPLE

pytestmark = pytest.mark.slow
SWITCH = "sw-i-1"


def quietly(targets: list[Any], options: Options, redact: Any, workers: int, verb: str, action: Any) -> Any:
    return run_all(targets, options, redact, workers, None, action)


def test_live_drift_then_in_sync_after_a_deploy(tmp_path: Path) -> None:
    inventory = tmp_path / "sim"  # an overlay like build/sim
    devices = [d for d in devices_from_inventory(EXAMPLE) if d.name == SWITCH]  # port 0: a free port
    settings = Settings(inventory, backups=tmp_path / "backups", live=True, workers=20)
    with SimFleet(FleetSpec(devices=devices)) as fleet:
        update_overlay(inventory, EXAMPLE, [], fleet.ports())  # every other device: a closed loopback port
        before = {d.device: d for d in build(settings, quietly).drifts}
        campus = load_campus(inventory).campus
        assert campus is not None
        (target,) = [t for t in switch_targets(campus) if t.name == SWITCH]
        (pushed,) = run_all([target], Options(backup_dir=tmp_path / "pushed"), campus_redactor(campus.secrets))
        assert not pushed.failed, pushed.message
        after = {d.device: d for d in build(settings, quietly).drifts}
    assert before[SWITCH].state == State.DRIFTED and before[SWITCH].lines > 100
    assert before[SWITCH].source.startswith("live ")
    assert after[SWITCH].state == State.IN_SYNC, after[SWITCH].diff[:2000]
    running = (max((tmp_path / "backups" / SWITCH).iterdir()) / "running.cfg").read_text()
    assert "Building configuration" in running or "Running configuration" in running  # the device's own lines
    others = [d for name, d in after.items() if name != SWITCH]
    assert others and all(d.state == State.UNREACHABLE for d in others)
