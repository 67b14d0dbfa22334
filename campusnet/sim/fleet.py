"""Run a simulator fleet as a detached background process (``invoke sim.up`` / ``sim.down``).

``up`` writes the spec, starts ``python -m campusnet.sim serve``, waits until it
reports every port listening and records the result in ``build/fleet/fleet.json``.
The fleet's state lives apart from the inventory overlay build/sim (see campusnet.overlay):
an inventory directory must hold nothing but what Ansible can read as inventory.
``campusnet.sim.inventory`` turns an inventory's switches into devices.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from campusnet.errors import CampusnetError
from campusnet.files import atomic_write, private_dir, private_file
from campusnet.sim.control import FleetControl
from campusnet.sim.spec import DeviceSpec, FleetSpec

STATE_DIR = Path("build/fleet")
READY_TIMEOUT = 60.0


def renumber(spec: FleetSpec, port_base: int) -> FleetSpec:
    """Give the devices consecutive ports from ``port_base``."""
    devices = [d.model_copy(update={"port": port_base + i}) for i, d in enumerate(spec.devices)]
    return spec.model_copy(update={"devices": devices})


def _read_info(state_dir: Path) -> dict[str, Any] | None:
    try:
        info: dict[str, Any] = json.loads((state_dir / "fleet.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return info


def _alive(pid: int) -> bool:
    """Whether ``pid`` still runs; reaps it when it is our own exited child (a zombie)."""
    try:
        if os.waitpid(pid, os.WNOHANG)[0] == pid:
            return False
    except ChildProcessError:
        pass  # started by another process (sim.up from an earlier invoke)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def running(state_dir: Path = STATE_DIR) -> dict[str, Any] | None:
    """What fleet.json records about the fleet running now, or None when none runs."""
    info = _read_info(state_dir)
    return info if info is not None and _alive(info["pid"]) else None


def _reason(log: Path) -> str:
    """The one line that says why the serve process ended (its ``error:`` line, else its last)."""
    try:
        lines = [line.strip() for line in log.read_text(encoding="utf-8", errors="replace").splitlines()]
    except OSError:
        return "no log"
    lines = [line for line in lines if line]
    chosen = next((line for line in reversed(lines) if line.startswith("error: ")), lines[-1] if lines else "")
    return chosen.removeprefix("error: ") or "it exited without a word"


def up(spec: FleetSpec, state_dir: Path = STATE_DIR) -> dict[str, Any]:
    """Start the fleet in the background and return what fleet.json records.

    Devices with port 0 get free ports from the kernel; fleet.json holds the real ones.
    """
    if (info := running(state_dir)) is not None:
        raise CampusnetError(f"a simulator fleet already runs (pid {info['pid']}); stop it first: `invoke sim.down`")
    private_dir(state_dir, STATE_DIR.parent if state_dir == STATE_DIR else None)  # build/ too
    (state_dir / "spec.json").unlink(missing_ok=True)  # older runs kept the passwords there
    ready = state_dir / "ready.json"
    ready.unlink(missing_ok=True)
    log_path = state_dir / "sim.log"
    with open(private_file(log_path), "wb") as log:  # the last start's log only
        process = subprocess.Popen(  # the spec (device passwords) goes through a pipe, never a file
            [sys.executable, "-m", "campusnet.sim", "serve", "-", "--state-dir", str(state_dir)],
            stdin=subprocess.PIPE, stdout=log, stderr=log, start_new_session=True,
        )
        assert process.stdin is not None
        with process.stdin:
            process.stdin.write(spec.model_dump_json().encode("utf-8"))
    deadline = time.monotonic() + READY_TIMEOUT
    while not ready.exists():
        if process.poll() is not None:
            raise CampusnetError(f"simulators did not start: {_reason(log_path)} (log: {log_path})")
        if time.monotonic() > deadline:
            process.kill()
            raise CampusnetError(f"simulators did not start within {READY_TIMEOUT:.0f} s (log: {log_path})")
        time.sleep(0.05)
    ports = json.loads(ready.read_text(encoding="utf-8"))["ports"]
    info = {
        "pid": process.pid,
        "control": str(state_dir / "control.sock"),
        "devices": [{"name": d.name, "platform": d.platform, "host": "127.0.0.1", "port": ports[d.name],
                     "username": d.username, "credentials": fingerprint(d)} for d in spec.devices],
    }
    atomic_write(state_dir / "fleet.json", json.dumps(info, indent=2), private_root=state_dir)
    return info


def fingerprint(device: DeviceSpec, salt: str | None = None) -> str:
    """``salt$hash`` of a device's login (PBKDF2-SHA256): fleet.json can tell whether the running
    simulators have the inventory's credentials without keeping a password on disk."""
    salt = salt or os.urandom(8).hex()
    digest = hashlib.pbkdf2_hmac("sha256", f"{device.username}\0{device.password}".encode(), salt.encode(), 10_000)
    return f"{salt}${digest.hex()}"


def same_devices(recorded: list[dict[str, Any]], wanted: list[DeviceSpec]) -> bool:
    """Whether the fleet fleet.json records simulates ``wanted`` (names, platforms, logins)."""
    by_name = {d.get("name"): d for d in recorded}
    if set(by_name) != {d.name for d in wanted}:
        return False
    for device in wanted:
        entry = by_name[device.name]
        salt, _, _ = str(entry.get("credentials", "")).partition("$")
        if (entry.get("platform"), entry.get("username")) != (device.platform, device.username) or \
                entry.get("credentials") != fingerprint(device, salt):
            return False
    return True


def down(state_dir: Path = STATE_DIR, timeout: float = 10.0) -> bool:
    """Stop the fleet fleet.json names; False when none was running."""
    info = _read_info(state_dir)
    (state_dir / "fleet.json").unlink(missing_ok=True)
    if info is None or not _alive(info["pid"]):
        return False
    os.kill(info["pid"], signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while _alive(info["pid"]) and time.monotonic() < deadline:
        time.sleep(0.05)
    if _alive(info["pid"]):
        os.kill(info["pid"], signal.SIGKILL)
    return True


class FleetClient(FleetControl):
    """Control a background fleet through its Unix socket."""

    def __init__(self, state_dir: Path = STATE_DIR) -> None:
        self.path = state_dir / "control.sock"

    def call(self, op: str, **args: Any) -> Any:
        try:
            with socket.socket(socket.AF_UNIX) as sock:
                sock.connect(str(self.path))
                sock.sendall(json.dumps({"op": op, **args}).encode() + b"\n")
                answer = json.loads(sock.makefile().readline())
        except (OSError, ValueError) as error:
            raise CampusnetError(f"simulator control {self.path}: {error}") from error
        if "error" in answer:
            raise CampusnetError(f"simulator: {answer['error']}")
        return answer["result"]
