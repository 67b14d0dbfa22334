"""What a simulated fleet consists of: devices, their credentials, startup configs and faults."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from campusnet.errors import CampusnetError

PlatformKey = Literal["hp_procurve", "cisco_ios"]


class Faults(BaseModel):
    """Misbehaviour a test can switch on per device (in the spec or at runtime)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    reject_line: int | None = Field(None, ge=1, description="Nth config line of a session fails")
    reject_pattern: str | None = Field(None, description="config lines matching this regex fail")
    drop_after: int | None = Field(None, ge=1, description="the session that sends the Nth config line"
                                   " since the faults were set closes (once: a reconnection can roll back)")
    hang: bool = Field(False, description="stop answering after login")
    refuse: bool = Field(False, description="port closed: connection refused")
    latency_ms: int = Field(0, ge=0, description="delay before each reply")
    # Exec-level behaviour of real switches our own never showed (issue 9).
    user_level_login: bool = Field(False, description="logins land at the user prompt (>); enable needs the secret")
    refuse_show_running: bool = Field(False, description="show running-config is refused, whatever the level")
    refuse_timer: bool = Field(False, description="the commit-confirm timer commands are refused")
    error_text: str | None = Field(None, description="lines hit by reject_* get this text instead of the platform's")
    no_prompt_after_error: bool = Field(False, description="lines hit by reject_* get their error but no prompt")
    demote_after: int | None = Field(None, ge=1, description="once N config lines arrived, new logins land at the "
                                                            "user prompt (a push that broke privileged access)")


class DeviceSpec(BaseModel):
    """One simulated switch listening on 127.0.0.1:port (0: a free port the kernel picks)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    platform: PlatformKey
    model: str | None = Field(None, description="catalogue model; None: the platform's reference model."
                              " The device starts from the model's factory default")
    port: int = Field(ge=0, le=65535)
    username: str
    password: str = Field(repr=False)
    enable_secret: str | None = Field(None, repr=False)  # what `enable` asks at the user prompt (None: none set)
    hostname: str
    startup_config: str = Field("", description="lines typed after a factory reset (empty: factory default)")
    faults: Faults = Faults()


class FleetSpec(BaseModel):
    """All devices of one simulator process; ``minute_seconds`` scales reload timers."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    devices: list[DeviceSpec]
    minute_seconds: float = Field(60.0, gt=0)


def load_spec(path: Path) -> FleetSpec:
    """Read a spec file: either a list of devices or ``{"devices": [...], "minute_seconds": x}``."""
    try:
        return parse_spec(path.read_text(encoding="utf-8"), str(path))
    except OSError as error:
        raise CampusnetError(f"{path}: {error}") from error


def parse_spec(text: str, origin: str) -> FleetSpec:
    """A spec from JSON text (``origin`` names it in errors)."""
    try:
        data = json.loads(text)
        if isinstance(data, list):
            data = {"devices": data}
        return FleetSpec.model_validate(data)
    except (ValueError, ValidationError) as error:
        raise CampusnetError(f"{origin}: {error}") from error
