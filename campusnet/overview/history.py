"""Optional backup history: the newest backup of each device committed to a git repository.

Like Oxidized, but the repository holds **redacted** copies (every campus secret and
hash masked, campusnet.redact): it exists to show when a configuration changed, so it can
live on the team's git server; restores use backups/ (raw, 0600, never in git).
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from campusnet.errors import CampusnetError
from campusnet.files import atomic_write
from campusnet.overview.drift import latest_backup
from campusnet.overview.page import History

IDENTITY = ("-c", "user.name=campusnet", "-c", "user.email=campusnet@localhost")
SHOWN_CHANGES = 5  # per device, in the report


def _git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", *IDENTITY, "-C", str(repo), *args], capture_output=True, text=True, check=False)
    if done.returncode:
        raise CampusnetError(f"git {args[0]} in {repo} failed: {done.stderr.strip().splitlines()[-1:]}")
    return done.stdout


def commit(backups: Path, repo: Path, devices: list[str], redact: Callable[[str], str]) -> int:
    """Copy each device's newest backup (redacted) into ``repo`` and commit; the number of
    devices whose files changed (0: nothing committed)."""
    if not (repo / ".git").is_dir():
        repo.mkdir(parents=True, exist_ok=True)
        _git(repo, "init", "-q")
    for device in devices:
        newest = latest_backup(backups, device)
        if newest is None:
            continue
        for name, text in newest[1].items():
            atomic_write(repo / device / name, redact(text))
    _git(repo, "add", "-A")
    changed = {line.split("/", 1)[0] for line in _git(repo, "diff", "--cached", "--name-only").splitlines()}
    if changed:
        stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
        _git(repo, "commit", "-q", "-m", f"backup {stamp}: {len(changed)} devices changed")
    return len(changed)


def read(repo: Path, devices: list[str]) -> list[History]:
    """Per device, when its files last changed (newest first), from the repository's log."""
    if not (repo / ".git").is_dir():
        return []
    changes: dict[str, list[str]] = {}
    stamp = ""
    for line in _git(repo, "log", "--format=@%ct", "--name-only").splitlines():
        if line.startswith("@"):
            stamp = datetime.fromtimestamp(int(line[1:]), UTC).strftime("%Y-%m-%d %H:%M UTC")
        elif line:
            device = line.split("/", 1)[0]
            if stamp not in changes.setdefault(device, []):
                changes[device].append(stamp)
    return [History(device, tuple(changes[device][:SHOWN_CHANGES])) for device in devices if device in changes]
