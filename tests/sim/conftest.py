"""Fixtures: a small fleet in a background thread, and netmiko connections to it."""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterator
from contextlib import ExitStack

import pytest
from netmiko import BaseConnection, ConnectHandler

from campusnet.sim import DeviceSpec, FleetSpec, SimFleet

PASSWORD = "sim-pass"


def free_ports(count: int) -> list[int]:
    with ExitStack() as stack:
        sockets = [stack.enter_context(socket.socket()) for _ in range(count)]
        for sock in sockets:
            sock.bind(("127.0.0.1", 0))
        return [sock.getsockname()[1] for sock in sockets]


def device(name: str, platform: str, port: int, startup: str = "", **faults: object) -> DeviceSpec:
    return DeviceSpec.model_validate({
        "name": name, "platform": platform, "port": port, "username": "admin",
        "password": PASSWORD, "hostname": name, "startup_config": startup, "faults": faults,
    })


@pytest.fixture
def fleet() -> Iterator[SimFleet]:
    """One ProCurve ("hp") and one IOS ("ios") switch; a simulated minute is 0.2 s."""
    hp, ios = free_ports(2)
    spec = FleetSpec(
        devices=[device("hp", "hp_procurve", hp), device("ios", "cisco_ios", ios)],
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
