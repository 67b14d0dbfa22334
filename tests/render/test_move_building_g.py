"""G's fibre repaired: one line in buildings.yml, three switches change, exactly so."""

from __future__ import annotations

from pathlib import Path

from tests.render.conftest import _case
from tests.render.parse import memberships

MEMBERS_G, MANAGEMENT, QUARANTINE = 103, 10, 50


def test_moving_g_back_to_its_fibre(example_copy: Path) -> None:
    before = _case(example_copy)
    buildings = example_copy / "buildings.yml"
    text = buildings.read_text()
    assert text.count("uplink: g-via-j") == 1
    buildings.write_text(text.replace("uplink: g-via-j", "uplink: g-fibre"))
    after = _case(example_copy)

    changed = {name for name in before.rendered if before.rendered[name].files != after.rendered[name].files}
    assert changed == {"sw-g-1", "sw-j-1", "sw-cournot-1"}

    def ports(case: object, switch: str) -> dict:
        hardware = case.campus.switches[switch].device_model  # type: ignore[attr-defined]
        return memberships("hp_procurve", case.text(switch), hardware)  # type: ignore[attr-defined]

    g_before, g_after = ports(before, "sw-g-1"), ports(after, "sw-g-1")
    g_needs = {MANAGEMENT, QUARANTINE, MEMBERS_G}
    assert g_before[51].enabled and g_before[51].tagged == g_needs and not g_before[49].enabled
    assert g_after[49].enabled and g_after[49].tagged == g_needs and not g_after[51].enabled

    j_before, j_after = ports(before, "sw-j-1"), ports(after, "sw-j-1")
    assert MEMBERS_G in j_before[51].tagged and MEMBERS_G in j_before[49].tagged
    assert not j_after[51].enabled and not j_after[51].tagged
    assert MEMBERS_G not in j_after[49].tagged  # J's fibre no longer carries G

    core_before, core_after = ports(before, "sw-cournot-1"), ports(after, "sw-cournot-1")
    assert not core_before[16].enabled and core_after[16].tagged == g_needs
    assert MEMBERS_G in core_before[19].tagged and MEMBERS_G not in core_after[19].tagged
    assert MEMBERS_G in core_after[1].tagged  # the router port carries everything, still
