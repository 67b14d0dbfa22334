"""Benchmarks: how long validation and rendering take, at full scale and beyond.

Functions return plain dicts so a task (or the Ansible comparison) can tabulate them.
"""

from __future__ import annotations

import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

from jinja2 import Environment

from campusnet import gen, model
from campusnet.derive import load_campus
from campusnet.render.engine import render_campus, render_device
from campusnet.render.environment import make_environment
from campusnet.render.facts import campus_facts

#: The campus of CAMPUS.md's "scale to plan for", at its upper end.
FULL_SCALE = gen.Spec(buildings=10, members=3000, switches=80, access_points=100, clubs=60, seed=1)


def bench_render(spec: gen.Spec = FULL_SCALE) -> dict[str, Any]:
    """Generate ``spec`` in a temporary directory; time validation and a full render."""
    with tempfile.TemporaryDirectory(prefix="campusnet-bench-") as directory:
        gen.write(spec, Path(directory))
        start = time.perf_counter()
        campus = load_campus(directory).campus
        validated = time.perf_counter()
        assert campus is not None
        env = make_environment()
        results = render_campus(campus, env=env)
        rendered = time.perf_counter()
    switches = [r for r in results if r.platform != "openwrt"]
    render_s = rendered - validated
    return {
        "members": spec.members,
        "switches": len(campus.switches),
        "access_points": len(campus.access_points),
        "machines": len(campus.machines),
        "validate_s": round(validated - start, 3),
        "render_s": round(render_s, 3),
        "render_per_device_ms": round(1000 * render_s / max(len(results), 1), 2),
        "switch_lines": sum(r.lines for r in switches),
        "render_per_switch_ms": round(1000 * _switch_time(campus, env) / max(len(switches), 1), 2),
    }


def _switch_time(campus: model.Campus, env: Environment) -> float:
    """Seconds to render the switches alone (the access points are tiny)."""
    facts = campus_facts(campus)
    start = time.perf_counter()
    for switch in campus.switches.values():
        render_device(env, facts, switch)
    return time.perf_counter() - start


def bench_growth(factors: tuple[int, ...] = (1, 2), base: gen.Spec = FULL_SCALE) -> list[dict[str, Any]]:
    """The full-scale campus with ``factor`` times the switches (render growth).

    Members stay at the full-scale count: the generator's addressing cannot make a valid
    campus beyond it (one members /22 per building, at most 16 building names, and one
    management /22 whose switch addresses meet the access points' from 4x on), so
    only 1x and 2x are valid campuses today.
    """
    return [{"factor": factor, **bench_render(replace(base, switches=(base.switches or 0) * factor))}
            for factor in factors]
