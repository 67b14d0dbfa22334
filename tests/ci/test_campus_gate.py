"""ci/campus/check.sh, as both CI definitions run it, on a campus repository whose personal
and secret files are vault-encrypted: it passes, publishes a JUnit report and the overview,
and neither they nor the machine keep the vault password, a secret or a member's data."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

from tests.conftest import EXAMPLE, ROOT

pytestmark = pytest.mark.slow
PASSWORD = "campus-ci-vault-password"


def test_gate_passes_and_publishes_only_safe_reports(tmp_path: Path, personal_data: list[str]) -> None:
    inventory = tmp_path / "campus" / "inventory"
    shutil.copytree(EXAMPLE, inventory)
    secrets = yaml.safe_load((EXAMPLE / "secrets.yml").read_text())["secrets"]
    secret_values = [v for k, v in secrets.items() if isinstance(v, str) and k != "device_username"]
    password_file = tmp_path / "password"
    password_file.write_text(PASSWORD)
    subprocess.run([str(Path(sys.executable).parent / "ansible-vault"), "encrypt", "--vault-password-file",
                    str(password_file), str(inventory / "members.yml"), str(inventory / "secrets.yml")],
                   check=True, capture_output=True)
    password_file.unlink()
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    reports = tmp_path / "campus" / "reports"
    env = {**os.environ, "CAMPUSNET_VAULT_PASSWORD": PASSWORD, "TMPDIR": str(temporary)}
    env.pop("ANSIBLE_VAULT_PASSWORD_FILE", None)
    done = subprocess.run([str(ROOT / "ci" / "campus" / "check.sh"), str(inventory), str(reports)], env=env,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    junit = ET.parse(reports / "campusnet-check.xml").getroot()
    assert junit.get("failures") == "0" and int(junit.get("tests", "0")) > 100
    suites = {suite.get("name", "") for suite in junit.iter("testsuite")}
    assert {"inventory", "devices", "switch files", "server files router-1", "server files srv-dns"} <= suites
    published = "".join(path.read_text() for path in reports.iterdir())
    assert "<svg" in (reports / "campusnet-report.html").read_text()
    leaked = [value for value in [PASSWORD, *secret_values, *personal_data] if value in published]
    assert not leaked, "a secret or a member's data in the published reports"
    assert list(temporary.iterdir()) == [] or all(PASSWORD not in p.read_text(errors="replace")
                                                  for p in temporary.rglob("*") if p.is_file())
