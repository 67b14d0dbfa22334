"""The report in a real browser (Debian's chromium, headless, driven by Playwright): the
topology picture and the port maps render, and the page runs nothing."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from campusnet.derive import load_campus
from campusnet.overview import page, topology
from campusnet.overview.drift import from_backups
from campusnet.render.engine import render_campus
from tests.conftest import EXAMPLE

pytestmark = pytest.mark.slow
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def test_topology_and_port_maps_render_in_chromium(tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    campus = load_campus(EXAMPLE).campus
    assert campus is not None
    rendered = render_campus(campus)
    for device in rendered[:3]:  # three devices with a backup, one of them drifted
        folder = tmp_path / "backups" / device.device / "20261130T090000000000Z"
        folder.mkdir(parents=True)
        for name, text in device.files.items():
            (folder / name).write_text(text.replace("room a001", "room a001 by hand"))
    drifts = from_backups(rendered, tmp_path / "backups", str)
    report = tmp_path / "report.html"
    report.write_text(page.render(campus, drifts, topology.svg(topology.dot_source(campus))))
    errors: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        view = browser.new_page(viewport={"width": 1400, "height": 900})
        view.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
        view.on("pageerror", lambda error: errors.append(str(error)))
        view.goto(report.as_uri())
        picture = view.locator(".topology svg")
        box = picture.bounding_box()
        assert box is not None and box["width"] > 400 and box["height"] > 200
        assert view.locator(".topology svg g.node").count() == len(campus.switches)
        assert view.locator(".topology svg g.edge").count() == len(campus.links)
        assert view.locator(".topology svg g.cluster").count() == len({s.building for s in campus.switches.values()})
        maps = view.locator("section.port-map")
        assert maps.count() == len(campus.switches)
        g1 = view.locator("section.port-map", has=view.locator("h3", has_text=re.compile(r"^sw-g-1:")))
        g1.scroll_into_view_if_needed()
        table = g1.locator("table")
        assert table.is_visible() and table.bounding_box() is not None
        assert g1.locator("tr").count() == len(campus.switches["sw-g-1"].ports) + 1
        assert "uplink" in g1.locator("tr", has_text="g-via-j").inner_text()
        assert view.locator("#drift-table tr.drifted").count() == 1
        assert view.evaluate("document.scripts.length") == 0
        view.screenshot(path=str(tmp_path / "report.png"), full_page=False)
        browser.close()
    assert errors == []
    assert (tmp_path / "report.png").stat().st_size > 20_000  # a drawn page, not a blank one
