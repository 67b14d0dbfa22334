"""Where AP pushes go (pure), and an AP nobody answers for."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from campusnet import model
from campusnet.ap_push import ap_targets, deploy_ap
from campusnet.errors import CampusnetError
from campusnet.overlay import NOWHERE
from campusnet.push import Options
from campusnet.redact import campus_redactor
from campusnet.render.engine import render_campus
from campusnet.results import Status
from campusnet.targets import at_loopback


def production(campus: model.Campus) -> model.Campus:
    """The example campus as if its addresses were real (targets are then replaced)."""
    return dataclasses.replace(campus, settings=campus.settings.model_copy(update={"example": False}))


def test_an_example_campus_is_only_pushed_to_loopback(campus: model.Campus) -> None:
    with pytest.raises(CampusnetError, match="this is an example campus"):
        ap_targets(campus)


def test_targets_are_access_points_at_their_management_address(campus: model.Campus) -> None:
    campus = production(campus)
    targets = ap_targets(campus)
    assert sorted(t.name for t in targets) == sorted(campus.access_points)
    first = targets[0]
    assert (first.host, first.port) == (str(campus.access_points[first.name].management.ip), 22)
    assert first.files == render_campus(campus, first.name)[0].files
    assert campus.secrets.device_password not in repr(first)


def test_nobody_listening_is_unreachable_without_a_backup(campus: model.Campus, tmp_path: Path) -> None:
    target = ap_targets(at_loopback(campus), "ap-j-1")[0]  # NOWHERE: nothing listens there
    assert (target.host, target.port) == NOWHERE
    result = deploy_ap(target, Options(backup_dir=tmp_path, connect_timeout=2), campus_redactor(campus.secrets))
    assert result.status == Status.UNREACHABLE and result.message.startswith("cannot connect")
    assert list(tmp_path.iterdir()) == []
