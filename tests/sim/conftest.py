"""Fixtures: a small fleet in a background thread, and netmiko connections to it."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from netmiko import BaseConnection, ConnectHandler

from campusnet.sim import DeviceSpec, FleetSpec, SimFleet

PASSWORD = "sim-pass"


def device(name: str, platform: str, port: int, startup: str = "", **faults: object) -> DeviceSpec:
    return DeviceSpec.model_validate({
        "name": name, "platform": platform, "port": port, "username": "admin",
        "password": PASSWORD, "hostname": name, "startup_config": startup, "faults": faults,
    })


@pytest.fixture
def fleet() -> Iterator[SimFleet]:
    """One ProCurve ("hp") and one IOS ("ios") switch; a simulated minute is 0.2 s."""
    spec = FleetSpec(
        devices=[device("hp", "hp_procurve", 0), device("ios", "cisco_ios", 0)],  # 0: free ports
        minute_seconds=0.2,
    )
    with SimFleet(spec) as running:
        yield running


Connect = Callable[..., BaseConnection]


@pytest.fixture
def connect(fleet: SimFleet) -> Iterator[Connect]:
    """``connect("hp")`` opens netmiko to a fleet device; every connection is closed after."""
    opened: list[BaseConnection] = []
    types = {"hp": "hp_procurve", "ios": "cisco_ios"}

    def open_one(name: str, **options: object) -> BaseConnection:
        settings: dict[str, object] = {
            "device_type": types[name], "host": "127.0.0.1", "port": fleet.ports()[name],
            "username": "admin", "password": PASSWORD, "fast_cli": True, "conn_timeout": 5,
        }
        connection = ConnectHandler(**{**settings, **options})
        opened.append(connection)
        return connection

    yield open_one
    for connection in opened:
        try:
            connection.disconnect()
        except (OSError, EOFError):
            pass
