"""`invoke check` as CI calls it: exit code, one last error line, the JUnit file."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from tests.conftest import ROOT


def invoke(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(Path(sys.executable).parent / "invoke"), "check", *args], cwd=ROOT,
                          capture_output=True, text=True, check=False)


def test_devices_only_pass_on_the_example_and_write_junit(tmp_path: Path) -> None:
    done = invoke("--no-servers", "--output", str(tmp_path), "--junit", str(tmp_path / "report.xml"))
    assert done.returncode == 0, done.stdout + done.stderr
    root = ET.parse(tmp_path / "report.xml").getroot()
    assert root.get("failures") == "0" and int(root.get("tests", "0")) > 50
    assert {s.get("name") for s in root.iter("testsuite")} == {"inventory", "devices", "switch files"}


def test_an_invalid_inventory_fails_with_its_errors_as_cases(example_copy: Path, tmp_path: Path) -> None:
    machines = example_copy / "machines.yml"
    machines.write_text(machines.read_text().replace("02:ca:00:00:00:02", "02:ca:00:00:00:01", 1))
    done = invoke("-i", str(example_copy), "--no-servers", "--output", str(tmp_path))
    assert done.returncode == 1
    assert done.stderr.strip().splitlines()[-1].startswith("error: check failed: 1 of 1 checks failed")
    case = ET.parse(tmp_path / "junit.xml").getroot().find("testsuite/testcase")
    assert case is not None and "machines.yml:" in case.get("name", "") and "already registered" in case.get("name", "")
