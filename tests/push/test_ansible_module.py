"""playbooks/network.yml pushes switches with the same engine: check, diff, push, no-op."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from campusnet.sim import FleetSpec, SimFleet
from campusnet.sim.inventory import devices_from_inventory, write_sim_inventory
from campusnet.sim.ports import free_ports
from tests.conftest import EXAMPLE, ROOT

pytestmark = pytest.mark.slow
SWITCH = "sw-i-1"


def play(inventory: Path, *extra: str) -> tuple[str, dict[str, int]]:
    env = {**os.environ, "ANSIBLE_CONFIG": str(ROOT / "ansible.cfg"), "ANSIBLE_NOCOLOR": "1"}
    result = subprocess.run(
        [str(Path(sys.executable).parent / "ansible-playbook"), "-i", str(inventory),
         str(ROOT / "playbooks" / "network.yml"), "--limit", SWITCH, *extra],
        cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    recap = re.search(rf"{SWITCH}\s*:\s*ok=(\d+)\s+changed=(\d+)", result.stdout)
    assert recap, result.stdout
    return result.stdout, {"ok": int(recap[1]), "changed": int(recap[2])}


def test_network_playbook_check_diff_push_and_noop(tmp_path: Path) -> None:
    (port,) = free_ports(1)
    devices = [d.model_copy(update={"port": port}) for d in devices_from_inventory(EXAMPLE, 1) if d.name == SWITCH]
    inventory = tmp_path / "inventory"
    write_sim_inventory(EXAMPLE, inventory, {SWITCH: port})  # the others get NOWHERE
    with SimFleet(FleetSpec(devices=devices)) as fleet:
        out, recap = play(inventory, "--check", "--diff")
        assert recap["changed"] == 1 and "hostname sw-i-1" in out
        assert fleet.state(SWITCH)["config_lines"] == 0, "check mode sent lines"
        _, recap = play(inventory)
        assert recap["changed"] == 1 and fleet.state(SWITCH)["config_lines"] > 300
        sent = fleet.state(SWITCH)["config_lines"]
        _, recap = play(inventory)
        assert recap["changed"] == 0 and fleet.state(SWITCH)["config_lines"] == sent

