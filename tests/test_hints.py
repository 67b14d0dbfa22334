"""Messages: counted nouns, and hints that are whole commands naming the user's inventory."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest

from campusnet.cli import hints
from campusnet.overlay import NOWHERE, update_overlay
from campusnet.push import Target
from campusnet.results import DeviceResult, Status
from campusnet.words import plural
from tests.conftest import EXAMPLE


@pytest.mark.parametrize(("count", "noun", "said"), [
    (1, "switch", "1 switch"), (2, "switch", "2 switches"), (0, "line", "0 lines"),
    (3, "access point", "3 access points"), (2, "entry", "2 entries"), (2, "day", "2 days"),
    (1, "more diff line", "1 more diff line"), (5, "mismatch", "5 mismatches"),
])
def test_plural(count: int, noun: str, said: str) -> None:
    assert plural(count, noun) == said


def test_a_hint_repeats_the_inventory_and_quotes_for_the_shell() -> None:
    assert hints.command("diff") == "`invoke diff`"  # the default inventory goes without saying
    assert hints.command("diff", str(EXAMPLE)) == "`invoke diff`"
    hint = hints.command("deploy", "build/sim", limit="sw-[gj]-*", building="", check=True)
    assert hint == "`invoke deploy -i build/sim --limit 'sw-[gj]-*' --check`"
    assert shlex.split(hint.strip("`"))[-2] == "sw-[gj]-*"


def test_a_missing_simulated_campus_says_how_to_make_it() -> None:
    said = hints.missing_inventory("build/sim")
    assert said is not None and "`invoke sim.up`" in said
    assert hints.missing_inventory("inventories/nowhere") is None


def _unreachable(name: str, where: tuple[str, int]) -> tuple[Target, DeviceResult]:
    target = Target(name, None, *where, "admin", "secret", "")  # type: ignore[arg-type]
    return target, DeviceResult(name, Status.UNREACHABLE, message="cannot connect")


def test_a_stopped_lab_names_the_command_that_starts_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # build/sim and build/fleet of a checkout where nothing runs
    update_overlay(Path("build/sim"), EXAMPLE, [], {})
    target, result = _unreachable("sw-a-1", NOWHERE)
    said = hints.unreachable("build/sim", [target], [result])
    assert said == f"the switch simulators are not running: start them with `invoke sim.up -i {EXAMPLE}`"
    assert hints.unreachable(str(EXAMPLE), [target], [result]) is None  # not the simulated campus


def test_a_switch_added_after_sim_up_names_the_restart(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from campusnet.sim import fleet

    monkeypatch.chdir(tmp_path)
    update_overlay(Path("build/sim"), EXAMPLE, [], {"sw-a-1": 41001})
    monkeypatch.setattr(fleet, "running", lambda: {"pid": 1, "devices": []})
    target, result = _unreachable("sw-new-1", NOWHERE)
    said = hints.unreachable("build/sim", [target], [result])
    assert said is not None and said.endswith(f"`invoke sim.down && invoke sim.up -i {EXAMPLE}`")
