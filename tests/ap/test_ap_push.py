"""AP push against a stand-in container: write, reload once, unchanged, partial rewrite, rollback."""

from __future__ import annotations

import dataclasses
import stat
import time
from pathlib import Path

import pytest

from campusnet import ap_push, model
from campusnet.ap_push import ApTarget, deploy_ap
from campusnet.lab import ap as lab
from campusnet.push import Options
from campusnet.redact import campus_redactor
from campusnet.results import DeviceResult, Status
from tests.ap.conftest import STAND_IN

pytestmark = pytest.mark.slow


def push(campus: model.Campus, target: ApTarget, backups: Path, dry_run: bool = False) -> DeviceResult:
    result = deploy_ap(target, Options(dry_run=dry_run, backup_dir=backups, connect_timeout=5), campus_redactor(campus.secrets))
    secrets = (campus.secrets.device_password, campus.secrets.radius_secret)
    assert not any(s in result.message or s in result.diff for s in secrets), result
    return result


def calls() -> list[str]:
    """Outcome of each reload_config call so far ("ok" / "refused")."""
    return [line.split()[1] for line in lab.exec_in(STAND_IN, f"cat {lab.CALLS} 2>/dev/null || true").splitlines()]


def on_device(name: str) -> str:
    return lab.exec_in(STAND_IN, f"cat /etc/config/{name}")


def mtimes() -> dict[str, str]:
    lines = lab.exec_in(STAND_IN, "cd /etc/config && stat -c '%n %y' *").splitlines()
    return dict(line.split(" ", 1) for line in lines)


def with_ssid(target: ApTarget, ssid: str) -> ApTarget:
    wireless = target.files["wireless"].replace("option ssid 'Campus'", f"option ssid '{ssid}'")
    assert wireless != target.files["wireless"]
    return dataclasses.replace(target, files={**target.files, "wireless": wireless})


def test_check_shows_a_masked_diff_and_writes_nothing(campus: model.Campus, target: ApTarget, backups: Path) -> None:
    result = push(campus, target, backups, dry_run=True)
    assert result.status == Status.WOULD_CHANGE
    assert "option ssid 'Campus'" in result.diff and "auth_secret '<redacted>'" in result.diff
    assert lab.exec_in(STAND_IN, "ls -A /etc/config") == "" and calls() == []


def test_first_push_writes_the_files_and_reloads_once(campus: model.Campus, target: ApTarget, backups: Path) -> None:
    result = push(campus, target, backups)
    assert result.status == Status.CHANGED, result.message
    assert all(on_device(name) == text for name, text in target.files.items())
    assert calls() == ["ok"]
    assert lab.exec_in(STAND_IN, "stat -c %a /etc/config/wireless").strip() == "600"
    backup = Path(result.backup or "")
    assert sorted(p.name for p in backup.iterdir()) == sorted(target.files)
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in backup.iterdir())


def test_second_push_is_unchanged_and_does_not_reload(campus: model.Campus, target: ApTarget, backups: Path) -> None:
    push(campus, target, backups)
    before = mtimes()
    result = push(campus, target, backups)
    assert result.status == Status.UNCHANGED
    assert calls() == ["ok"] and mtimes() == before


def test_changed_ssid_rewrites_only_the_wireless_file(campus: model.Campus, target: ApTarget, backups: Path) -> None:
    push(campus, target, backups)
    before = mtimes()
    result = push(campus, with_ssid(target, "Campus-New"), backups)
    assert result.status == Status.CHANGED and result.message == "files: wireless"
    assert result.lines == 4  # two radios, - and + each
    after = mtimes()
    assert after["wireless"] != before["wireless"]
    assert {k: v for k, v in after.items() if k != "wireless"} == {k: v for k, v in before.items() if k != "wireless"}
    assert "option ssid 'Campus-New'" in on_device("wireless") and calls() == ["ok", "ok"]


def test_a_file_reload_config_refuses_is_rolled_back(campus: model.Campus, target: ApTarget, backups: Path) -> None:
    push(campus, target, backups)
    broken = with_ssid(target, "Campus-New")
    broken = dataclasses.replace(broken, files={**broken.files, "network": broken.files["network"] + "bogus line\n"})
    result = push(campus, broken, backups)
    assert result.status == Status.ROLLED_BACK
    assert "parse error" in result.message and "restored from the backup" in result.message
    assert all(on_device(name) == text for name, text in target.files.items())
    assert calls() == ["ok", "refused", "ok"]
    assert lab.exec_in(STAND_IN, "/etc/init.d/network status").strip() == "running"


