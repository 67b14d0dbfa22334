"""Many devices in one process, and the detached fleet of ``invoke sim.up``."""

from __future__ import annotations

import socket
import time
from pathlib import Path

import pytest
from netmiko import ConnectHandler

from campusnet.errors import CampusnetError
from campusnet.sim import FleetSpec, SimFleet
from campusnet.sim import fleet as background
from campusnet.sim.server import ListenError

from .conftest import PASSWORD, device


def test_eighty_devices_start_quickly_in_one_loop() -> None:
    platforms = ("hp_procurve", "cisco_ios")
    spec = FleetSpec(devices=[device(f"sw{i}", platforms[i % 2], 0) for i in range(80)])  # 0: free ports
    started = time.monotonic()
    with SimFleet(spec) as fleet:
        listening = time.monotonic() - started
        assert len(set(fleet.ports().values())) == 80
        conn = ConnectHandler(device_type="cisco_ios", host="127.0.0.1", port=fleet.ports()["sw79"],
                              username="admin", password=PASSWORD, fast_cli=True)
        assert conn.find_prompt() == "sw79#"
        conn.disconnect()
        connected = time.monotonic() - started
    print(f"80 devices listening after {listening:.2f} s, first session after {connected:.2f} s")
    assert listening < 3 and connected < 5


def test_background_fleet_up_control_down(tmp_path: Path) -> None:
    spec = FleetSpec(devices=[device("bg", "hp_procurve", 0)])  # 0: a free port the kernel picks
    info = background.up(spec, tmp_path)
    try:
        port = info["devices"][0]["port"]
        assert port > 0 and background.running(tmp_path) == info
        with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
            assert sock.recv(4) == b"SSH-"
        client = background.FleetClient(tmp_path)
        assert client.set_faults("bg", latency_ms=1)["faults"]["latency_ms"] == 1
        assert 'hostname "bg"' in client.running_config("bg")
    finally:
        assert background.down(tmp_path)
    assert not background.down(tmp_path)
    assert not (tmp_path / "control.sock").exists()


def test_a_busy_port_fails_in_one_line_and_the_log_keeps_the_last_start(tmp_path: Path) -> None:
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", 0))
        squatter.listen()
        busy = squatter.getsockname()[1]
        spec = FleetSpec(devices=[device("sw-free", "cisco_ios", 0), device("sw-busy", "hp_procurve", busy)])
        with pytest.raises(CampusnetError) as failed:
            background.up(spec, tmp_path)
    message = str(failed.value)
    assert message == (f"simulators did not start: sw-busy: cannot listen on 127.0.0.1:{busy}: "
                       f"address already in use (log: {tmp_path / 'sim.log'})")
    assert background.running(tmp_path) is None
    info = background.up(FleetSpec(devices=[device("sw-free", "cisco_ios", 0)]), tmp_path)
    try:
        assert "address already in use" not in (tmp_path / "sim.log").read_text(), "an old failure stayed in the log"
    finally:
        background.down(tmp_path)
    assert info["devices"][0]["port"] != busy


def test_a_thread_fleet_that_cannot_listen_leaves_nothing_running() -> None:
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", 0))
        squatter.listen()
        busy = squatter.getsockname()[1]
        fleet = SimFleet(FleetSpec(devices=[device("sw-busy", "hp_procurve", busy)]))
        with pytest.raises(ListenError, match=f"sw-busy: cannot listen on 127.0.0.1:{busy}"):
            fleet.start()
    assert not fleet._thread.is_alive()
