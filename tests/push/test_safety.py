"""What real switch CLIs do that our push must survive (issue 9): one test per behaviour.

Each failure case checks that the device ends as it was (running configuration, no timer left
pending), that the result names the cause, and that it counts as failed (non-zero exit).
"""

from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path

import pytest

from campusnet import push
from campusnet.diff import remediation
from campusnet.push import Session, deploy_device
from campusnet.results import DeviceResult, Status
from tests.push.conftest import Lab, start_lab

pytestmark = pytest.mark.slow
BOTH = ["sw-i-1", "sw-a-1"]  # IOS, ProCurve
VLAN = {"sw-i-1": "vlan 50", "sw-a-1": "vlan 40"}  # a line each first deploy sends


def in_sync(lab: Lab, name: str) -> bool:
    target = lab.targets[name]
    assert target.platform.hier_platform is not None
    return not remediation(target.platform.hier_platform, lab.fleet.running_config(name), target.intended)


def same(lab: Lab, name: str, one: str, other: str) -> bool:
    """Equal for the diff engine both ways (the simulator may print an emptied block differently)."""
    hier = lab.targets[name].platform.hier_platform
    assert hier is not None
    return not remediation(hier, one, other) and not remediation(hier, other, one)


def as_it_was(lab: Lab, name: str, running: str) -> None:
    state = lab.fleet.state(name)
    assert same(lab, name, state["running"], running), f"{name} was changed"
    assert not state["reload_pending"] and not state["revert_pending"], f"{name} still has a timer pending"


def failed_untouched(lab: Lab, result: DeviceResult, name: str, running: str, *causes: str) -> None:
    assert result.status == Status.UNTOUCHED and result.failed, result
    for cause in causes:
        assert cause in result.message, result.message
    as_it_was(lab, name, running)
    assert lab.lines_received(name) == 0, "configuration lines were sent"


@pytest.mark.parametrize("name", BOTH)
def test_login_at_the_user_prompt_enters_enable_with_the_secret(lab: Lab, name: str) -> None:
    lab.fleet.set_faults(name, user_level_login=True)
    result = deploy_device(lab.targets[name], lab.options(), lab.redact)
    assert result.status == Status.CHANGED, result.message
    state = lab.fleet.state(name)
    assert in_sync(lab, name) and state["startup"] == state["running"] and not state["reload_pending"]


@pytest.mark.parametrize("name", BOTH)
def test_login_at_the_user_prompt_without_an_enable_secret_is_refused(lab: Lab, name: str) -> None:
    running = lab.fleet.running_config(name)
    lab.fleet.set_faults(name, user_level_login=True)
    result = deploy_device(replace(lab.targets[name], enable_secret=None), lab.options(), lab.redact)
    failed_untouched(lab, result, name, running, "user prompt", f"secrets.devices.{name}.enable_secret")
    assert not lab.backups.exists(), "nothing may be fetched or stored before the privilege check"


@pytest.mark.parametrize("name", BOTH)
def test_a_wrong_enable_secret_is_refused(lab: Lab, name: str) -> None:
    running = lab.fleet.running_config(name)
    lab.fleet.set_faults(name, user_level_login=True)
    result = deploy_device(replace(lab.targets[name], enable_secret="not-the-secret"), lab.options(), lab.redact)
    failed_untouched(lab, result, name, running, "enable")
    assert "not-the-secret" not in result.message


@pytest.mark.parametrize("name", BOTH)
def test_a_refused_show_running_config_is_never_a_backup(lab: Lab, name: str) -> None:
    running = lab.fleet.running_config(name)
    lab.fleet.set_faults(name, refuse_show_running=True)
    result = deploy_device(lab.targets[name], lab.options(), lab.redact)
    failed_untouched(lab, result, name, running, "the device did not return its configuration: ", "Invalid input")
    assert not lab.backups.exists(), "a refusal was stored as a backup"


