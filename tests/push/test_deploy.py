"""Deploys against simulators: first, no-op, one port, every fault, credentials, secrets."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from campusnet.diff import remediation
from campusnet.push import backup_device, deploy_device, run_all
from campusnet.results import Status
from tests.push.conftest import SWITCHES, Lab

pytestmark = pytest.mark.slow


def in_sync(lab: Lab, name: str) -> bool:
    target = lab.targets[name]
    assert target.platform.hier_platform is not None
    return not remediation(target.platform.hier_platform, lab.fleet.running_config(name), target.intended)


def test_first_deploy_then_nothing_then_one_port(lab: Lab) -> None:
    results = run_all(lab.targets.values(), lab.options(), lab.redact, workers=3)
    assert [r.status for r in results] == [Status.CHANGED] * 3, [r.message for r in results]
    for name in SWITCHES:
        state = lab.fleet.state(name)
        assert in_sync(lab, name), f"{name}: running differs from intended after deploy"
        assert state["startup"] == state["running"] and not state["reload_pending"]
    sent = {name: lab.lines_received(name) for name in SWITCHES}

    again = run_all(lab.targets.values(), lab.options(), lab.redact, workers=3)
    assert [r.status for r in again] == [Status.UNCHANGED] * 3
    assert {name: lab.lines_received(name) for name in SWITCHES} == sent, "a no-op deploy sent lines"

    # One room socket taken out of service: only port 38's lines may go out.
    target = lab.targets["sw-a-1"]
    changed = target.intended.replace('interface 38\n   name "room a038"', 'interface 38\n   name "out of service"')
    assert changed != target.intended
    result = deploy_device(replace(target, intended=changed), lab.options(), lab.redact)
    assert result.status == Status.CHANGED and result.lines == 2  # `interface 38` + its new name
    assert lab.lines_received("sw-a-1") - sent["sw-a-1"] == 2
    assert '"out of service"' in lab.fleet.running_config("sw-a-1")


@pytest.mark.parametrize("name", ["sw-a-1", "sw-i-1"])
def test_renaming_a_switch(lab: Lab, name: str) -> None:
    target = lab.targets[name]
    quote = '"' if target.platform.key == "hp_procurve" else ""
    renamed = target.intended.replace(f"hostname {quote}{name}{quote}\n", f"hostname {quote}renamed{quote}\n")
    assert renamed != target.intended
    result = deploy_device(replace(target, intended=renamed), lab.options(), lab.redact)
    assert result.status == Status.CHANGED, result.message
    assert deploy_device(replace(target, intended=renamed), lab.options(), lab.redact).status == Status.UNCHANGED


@pytest.mark.parametrize(("fault", "expected"), [
    ({"reject_line": 7}, Status.ROLLED_BACK),
    ({"reject_pattern": "^vlan 40"}, Status.ROLLED_BACK),
    ({"drop_after": 20}, Status.ROLLED_BACK),
    ({"refuse": True}, Status.UNREACHABLE),
    ({"hang": True}, Status.UNREACHABLE),
])
def test_fault_leaves_device_as_it_was_and_others_done(lab: Lab, fault: dict[str, object], expected: Status) -> None:
    before = lab.fleet.running_config("sw-a-1")
    lab.fleet.set_faults("sw-a-1", **fault)
    results = {r.device: r for r in run_all(lab.targets.values(), lab.options(), lab.redact, workers=3)}
    faulty = results.pop("sw-a-1")
    assert faulty.status == expected, faulty.message
    assert faulty.failed and faulty.message
    lab.fleet.clear_faults("sw-a-1")
    assert lab.fleet.running_config("sw-a-1") == before, "the faulty device was not restored"
    assert not lab.fleet.state("sw-a-1")["reload_pending"], "the commit-confirm timer is still armed"
    assert all(r.status == Status.CHANGED for r in results.values())


def test_lost_session_is_restored_by_the_timer(tmp_path: Path) -> None:
    from tests.push.conftest import start_lab

    for lab in start_lab(tmp_path, minute_seconds=0.3):
        before = lab.fleet.running_config("sw-i-1")
        lab.fleet.set_faults("sw-i-1", drop_after=15)
        target = lab.targets["sw-i-1"]
        # the fault also drops the rollback session: nothing is left but the timer
        result = deploy_device(target, lab.options(timer_minutes=3), lab.redact)
        assert result.status in (Status.TIMER_RESTORES, Status.ROLLED_BACK), result.message
        if result.status == Status.TIMER_RESTORES:
            assert "timer restores" in result.message
            import time

            deadline = time.monotonic() + 10
            while lab.fleet.state("sw-i-1")["reload_pending"] and time.monotonic() < deadline:
                time.sleep(0.2)
        assert lab.fleet.running_config("sw-i-1") == before


def test_wrong_credentials_is_one_clear_line(lab: Lab) -> None:
    target = replace(lab.targets["sw-i-1"], password="wrong-password")
    result = deploy_device(target, lab.options(), lab.redact)
    assert result.status == Status.UNREACHABLE
    assert result.message == "authentication failed (check device_username/device_password in secrets.yml)"


def test_no_secret_in_logs_diffs_or_results(lab: Lab, tmp_path: Path) -> None:
    logs = tmp_path / "session-logs"
    secrets = lab.campus.secrets
    lab.fleet.set_faults("sw-i-1", reject_pattern="radius|snmp-server")
    results = run_all(lab.targets.values(), lab.options(session_log_dir=logs), lab.redact, workers=3)
    results += [backup_device(t, lab.options(), lab.redact) for t in lab.targets.values()]
    texts = [r.message + r.diff for r in results] + [p.read_text() for p in logs.iterdir()]
    assert len(list(logs.iterdir())) == 3
    for secret in (secrets.device_password, secrets.radius_secret, secrets.snmp_community):
        assert not [t for t in texts if secret in t], "a secret leaked"
    assert any("radius" in t for t in texts), "the session logs should hold the (masked) lines"
