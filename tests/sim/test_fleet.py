"""Many devices in one process, and the detached fleet of ``invoke sim.up``."""

from __future__ import annotations

import time
from pathlib import Path

from netmiko import ConnectHandler

from campusnet.sim import FleetSpec, SimFleet
from campusnet.sim import fleet as background

from .conftest import PASSWORD, device, free_ports


def test_eighty_devices_start_quickly_in_one_loop() -> None:
    ports = free_ports(80)
    platforms = ("hp_procurve", "cisco_ios")
    spec = FleetSpec(devices=[device(f"sw{i}", platforms[i % 2], port)
                              for i, port in enumerate(ports)])
    started = time.monotonic()
    with SimFleet(spec):
        listening = time.monotonic() - started
        conn = ConnectHandler(device_type="cisco_ios", host="127.0.0.1", port=ports[79],
                              username="admin", password=PASSWORD, fast_cli=True)
        assert conn.find_prompt() == "sw79#"
        conn.disconnect()
        connected = time.monotonic() - started
    print(f"80 devices listening after {listening:.2f} s, first session after {connected:.2f} s")
    assert listening < 3 and connected < 5


def test_background_fleet_up_control_down(tmp_path: Path) -> None:
    (port,) = free_ports(1)
    spec = FleetSpec(devices=[device("bg", "hp_procurve", port)])
    info = background.up(spec, tmp_path)
    try:
        assert info["devices"][0]["port"] == port
        client = background.FleetClient(tmp_path)
        assert client.set_faults("bg", latency_ms=1)["faults"]["latency_ms"] == 1
        assert 'hostname "bg"' in client.running_config("bg")
    finally:
        assert background.down(tmp_path)
    assert not background.down(tmp_path)
    assert not (tmp_path / "control.sock").exists()
