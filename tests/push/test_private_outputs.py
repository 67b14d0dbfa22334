"""A real push writes its backups and session logs as 0600 files in 0700 folders."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from campusnet.push import run_all
from tests.push.conftest import Lab
from tests.test_written_files import assert_private

pytestmark = pytest.mark.slow


def test_backups_and_session_logs_of_a_push_are_private(lab: Lab, tmp_path: Path) -> None:
    logs = tmp_path / "session-logs"
    old = os.umask(0o022)
    try:
        results = run_all(lab.targets.values(), lab.options(session_log_dir=logs, dry_run=True), lab.redact, workers=3)
    finally:
        os.umask(old)
    assert not [r for r in results if r.failed], [r.message for r in results]
    assert_private(logs)
    assert_private(lab.backups)
