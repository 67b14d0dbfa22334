"""Control a running fleet the same way whether it runs in a thread or a process."""

from __future__ import annotations

import asyncio
import threading
from typing import Any, Self

from campusnet.sim.server import FleetServer
from campusnet.sim.spec import Faults, FleetSpec


class FleetControl:
    """Typed helpers over one ``call(op, **args)`` transport."""

    def call(self, op: str, **args: Any) -> Any:
        raise NotImplementedError

    def set_faults(self, name: str, **faults: Any) -> dict[str, Any]:
        """Switch faults on (or off) for a device; unnamed faults keep their value."""
        result: dict[str, Any] = self.call("faults", name=name, **faults)
        return result

    def clear_faults(self, name: str) -> dict[str, Any]:
        return self.set_faults(name, **Faults().model_dump())

    def state(self, name: str) -> dict[str, Any]:
        """running/startup (as ``show running-config`` prints), reload_pending, rejected, ..."""
        result: dict[str, Any] = self.call("state", name=name)
        return result

    def running_config(self, name: str) -> str:
        return str(self.state(name)["running"])

    def startup_config(self, name: str) -> str:
        return str(self.state(name)["startup"])


class SimFleet(FleetControl):
    """A fleet served from a background thread of this process (for pytest).

    Use as a context manager; leaving it closes every listener and session.
    """

    def __init__(self, spec: FleetSpec) -> None:
        self.spec = spec
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="sim", daemon=True)
        self._server: FleetServer | None = None

    def start(self) -> Self:
        self._thread.start()
        try:
            self._server = self._run(self._create())
        except BaseException:
            self.stop()
            raise
        return self

    async def _create(self) -> FleetServer:
        server = FleetServer(self.spec)
        await server.start()
        return server

    def _run(self, coroutine: Any) -> Any:
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result(timeout=60)

    def call(self, op: str, **args: Any) -> Any:
        assert self._server is not None, "fleet not started"
        return self._run(self._server.control(op, **args))

    def ports(self) -> dict[str, int]:
        """Where each device listens (the kernel's choice for devices given port 0)."""
        if self._server is None:
            return {d.name: d.port for d in self.spec.devices}
        return self._server.ports()

    async def _shutdown(self) -> None:
        """Stop the devices, then end every task still pending (hung sessions), so none is
        destroyed pending when the loop closes."""
        if self._server is not None:
            await self._server.stop()
        pending = [task for task in asyncio.all_tasks() if task is not asyncio.current_task()]
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)

    def stop(self) -> None:
        if self._thread.is_alive():
            self._run(self._shutdown())
        self._server = None
        if self._thread.is_alive():
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(timeout=10)
        self._loop.close()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
