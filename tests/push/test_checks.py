"""What the push refuses to take for a configuration (pure checks, no device)."""

from __future__ import annotations

import pytest

from campusnet import platforms
from campusnet.push import configuration_problem

IOS = platforms.get("cisco_ios").push
HP = platforms.get("hp_procurve").push
assert IOS is not None and HP is not None

IOS_RUNNING = ("Building configuration...\n\nCurrent configuration : 120 bytes\n!\nversion 15.2\nhostname sw-i-1\n"
               "!\ninterface GigabitEthernet1/0/1\n description room i001\n!\nend\n")
HP_RUNNING = ('Running configuration:\n\n; J9776A Configuration Editor; Created on release #YA.16.10.0009\n\n'
              'hostname "sw-a-1"\nvlan 1\n   name "DEFAULT_VLAN"\n   exit\n')


@pytest.mark.parametrize(("rules", "text"), [(IOS, IOS_RUNNING), (HP, HP_RUNNING)])
def test_a_whole_configuration_passes(rules: object, text: str) -> None:
    assert configuration_problem(rules, text) is None  # type: ignore[arg-type]


@pytest.mark.parametrize(("rules", "text", "shown", "why"), [
    (IOS, "", "(nothing)", "empty reply"),
    (IOS, "                 ^\n% Invalid input detected at '^' marker.\n", "% Invalid input detected at '^' marker.",
     "a refusal"),
    (IOS, "Command authorization failed.\n", "Command authorization failed.", "a refusal"),
    (IOS, IOS_RUNNING.replace("!\nend\n", " --More-- "), " --More--", "a pager screen"),
    (IOS, IOS_RUNNING.removesuffix("!\nend\n"), "Building configuration...", "cut short"),
    (IOS, "% Ambiguous command:  \"show run\"\n", '% Ambiguous command:  "show run"', "a refusal"),
    (IOS, "sw-i-1 uptime is 1 minute\n", "sw-i-1 uptime is 1 minute", "no configuration header"),
    (HP, "Invalid input: running-config\n", "Invalid input: running-config", "a refusal"),
    (HP, HP_RUNNING + "-- MORE --, next page: Space, next line: Enter, quit: Control-C",
     "-- MORE --, next page: Space, next line: Enter, quit: Control-C", "a pager screen"),
])
def test_what_is_not_a_configuration(rules: object, text: str, shown: str, why: str) -> None:
    problem = configuration_problem(rules, text)  # type: ignore[arg-type]
    assert problem is not None and problem[0].strip() == shown.strip() and problem[1].startswith(why)
