"""Drift: what runs on each device (its last backup, or the device itself) against the
intended configuration, compared exactly as a deploy compares them.

Switches: the hier_config remediation through the platform's normaliser
(campusnet.diff), so lines the device owns (firmware banners, defaults it prints) are
not drift. Access points: the UCI files, byte for byte, as ``invoke ap.push`` does.
Diffs are redacted with the campus's secrets before they leave this module.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path

from campusnet import platforms
from campusnet.diff import remediation, unified
from campusnet.render.engine import Rendered
from campusnet.results import DeviceResult, Status

Redact = Callable[[str], str]
STAMP = "%Y%m%dT%H%M%S%fZ"  # backup folder names (campusnet.push.write_backup)


class State(StrEnum):
    IN_SYNC = "in sync"
    DRIFTED = "drifted"
    NO_BACKUP = "no backup"
    UNREACHABLE = "unreachable"

    @property
    def known(self) -> bool:
        """Whether the device could be compared at all."""
        return self in (State.IN_SYNC, State.DRIFTED)


@dataclass(frozen=True)
class Drift:
    device: str
    kind: str  # switch | access point
    state: State
    source: str  # "backup 2026-11-30 09:12 UTC", "live 2026-11-30 09:12 UTC" or ""
    lines: int = 0  # lines (switch) or changed lines (access point) a deploy would send
    diff: str = ""  # redacted unified diff, running -> intended
    message: str = ""  # redacted


def when(stamp: str) -> str:
    """A backup folder name as a readable UTC time (the name itself when it is not a stamp)."""
    try:
        return datetime.strptime(stamp, STAMP).replace(tzinfo=UTC).strftime("%Y-%m-%d %H:%M UTC")
    except ValueError:
        return stamp


def read_backup(folder: Path) -> dict[str, str]:
    """File name -> text of one backup folder (backups/<device>/<stamp>/)."""
    return {path.name: path.read_text(encoding="utf-8", errors="replace")
            for path in sorted(folder.iterdir()) if path.is_file()}


def latest_backup(backups: Path, device: str) -> tuple[str, dict[str, str]] | None:
    """(folder name, file name -> text) of the device's newest backup, or None."""
    folder = backups / device
    if not folder.is_dir():
        return None
    for taken in sorted((p for p in folder.iterdir() if p.is_dir()), reverse=True):
        files = read_backup(taken)
        if files:
            return taken.name, files
    return None


def kind_of(rendered: Rendered) -> str:
    """Switches are diffed as CLI configurations; the rest (access points) as files."""
    return "switch" if platforms.get(rendered.platform).hier_platform is not None else "access point"


def compare(rendered: Rendered, stored: dict[str, str], source: str, redact: Redact) -> Drift:
    """One device's intended files against stored ones (a backup's files)."""
    hier = platforms.get(rendered.platform).hier_platform
    if hier is not None:
        (intended,) = rendered.files.values()
        running = "\n".join(stored.values())
        lines = len(remediation(hier, running, intended))
        diff = redact(unified(running, intended, rendered.device)) if lines else ""
        return Drift(rendered.device, "switch", State.DRIFTED if lines else State.IN_SYNC, source, lines, diff)
    missing = sorted(set(rendered.files) - set(stored))
    differ = [name for name in rendered.files if stored.get(name) != rendered.files[name]]
    diff = "".join(unified(stored.get(name, ""), rendered.files[name], f"{rendered.device}:/etc/config/{name}")
                   for name in differ)
    changed = sum(1 for line in diff.splitlines() if line[:1] in "+-" and line[:3] not in ("+++", "---"))
    message = f"not in the backup: {', '.join(missing)}" if missing else ""
    return Drift(rendered.device, "access point", State.DRIFTED if differ else State.IN_SYNC, source, changed,
                 redact(diff), message)


def from_backups(rendered: list[Rendered], backups: Path, redact: Redact) -> list[Drift]:
    """Every device against its newest backup under ``backups``."""
    drifts = []
    for device in rendered:
        backup = latest_backup(backups, device.device)
        if backup is None:
            drifts.append(Drift(device.device, kind_of(device), State.NO_BACKUP, ""))
            continue
        taken, files = backup
        drifts.append(compare(device, files, f"backup {when(taken)}", redact))
    return drifts


def from_results(results: list[DeviceResult], rendered: list[Rendered], redact: Redact) -> list[Drift]:
    """Drift from a live dry run (``invoke diff``'s engine): a device that answered is compared
    from the backup that run just stored; one that did not is unreachable."""
    by_name = {device.device: device for device in rendered}
    drifts = []
    for result in results:
        device = by_name[result.device]
        if result.status not in (Status.UNCHANGED, Status.WOULD_CHANGE) or result.backup is None:
            drifts.append(Drift(result.device, kind_of(device), State.UNREACHABLE, "live",
                                message=redact(result.message)))
            continue
        folder = Path(result.backup)
        drifts.append(compare(device, read_backup(folder), f"live {when(folder.name)}", redact))
    return drifts
