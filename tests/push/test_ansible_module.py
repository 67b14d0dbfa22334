"""playbooks/network.yml pushes switches with the same engine: check, diff, push, no-op,
through an overlay inventory like build/sim (the live example, one switch on a simulator)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from campusnet.overlay import update_overlay
from campusnet.sim import FleetSpec, SimFleet
from campusnet.sim.inventory import devices_from_inventory
from tests.conftest import EXAMPLE, ROOT

pytestmark = pytest.mark.slow
SWITCH = "sw-i-1"


def play(inventory: Path, *extra: str, code: int = 0) -> tuple[str, dict[str, int]]:
    env = {**os.environ, "ANSIBLE_CONFIG": str(ROOT / "ansible.cfg"), "ANSIBLE_NOCOLOR": "1"}
    result = subprocess.run(
        [str(Path(sys.executable).parent / "ansible-playbook"), "-i", str(inventory),
         str(ROOT / "playbooks" / "network.yml"), "--limit", SWITCH, *extra],
        cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    assert result.returncode == code, result.stdout[-3000:] + result.stderr[-3000:]
    recap = re.search(rf"{SWITCH}\s*:\s*ok=(\d+)\s+changed=(\d+)", result.stdout)
    assert recap, result.stdout
    return result.stdout, {"ok": int(recap[1]), "changed": int(recap[2])}


def test_network_playbook_check_diff_push_and_noop(tmp_path: Path) -> None:
    devices = [d for d in devices_from_inventory(EXAMPLE) if d.name == SWITCH]
    inventory = tmp_path / "sim"
    with SimFleet(FleetSpec(devices=devices)) as fleet:
        update_overlay(inventory, EXAMPLE, [], fleet.ports())  # the other switches get NOWHERE
        assert sorted(p.name for p in inventory.iterdir()) == ["campusnet.yml", "group_vars"]
        out, recap = play(inventory, "--check", "--diff")
        assert recap["changed"] == 1 and "+vlan 10" in out
        assert fleet.state(SWITCH)["config_lines"] == 0, "check mode sent lines"
        out, _ = play(inventory, "-e", "campusnet_timer_minutes=5m", code=2)  # a typo, not 0 minutes
        assert "timer_minutes" in out and fleet.state(SWITCH)["config_lines"] == 0
        fleet.set_faults(SWITCH, refuse_timer=True)
        out, _ = play(inventory, code=2)
        assert "untouched: no commit-confirm timer" in out and fleet.state(SWITCH)["config_lines"] == 0
        _, recap = play(inventory, "-e", "campusnet_no_timer=true")
        assert recap["changed"] == 1 and fleet.state(SWITCH)["config_lines"] > 300
        fleet.clear_faults(SWITCH)
        sent = fleet.state(SWITCH)["config_lines"]
        _, recap = play(inventory)
        assert recap["changed"] == 0 and fleet.state(SWITCH)["config_lines"] == sent

