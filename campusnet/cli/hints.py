"""The commands the tasks suggest. Each hint is a whole command line that works when pasted:
it repeats the inventory the user gave (``-i build/sim``) and quotes what a shell would split.

Hints are printed between backticks; the quick-start test collects every one the quick
start prints and runs it.
"""

from __future__ import annotations

import os
import shlex
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from campusnet.overlay import NOWHERE, read_overlay
from campusnet.paths import DEFAULT_INVENTORY, SIM_INVENTORY
from campusnet.results import DeviceResult, Status
from campusnet.words import plural


def line(task: str, inventory: str = DEFAULT_INVENTORY, **options: str | bool) -> str:
    """``invoke TASK [-i INVENTORY] [--option VALUE]...``, quoted for a POSIX shell.

    The default inventory is left out, and so are options that are False or empty.
    """
    words = ["invoke", task]
    if inventory and not _same(inventory, DEFAULT_INVENTORY):
        words += ["-i", inventory]
    for name, value in options.items():
        flag = "--" + name.replace("_", "-")
        if value is True:
            words.append(flag)
        elif value:
            words += [flag, str(value)]
    return shlex.join(words)


def command(task: str, inventory: str = DEFAULT_INVENTORY, **options: str | bool) -> str:
    """The hint for one task: its command line between backticks."""
    return f"`{line(task, inventory, **options)}`"


def _same(a: str | os.PathLike[str], b: str | os.PathLike[str]) -> bool:
    return Path(a).resolve() == Path(b).resolve()


def missing_inventory(inventory: str) -> str | None:
    """What to run when ``inventory`` does not exist: the simulated campus is made by sim.up."""
    if _same(inventory, SIM_INVENTORY):
        return (f"{inventory} does not exist yet: start the simulated campus with {command('sim.up')} "
                f"(or the whole lab with {command('lab.run')})")
    return None


def unreachable(inventory: str, targets: Sequence[Any], results: Sequence[DeviceResult]) -> str | None:
    """Why devices of the simulated campus did not answer, and the command that fixes it.

    Only for an overlay (build/sim): a device aimed at NOWHERE has no simulator or stand-in
    (stopped by ``lab.down``, or added to the inventory after they started); one that
    refused on its port lost its simulator.
    """
    from campusnet.lab import ap as stand_ins
    from campusnet.push import Target
    from campusnet.sim import fleet

    overlay = read_overlay(inventory)
    down = [t for t, r in zip(targets, results, strict=True) if r.status == Status.UNREACHABLE]
    if overlay is None or not down:
        return None
    source = str(overlay.source)  # relative to the working directory when inside it
    switches = [t.name for t in down if isinstance(t, Target)]
    aps = [t.name for t in down if not isinstance(t, Target)]
    lines = []
    if switches and fleet.running() is None:
        lines.append(f"the switch simulators are not running: start them with {command('sim.up', source)}")
    elif switches:
        missing = [t.name for t in down if t.name in switches and (t.host, t.port) == NOWHERE]
        if missing:
            lines.append(f"{', '.join(missing)}: no simulator (added after they started?): restart them with "
                         f"`{line('sim.down')} && {line('sim.up', source)}`")
    if aps:
        running = set(stand_ins.running())
        absent = [name for name in aps if name not in running]
        if absent:
            glob = absent[0] if len(absent) == 1 else os.path.commonprefix(absent) + "*"
            lines.append(f"{plural(len(absent), 'access point')} without a stand-in: start "
                         f"{'it' if len(absent) == 1 else 'them'} with {command('ap.lab-up', source, limit=glob)}")
    return "\n".join(lines) or None
