"""Golden files: the example campus's rendered configurations, kept under tests/golden/.

A one-file platform (switches) is stored as ``<platform>/<device>.cfg``; a platform
with several files (OpenWrt) as ``<platform>/<device>/<file>``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from campusnet.files import atomic_write
from campusnet.render.engine import Rendered
from campusnet.render.output import unified_diff

GOLDEN = Path(__file__).resolve().parents[2] / "tests" / "golden"


@dataclass(frozen=True)
class Mismatch:
    path: Path  # relative to the golden directory
    diff: str  # golden -> rendered; empty for a stale golden file


def expected(results: list[Rendered]) -> dict[Path, str]:
    """Relative golden path -> text, for every rendered file."""
    files: dict[Path, str] = {}
    for result in results:
        for name, text in result.files.items():
            single = len(result.files) == 1
            files[Path(result.platform, f"{result.device}.cfg" if single else f"{result.device}/{name}")] = text
    return files


def compare(results: list[Rendered], root: Path = GOLDEN) -> list[Mismatch]:
    wanted = expected(results)
    mismatches = []
    for relative, text in sorted(wanted.items()):
        path = root / relative
        old = path.read_text(encoding="utf-8") if path.exists() else ""
        if old != text:
            mismatches.append(Mismatch(relative, unified_diff(old, text, str(relative))))
    on_disk = {p.relative_to(root) for p in root.rglob("*") if p.is_file()} if root.exists() else set()
    mismatches += [Mismatch(p, "") for p in sorted(on_disk - set(wanted))]
    return mismatches


def update(results: list[Rendered], root: Path = GOLDEN) -> list[Path]:
    """Rewrite what differs, delete stale files; the changed paths."""
    wanted = expected(results)
    changed = []
    for mismatch in compare(results, root):
        path = root / mismatch.path
        if mismatch.path in wanted:
            atomic_write(path, wanted[mismatch.path])
        else:
            path.unlink()
        changed.append(mismatch.path)
    return changed
