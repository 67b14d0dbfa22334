"""netmiko against the simulators: sessions, saving, reload timers, faults."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
from netmiko import BaseConnection, ConnectHandler
from netmiko.exceptions import (
    NetmikoAuthenticationException,
    NetmikoTimeoutException,
    ReadTimeout,
)

from campusnet.sim import SimFleet

Connect = Callable[..., BaseConnection]
VLAN_LINES = ["vlan 30", "name lab"]


@pytest.mark.parametrize("name", ["hp", "ios"])
def test_config_show_and_save(fleet: SimFleet, connect: Connect, name: str) -> None:
    conn = connect(name)
    assert conn.find_prompt() == f"{name}#"
    conn.send_config_set(VLAN_LINES)
    assert "vlan 30" in conn.send_command("show running-config")
    assert "vlan 30" not in fleet.startup_config(name)
    conn.save_config()
    assert "vlan 30" in fleet.startup_config(name)
    assert ("YA.16.10" if name == "hp" else "Cisco IOS Software") in conn.send_command("show version")


def test_wrong_password_fails_at_authentication(connect: Connect) -> None:
    with pytest.raises(NetmikoAuthenticationException):
        connect("ios", password="wrong")


def reload_commands(name: str, minutes: int) -> tuple[str, str]:
    if name == "hp":
        return f"reload after {minutes}", "no reload"
    return f"reload in {minutes}", "reload cancel"


def arm(conn: BaseConnection, name: str, minutes: int) -> str:
    """Arm the reload timer, answering the IOS questions (save: no, then confirm)."""
    questions = r"Save\?|\[confirm\]|#"
    output = conn.send_command(reload_commands(name, minutes)[0], expect_string=questions)
    if "Save?" in output:
        output += conn.send_command("no", expect_string=questions)
    if "[confirm]" in output:
        output += conn.send_command("", expect_string="#")
    return output


@pytest.mark.parametrize("name", ["hp", "ios"])
def test_reload_timer_cancel_keeps_running_config(
    fleet: SimFleet, connect: Connect, name: str
) -> None:
    conn = connect(name)
    conn.send_config_set(VLAN_LINES)
    arm(conn, name, 3)
    assert fleet.state(name)["reload_pending"]
    conn.send_command(reload_commands(name, 3)[1])
    assert not fleet.state(name)["reload_pending"]
    time.sleep(0.8)  # past the three simulated minutes
    assert "vlan 30" in fleet.running_config(name)


@pytest.mark.parametrize("name", ["hp", "ios"])
def test_reload_timer_expiry_restores_startup_and_drops_sessions(
    fleet: SimFleet, connect: Connect, name: str
) -> None:
    conn = connect(name)
    conn.send_config_set(VLAN_LINES)
    output = arm(conn, name, 1)
    if name == "ios":
        assert "SHUTDOWN in 0:01:00" in output
    time.sleep(0.5)
    state = fleet.state(name)
    assert not state["reload_pending"] and state["sessions"] == 0
    assert "vlan 30" not in state["running"]
    assert not conn.is_alive()


@pytest.mark.parametrize("name", ["hp", "ios"])
def test_reject_line_and_pattern(fleet: SimFleet, connect: Connect, name: str) -> None:
    fleet.set_faults(name, reject_line=2, reject_pattern="^name ")
    output = connect(name).send_config_set(["vlan 40", "vlan 41", "vlan 42", "name x"])
    assert output.count("Invalid input") == 2
    running = fleet.running_config(name)
    assert "vlan 40" in running and "vlan 41" not in running and "vlan 42" in running
    assert "name" not in running.split("vlan 42", 1)[1]


@pytest.mark.parametrize("name", ["hp", "ios"])
def test_drop_after_closes_the_session(fleet: SimFleet, connect: Connect, name: str) -> None:
    fleet.set_faults(name, drop_after=2)
    conn = connect(name)
    with pytest.raises((OSError, EOFError, ReadTimeout)):
        conn.send_config_set(["vlan 50", "vlan 51", "vlan 52"], read_timeout=1)
    running = fleet.running_config(name)
    assert "vlan 51" in running and "vlan 52" not in running


@pytest.mark.slow
def test_hang_times_the_client_out(fleet: SimFleet, connect: Connect) -> None:
    fleet.set_faults("ios", hang=True)
    with pytest.raises((NetmikoTimeoutException, ReadTimeout)):
        connect("ios", conn_timeout=2, auth_timeout=2, banner_timeout=2, read_timeout_override=1)


def test_refuse_closes_the_port_and_reopens_it(fleet: SimFleet, connect: Connect) -> None:
    fleet.set_faults("hp", refuse=True)
    with pytest.raises(NetmikoTimeoutException, match="refused|TCP connection"):
        connect("hp")
    fleet.set_faults("hp", refuse=False)
    assert connect("hp").find_prompt() == "hp#"


def test_latency_delays_every_reply(fleet: SimFleet, connect: Connect) -> None:
    conn = connect("ios")
    started = time.monotonic()
    conn.send_command("show version")
    quick = time.monotonic() - started
    fleet.set_faults("ios", latency_ms=300)
    started = time.monotonic()
    conn.send_command("show version")
    assert time.monotonic() - started >= quick + 0.3


def test_procurve_logout_asks_to_save_and_confirms(fleet: SimFleet) -> None:
    conn = ConnectHandler(device_type="hp_procurve", host="127.0.0.1", port=fleet.ports()["hp"],
                          username="admin", password="sim-pass", fast_cli=True)
    conn.send_config_set(VLAN_LINES)
    conn.disconnect()  # netmiko answers "n" to saving and "y" to logging out
    time.sleep(0.1)
    assert fleet.state("hp")["sessions"] == 0
    assert "vlan 30" not in fleet.startup_config("hp")
