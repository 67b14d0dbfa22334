"""Which switches to push, where to reach them, and what they should run (pure)."""

from __future__ import annotations

from ipaddress import ip_address

from campusnet import model, platforms
from campusnet.errors import CampusnetError
from campusnet.overlay import aim
from campusnet.push import Target
from campusnet.render.engine import render_campus


def at_loopback(campus: model.Campus) -> model.Campus:
    """The campus with every switch and access point aimed at NOWHERE.

    Tests and benchmarks then aim the targets they use at their own simulators; one they
    forget is refused on loopback instead of reaching a made-up address.
    """
    return aim(campus, {})


def is_loopback(host: str) -> bool:
    try:
        return ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def connect_to(campus: model.Campus, device: str, where: tuple[str, int]) -> tuple[str, int]:
    """Where to SSH; an example campus may only be pushed to this machine's stand-ins.

    The example's addresses are made up: pushing it as it is would send SSH to whatever
    answers at 10.0.x.x on the operator's network.
    """
    if campus.settings.example and not is_loopback(where[0]):
        raise CampusnetError(f"{device}: this is an example campus (network.yml: campus.example: true); "
                             "push it to the simulated campus: start it with `invoke sim.up`, then give this command "
                             "`-i build/sim`")
    return where


def switch_targets(campus: model.Campus, limit: str = "", building: str = "") -> list[Target]:
    """One Target per selected switch, with its freshly rendered configuration."""
    secrets = campus.secrets
    result = []
    for rendered in render_campus(campus, limit, building):
        switch = campus.switches.get(rendered.device)
        if switch is None:
            continue  # access points are pushed as files, not CLI lines
        (text,) = rendered.files.values()
        host, port = connect_to(campus, switch.name, switch.connect)
        result.append(Target(switch.name, platforms.get(switch.platform), host, port,
                             secrets.device_username, secrets.device_password, text,
                             secrets.enable_secret_of(switch.name)))
    return result
