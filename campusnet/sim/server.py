"""The SSH side: one asyncssh listener per device, all in one asyncio loop.

``FleetServer`` owns the devices and listeners and answers control requests
(``control(op, **args)``); the thread runner (``campusnet.sim.SimFleet``) and the
control socket of ``python -m campusnet.sim serve`` both call it.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
from pathlib import Path
from typing import Any

import asyncssh

from campusnet.sim.device import Device
from campusnet.sim.session import Session
from campusnet.sim.spec import Faults, FleetSpec

HOST = "127.0.0.1"


class ListenError(OSError):
    """A device could not listen on its port (the message names device, address and why)."""


class _Auth(asyncssh.SSHServer):
    def __init__(self, device: Device, connections: set[asyncssh.SSHServerConnection]) -> None:
        self.device = device
        self.connections = connections
        self.conn: asyncssh.SSHServerConnection | None = None

    def connection_made(self, conn: asyncssh.SSHServerConnection) -> None:
        self.conn = conn
        self.connections.add(conn)

    def connection_lost(self, exc: Exception | None) -> None:
        self.connections.discard(self.conn)

    def begin_auth(self, username: str) -> bool:
        return True

    def password_auth_supported(self) -> bool:
        return True

    def validate_password(self, username: str, password: str) -> bool:
        return self.device.check_credentials(username, password)


class _Lines:
    """Typed lines from an SSH terminal: Enter arrives as ``\r`` (a terminal, Ansible's
    network_cli), ``\n`` (netmiko) or ``\r\n``; a real CLI takes each as one Enter."""

    def __init__(self, stdin: asyncssh.SSHReader[str]) -> None:
        self.stdin = stdin
        self.ready: list[str] = []
        self.partial = ""
        self.after_cr = False

    async def readline(self) -> str | None:
        """The next line without its ending; None at the end of input."""
        while not self.ready:
            try:
                chunk = await self.stdin.read(4096)
            except asyncssh.TerminalSizeChanged:
                continue
            if not chunk:
                return None
            for char in chunk:
                if self.after_cr and char == "\n":  # the second half of \r\n
                    self.after_cr = False
                    continue
                self.after_cr = char == "\r"
                if char in "\r\n":
                    self.ready.append(self.partial)
                    self.partial = ""
                else:
                    self.partial += char
        return self.ready.pop(0)


class DeviceServer:
    """A device and its listener; the listener is closed while the ``refuse`` fault is on."""

    def __init__(self, device: Device, host_key: asyncssh.SSHKey) -> None:
        self.device = device
        self.host_key = host_key
        self.connections: set[asyncssh.SSHServerConnection] = set()
        self.listener: asyncssh.SSHAcceptor | None = None
        device.on_reboot = self.drop_sessions

    async def sync_listener(self) -> None:
        if self.device.faults.refuse and self.listener is not None:
            self.listener.close()
            await self.listener.wait_closed()
            self.listener = None
        elif not self.device.faults.refuse and self.listener is None:
            spec = self.device.spec
            try:
                self.listener = await asyncssh.create_server(
                    lambda: _Auth(self.device, self.connections),
                    HOST,
                    spec.port,
                    server_host_keys=[self.host_key],
                    process_factory=self.serve,
                    reuse_address=True,
                    # We echo ourselves, after the device's latency: asyncssh's line editor
                    # would echo at once, ahead of the delayed prompt, which no real switch does.
                    line_editor=False,
                )
            except OSError as error:
                why = os.strerror(error.errno).lower() if error.errno else str(error)
                raise ListenError(f"{spec.name}: cannot listen on {HOST}:{spec.port}: {why}") from None
            if not spec.port:  # port 0: the kernel chose a free one; keep it across `refuse`
                self.device.spec = spec.model_copy(update={"port": self.listener.get_port()})

    def drop_sessions(self) -> None:
        for conn in tuple(self.connections):
            conn.abort()
        self.connections.clear()

    async def serve(self, process: asyncssh.SSHServerProcess[str]) -> None:
        session = Session(self.device)
        try:
            await self._pipe(process, session)
        except (asyncssh.Error, ConnectionError, OSError):
            pass
        finally:
            process.exit(0)

    async def _pipe(self, process: asyncssh.SSHServerProcess[str], session: Session) -> None:
        if self.device.faults.hang:
            await asyncio.Event().wait()
        process.stdout.write(session.greeting())
        lines = _Lines(process.stdin)
        while True:
            raw = await lines.readline()
            if raw is None:
                return
            if self.device.faults.latency_ms:
                await asyncio.sleep(self.device.faults.latency_ms / 1000)
            if session.echo:  # a real CLI does not echo what answers a password question
                process.stdout.write(raw.rstrip("\r\n") + "\r\n")
            else:
                process.stdout.write("\r\n")
            reply = session.handle(raw)
            if reply.hang:
                await asyncio.Event().wait()
            if reply.abort:
                process.channel.get_connection().abort()
                return
            process.stdout.write(reply.text)
            if reply.close:
                return


class FleetServer:
    def __init__(self, spec: FleetSpec) -> None:
        key = asyncssh.generate_private_key("ssh-ed25519")
        self.servers = {
            d.name: DeviceServer(Device(d, spec.minute_seconds), key) for d in spec.devices
        }
        self.stopped = asyncio.Event()

    async def start(self) -> None:
        """Listen on every device's port; when one cannot, close the others and raise."""
        outcomes = await asyncio.gather(*(server.sync_listener() for server in self.servers.values()),
                                        return_exceptions=True)
        failures = [outcome for outcome in outcomes if isinstance(outcome, BaseException)]
        if failures:
            await self.stop()
            raise failures[0]

    async def stop(self) -> None:
        for server in self.servers.values():
            server.device.cancel_reload()
            server.device.cancel_revert()
            server.drop_sessions()
            if server.listener is not None:
                server.listener.close()
                await server.listener.wait_closed()
                server.listener = None
        self.stopped.set()

    def ports(self) -> dict[str, int]:
        return {name: s.device.spec.port for name, s in self.servers.items()}

    async def control(self, op: str, name: str = "", **args: Any) -> Any:
        """Runtime control: ``faults``, ``state``, ``stop``."""
        if op == "stop":
            await self.stop()
            return None
        server = self.servers[name]
        device = server.device
        if op == "faults":
            device.faults = Faults.model_validate({**device.faults.model_dump(), **args})
            device.lines_since_faults = 0
            await server.sync_listener()
        elif op != "state":
            raise ValueError(f"unknown control operation {op!r}")
        return {
            "running": device.show_running(),
            "startup": device.show_startup(),
            "reload_pending": device.reload_pending,
            "revert_pending": device.revert_pending,
            "reboots": device.reboots,
            "sessions": len(server.connections),
            "rejected": list(device.rejected),
            "config_lines": device.config_lines_received,
            "faults": device.faults.model_dump(),
        }


async def serve_control(fleet: FleetServer, socket_path: Path) -> asyncio.AbstractServer:
    """JSON lines over a Unix socket: ``{"op": ..., "name": ..., ...}`` -> ``{"result"|"error"}``."""

    async def client(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        with contextlib.closing(writer):
            while line := await reader.readline():
                try:
                    result = {"result": await fleet.control(**json.loads(line))}
                except (KeyError, TypeError, ValueError) as error:
                    result = {"error": f"{type(error).__name__}: {error}"}
                writer.write(json.dumps(result).encode() + b"\n")
                await writer.drain()

    return await asyncio.start_unix_server(client, path=str(socket_path))