@pytest.mark.parametrize("name", BOTH)
def test_a_refused_timer_stops_before_sending_unless_no_timer(lab: Lab, name: str) -> None:
    running = lab.fleet.running_config(name)
    lab.fleet.set_faults(name, refuse_timer=True)
    result = deploy_device(lab.targets[name], lab.options(), lab.redact)
    failed_untouched(lab, result, name, running, "no commit-confirm timer")
    plan = deploy_device(lab.targets[name], lab.options(dry_run=True, no_timer=True), lab.redact)
    assert plan.status == Status.WOULD_CHANGE and "no commit-confirm timer" in plan.message
    pushed = deploy_device(lab.targets[name], lab.options(no_timer=True), lab.redact)
    assert pushed.status == Status.CHANGED and pushed.message.startswith("no timer") and in_sync(lab, name)


@pytest.mark.parametrize("name", BOTH)
def test_an_error_text_nobody_listed_stops_the_push_and_names_the_line(lab: Lab, name: str) -> None:
    running = lab.fleet.running_config(name)
    lab.fleet.set_faults(name, reject_pattern=f"^{VLAN[name]}", error_text="% Flux capacitor not calibrated")
    result = deploy_device(lab.targets[name], lab.options(), lab.redact)
    assert result.status == Status.ROLLED_BACK, result.message
    assert f"`{VLAN[name]}`: unexpected reply: % Flux capacitor not calibrated" in result.message
    as_it_was(lab, name, running)


@pytest.mark.parametrize("name", BOTH)
def test_a_known_refusal_names_the_line_and_the_text(lab: Lab, name: str) -> None:
    running = lab.fleet.running_config(name)
    lab.fleet.set_faults(name, reject_pattern=f"^{VLAN[name]}")
    result = deploy_device(lab.targets[name], lab.options(), lab.redact)
    assert result.status == Status.ROLLED_BACK and f"`{VLAN[name]}` refused: " in result.message, result.message
    assert "Invalid input" in result.message
    as_it_was(lab, name, running)


@pytest.mark.parametrize("name", BOTH)
def test_an_error_without_a_prompt_fails_within_seconds_naming_the_line(lab: Lab, name: str) -> None:
    running = lab.fleet.running_config(name)
    lab.fleet.set_faults(name, reject_pattern=f"^{VLAN[name]}", no_prompt_after_error=True)
    started = time.monotonic()
    result = deploy_device(lab.targets[name], lab.options(line_timeout=2), lab.redact)
    assert time.monotonic() - started < 30
    assert result.status == Status.ROLLED_BACK, result.message
    assert f"`{VLAN[name]}`: no prompt within 2 s" in result.message
    as_it_was(lab, name, running)


@pytest.mark.parametrize(("name", "line"), [("sw-i-1", "logging host 10.9.9.9"), ("sw-a-1", "logging 10.9.9.9")])
def test_unsaved_changes_stop_the_push_unless_save_first(lab: Lab, name: str, line: str) -> None:
    session = Session(lab.targets[name], lab.options(), lab.redact)
    try:
        session.configure([line])  # someone's unsaved change: a timer would undo it
    finally:
        session.close()
    running, sent = lab.fleet.running_config(name), lab.lines_received(name)
    plan = deploy_device(lab.targets[name], lab.options(dry_run=True), lab.redact)
    assert "the push will stop; see --save-first" in plan.message
    result = deploy_device(lab.targets[name], lab.options(), lab.redact)
    assert result.status == Status.UNTOUCHED and "saved configuration differs" in result.message
    as_it_was(lab, name, running)
    assert lab.lines_received(name) == sent
    result = deploy_device(lab.targets[name], lab.options(save_first=True), lab.redact)
    assert result.status == Status.CHANGED and in_sync(lab, name), result.message


@pytest.mark.parametrize("name", BOTH)
def test_verify_logs_in_again_and_needs_privilege_not_just_an_open_port(lab: Lab, name: str) -> None:
    running = lab.fleet.running_config(name)
    # After the push's first line, new logins land at the user prompt with no way to enable:
    # the SSH port still answers, so a TCP check would call this push a success.
    lab.fleet.set_faults(name, demote_after=1)
    result = deploy_device(replace(lab.targets[name], enable_secret=None), lab.options(), lab.redact)
    assert result.status == Status.ROLLED_BACK and "user prompt" in result.message, result.message
    as_it_was(lab, name, running)


