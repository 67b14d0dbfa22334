"""A rollback can always be typed: for every rendered switch, the simulator that took the push
from its factory default takes the remediation back and ends where it began."""

from __future__ import annotations

import pytest

from campusnet.derive import load_campus
from campusnet.diff import remediation
from campusnet.sim.device import Device
from campusnet.sim.session import Session
from campusnet.sim.spec import DeviceSpec
from campusnet.targets import at_loopback, switch_targets
from tests.conftest import EXAMPLE

pytestmark = pytest.mark.slow


def _type(session: Session, lines: list[str]) -> None:
    for line in lines:
        if not session.frames:
            session.configure()
        session.handle(line)


def test_every_switch_rolls_back_to_its_factory_default() -> None:
    campus = load_campus(EXAMPLE).campus
    assert campus is not None
    problems = []
    for target in switch_targets(at_loopback(campus)):
        hier = target.platform.hier_platform
        assert hier is not None
        spec = DeviceSpec(name=target.name, platform=target.platform.key, model=campus.switches[target.name].model,  # type: ignore[arg-type]
                          port=1, username="u", password="p", hostname=target.name)
        device = Device(spec)
        factory = device.show_running()
        session = Session(device)
        _type(session, remediation(hier, factory, target.intended))
        _type(session, remediation(hier, device.show_running(), factory))
        problems += [f"{target.name}: refused {line}" for line in device.rejected]
        problems += [f"{target.name}: left {line}" for line in remediation(hier, device.show_running(), factory)]
    if problems:
        pytest.fail("\n".join(problems[:20]))
