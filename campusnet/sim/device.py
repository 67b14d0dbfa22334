"""One simulated switch: running and startup configuration, reload and rollback timers, faults."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from campusnet.catalogue import CatalogueError, catalogue
from campusnet.sim.config import ConfigTree, flatten
from campusnet.sim.platforms import get_platform
from campusnet.sim.session import Session
from campusnet.sim.spec import DeviceSpec, Faults


class Device:
    """One switch of a catalogue model, started from that model's factory default."""

    def __init__(self, spec: DeviceSpec, minute_seconds: float = 60.0) -> None:
        self.spec = spec
        self.platform = get_platform(spec.platform)
        self.hardware = catalogue().model(spec.model or catalogue().reference_model(spec.platform))
        if self.hardware.platform != spec.platform:
            raise CatalogueError(f"{spec.name}: model {spec.model} is not a {spec.platform} switch")
        self.minute_seconds = minute_seconds
        self.faults: Faults = spec.faults
        self.rejected: list[str] = []  # refused lines seen, "context: line"
        self.config_lines_received = 0  # over all sessions: what a push really sent
        self.lines_since_faults = 0  # config lines since the faults were last set (drop_after fires once)
        self.on_reboot: Callable[[], None] = lambda: None
        self._reload: asyncio.TimerHandle | None = None
        self._revert: asyncio.TimerHandle | None = None  # IOS archive: configure replace ... time N
        self._revert_to: ConfigTree | None = None
        self.revert_minutes = 0
        self.reboots = 0
        self.running = self.platform.factory(self.hardware, spec.hostname)
        self.load(spec.startup_config)
        self.startup = self.running.copy()

    def load(self, text: str) -> None:
        """Type a configuration text into configuration mode, as a paste would."""
        session = Session(self, replay=True)
        session.configure()
        for line in flatten(text, self.platform.skip_on_load):
            if session.frames:
                session.handle(line)

    def check_credentials(self, username: str, password: str) -> bool:
        return (username, password) == (self.spec.username, self.spec.password)

    @property
    def hostname(self) -> str:
        return self.platform.hostname(self.running)

    def show_running(self) -> str:
        return self.platform.show_running(self.running, self.hardware)

    def show_startup(self) -> str:
        return self.platform.show_running(self.startup, self.hardware)

    @property
    def modified(self) -> bool:
        return self.show_running() != self.show_startup()

    def save(self) -> None:
        self.startup = self.running.copy()

    @property
    def archive_path(self) -> bool:
        """IOS: an ``archive`` block with a ``path``: what Rollback Confirmed Change needs."""
        return any(c.text.startswith("path ") for c in self.running.children(("archive",)))

    @property
    def reload_pending(self) -> bool:
        return self._reload is not None

    def arm_reload(self, minutes: int) -> None:
        self.cancel_reload()
        loop = asyncio.get_running_loop()
        self._reload = loop.call_later(minutes * self.minute_seconds, self.reboot)

    def cancel_reload(self) -> bool:
        if self._reload is None:
            return False
        self._reload.cancel()
        self._reload = None
        return True

    def reboot(self) -> None:
        """The timer expired: back to the startup configuration, sessions dropped."""
        self.cancel_reload()
        self.cancel_revert()
        self.reboots += 1
        self.running = self.startup.copy()
        self.on_reboot()

    @property
    def revert_pending(self) -> bool:
        return self._revert is not None

    def arm_revert(self, minutes: int) -> None:
        """Rollback Confirmed Change: unless confirmed, the running configuration as it is now
        comes back after ``minutes`` (no reboot, sessions stay)."""
        self.cancel_revert()
        self._revert_to = self.running.copy()
        self.revert_minutes = minutes
        self._revert = asyncio.get_running_loop().call_later(minutes * self.minute_seconds, self.revert)

    def cancel_revert(self) -> bool:
        if self._revert is None:
            return False
        self._revert.cancel()
        self._revert, self._revert_to = None, None
        return True

    def revert(self) -> None:
        if self._revert_to is not None:
            self.running = self._revert_to
        self.cancel_revert()


def unknown_lines(model: str, config_text: str) -> list[str]:
    """Lines a factory-default ``model`` refuses when the text is typed ("context: line")."""
    hardware = catalogue().model(model)
    spec = DeviceSpec(name="check", platform=hardware.platform, model=model, port=1,
                      username="-", password="-", hostname="check", startup_config=config_text)
    return Device(spec).rejected