def test_wrong_password_is_one_clear_line(campus: model.Campus, target: ApTarget, backups: Path) -> None:
    result = push(campus, dataclasses.replace(target, password="not-the-password"), backups)
    assert result.status == Status.UNREACHABLE
    assert result.message.startswith("authentication failed") and "\n" not in result.message
    assert not backups.exists()


def test_the_restore_job_is_scheduled_and_cancelled_after_verify(campus: model.Campus, target: ApTarget,
                                                                 backups: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pending: list[bool] = []
    write = ap_push._write

    def watching(session: ap_push.ApSession, files: dict[str, str], notify: object) -> None:
        pending.append(ap_push.restore_pending(session))  # armed before anything is written
        write(session, files, notify)  # type: ignore[arg-type]

    monkeypatch.setattr(ap_push, "_write", watching)
    # A 20 s job: the push must be verified within its first 15 s (push.CONFIRM_MARGIN).
    options = Options(backup_dir=backups, connect_timeout=5, timer_minutes=1, minute_seconds=20)
    started = time.monotonic()
    result = deploy_ap(target, options, campus_redactor(campus.secrets))
    assert result.status == Status.CHANGED and pending == [True], result.message
    assert lab.exec_in(STAND_IN, f"ls -A {ap_push.RESTORE_DIR} 2>/dev/null || true") == ""
    time.sleep(max(0.0, started + 21 - time.monotonic()))  # past the job's delay: cancelled, it put nothing back
    assert all(on_device(name) == text for name, text in target.files.items()) and calls() == ["ok"]


def wait_for_the_restore_job() -> None:
    deadline = time.monotonic() + 15
    while "restored" not in lab.exec_in(STAND_IN, f"cat {ap_push.RESTORE_DIR}/done 2>/dev/null || true"):
        assert time.monotonic() < deadline, "the restore job did not run"
        time.sleep(0.5)


def test_a_push_verified_too_late_leaves_the_restore_to_the_job(campus: model.Campus, target: ApTarget,
                                                                backups: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Writing the backup back, or cancelling the job, would race the job: neither is done."""
    push(campus, target, backups)
    before = {name: on_device(name) for name in target.files}
    monkeypatch.setattr(ap_push, "confirm_by", lambda options: time.monotonic())  # the verify ends past it
    options = Options(backup_dir=backups, connect_timeout=5, timer_minutes=1, minute_seconds=4)
    result = deploy_ap(with_ssid(target, "Campus-New"), options, campus_redactor(campus.secrets))
    assert result.status == Status.TIMER_RESTORES and result.failed, result.message
    assert "too late to confirm it safely: the access point's restore job puts" in result.message
    assert "option ssid 'Campus-New'" in on_device("wireless")  # not written back by the push
    wait_for_the_restore_job()
    assert {name: on_device(name) for name in target.files} == before
    assert calls() == ["ok", "ok", "ok"]  # first push, the late push, the job's reload


def test_a_push_that_cuts_the_access_point_off_restores_itself(campus: model.Campus, target: ApTarget,
                                                               backups: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    push(campus, target, backups)
    before = {name: on_device(name) for name in target.files}
    write = ap_push._write
    cut = []

    def cutting(session: ap_push.ApSession, files: dict[str, str], notify: object) -> None:
        write(session, files, notify)  # type: ignore[arg-type]
        if not cut:  # the new configuration took the AP off the network: no new login, session gone
            cut.append(True)
            lab.exec_in(STAND_IN, "systemctl stop ssh")
            session.close()

    monkeypatch.setattr(ap_push, "_write", cutting)
    options = Options(backup_dir=backups, connect_timeout=3, timer_minutes=1, minute_seconds=4)
    try:
        result = deploy_ap(with_ssid(target, "Campus-New"), options, campus_redactor(campus.secrets))
        assert result.status == Status.TIMER_RESTORES and result.failed, result.message
        assert "restore job puts the backed-up files back and reloads within 4 s" in result.message
        wait_for_the_restore_job()
        assert {name: on_device(name) for name in target.files} == before
        assert calls() == ["ok", "ok", "ok"]  # first push, the cutting push, the job's reload
    finally:
        lab.exec_in(STAND_IN, "systemctl start ssh")
