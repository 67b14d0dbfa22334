"""The one Jinja2 environment every device template renders in."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import jinja2

from campusnet.render.quote import jinja_filters, refuse_unprintable

#: templates/ at the repository root (the package is installed editable).
TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def ranges(numbers: Iterable[int], sep: str = ",", min_run: int = 2) -> str:
    """``[1, 2, 3, 5]`` -> ``"1-3,5"``: how the platforms print port and VLAN lists.

    ``min_run``: the shortest run printed as a range (IOS prints ``10,11`` but ``10-12``).
    """
    runs: list[list[int]] = []
    for number in sorted(numbers):
        if runs and runs[-1][-1] == number - 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    parts: list[str] = []
    for run in runs:
        parts.extend([f"{run[0]}-{run[-1]}"] if len(run) >= max(min_run, 2) else map(str, run))
    return sep.join(parts)


def make_environment(templates: Path = TEMPLATES) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
        finalize=refuse_unprintable,
    )
    env.filters["ranges"] = ranges
    env.filters.update(jinja_filters())
    return env
