"""The topology picture: buildings, switches, links with capacities, standby links.

The DOT text is built here (pure); every inventory string enters it through the DOT
quoting filter, and node names are generated (n0, n1...), never taken from the
inventory. ``svg`` runs Graphviz and checks its output before the page embeds it.
"""

from __future__ import annotations

import shutil
import subprocess
import xml.etree.ElementTree as ET

from campusnet import model
from campusnet.errors import CampusnetError
from campusnet.render.quote import quote_dot

SVG = "{http://www.w3.org/2000/svg}"
#: What a picture of boxes and lines needs; anything else (script, foreignObject, links,
#: event handlers) in the SVG is refused rather than embedded.
ALLOWED_ELEMENTS = frozenset({"svg", "g", "title", "polygon", "polyline", "path", "ellipse", "text", "defs"})
ALLOWED_ATTRIBUTES = frozenset({"width", "height", "viewBox", "id", "class", "transform", "fill", "stroke",
                                "points", "d", "cx", "cy", "rx", "ry", "x", "y", "text-anchor", "font-family",
                                "font-size", "font-weight", "stroke-dasharray", "stroke-width", "version"})


def _capacity(mbps: int) -> str:
    return f"{mbps // 1000} Gb/s" if mbps >= 1000 and mbps % 1000 == 0 else f"{mbps} Mb/s"


def dot_source(campus: model.Campus) -> str:
    """Clusters per building holding its switches; an edge per link (standby: dashed)."""
    ids = {name: f"n{index}" for index, name in enumerate(sorted(campus.switches))}
    core = {name for name, switch in campus.switches.items() if switch.uplink_port is None}  # the router's side
    lines = ["graph campus {", '  graph [rankdir="BT", fontname="Helvetica", fontsize="11"];',
             '  node [shape="box", fontname="Helvetica", fontsize="10"];',
             '  edge [fontname="Helvetica", fontsize="9"];']
    for index, building in enumerate(sorted(campus.buildings.values(), key=lambda b: b.code)):
        members = [s for s in sorted(campus.switches) if campus.switches[s].building == building.code]
        if not members:
            continue
        label = f"{building.name} ({building.code})"
        if building.shaped:
            label += f": {_capacity(building.bottleneck_mbps)}, fair share"
        lines.append(f"  subgraph cluster_{index} {{")
        lines.append(f"    label={quote_dot(label)};")
        for name in members:
            switch = campus.switches[name]
            style = ', style="bold"' if name in core else ""
            lines.append(f"    {ids[name]} [label={quote_dot(f'{name} ({switch.device_model.name})')}{style}];")
        lines.append("  }")
    for link in sorted(campus.links.values(), key=lambda l: l.name):
        label = f"{link.name}: {_capacity(link.capacity_mbps)} {link.medium}" + ("" if link.active else " (standby)")
        style = "" if link.active else ', style="dashed", color="gray50", fontcolor="gray40"'
        lines.append(f"  {ids[link.a[0]]} -- {ids[link.b[0]]} [label={quote_dot(label)}{style}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def check_svg(svg: str) -> str:
    """Graphviz's <svg> element, re-serialised after checking that it holds only a picture."""
    try:
        root = ET.fromstring(svg)
    except ET.ParseError as error:
        raise CampusnetError(f"graphviz produced invalid SVG ({error})") from None
    for element in root.iter():
        tag = element.tag.removeprefix(SVG)
        if tag not in ALLOWED_ELEMENTS or any(name not in ALLOWED_ATTRIBUTES for name in element.attrib):
            raise CampusnetError(f"graphviz output holds <{tag}> or an attribute the report does not embed")
    ET.register_namespace("", SVG.strip("{}"))
    return ET.tostring(root, encoding="unicode") + "\n"  # exactly what was checked, without comments


def svg(dot: str) -> str:
    """Graphviz's SVG drawing of ``dot``, checked (see check_svg)."""
    if shutil.which("dot") is None:
        raise CampusnetError("graphviz's dot is not installed: run scripts/setup.sh")
    done = subprocess.run(["dot", "-Tsvg"], input=dot, capture_output=True, text=True, check=False, timeout=120)
    if done.returncode:
        raise CampusnetError(f"graphviz failed (exit {done.returncode}): {done.stderr.strip()[:300]}")
    return check_svg(done.stdout)
