"""Outcomes as data: one DeviceResult per device and step, rolled up into a summary."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from campusnet.words import plural


class Status(StrEnum):
    UNCHANGED = "unchanged"
    WOULD_CHANGE = "would change"
    CHANGED = "changed"
    ROLLED_BACK = "failed, rolled back"
    UNTOUCHED = "failed, untouched"
    TIMER_RESTORES = "failed, timer restores"
    ROLLBACK_FAILED = "failed, NOT restored"
    UNREACHABLE = "unreachable"

    @property
    def failed(self) -> bool:
        return self in (Status.ROLLED_BACK, Status.UNTOUCHED, Status.TIMER_RESTORES, Status.ROLLBACK_FAILED,
                        Status.UNREACHABLE)


@dataclass(frozen=True)
class DeviceResult:
    """What happened to one device. ``diff`` and ``message`` are already redacted."""

    device: str
    status: Status
    lines: int = 0
    diff: str = ""
    message: str = ""
    seconds: float = 0.0
    backup: str | None = None

    @property
    def failed(self) -> bool:
        return self.status.failed

    @property
    def summary(self) -> str:
        if self.status in (Status.CHANGED, Status.WOULD_CHANGE):
            return f"{self.status} ({plural(self.lines, 'line')})"
        return str(self.status)
