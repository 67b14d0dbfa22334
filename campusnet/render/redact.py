"""Mask secrets in text shown on a terminal (diffs of rendered configurations)."""

from __future__ import annotations

import re
from collections.abc import Iterable

MASK = "<redacted>"
#: Stored password forms the templates write (IOS secret 5, ProCurve sha1).
_HASHES = re.compile(r"\$1\$[./0-9A-Za-z]{1,8}\$[./0-9A-Za-z]{22}|(?<=sha1 \")[0-9a-f]{40}(?=\")")


class Redactor:
    """Replaces every known secret value, and every password hash, by ``<redacted>``."""

    def __init__(self, secrets: Iterable[str]) -> None:
        values = sorted({s for s in secrets if s}, key=len, reverse=True)
        self._values = re.compile("|".join(map(re.escape, values))) if values else None

    def __call__(self, text: str) -> str:
        if self._values is not None:
            text = self._values.sub(MASK, text)
        return _HASHES.sub(MASK, text)


def campus_redactor(secrets: object) -> Redactor:
    """A Redactor for every string field of the inventory's secrets (but the user name)."""
    fields = vars(secrets) if not hasattr(secrets, "model_dump") else secrets.model_dump()  # type: ignore[attr-defined]
    return Redactor(v for k, v in fields.items() if isinstance(v, str) and k != "device_username")
