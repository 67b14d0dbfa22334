"""The test pipeline: shared scenarios run once, under their owner; logs are private."""

from __future__ import annotations

import io
import stat
import sys
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


def test_a_failed_steps_report_names_the_failed_task() -> None:
    """Molecule's destroy and recap follow a failure: the report finds it above them."""
    log = [
        "  \x1b[2m│\x1b[0m TASK [Copy the device client] ****",
        "  \x1b[2m│\x1b[0m \x1b[0;33mchanged: [ntp-router]\x1b[0m",
        "  \x1b[2m│\x1b[0m TASK [Wait for rsyslog to write the last accepted line] ****",
        '  \x1b[2m│\x1b[0m \x1b[0;31mfatal: [ntp-router]: FAILED! => {"msg":\x1b[0m',
        '  \x1b[2m│\x1b[0m \x1b[0;31m  "Timeout when waiting"}\x1b[0m',
        "  \x1b[2m│\x1b[0m ",
        "  \x1b[2m│\x1b[0m PLAY RECAP",
        "  \x1b[2m│\x1b[0m   *********************************************************************",
        *(f"destroy line {n}" for n in range(100)),
        "  │ FAILED - RETRYING: [localhost]: Wait for instance(s) deletion to complete (300 retries left).",
    ]
    assert testrun.failure_report(log) == [
        "TASK [Wait for rsyslog to write the last accepted line] ****",
        'fatal: [ntp-router]: FAILED! => {"msg":',
        '  "Timeout when waiting"}',
    ]
    assert not testrun.failure_report(["TASK [ok] ***", "ok: [host]", "PLAY RECAP"])
    # A handler's failure, ansible-core 2.19's error line, and Molecule's idempotence list.
    assert testrun.failure_report([
        "RUNNING HANDLER [nginx : Check nginx] ***", "fatal: [web]: FAILED! => {}",
        "[ERROR]: the role 'x' was not found",
        "CRITICAL Idempotence test failed because of the following tasks:", "* [web] => club_web : Copy",
        "INFO done",
    ]) == ["RUNNING HANDLER [nginx : Check nginx] ***", "fatal: [web]: FAILED! => {}",
           "[ERROR]: the role 'x' was not found",
           "CRITICAL Idempotence test failed because of the following tasks:", "* [web] => club_web : Copy"]


def test_the_terminal_shows_the_failure_of_a_long_log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(testrun, "LOG_DIR", tmp_path / "test-logs")
    script = "print('TASK [check]'); print('fatal: [h]: FAILED! => {}'); [print(n) for n in range(200)]; exit(2)"
    output = io.StringIO()
    outcome = testrun.run_step(testrun.Step("fails", "unit", (sys.executable, "-c", script)),
                               Console(file=output, width=200))
    assert not outcome.ok
    assert "TASK [check]\nfatal: [h]: FAILED! => {}" in output.getvalue()
