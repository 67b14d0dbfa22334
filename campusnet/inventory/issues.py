"""Findings about an inventory: where (file, line, key path) and what is wrong."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from campusnet.errors import CampusnetError
from campusnet.render.quote import unprintable

KeyPath = tuple[str | int, ...]


#: Keys printed as they are; any other key is printed as a Python literal, so a key
#: holding a newline or a terminal escape cannot forge a line or repaint the terminal.
_PLAIN_KEY = re.compile(r"[A-Za-z0-9_.:@/+-]+|<key [0-9]+>")


def hidden_key(position: int) -> str:
    """How a key of a private file (members.yml, secrets.yml) that is not a schema key
    is named in messages: by its position in its mapping, never by its text."""
    return f"<key {position}>"


def format_path(path: KeyPath) -> str:
    """``("switches", "sw-g-1", "ports", 2)`` -> ``switches.sw-g-1.ports[2]``."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
            continue
        shown = part if _PLAIN_KEY.fullmatch(part) else repr(part)
        text += f".{shown}" if text else shown
    return text


@dataclass(frozen=True, order=True)
class Issue:
    """One error or warning. Messages name members by pseudonymous id only."""

    file: str
    path: KeyPath
    message: str
    line: int | None = None

    def __str__(self) -> str:
        file = repr(self.file) if unprintable(self.file) else self.file
        where = f"{file}:{self.line}" if self.line else file
        key = format_path(self.path)
        return f"{where}: {key}: {self.message}" if key else f"{where}: {self.message}"


class InventoryError(CampusnetError):
    """The inventory is invalid; carries every error found in one pass."""

    def __init__(self, issues: Sequence[Issue]) -> None:
        self.issues = list(issues)
        count = len(self.issues)
        super().__init__(f"inventory invalid: {count} error{'s' if count != 1 else ''}")

    def lines(self) -> list[str]:
        """Every error, one ``error: file:line: key.path: message`` line each."""
        return [f"error: {issue}" for issue in self.issues]


def describe(error: Exception) -> str:
    """The complete text of an error for a caller that shows one message (the Ansible
    inventory plugin and module): an invalid inventory lists every error, then the count."""
    if isinstance(error, InventoryError):
        return "\n".join([*error.lines(), f"error: {error}"])
    return str(error)


def raise_if_any(issues: Iterable[Issue]) -> None:
    found = list(issues)
    if found:
        raise InventoryError(found)
