"""build/sim is an overlay: the live source inventory, its devices aimed at loopback ports."""

from __future__ import annotations

from pathlib import Path

import pytest

from campusnet.derive import load_campus
from campusnet.errors import CampusnetError
from campusnet.overlay import NOWHERE, forget, read_overlay, update_overlay


def connects(inventory: Path) -> dict[str, tuple[str, int]]:
    campus = load_campus(inventory).campus
    assert campus is not None
    return {name: device.connect for name, device in (campus.switches | campus.access_points).items()}


def test_an_overlay_copies_nothing_and_aims_every_device(example_copy: Path, tmp_path: Path) -> None:
    overlay = tmp_path / "build" / "sim"
    update_overlay(overlay, example_copy, ["sw-a-1", "sw-i-1"], {"sw-a-1": 41001})
    update_overlay(overlay, example_copy, ["ap-a-1"], {"ap-a-1": 41002})  # the switches' entries stay
    assert sorted(p.name for p in overlay.iterdir()) == ["campusnet.yml", "group_vars"]
    assert (overlay / "group_vars").is_symlink()
    aimed = connects(overlay)
    assert aimed.pop("sw-a-1") == ("127.0.0.1", 41001)
    assert aimed.pop("ap-a-1") == ("127.0.0.1", 41002)
    assert set(aimed.values()) == {NOWHERE}, "a device without a simulator must never reach its real address"
    forget(overlay, ["sw-a-1"])
    assert connects(overlay)["sw-a-1"] == NOWHERE and connects(overlay)["ap-a-1"] == ("127.0.0.1", 41002)


def test_an_edit_to_the_source_is_seen_at_once(example_copy: Path, tmp_path: Path) -> None:
    overlay = tmp_path / "sim"
    update_overlay(overlay, example_copy, [], {"sw-g-1": 41001})
    assert load_campus(overlay).campus.buildings["g"].bottleneck_mbps == 10  # type: ignore[union-attr]
    buildings = example_copy / "buildings.yml"
    buildings.write_text(buildings.read_text().replace("uplink: g-via-j", "uplink: g-fibre"))
    assert load_campus(overlay).campus.buildings["g"].bottleneck_mbps == 1000  # type: ignore[union-attr]


def test_errors_name_the_source_file_to_edit(example_copy: Path, tmp_path: Path) -> None:
    from campusnet.inventory.issues import InventoryError

    overlay = tmp_path / "sim"
    update_overlay(overlay, example_copy, [], {})
    buildings = example_copy / "buildings.yml"
    buildings.write_text(buildings.read_text().replace("uplink: g-via-j", "uplink: g-nowhere"))
    with pytest.raises(InventoryError) as raised:
        load_campus(overlay)
    assert all(str(example_copy) in issue.file for issue in raised.value.issues)


def test_an_older_copy_is_replaced_and_the_source_is_never_overwritten(example_copy: Path, tmp_path: Path) -> None:
    old = tmp_path / "sim"
    old.mkdir()
    (old / "switches.yml").write_text("switches: {}\n")  # what sim.up used to copy
    (old / "fleet.json").write_text("{}")
    update_overlay(old, example_copy, [], {})
    assert sorted(p.name for p in old.iterdir()) == ["campusnet.yml", "group_vars"]
    with pytest.raises(CampusnetError, match="would overwrite"):
        update_overlay(example_copy, example_copy, [], {})
    assert (example_copy / "switches.yml").exists()


def test_an_overlay_only_aims_at_loopback(example_copy: Path, tmp_path: Path) -> None:
    overlay = tmp_path / "sim"
    update_overlay(overlay, example_copy, [], {"sw-a-1": 41001})
    text = (overlay / "campusnet.yml").read_text()
    (overlay / "campusnet.yml").write_text(text.replace("127.0.0.1:41001", "10.0.1.2:22"))
    with pytest.raises(CampusnetError, match="not 127.0.0.1:PORT"):
        read_overlay(overlay)


def test_an_ordinary_inventory_is_no_overlay(example_copy: Path) -> None:
    assert read_overlay(example_copy) is None
    assert read_overlay(example_copy / "missing") is None
