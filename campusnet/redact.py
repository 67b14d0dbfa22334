"""Scrub secrets from anything shown or logged: diffs, errors, netmiko session logs.

Two nets: the exact secret values of the campus (device password, RADIUS secret, SNMP
community), and keyword patterns for what a device prints in their place (hashes,
keys). Backups keep the raw text (mode 0600, git-ignored): they must restore a device.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from campusnet.inventory.schema import Secrets

MASK = "<redacted>"
#: Stored password forms the templates write (IOS secret 5 MD5-crypt, ProCurve sha1 hex).
_HASHES = re.compile(r"\$1\$[./0-9A-Za-z]{1,8}\$[./0-9A-Za-z]{22}|(?<=sha1 \")[0-9a-f]{40}(?=\")")
_KEYWORDS = re.compile(
    r"(?P<key>\b(?:key|secret|password|community|plaintext|sha1|sha256|auth_secret|acct_secret)\b"
    r"(?:\s+(?:0|5|7|8|9|encrypted|plaintext|sha1|sha256))?)(?P<sep>\s+|\s*'|\s*\")(?!(?:manager|operator|user-name)\b)(?P<value>[^\s'\"]+)",
    re.IGNORECASE,
)


class Redactor:
    """Replaces known secret values and keyword-introduced values with a mask."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        values = sorted({s for s in secrets if s and len(s) >= 4}, key=len, reverse=True)
        self.secrets = tuple(values)
        self._values = re.compile("|".join(map(re.escape, values))) if values else None

    def __call__(self, text: str) -> str:
        if self._values is not None:
            text = self._values.sub(MASK, text)
        text = _HASHES.sub(MASK, text)
        return _KEYWORDS.sub(lambda m: f"{m['key']}{m['sep']}{MASK}", text)


def _values(data: Any) -> Iterable[str]:
    """Every string in a nested mapping (per-device secrets sit under ``devices``)."""
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for value in data.values():
            yield from _values(value)


def campus_redactor(secrets: Secrets) -> Redactor:
    """Masks every secret of a campus (all of secrets.yml but the user name)."""
    return Redactor(_values(secrets.model_dump(exclude={"device_username"})))


def session_log(path: str, redact: Redactor) -> Any:
    """A netmiko SessionLog that records reads and writes, scrubbed by ``redact``.

    netmiko already hides its own password (``no_log``); we add every campus secret and
    the keyword patterns, so sent configuration lines (RADIUS keys...) are masked too.
    """
    from netmiko.session_log import SessionLog

    class _RedactingLog(SessionLog):
        def no_log_filter(self, data: str) -> str:
            return redact(str(super().no_log_filter(data)))

    no_log = {f"secret{index}": value for index, value in enumerate(redact.secrets)}
    return _RedactingLog(file_name=path, file_mode="append", no_log=no_log, record_writes=True)