def test_the_ios_archive_timer_restores_without_a_reboot(tmp_path: Path) -> None:
    for lab in start_lab(tmp_path, minute_seconds=0.3):
        target = lab.targets["sw-i-1"]
        first = deploy_device(target, lab.options(timer_minutes=100), lab.redact)
        assert first.status == Status.CHANGED and first.message.startswith("reload timer"), first.message
        running = lab.fleet.running_config("sw-i-1")  # now with the archive the template configures
        changed = replace(target, intended=target.intended.replace(" description room i001", " description out of order"))
        # The push dies at its second line, and from its first line on new logins cannot enable:
        # no rollback is possible, only the timer.
        lab.fleet.set_faults("sw-i-1", drop_after=2, demote_after=lab.lines_received("sw-i-1") + 1)
        result = deploy_device(replace(changed, enable_secret=None), lab.options(timer_minutes=10), lab.redact)
        assert result.status == Status.TIMER_RESTORES, result.message
        assert "the archive timer restores the switch within 10 min: " in result.message and "no reboot" in result.message
        deadline = time.monotonic() + 15
        while lab.fleet.state("sw-i-1")["revert_pending"] and time.monotonic() < deadline:
            time.sleep(0.2)
        state = lab.fleet.state("sw-i-1")
        assert same(lab, "sw-i-1", state["running"], running) and state["reboots"] == 0 and not state["revert_pending"]


def test_a_second_ios_push_confirms_the_archive_and_the_first_reports_the_device_warnings(lab: Lab) -> None:
    target = lab.targets["sw-i-1"]
    first = deploy_device(target, lab.options(), lab.redact)
    # The first push has no archive yet (fallback: reload); room ports say their portfast warning.
    assert first.status == Status.CHANGED and first.message.startswith("reload timer confirmed; the switch also said: ")
    assert "x %Warning: portfast should only be enabled" in first.message
    changed = replace(target, intended=target.intended.replace(" description room i001", " description out of order"))
    result = deploy_device(changed, lab.options(), lab.redact)
    assert result.status == Status.CHANGED and result.message == "archive timer confirmed", result.message
    assert lab.fleet.state("sw-i-1")["reboots"] == 0


@pytest.fixture
def late(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every push's confirmation margin is over as soon as its timer is armed."""
    monkeypatch.setattr(push, "confirm_by", lambda options: time.monotonic() - 1)


@pytest.mark.parametrize("name", BOTH)
def test_a_push_that_outlasts_its_timer_is_left_to_the_timer(lab: Lab, name: str, late: None) -> None:
    """Past the confirmation margin neither a confirmation nor a rollback races the timer.

    The switch's timer runs on real minutes; the push's margin is already over when the
    lines are sent: the push must not confirm, save or roll back.
    """
    before = lab.fleet.state(name)
    options = lab.options(timer_minutes=1)
    result = deploy_device(lab.targets[name], options, lab.redact)
    assert result.status == Status.TIMER_RESTORES and result.failed, result.message
    assert "too late to confirm it safely: the " in result.message and " timer restores the switch within 1 min" \
        in result.message, result.message
    state = lab.fleet.state(name)
    assert state["reload_pending"] or state["revert_pending"], "the timer was confirmed"
    assert state["startup"] == before["startup"], "the change was saved"
    assert in_sync(lab, name), "the push was rolled back by hand, racing the timer"


def test_a_push_that_fails_past_the_margin_is_left_to_the_timer_too(lab: Lab, late: None) -> None:
    """A rollback that late would race the timer as a confirmation would: not attempted."""
    before = lab.fleet.state("sw-a-1")
    lab.fleet.set_faults("sw-a-1", reject_line=3)
    result = deploy_device(lab.targets["sw-a-1"], lab.options(timer_minutes=1), lab.redact)
    assert result.status == Status.TIMER_RESTORES and result.failed, result.message
    assert "refused" in result.message and "; too late in the timer to roll back safely: the " in result.message
    state = lab.fleet.state("sw-a-1")
    assert state["reload_pending"] and state["startup"] == before["startup"]
    assert lab.lines_received("sw-a-1") == 3, "lines were sent back (a rollback)"
