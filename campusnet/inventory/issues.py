"""Findings about an inventory: where (file, line, key path) and what is wrong."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from campusnet.errors import CampusnetError

KeyPath = tuple[str | int, ...]


def format_path(path: KeyPath) -> str:
    """``("switches", "sw-g-1", "ports", 2)`` -> ``switches.sw-g-1.ports[2]``."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


@dataclass(frozen=True, order=True)
class Issue:
    """One error or warning. Messages name members by pseudonymous id only."""

    file: str
    path: KeyPath
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        key = format_path(self.path)
        return f"{where}: {key}: {self.message}" if key else f"{where}: {self.message}"


class InventoryError(CampusnetError):
    """The inventory is invalid; carries every error found in one pass."""

    def __init__(self, issues: Sequence[Issue]) -> None:
        self.issues = list(issues)
        count = len(self.issues)
        super().__init__(f"inventory invalid: {count} error{'s' if count != 1 else ''}")


def raise_if_any(issues: Iterable[Issue]) -> None:
    found = list(issues)
    if found:
        raise InventoryError(found)
