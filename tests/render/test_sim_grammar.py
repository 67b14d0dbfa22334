"""Every rendered switch line is a command the simulator's grammar knows."""

from __future__ import annotations

import pytest

from tests.render.conftest import Case

sim = pytest.importorskip("campusnet.sim.platforms")
GRAMMARS = {"hp_procurve": "campusnet.sim.platforms.hp_procurve", "cisco_ios": "campusnet.sim.platforms.cisco_ios"}


def _unknown(platform: str, text: str) -> list[str]:
    grammar = pytest.importorskip(GRAMMARS[platform]).GRAMMAR
    context, unknown = "config", []
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped or stripped[0] in ";!" or stripped in ("exit", "end"):
            context = "config" if stripped == "exit" else context
            continue
        indented = line.startswith(" ")
        where = context if indented else "config"
        found = grammar.match(where, stripped) or (
            stripped.startswith("no ") and grammar.match(where, stripped.removeprefix("no ")))
        if not found:
            unknown.append(f"{where}: {stripped}")
        elif not indented:
            context = found.rule.opens or "config"
    return unknown


def test_rendered_lines_are_known_to_the_simulator(case: Case) -> None:
    unknown = {line for name, switch in case.campus.switches.items()
               for line in _unknown(switch.platform, case.text(name))}
    assert not unknown, sorted(unknown)[:20]
