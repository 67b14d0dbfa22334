"""The inventory and network-device part of `invoke check` (in-process, no container).

Validation, then every switch and access point rendered with the same engine as
``invoke render``, then every switch file parsed with hier_config (the parser every diff
and push uses) and typed into the platform's simulated command line, which refuses
lines the device would refuse.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from hier_config import get_hconfig

from campusnet import model, platforms
from campusnet.check.cases import Case, Verdict
from campusnet.derive import Derivation
from campusnet.render.engine import Rendered, RenderError, devices, render_device
from campusnet.render.environment import make_environment
from campusnet.render.facts import campus_facts
from campusnet.sim import unknown_lines

SHOWN_LINES = 20  # refused lines listed per switch


@contextmanager
def stopwatch() -> Iterator[Callable[[], float]]:
    started = time.perf_counter()
    yield lambda: time.perf_counter() - started


def validation_cases(derivation: Derivation) -> list[Case]:
    """The passing validation, with its warnings as output."""
    return [Case("inventory", "validate", Verdict.PASSED,
                 output="\n".join(f"warning: {issue}" for issue in derivation.warnings))]


def render_cases(campus: model.Campus, redact: Callable[[str], str]) -> tuple[list[Case], list[Rendered]]:
    """One case per device: its templates render (the files are returned for the next checks)."""
    env, facts = make_environment(), campus_facts(campus)
    cases, rendered = [], []
    for device in devices(campus):
        with stopwatch() as elapsed:
            try:
                result = render_device(env, facts, device)
            except RenderError as error:
                cases.append(Case("devices", device.name, Verdict.FAILED, elapsed(), redact(str(error))))
                continue
        rendered.append(result)
        cases.append(Case("devices", device.name, Verdict.PASSED, elapsed()))
    return cases, rendered


def switch_cases(campus: model.Campus, rendered: list[Rendered], redact: Callable[[str], str]) -> list[Case]:
    """Per switch file: hier_config parses it, and the simulated device accepts every line."""
    cases = []
    for result in rendered:
        switch = campus.switches.get(result.device)
        if switch is None:
            continue
        (text,) = result.files.values()
        hier = platforms.get(switch.platform).hier_platform
        with stopwatch() as elapsed:
            try:
                assert hier is not None
                get_hconfig(hier, text)
            except Exception as error:  # noqa: BLE001 - any parse failure is this switch's failure
                cases.append(Case("switch files", f"{switch.name}: hier_config parse", Verdict.FAILED, elapsed(),
                                  redact(f"{type(error).__name__}: {error}")[:300]))
            else:
                cases.append(Case("switch files", f"{switch.name}: hier_config parse", Verdict.PASSED, elapsed()))
        with stopwatch() as elapsed:
            refused = unknown_lines(switch.device_model.key, text)
        name = f"{switch.name}: every line accepted by the simulated {switch.device_model.key} CLI"
        if refused:
            output = redact("\n".join(refused[:SHOWN_LINES]))
            cases.append(Case("switch files", name, Verdict.FAILED, elapsed(),
                              f"{len(refused)} lines refused, first: {redact(refused[0])}"[:300], output))
        else:
            cases.append(Case("switch files", name, Verdict.PASSED, elapsed()))
    return cases
