"""The channel plan, judged by frequency: neighbours never share spectrum.

Frequencies are computed here from IEEE 802.11 channel numbering, not from
campusnet.channels: 2.4 GHz centre = 2407 + 5 n MHz; at 5 GHz a 40 or 80 MHz channel
is the block around its centre channel index (IEEE 802.11-2020 annex E: 38, 46, ... at
40 MHz; 42, 58, 106, 122, 138, 155 at 80 MHz), whatever the primary channel inside it.
"""

from __future__ import annotations

import itertools

import pytest

from campusnet.channels import Placement, PlanError, plan
from tests.render.conftest import Case
from tests.render.parse import uci

CENTRES = {40: (38, 46, 54, 62, 102, 110, 118, 126, 134, 142, 151, 159), 80: (42, 58, 106, 122, 138, 155)}


def occupied(channel: int, width: int) -> tuple[int, int]:
    """(low, high) MHz of a channel of ``width`` whose primary 20 MHz channel is ``channel``."""
    if channel <= 14:
        centre = 2407 + 5 * channel
    elif width == 20:
        centre = 5000 + 5 * channel
    else:
        centre = 5000 + 5 * next(c for c in CENTRES[width] if abs(c - channel) < width // 10)
    return centre - width // 2, centre + width // 2


def overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def neighbours(a: Placement, b: Placement, diagonal: bool) -> bool:
    floors, positions = abs(a.floor - b.floor), abs(a.position - b.position)
    near = floors <= 1 and positions <= 1 if diagonal else floors + positions <= 1
    return a.facade == b.facade and near


def test_old_plan_shared_one_80_mhz_block() -> None:
    """Why numbers are not enough: 36 and 48 at 80 MHz are the same spectrum."""
    assert overlap(occupied(36, 80), occupied(48, 80))
    assert not overlap(occupied(36, 80), occupied(52, 80))
    assert not overlap(occupied(1, 20), occupied(6, 20)) and overlap(occupied(1, 20), occupied(3, 20))


@pytest.mark.parametrize("width", [20, 40, 80])
def test_a_facade_grid_never_overlaps_at_any_width(width: int) -> None:
    grid = [Placement(f"ap-{f}-{p}", "east", f, p) for f in range(4) for p in range(1, 6)]
    grid += [Placement(f"ap-w-{p}", "west", 0, p) for p in range(1, 4)]
    chosen = plan(grid, width)
    for a, b in itertools.combinations(grid, 2):
        if neighbours(a, b, diagonal=False):
            assert not overlap(occupied(chosen[a.name].channel_24, 20), occupied(chosen[b.name].channel_24, 20))
        if neighbours(a, b, diagonal=True):
            assert not overlap(occupied(chosen[a.name].channel_5, width), occupied(chosen[b.name].channel_5, width))


def test_too_many_access_points_in_one_spot_is_an_error_naming_one() -> None:
    crowded = [Placement(f"ap-{n}", "east", 0, 1) for n in range(4)]
    with pytest.raises(PlanError, match="access point ap-3: its neighbours on facade east use every 2.4 GHz channel"):
        plan(crowded)


def test_rendered_neighbours_never_share_spectrum(case: Case) -> None:
    radios: dict[str, dict[str, tuple[int, int]]] = {}
    for name in case.campus.access_points:
        devices = {n: o for kind, n, o in uci(case.rendered[name].files["wireless"]) if kind == "wifi-device"}
        radios[name] = {
            band: occupied(int(devices[radio]["channel"][0]), int(devices[radio]["htmode"][0].lstrip("HEVT")))
            for band, radio in (("2g", "radio0"), ("5g", "radio1"))
        }
        assert devices["radio1"]["htmode"][0].endswith(str(case.campus.settings.wifi_5ghz_width))
    places = {n: Placement(n, ap.facade, ap.floor, ap.position) for n, ap in case.campus.access_points.items()}
    pairs = 0
    for a, b in itertools.combinations(places.values(), 2):
        if neighbours(a, b, diagonal=False):
            pairs += 1
            assert not overlap(radios[a.name]["2g"], radios[b.name]["2g"]), (a.name, b.name)
        if neighbours(a, b, diagonal=True):
            assert not overlap(radios[a.name]["5g"], radios[b.name]["5g"]), (a.name, b.name)
    assert pairs >= 4
