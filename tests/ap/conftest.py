"""Fixtures: the example campus, one AP stand-in container, and targets pointing at it."""

from __future__ import annotations

import dataclasses
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from campusnet import model
from campusnet.ap_push import ApTarget, ap_targets
from campusnet.derive import load_campus
from campusnet.lab import ap as lab
from campusnet.targets import at_loopback
from tests.conftest import EXAMPLE

AP = "ap-j-1"
# Container campusnet-ap-pytest-ap-<pid>: not an inventory name, so ap.lab-down/up leave it be, and
# two test runs on one machine (two checkouts) do not share it.
STAND_IN = f"pytest-ap-{os.getpid()}"


@pytest.fixture(scope="session")
def campus() -> model.Campus:
    loaded = load_campus(EXAMPLE).campus
    assert loaded is not None
    return loaded


@pytest.fixture(scope="module")
def stand_in(campus: model.Campus) -> Iterator[lab.StandIn]:
    """One AP stand-in for the module, root password = the example's device password."""
    from campusnet.lab.image import image_exists

    if shutil.which("podman") is None or not image_exists():
        pytest.skip("needs podman and localhost/campusnet-debian12:latest (run `invoke lab.image`)")
    port = lab.start(lab.StandIn(STAND_IN), campus.secrets.device_password)  # podman picks a free port
    yield lab.StandIn(STAND_IN, port)
    lab.stop([STAND_IN])


@pytest.fixture
def target(campus: model.Campus, stand_in: lab.StandIn) -> ApTarget:
    """ap-j-1's rendered files, aimed at a factory-blank stand-in (state reset for each test)."""
    lab.exec_in(STAND_IN, f"rm -f /etc/config/* /etc/config/.*.new {lab.CALLS}")
    (rendered,) = ap_targets(at_loopback(campus), AP)
    return dataclasses.replace(rendered, host="127.0.0.1", port=stand_in.port)


@pytest.fixture
def backups(tmp_path: Path) -> Path:
    return tmp_path / "backups"
