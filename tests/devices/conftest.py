"""Per-model helpers: fixtures written from captures, a device of any catalogue model,
and a switch of the example campus moved onto another model of its platform."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from campusnet import model
from campusnet.catalogue import DeviceModel, catalogue
from campusnet.derive import load_campus
from campusnet.inventory import schema
from campusnet.platforms import get as get_platform
from campusnet.render.environment import make_environment
from campusnet.render.facts import campus_facts
from campusnet.sim.device import Device
from campusnet.sim.spec import DeviceSpec
from tests.conftest import EXAMPLE

FIXTURES = Path(__file__).parent / "fixtures"
SWITCH_MODELS = sorted(m.key for m in catalogue().models.values() if m.platform != "openwrt")
#: An example switch per platform whose ports are moved onto each model of that platform.
DONORS = {"cisco_ios": "sw-m-1", "hp_procurve": "sw-a-1"}
_NOISE = ("Building configuration", "Current configuration", "end", "Running configuration:", "!", "")


def fixture(model_key: str, name: str) -> str:
    """A fixture's device text, without its '#' header (which must name its sources)."""
    lines = (FIXTURES / model_key / name).read_text(encoding="utf-8").splitlines()
    header = [line for line in lines if line.startswith("#")]
    assert any("Sources" in line or "Source:" in line for line in header), f"{model_key}/{name} names no source"
    return "\n".join(line for line in lines if not line.startswith("#")) + "\n"


def printed(text: str) -> list[str]:
    """The lines of a printed configuration, in order, without banners, byte counts and '!'."""
    lines = (line.rstrip() for line in text.replace("\r\n", "\n").splitlines())
    return [line for line in lines if line.strip() not in _NOISE and not line.startswith("Current configuration")]


def device(model_key: str, hostname: str, startup: str = "") -> Device:
    hardware = catalogue().model(model_key)
    return Device(DeviceSpec(name=hostname, platform=hardware.platform, model=model_key, port=1,  # type: ignore[arg-type]
                             username="u", password="p", hostname=hostname, startup_config=startup))


def retarget(switch: model.Switch, hardware: DeviceModel) -> model.Switch:
    """``switch``'s access ports and uplinks, in order, on ``hardware`` (extra ports unused)."""
    donor = switch.device_model
    access = [p for p in switch.ports if p.number not in donor.uplinks]
    uplinks = [p for p in switch.ports if p.number in donor.uplinks]
    unused = schema.PortProfile(description="Nothing plugged in", enabled=False)
    slots = [*((access, i) for i in range(hardware.port_count - len(hardware.uplinks))),
             *((uplinks, i) for i in range(len(hardware.uplinks)))]
    ports = []
    for number, (source, index) in enumerate(slots, 1):
        port = source[index] if index < len(source) else model.Port(0, "unused", "unused", "unused", unused, None, ())
        ports.append(replace(port, number=number))
    uplink = hardware.uplinks[uplinks.index(switch.ports[switch.uplink_port - 1])] if switch.uplink_port else None
    return replace(switch, model=hardware.key, port_count=hardware.port_count, ports=tuple(ports),
                   uplink_port=uplink, hardware=hardware)


@pytest.fixture(scope="session")
def example_campus() -> model.Campus:
    campus = load_campus(EXAMPLE).campus
    assert campus is not None
    return campus


def render_on(campus: model.Campus, hardware: DeviceModel) -> tuple[model.Switch, str]:
    """A switch of the example on ``hardware`` and its rendered configuration."""
    switch = retarget(campus.switches[DONORS[hardware.platform]], hardware)
    platform = get_platform(hardware.platform)
    files = platform.render(make_environment(), campus_facts(campus), switch)
    return switch, files["running.cfg"]
