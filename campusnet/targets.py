"""Which switches to push, where to reach them, and what they should run (pure)."""

from __future__ import annotations

from campusnet import model, platforms
from campusnet.push import Target
from campusnet.render.engine import render_campus


def switch_targets(campus: model.Campus, limit: str = "", building: str = "") -> list[Target]:
    """One Target per selected switch, with its freshly rendered configuration."""
    secrets = campus.secrets
    result = []
    for rendered in render_campus(campus, limit, building):
        switch = campus.switches.get(rendered.device)
        if switch is None:
            continue  # access points are pushed as files, not CLI lines
        (text,) = rendered.files.values()
        host, port = switch.connect
        result.append(Target(switch.name, platforms.get(switch.platform), host, port,
                             secrets.device_username, secrets.device_password, text))
    return result
