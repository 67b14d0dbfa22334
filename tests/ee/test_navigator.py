"""ansible-navigator runs the network playbook inside the execution environment image, against
a simulated switch on this machine: a first run pushes, a second changes nothing.

The EE (localhost/campusnet-ee, built offline by `invoke ee.build` from the lab base image)
holds the collection campusnet.core and the campusnet package; nothing of this checkout
is mounted but the overlay inventory and the example it reads. Slow: builds the image when its sources changed (about
two minutes from scratch, under one when only our content changed).
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from campusnet.ee import ensure
from campusnet.lab.podman import podman_env
from campusnet.overlay import update_overlay
from campusnet.sim import FleetSpec, SimFleet
from campusnet.sim.inventory import devices_from_inventory
from tests.conftest import EXAMPLE

pytestmark = pytest.mark.slow
SWITCH = "sw-i-1"


def navigator(image: str, inventory: Path, work: Path) -> tuple[str, dict[str, int]]:
    command = [str(Path(sys.executable).parent / "ansible-navigator"), "run", "campusnet.core.network",
               "-i", str(inventory / "campusnet.yml"), "--limit", SWITCH, "--mode", "stdout",
               "--ee", "true", "--ce", "podman", "--eei", image, "--pull-policy", "never",
               "--playbook-artifact-enable", "false", "--log-file", str(work / "navigator.log"),
               # the simulator listens on this machine's loopback; the image's user cannot read
               # root's 0700 test directories, root in the container can
               "--container-options=--net=host", "--container-options=--user=0",
               # the overlay inventory reads the example live: mount it where the overlay says
               "--execution-environment-volume-mounts", f"{EXAMPLE}:{EXAMPLE}:ro",
               "-e", f"campusnet_backup_dir={work / 'backups'}"]
    done = subprocess.run(command, cwd=work, env=podman_env(), capture_output=True, text=True, check=False)
    output = re.sub(r"\x1b\[[0-9;]*[A-Za-z]|\x1b\[K", "", done.stdout)
    assert done.returncode == 0, output[-3000:] + done.stderr[-2000:]
    recap = re.search(rf"{SWITCH}\s*:\s*ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)", output)
    assert recap, output[-3000:]
    return output, {"ok": int(recap[1]), "changed": int(recap[2]), "failed": int(recap[4])}


def test_network_playbook_runs_in_the_execution_environment(tmp_path: Path) -> None:
    image = ensure().tag
    inventory = tmp_path / "sim"
    devices = [d for d in devices_from_inventory(EXAMPLE) if d.name == SWITCH]
    with SimFleet(FleetSpec(devices=devices)) as fleet:
        update_overlay(inventory, EXAMPLE, [], fleet.ports())  # as `invoke sim.up` writes build/sim
        _, first = navigator(image, inventory, tmp_path)
        sent = fleet.state(SWITCH)["config_lines"]
        _, second = navigator(image, inventory, tmp_path)
        assert fleet.state(SWITCH)["config_lines"] == sent
    assert first == {"ok": 1, "changed": 1, "failed": 0} and sent > 300
    assert second == {"ok": 1, "changed": 0, "failed": 0}
    assert len(list((tmp_path / "backups" / SWITCH).iterdir())) == 2  # the module's backups, in the mounted path
