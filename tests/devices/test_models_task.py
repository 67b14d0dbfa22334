"""`invoke models`: the catalogue as a table, every model with its ports and what it lacks."""

from __future__ import annotations

import os
import subprocess
import sys

from campusnet.catalogue import catalogue
from tests.conftest import ROOT


def run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "250"}
    return subprocess.run([sys.executable, "-m", "invoke", "models", *args], cwd=ROOT, capture_output=True,
                          text=True, env=env, check=False)


def test_models_lists_every_model_with_its_port_names() -> None:
    result = run("--sources")
    assert result.returncode == 0, result.stderr
    for key in catalogue().models:
        assert key in result.stdout
    assert "FastEthernet0/1-24" in result.stdout and "GigabitEthernet1/1/1-4" in result.stdout
    assert "trunk_encapsulation:" in result.stdout and "ra_guard:" in result.stdout  # lacks, with reasons
    assert "netbox-2960" in result.stdout


def test_an_unknown_platform_is_one_clear_line() -> None:
    result = run("--platform", "junos")
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1].startswith("error: no model of platform 'junos'")
    assert "Traceback" not in result.stderr
