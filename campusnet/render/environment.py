"""The one Jinja2 environment every device template renders in."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import jinja2

from campusnet.render.quote import jinja_filters, refuse_unprintable

#: templates/ at the repository root (the package is installed editable).
TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def ranges(numbers: Iterable[int], sep: str = ",") -> str:
    """``[1, 2, 3, 5]`` -> ``"1-3,5"``: how both platforms print port and VLAN lists."""
    runs: list[list[int]] = []
    for number in sorted(numbers):
        if runs and runs[-1][-1] == number - 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    return sep.join(str(r[0]) if len(r) == 1 else f"{r[0]}-{r[-1]}" for r in runs)


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
