"""Render every selected device of a campus in one process, one Jinja2 environment."""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass
from typing import Any

import jinja2

from campusnet import model, platforms
from campusnet.errors import CampusnetError
from campusnet.render.environment import make_environment
from campusnet.render.facts import campus_facts


class RenderError(CampusnetError):
    """One or more devices failed to render; the message names each device and template."""


@dataclass(frozen=True)
class Rendered:
    device: str
    platform: str
    files: dict[str, str]  # output file name -> text

    @property
    def lines(self) -> int:
        return sum(text.count("\n") for text in self.files.values())


def devices(campus: model.Campus, limit: str = "", building: str = "") -> list[Any]:
    """Switches then access points, by name, filtered by a glob on the name and a building."""
    everything: list[Any] = [*sorted(campus.switches.values(), key=lambda d: d.name),
                  *sorted(campus.access_points.values(), key=lambda d: d.name)]
    return [d for d in everything
            if (not limit or fnmatch.fnmatchcase(d.name, limit)) and (not building or d.building == building)]


def render_device(env: jinja2.Environment, facts: Any, device: Any) -> Rendered:
    platform = platforms.get(device.platform)
    try:
        files = platform.render(env, facts, device)
    except jinja2.TemplateError as error:
        where = getattr(error, "name", None) or ", ".join(platform.templates.values())
        raise RenderError(f"{device.name}: template {where}: {error}") from error
    except (ValueError, KeyError, AttributeError, TypeError) as error:
        raise RenderError(f"{device.name}: templates {', '.join(platform.templates.values())}: {error}") from error
    return Rendered(device.name, platform.key, files)


def render_campus(campus: model.Campus, limit: str = "", building: str = "",
                  env: jinja2.Environment | None = None) -> list[Rendered]:
    """Every selected device's files; raises RenderError listing every failing device."""
    env = env or make_environment()
    facts = campus_facts(campus)
    results, failures = [], []
    for device in devices(campus, limit, building):
        try:
            results.append(render_device(env, facts, device))
        except RenderError as error:
            failures.append(str(error))
    if failures:
        raise RenderError("rendering failed:\n  " + "\n  ".join(failures))
    return results
