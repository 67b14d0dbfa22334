"""Drift against backups, compared as a deploy compares: device-owned lines are not drift."""

from __future__ import annotations

from pathlib import Path

import pytest

from campusnet.overview.drift import State, compare, from_backups, latest_backup, when
from campusnet.render.engine import Rendered
from tests.conftest import ROOT

FIXTURES = ROOT / "tests" / "devices" / "fixtures"  # issue 10: what real models print after our push
MODELS = {"J9776A": "hp_procurve", "WS-C2960-24TT-L": "cisco_ios"}
ROOM = {"J9776A": "room a002", "WS-C2960-24TT-L": "room m002"}  # the second room port of each fixture


def _switch(model: str) -> Rendered:
    return Rendered("sw-x", MODELS[model], {"running.cfg": (FIXTURES / model / "intended.cfg").read_text()})


@pytest.mark.parametrize("model", sorted(MODELS))
def test_what_the_device_prints_after_our_push_is_in_sync(model: str) -> None:
    printed = (FIXTURES / model / "after.cfg").read_text()
    assert "Running configuration" in printed or "Building configuration" in printed  # banners, owned lines
    drift = compare(_switch(model), {"running.cfg": printed}, "backup", str)
    assert drift.state == State.IN_SYNC and drift.lines == 0 and drift.diff == ""


@pytest.mark.parametrize("model", sorted(MODELS))
def test_one_changed_port_name_is_drift_of_that_port_only(model: str) -> None:
    printed = (FIXTURES / model / "after.cfg").read_text()
    changed = printed.replace(ROOM[model], f"{ROOM[model]} (moved by hand)", 1)
    assert changed != printed
    drift = compare(_switch(model), {"running.cfg": changed}, "backup", str)
    assert drift.state == State.DRIFTED and drift.lines == 2  # the interface and its name
    assert f"{ROOM[model]} (moved by hand)" in drift.diff


def test_access_points_compare_files_and_name_missing_ones() -> None:
    intended = Rendered("ap-x", "openwrt", {"network": "config a\n", "wireless": "config b\n\toption key 's3cret'\n"})
    assert compare(intended, dict(intended.files), "b", str).state == State.IN_SYNC
    drift = compare(intended, {"network": "config a\n"}, "b", lambda t: t.replace("s3cret", "<redacted>"))
    assert drift.state == State.DRIFTED and drift.message == "not in the backup: wireless"
    assert "s3cret" not in drift.diff and "<redacted>" in drift.diff


def test_newest_backup_wins_and_missing_ones_are_reported(tmp_path: Path) -> None:
    for stamp, text in (("20261129T080000000000Z", "old\n"), ("20261130T090000000000Z", "new\n")):
        (tmp_path / "ap-x" / stamp).mkdir(parents=True)
        (tmp_path / "ap-x" / stamp / "network").write_text(text)
    assert latest_backup(tmp_path, "ap-x") == ("20261130T090000000000Z", {"network": "new\n"})
    drifts = from_backups([Rendered("ap-x", "openwrt", {"network": "new\n"}),
                           Rendered("ap-y", "openwrt", {"network": "x\n"})], tmp_path, str)
    assert [(d.device, d.state, d.source) for d in drifts] == [
        ("ap-x", State.IN_SYNC, "backup 2026-11-30 09:00 UTC"), ("ap-y", State.NO_BACKUP, "")]
    assert when("not-a-stamp") == "not-a-stamp"
