"""The report page: one self-contained HTML file (inline CSS and SVG, no script, no link).

Every value printed by the template goes through the HTML quoting filter
(campusnet.render.quote.quote_html) by the environment's ``finalize``: a template cannot
forget it. Only the topology SVG, checked element by element (campusnet.overview.topology),
enters as markup. Diffs are printed line by line (the filter refuses line breaks).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from campusnet import model
from campusnet.overview import network
from campusnet.overview.drift import Drift, State
from campusnet.render.quote import FORBIDDEN_CATEGORIES, quote_html

TEMPLATES = Path(__file__).parent / "templates"


def _escaped(value: Any) -> Any:
    if isinstance(value, Markup):
        return value
    if value is None:
        return ""
    return Markup(quote_html(value if isinstance(value, int) and not isinstance(value, bool) else str(value)))


def visible(line: str) -> str:
    """A line of a device's configuration as the page shows it: tabs expanded, control and
    invisible characters (which the HTML filter refuses) drawn as U+FFFD."""
    return "".join("\ufffd" if unicodedata.category(c) in FORBIDDEN_CATEGORIES else c for c in line.expandtabs(4))


def environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=False, finalize=_escaped,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["visible"] = visible
    return env


@dataclass(frozen=True)
class History:
    """One device's configuration changes in the backup repository (newest first)."""

    device: str
    changes: tuple[str, ...]  # "2026-11-30 09:12 UTC" each


def render(campus: model.Campus, drifts: list[Drift], topology_svg: str, history: list[History] | None = None,
           now: datetime | None = None) -> str:
    """The whole page as text."""
    switches = sorted(campus.switches.values(), key=lambda s: s.name)
    counts = {state: sum(1 for d in drifts if d.state == state) for state in State}
    return environment().get_template("report.html.j2").render(
        campus=campus.settings, generated=(now or datetime.now(UTC)).strftime("%Y-%m-%d %H:%M UTC"),
        drifts=drifts, counts=counts, states=State,
        buildings=network.buildings(campus), standby=network.standby_links(campus),
        port_maps=[(switch, network.port_map(campus, switch)) for switch in switches],
        topology=Markup(topology_svg), history=history or [],
    )
