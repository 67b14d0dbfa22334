"""`invoke report` as a nightly job calls it: the page is written, --check fails on drift."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from campusnet.derive import load_campus
from campusnet.render.engine import render_campus
from tests.conftest import EXAMPLE, ROOT


def report(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(Path(sys.executable).parent / "invoke"), "report", *args], cwd=ROOT,
                          capture_output=True, text=True, check=False)


def test_check_passes_in_sync_and_fails_on_drift_or_unknown(tmp_path: Path) -> None:
    campus = load_campus(EXAMPLE).campus
    assert campus is not None
    backups = tmp_path / "backups"
    for rendered in render_campus(campus):
        folder = backups / rendered.device / "20261130T090000000000Z"
        folder.mkdir(parents=True)
        for name, text in rendered.files.items():
            (folder / name).write_text(text)
    page = tmp_path / "report.html"
    done = report("--check", "--backups", str(backups), "-o", str(page))
    assert done.returncode == 0, done.stderr
    assert page.read_text().startswith("<!DOCTYPE html>") and "0 drifted" in done.stdout
    running = backups / "sw-g-1" / "20261130T090000000000Z" / "running.cfg"
    running.write_text(running.read_text().replace('name "room g001"', 'name "room g001 by hand"'))
    done = report("--check", "--backups", str(backups), "-o", str(page))
    assert done.returncode == 1
    assert "sw-g-1: drifted (2 lines)" in done.stdout
    assert done.stderr.strip().splitlines()[-1].startswith("error: drift: 1 devices drifted, 0 could not be compared")
    (backups / "sw-g-1" / "20261130T090000000000Z" / "running.cfg").unlink()
    (backups / "sw-g-1" / "20261130T090000000000Z").rmdir()
    done = report("--check", "--backups", str(backups), "-o", str(page))
    assert done.returncode == 1 and "0 devices drifted, 1 could not be compared" in done.stderr
