"""Scrub secrets from anything shown or logged: diffs, errors, netmiko session logs.

Two nets: the exact secret values of the campus (device password, RADIUS secret, SNMP
community), and keyword patterns for what a device prints in their place (hashes,
keys). Backups keep the raw text (mode 0600, git-ignored): they must restore a device.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

MASK = "<redacted>"
_KEYWORDS = re.compile(
    r"(?P<key>\b(?:key|secret|password|community|plaintext|sha1|sha256|auth_secret|acct_secret)\b"
    r"(?:\s+(?:0|5|7|8|9|encrypted|plaintext|sha1|sha256))?)(?P<sep>\s+|\s*'|\s*\")(?P<value>[^\s'\"]+)",
    re.IGNORECASE,
)


class Redactor:
    """Replaces known secret values and keyword-introduced values with a mask."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        values = sorted({s for s in secrets if s and len(s) >= 4}, key=len, reverse=True)
        self._values = re.compile("|".join(map(re.escape, values))) if values else None

    def __call__(self, text: str) -> str:
        if self._values is not None:
            text = self._values.sub(MASK, text)
        return _KEYWORDS.sub(lambda m: f"{m['key']}{m['sep']}{MASK}", text)


class RedactingLog:
    """A write-only file-like object for netmiko's ``session_log``: scrubs, then writes."""

    def __init__(self, path: str, redact: Redactor) -> None:
        self._handle = open(path, "a", encoding="utf-8")  # noqa: SIM115 - closed by close()
        self._redact = redact

    def write(self, data: str | bytes) -> int:
        text = data.decode("utf-8", "replace") if isinstance(data, bytes) else data
        self._handle.write(self._redact(text))
        return len(data)

    def flush(self) -> None:
        self._handle.flush()

    def close(self) -> None:
        self._handle.close()
