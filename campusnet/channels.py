"""The wifi channel plan: neighbours never share spectrum, judged by frequency.

Pure. Access points sit on facades, at a position along the facade and on a floor. Two
access points are neighbours on 2.4 GHz when they are side by side on a floor or one
above the other; on 5 GHz diagonal ones count too (4 blocks at 80 MHz colour that grid,
3 channels at 2.4 GHz cannot). Each neighbour gets spectrum that does not overlap:

* 2.4 GHz: channels 1, 6 and 11 (20 MHz wide, 25 MHz apart);
* 5 GHz: whole blocks of the configured width (36-48 at 80 MHz is one block), so two
  access points never share a block even when their primary channels differ.

Channels are those of the regulatory domain (ETSI, as in France; IEEE 802.11 channel
numbering: centre = 2407 + 5 n MHz at 2.4 GHz, 5000 + 5 n MHz at 5 GHz).
"""

from __future__ import annotations

from dataclasses import dataclass

CHANNELS_24 = (1, 6, 11)
#: 5 GHz channels usable indoors and outdoors under ETSI (36-64 and 100-140; 52 and up with DFS).
CHANNELS_5 = (36, 40, 44, 48, 52, 56, 60, 64, 100, 104, 108, 112, 116, 120, 124, 128, 132, 136, 140)
WIDTHS_5 = (20, 40, 80)


@dataclass(frozen=True)
class Placement:
    name: str
    facade: str
    floor: int
    position: int


@dataclass(frozen=True)
class Assignment:
    channel_24: int
    channel_5: int  # the primary channel: the first of its block
    width_5: int  # MHz


class PlanError(ValueError):
    """Too many neighbours for the channels available (the message names the access point)."""


def blocks(width: int) -> list[tuple[int, ...]]:
    """The 5 GHz channels grouped into blocks of ``width`` MHz, only complete blocks."""
    size = width // 20
    found = []
    for first in CHANNELS_5:
        block = tuple(first + 4 * i for i in range(size))
        aligned = (first - 36) % (4 * size) == 0 if first < 100 else (first - 100) % (4 * size) == 0
        if aligned and all(c in CHANNELS_5 for c in block):
            found.append(block)
    return found


def span(channel: int, width: int) -> tuple[int, int]:
    """The frequencies (MHz, low and high edge) a channel of ``width`` occupies."""
    if channel <= 14:
        centre = 2407 + 5 * channel
        return centre - width // 2, centre + width // 2
    block = next(b for b in blocks(width) if channel in b)
    low = 5000 + 5 * block[0] - 10
    return low, low + width


def _neighbours(a: Placement, b: Placement, diagonal: bool) -> bool:
    if a.facade != b.facade or a is b:
        return False
    floors, positions = abs(a.floor - b.floor), abs(a.position - b.position)
    if diagonal:
        return floors <= 1 and positions <= 1
    return floors + positions <= 1  # side by side, one above the other, or at the same spot


def plan(placements: list[Placement], width_5: int = 80) -> dict[str, Assignment]:
    """Greedy colouring in floor-then-position order; raises PlanError when a neighbour
    set uses every channel (more than the band can keep apart)."""
    if width_5 not in WIDTHS_5:
        raise PlanError(f"5 GHz width {width_5} MHz is not one of {WIDTHS_5}")
    choices_5 = [block[0] for block in blocks(width_5)]
    ordered = sorted(placements, key=lambda p: (p.facade, p.floor, p.position, p.name))
    low: dict[str, int] = {}
    high: dict[str, int] = {}
    for ap in ordered:
        taken_24 = {low[o.name] for o in ordered if o.name in low and _neighbours(ap, o, diagonal=False)}
        taken_5 = {high[o.name] for o in ordered if o.name in high and _neighbours(ap, o, diagonal=True)}
        free_24 = [c for c in CHANNELS_24 if c not in taken_24]
        free_5 = [c for c in choices_5 if c not in taken_5]
        if not free_24 or not free_5:
            band = "2.4 GHz" if not free_24 else f"5 GHz at {width_5} MHz"
            raise PlanError(f"access point {ap.name}: its neighbours on facade {ap.facade} use every {band} channel")
        # Rotate along the facade so that consecutive access points spread over the band.
        low[ap.name] = free_24[ap.position % len(free_24)] if len(free_24) == len(CHANNELS_24) else free_24[0]
        high[ap.name] = free_5[0]
    return {name: Assignment(low[name], high[name], width_5) for name in low}
