"""The explicit platform registry: one dict, loud on duplicates and unknown keys."""

from __future__ import annotations

from campusnet.errors import CampusnetError
from campusnet.platforms.base import Platform


class PlatformError(CampusnetError):
    """A platform key that is registered twice, or not at all."""


_REGISTRY: dict[str, Platform] = {}


def register(platform: Platform) -> Platform:
    if platform.key in _REGISTRY:
        raise PlatformError(f"platform {platform.key!r} is already registered")
    _REGISTRY[platform.key] = platform
    return platform


def get(key: str) -> Platform:
    try:
        return _REGISTRY[key]
    except KeyError:
        known = ", ".join(sorted(_REGISTRY)) or "none"
        raise PlatformError(f"unknown platform {key!r} (known: {known})") from None


def keys() -> list[str]:
    return sorted(_REGISTRY)
