"""The report page from the attacker's side: inventory strings stay text, the picture stays a
picture, and no member's data appears."""

from __future__ import annotations

import html.parser
from datetime import UTC, datetime
from pathlib import Path

import pytest
import yaml

from campusnet.derive import load_campus
from campusnet.errors import CampusnetError
from campusnet.overview import network, page, topology
from campusnet.overview.drift import Drift, State

HOSTILE_NAME = """<script>alert("G")</script> & 'co'"""  # the schema refuses template delimiters
HOSTILE_NOTE = """"><img src=x onerror=alert(1)> \\N \\l"""


class Parsed(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str | None]] = []
        self.text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes += attrs

    def handle_data(self, data: str) -> None:
        self.text += data


def hostile_campus(example_copy: Path):  # type: ignore[no-untyped-def]
    buildings = example_copy / "buildings.yml"
    data = yaml.safe_load(buildings.read_text())
    data["buildings"]["g"]["name"] = HOSTILE_NAME
    data["links"]["g-via-j"]["note"] = HOSTILE_NOTE
    buildings.write_text(yaml.safe_dump(data))
    campus = load_campus(example_copy).campus
    assert campus is not None and campus.buildings["g"].name == HOSTILE_NAME
    assert campus.links["g-via-j"].note == HOSTILE_NOTE
    return campus


def test_inventory_strings_are_text_everywhere(example_copy: Path, personal_data: list[str]) -> None:
    campus = hostile_campus(example_copy)
    drifts = [Drift("sw-g-1", "switch", State.DRIFTED, "backup", 2,
                    "--- a\n+++ b\n@@ -1 +1 @@\n-   name \"<i>x</i>\"\n+\tname \"room\x1b[31m\"\n")]
    text = page.render(campus, drifts, topology.svg(topology.dot_source(campus)), now=datetime(2026, 11, 30, tzinfo=UTC))
    parsed = Parsed()
    parsed.feed(text)
    assert not {"script", "img", "i", "iframe", "object", "foreignobject"} & set(parsed.tags)
    assert all(not name.startswith("on") for name, _ in parsed.attributes)
    assert all(value.startswith("#") for name, value in parsed.attributes if name == "href" and value)
    assert HOSTILE_NAME in parsed.text and HOSTILE_NOTE in parsed.text  # shown, as text
    assert f"{HOSTILE_NAME} (g): 10 Mb/s, fair share" in parsed.text  # the topology label, drawn literally
    assert '-   name "<i>x</i>"' in parsed.text and "\ufffd" in parsed.text  # diff lines, controls made visible
    assert not [value for value in personal_data if value in text]


def test_port_maps_and_buildings_say_what_each_port_is(example_copy: Path) -> None:
    campus = load_campus(example_copy).campus
    assert campus is not None
    rows = {row.number: row for row in network.port_map(campus, campus.switches["sw-g-1"])}
    assert (rows[1].use, rows[1].what, rows[1].untagged, rows[1].state) == ("room", "room g001", "members-g (103)",
                                                                            "enabled")
    assert rows[49].use == "standby" and rows[49].state == "shut" and "g-fibre" in rows[49].what
    assert rows[51].use == "uplink" and "members-g (103)" in rows[51].tagged
    g = next(b for b in network.buildings(campus) if b.code == "g")
    assert g.capacity_mbps == 10 and g.shaped and [h.link for h in g.path] == ["g-via-j", "j-fibre"]
    assert g.members_vlan.startswith("members-g (103) ")
    assert "g-fibre" in {hop.link for hop in network.standby_links(campus)}


@pytest.mark.parametrize("svg", [
    '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><g/></svg>',
    '<svg xmlns="http://www.w3.org/2000/svg"><a href="https://x.example"><text>x</text></a></svg>',
    "<svg",
])
def test_only_a_picture_is_embedded(svg: str) -> None:
    with pytest.raises(CampusnetError):
        topology.check_svg(svg)
