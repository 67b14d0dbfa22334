"""The test pipeline: shared scenarios run once, under their owner; logs are private."""

from __future__ import annotations

import io
import stat
from pathlib import Path

import pytest
from rich.console import Console

from campusnet.lab import testrun
from campusnet.lab.testrun import molecule_roles, scenario_owner


def _scenario(root: Path, role: str) -> Path:
    scenario = root / "roles" / role / "molecule" / "default"
    scenario.mkdir(parents=True)
    (scenario / "molecule.yml").write_text("---\n", encoding="utf-8")
    return scenario


def test_shared_scenario_runs_once_under_its_owner(tmp_path: Path) -> None:
    shared = _scenario(tmp_path, "mail")
    _scenario(tmp_path, "common")
    (tmp_path / "roles" / "directory" / "molecule").mkdir(parents=True)
    (tmp_path / "roles" / "directory" / "molecule" / "default").symlink_to(shared)
    (tmp_path / "roles" / "untested").mkdir()

    assert molecule_roles(tmp_path) == ["common", "mail"]
    assert scenario_owner("directory", tmp_path) == "mail"
    assert scenario_owner("mail", tmp_path) == "mail"
    assert scenario_owner("untested", tmp_path) is None
    (shared / "verify.yml").write_text("---\n# a long verify\n", encoding="utf-8")
    assert molecule_roles(tmp_path) == ["mail", "common"]  # the biggest scenario starts first


def test_a_steps_log_is_private(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Logs hold the test campuses' configurations and secrets: 0600 in a 0700 folder."""
    logs = tmp_path / "test-logs"
    monkeypatch.setattr(testrun, "LOG_DIR", logs)
    outcome = testrun.run_step(testrun.Step("echo", "unit", ("echo", "secret")), Console(file=io.StringIO()))
    assert outcome.ok
    (log,) = logs.iterdir()
    assert log.read_text() == "secret\n"
    assert stat.S_IMODE(logs.stat().st_mode) == 0o700 and stat.S_IMODE(log.stat().st_mode) == 0o600
