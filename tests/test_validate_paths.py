"""`invoke validate` shows each building's path and bottleneck, and what changed since the
last render: after G's move back to its fibre it reports G at 1000 Mb/s (README's promise)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT


def invoke(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "200"}  # table rows on one line each
    return subprocess.run([sys.executable, "-m", "invoke", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, check=False)


def row(output: str, building: str) -> str:
    (line,) = [line for line in output.splitlines() if re.match(rf"│ {building} +│", line)]
    return re.sub(r"\s+", " ", line)


def test_validate_reports_g_at_1000_after_the_move_and_what_changed(example_copy: Path, tmp_path: Path) -> None:
    build = tmp_path / "build"
    before = invoke("validate", "-i", str(example_copy), "--build", str(build))
    assert before.returncode == 0, before.stderr
    assert row(before.stdout, "g") == "│ g │ g-via-j 10 Mb/s -> j-fibre 1000 Mb/s │ 10 Mb/s (g-via-j): fair share between 255 rooms │"
    assert row(before.stdout, "j") == "│ j │ j-fibre 1000 Mb/s │ 1000 Mb/s (upstream) │"
    assert f"since the last render: none in {build}/ yet" in before.stdout

    assert invoke("render", "-i", str(example_copy), "--output", str(build)).returncode == 0
    buildings = example_copy / "buildings.yml"
    buildings.write_text(buildings.read_text().replace("uplink: g-via-j", "uplink: g-fibre"))
    after = invoke("validate", "-i", str(example_copy), "--build", str(build))
    assert after.returncode == 0, after.stderr
    assert row(after.stdout, "g") == "│ g │ g-fibre 1000 Mb/s │ 1000 Mb/s (upstream) │"
    assert "fair share" not in after.stdout
    changed = re.search(r"since the last render: 3 devices would change: sw-cournot-1 \(\+\d+ -\d+\), "
                        r"sw-g-1 \(\+\d+ -\d+\), sw-j-1 \(\+\d+ -\d+\); `([^`]+)` shows the lines", after.stdout)
    assert changed, after.stdout
    shown = subprocess.run(changed[1], shell=True, cwd=ROOT, capture_output=True, text=True, check=False,
                           env={**os.environ, "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}"})
    assert shown.returncode == 0, shown.stderr
    assert "+   name \"uplink g-fibre to sw-cournot-1:16\"" in shown.stdout
    again = invoke("validate", "-i", str(example_copy), "--build", str(build))
    assert "since the last render: no device changes" in again.stdout
