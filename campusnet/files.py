"""Writing files: atomically, and privately where they hold configurations or secrets.

What campusnet writes under build/, backups/ and session-log folders holds device
configurations (SNMP communities, RADIUS keys, password hashes): every such file is 0600
in folders that are 0700, from the output root down, whatever the umask.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600


def private_dir(path: Path, root: Path | None = None) -> Path:
    """Make ``path`` exist with every folder from ``root`` (default: ``path`` itself)
    down to it mode 0700: created so, or tightened when an older run left them open."""
    root = root or path
    chain = [path, *path.parents]
    inside = chain[: chain.index(root) + 1] if root in chain else [path]
    for folder in reversed(inside):
        folder.mkdir(mode=PRIVATE_DIR, parents=True, exist_ok=True)
        if stat.S_IMODE(folder.stat().st_mode) != PRIVATE_DIR:
            folder.chmod(PRIVATE_DIR)
    return path


def private_file(path: Path) -> Path:
    """Create ``path`` empty with mode 0600 if missing (so a writer that appends keeps it
    private), or tighten it; the folder must exist."""
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, PRIVATE_FILE))
    if stat.S_IMODE(path.stat().st_mode) != PRIVATE_FILE:
        path.chmod(PRIVATE_FILE)
    return path


def atomic_write(path: Path, text: str, private_root: Path | None = None) -> None:
    """Write ``text`` to a temporary file beside ``path``, then rename it over ``path``.

    With ``private_root`` the file is 0600 and its folders up to that root 0700; without,
    the file keeps the mode it had (an inventory file stays readable as before).
    """
    if private_root is not None:
        private_dir(path.parent, private_root)
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
    mode = PRIVATE_FILE if private_root is not None or not path.exists() else stat.S_IMODE(path.stat().st_mode)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise
