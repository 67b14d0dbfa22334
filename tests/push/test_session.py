"""Session building blocks against one simulator: timers armed, read back, confirmed; saving."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from campusnet import platforms
from campusnet.push import Options, Session, Target
from campusnet.redact import Redactor
from campusnet.sim import FleetSpec, SimFleet
from campusnet.sim.spec import DeviceSpec

pytestmark = pytest.mark.slow
ARCHIVE = "archive\n path flash:campusnet-\n maximum 5\n"


@contextmanager
def one_switch(platform: str, startup: str = "") -> Iterator[tuple[SimFleet, Session]]:
    device = DeviceSpec(name="x", platform=platform, port=0, username="u", password="p",  # type: ignore[arg-type]
                        hostname="x", startup_config=startup)
    with SimFleet(FleetSpec(devices=[device])) as fleet:
        session = Session(Target("x", platforms.get(platform), "127.0.0.1", fleet.ports()["x"], "u", "p", ""),
                          Options(connect_timeout=3), Redactor())
        try:
            yield fleet, session
        finally:
            session.close()


@pytest.mark.parametrize(("platform", "line"), [("cisco_ios", "logging host 10.9.9.9"),
                                              ("hp_procurve", "logging 10.9.9.9")])
def test_reload_timer_armed_read_back_confirmed_then_saved(platform: str, line: str) -> None:
    with one_switch(platform) as (fleet, session):
        session.configure([line])  # an unsaved change: IOS would ask whether to save first
        timer = session.arm(5)
        assert timer.name == "reload" and fleet.state("x")["reload_pending"]
        assert fleet.state("x")["startup"] != fleet.state("x")["running"], "arming must not save"
        session.confirm(timer)
        assert not fleet.state("x")["reload_pending"]
        session.save()
        assert fleet.state("x")["startup"] == fleet.state("x")["running"]


def test_ios_prefers_the_archive_when_the_switch_has_one() -> None:
    with one_switch("cisco_ios", ARCHIVE) as (fleet, session):
        timer = session.arm(5)
        state = fleet.state("x")
        assert timer.name == "archive" and state["revert_pending"] and not state["reload_pending"]
        session.confirm(timer)
        assert not fleet.state("x")["revert_pending"] and fleet.state("x")["reboots"] == 0


def test_a_timer_that_does_not_read_back_pending_is_not_trusted() -> None:
    with one_switch("cisco_ios") as (fleet, session):
        fleet.set_faults("x", refuse_timer=True)
        with pytest.raises(Exception, match="no commit-confirm timer: archive: .*reload: .*Invalid input"):
            session.arm(5)
        assert not fleet.state("x")["reload_pending"] and not fleet.state("x")["revert_pending"]


@pytest.mark.parametrize("platform", ["cisco_ios", "hp_procurve"])
def test_a_fetched_configuration_is_checked(platform: str) -> None:
    with one_switch(platform) as (fleet, session):
        assert session.running().lstrip().startswith(("Building configuration", "Running configuration"))
        fleet.set_faults("x", refuse_show_running=True)
        with pytest.raises(Exception, match="did not return its configuration: .*Invalid input"):
            session.running()
