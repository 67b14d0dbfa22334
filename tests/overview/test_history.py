"""The optional backup history: redacted copies in git, one commit per change, read back per device."""

from __future__ import annotations

import subprocess
from pathlib import Path

from campusnet.overview.history import commit, read


def _backup(root: Path, device: str, stamp: str, text: str) -> None:
    (root / device / stamp).mkdir(parents=True)
    (root / device / stamp / "running.cfg").write_text(text)


def test_commits_only_changes_and_never_a_secret(tmp_path: Path) -> None:
    backups, repo = tmp_path / "backups", tmp_path / "history"
    redact = lambda text: text.replace("s3cret-community", "<redacted>")
    _backup(backups, "sw-a-1", "20261129T080000000000Z", "hostname sw-a-1\nsnmp-server community s3cret-community\n")
    _backup(backups, "sw-a-2", "20261129T080000000000Z", "hostname sw-a-2\n")
    assert commit(backups, repo, ["sw-a-1", "sw-a-2", "sw-a-3"], redact) == 2
    assert commit(backups, repo, ["sw-a-1", "sw-a-2", "sw-a-3"], redact) == 0  # nothing new: no commit
    _backup(backups, "sw-a-2", "20261130T090000000000Z", "hostname sw-a-2\ninterface 3\n")
    assert commit(backups, repo, ["sw-a-1", "sw-a-2"], redact) == 1
    log = subprocess.run(["git", "-C", str(repo), "log", "-p", "--all"], capture_output=True, text=True, check=True)
    assert log.stdout.count("\nAuthor: ") == 2 and "s3cret-community" not in log.stdout
    changes = {entry.device: entry.changes for entry in read(repo, ["sw-a-1", "sw-a-2", "sw-a-3"])}
    assert set(changes) == {"sw-a-1", "sw-a-2"} and len(changes["sw-a-2"]) in (1, 2)  # same minute: one stamp
    assert read(tmp_path / "none", ["sw-a-1"]) == []
