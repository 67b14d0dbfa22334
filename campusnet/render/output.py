"""Write rendered files under build/<device>/, atomically, and say what changed."""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from campusnet.files import atomic_write
from campusnet.render.engine import Rendered


@dataclass(frozen=True)
class Outcome:
    device: str
    platform: str
    lines: int
    status: str  # new | yes | no: changed since the last render
    diff: str  # unified diff against the last render, already redacted

    @property
    def added(self) -> int:
        return sum(1 for line in self.diff.splitlines() if line.startswith("+") and not line.startswith("+++"))

    @property
    def removed(self) -> int:
        return sum(1 for line in self.diff.splitlines() if line.startswith("-") and not line.startswith("---"))


def unified_diff(old: str, new: str, label: str) -> str:
    return "".join(difflib.unified_diff(old.splitlines(keepends=True), new.splitlines(keepends=True),
                                        f"a/{label}", f"b/{label}"))


def _compare(result: Rendered, build: Path, redact: Callable[[str], str]) -> tuple[Outcome, dict[Path, str]]:
    """How one device's files differ from build/<device>/, and the files to write."""
    diffs, seen, writes = [], [], {}
    for name, text in result.files.items():
        path = build / result.device / name
        old = path.read_text(encoding="utf-8") if path.exists() else None
        seen.append(old is not None)
        if old != text:
            writes[path] = text
            diffs.append(unified_diff(old or "", text, f"{result.device}/{name}"))
    status = "new" if not any(seen) else "yes" if diffs else "no"
    return Outcome(result.device, result.platform, result.lines, status, redact("".join(diffs))), writes


def compare_build(results: list[Rendered], build: Path, redact: Callable[[str], str]) -> list[Outcome]:
    """What ``write_build`` would report, writing nothing."""
    return [_compare(result, build, redact)[0] for result in results]


def write_build(results: list[Rendered], build: Path, redact: Callable[[str], str]) -> list[Outcome]:
    outcomes = []
    for result in results:
        outcome, writes = _compare(result, build, redact)
        for path, text in writes.items():
            atomic_write(path, text, private_root=build)
        outcomes.append(outcome)
    return outcomes
