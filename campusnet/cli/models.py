"""``invoke models``: the device catalogue, as a table (every cell literal text)."""

from __future__ import annotations

from invoke import Context, task
from rich.table import Table
from rich.text import Text

from campusnet.catalogue import DeviceModel, PortGroup, catalogue
from campusnet.cli import clear_errors
from campusnet.errors import CampusnetError
from campusnet.terminal import literal_console


def port_summary(group: PortGroup) -> str:
    """``25-26 -> GigabitEthernet0/1-2, 1000 Mb/s, uplink``."""
    last = group.first + len(group.span) - 1
    names = f"{group.prefix}{group.first}" + (f"-{last}" if last != group.first else "")
    return f"{group.numbers} -> {names}, {group.speed} Mb/s" + (", uplink" if group.uplink else "")


def model_rows(entry: DeviceModel) -> list[str]:
    """The cells of one model's row."""
    firmware = catalogue().firmware_of(entry)
    if entry.ports:
        ports = "\n".join(port_summary(group) for group in entry.ports)
    else:
        ports = f"{entry.switch} switch driver, uplink {entry.uplink}"
    lacks = "\n".join(f"{feature}: {why}" for feature, why in entry.lacks.items()) or "-"
    return [entry.key, entry.platform, entry.name, firmware.name, ports, ", ".join(entry.features), lacks]


@task(help={
    "platform": "only this platform's models (cisco_ios, hp_procurve, openwrt)",
    "sources": "also list where each model's facts come from",
})
@clear_errors
def models(c: Context, platform: str = "", sources: bool = False) -> None:
    """Print the device catalogue: models, ports, firmware, features (campusnet/catalogue/*.yml)."""
    entries = [m for m in catalogue().models.values() if not platform or m.platform == platform]
    if not entries:
        raise CampusnetError(f"no model of platform {platform!r} (platforms: cisco_ios, hp_procurve, openwrt)")
    columns = ["model", "platform", "name", "firmware", "ports", "features", "lacks (why)"]
    table = Table(*columns, *(["sources"] if sources else []), title="Device catalogue", show_lines=True)
    for entry in sorted(entries, key=lambda m: (m.platform, m.key)):
        cells = model_rows(entry) + (["\n".join(entry.sources)] if sources else [])
        table.add_row(*(Text(cell) for cell in cells))
    literal_console().print(table)


TOP_LEVEL = [models]
