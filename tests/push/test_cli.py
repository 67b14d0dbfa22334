"""`invoke deploy` against a switch whose login lands at the user prompt (issue 9's done-when)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from invoke import Context
from invoke.exceptions import Exit

from campusnet import report
from campusnet.cli.network import deploy
from campusnet.diff import remediation
from campusnet.overlay import update_overlay
from tests.conftest import EXAMPLE
from tests.push.conftest import Lab

pytestmark = pytest.mark.slow


def test_invoke_deploy_enters_enable_with_the_secret_and_refuses_cleanly_without(
        lab: Lab, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    source, inventory = tmp_path / "inventory", tmp_path / "sim"
    shutil.copytree(EXAMPLE, source)
    update_overlay(inventory, source, lab.targets, {name: t.port for name, t in lab.targets.items()})
    monkeypatch.chdir(tmp_path)  # backups/ go here
    monkeypatch.setattr(report.console, "width", 400)  # one line per result, whatever the terminal
    lab.fleet.set_faults("sw-i-1", user_level_login=True)
    secrets = source / "secrets.yml"
    with_secret = secrets.read_text(encoding="utf-8")
    assert "enable_secret:" in with_secret
    secrets.write_text("\n".join(line for line in with_secret.splitlines() if "enable_secret" not in line) + "\n")

    with pytest.raises(Exit) as refused:
        deploy(Context(), inventory=str(inventory), limit="sw-i-1", yes=True)
    out = capsys.readouterr().out
    assert refused.value.code == 1
    assert "sw-i-1: failed, untouched - the login lands at the user prompt (sw-i-1>)" in out
    assert lab.lines_received("sw-i-1") == 0 and not (tmp_path / "backups").exists()

    secrets.write_text(with_secret, encoding="utf-8")
    deploy(Context(), inventory=str(inventory), limit="sw-i-1", yes=True)  # no Exit: every switch changed
    out = capsys.readouterr().out
    assert "sw-i-1: changed" in out
    target = lab.targets["sw-i-1"]
    assert target.platform.hier_platform is not None
    assert not remediation(target.platform.hier_platform, lab.fleet.running_config("sw-i-1"), target.intended)
