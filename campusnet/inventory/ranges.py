"""Compact notations of the inventory: room ranges, port ranges, link endpoints."""

from __future__ import annotations

import re

_ROOM_RANGE = re.compile(r"^(?P<prefix>[a-z]+)(?P<first>\d+)(-(?P=prefix)(?P<last>\d+))?$")


def expand_rooms(spec: str) -> list[str]:
    """``g001-g003`` -> ``[g001, g002, g003]``; a single room stands for itself."""
    match = _ROOM_RANGE.match(spec)
    if not match:
        raise ValueError(f"room range {spec!r} must look like g001-g255 or g104")
    first, last = match["first"], match["last"] or match["first"]
    if int(last) < int(first):
        raise ValueError(f"room range {spec!r} ends before it starts")
    width = len(first)
    return [f"{match['prefix']}{n:0{width}d}" for n in range(int(first), int(last) + 1)]


def expand_ports(spec: str) -> list[int]:
    """``1-4`` -> ``[1, 2, 3, 4]``; ``7`` -> ``[7]`` (the schema checked the syntax)."""
    first, _, last = spec.partition("-")
    return list(range(int(first), int(last or first) + 1))


def parse_endpoint(spec: str) -> tuple[str, int]:
    """``sw-g-1:49`` -> ``("sw-g-1", 49)``."""
    switch, sep, port = spec.rpartition(":")
    if not sep or not switch or not port.isdigit():
        raise ValueError(f"link end {spec!r} must be SWITCH:PORT, e.g. sw-g-1:49")
    return switch, int(port)
