"""The commit-confirm timer is really armed and cancelled, answering each platform's questions."""

from __future__ import annotations

import pytest

from campusnet import platforms
from campusnet.push import Options, Session, Target
from campusnet.redact import Redactor
from campusnet.sim import FleetSpec, SimFleet
from campusnet.sim.spec import DeviceSpec


@pytest.mark.parametrize(("platform", "line"), [("cisco_ios", "logging host 10.9.9.9"),
                                              ("hp_procurve", "logging 10.9.9.9")])
def test_arm_cancel_save(platform: str, line: str) -> None:
    device = DeviceSpec(name="x", platform=platform, port=0, username="u", password="p", hostname="x")
    with SimFleet(FleetSpec(devices=[device])) as fleet:
        port = fleet.ports()["x"]
        session = Session(Target("x", platforms.get(platform), "127.0.0.1", port, "u", "p", ""), Options(), Redactor())
        try:
            session.send([line])  # an unsaved change: IOS asks whether to save first
            session.arm(5)
            assert fleet.state("x")["reload_pending"]
            assert fleet.state("x")["startup"] != fleet.state("x")["running"], "arming must not save"
            session.cancel()
            assert not fleet.state("x")["reload_pending"]
            session.save()
            assert fleet.state("x")["startup"] == fleet.state("x")["running"]
        finally:
            session.close()
