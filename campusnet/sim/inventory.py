"""The simulated campus: one simulator per switch of an inventory (same credentials), and
the overlay build/sim that aims the live inventory's switches at them (campusnet.overlay)."""

from __future__ import annotations

from pathlib import Path

from campusnet.derive import load_campus
from campusnet.inventory.load import Decrypt
from campusnet.sim.spec import DeviceSpec


def devices_from_inventory(inventory: Path, port_base: int = 0, decrypt: Decrypt | None = None) -> list[DeviceSpec]:
    """One simulated switch per switch of the inventory, its model at factory default, same credentials.

    Ports are ``port_base``, ``port_base + 1``, ... by switch name, or 0 (free ports the
    kernel picks when the simulators start) when ``port_base`` is 0.
    """
    campus = load_campus(inventory, decrypt=decrypt).campus
    assert campus is not None
    secrets = campus.secrets
    return [
        DeviceSpec(name=switch.name, platform=switch.platform, model=switch.model,
                   port=port_base + index if port_base else 0,
                   username=secrets.device_username, password=secrets.device_password,
                   enable_secret=secrets.enable_secret_of(switch.name), hostname=switch.name)
        for index, switch in enumerate(sorted(campus.switches.values(), key=lambda s: s.name))
    ]
