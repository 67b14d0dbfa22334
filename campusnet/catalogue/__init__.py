"""The device catalogue: every model we can describe, as data with its sources.

One YAML file per platform family beside this module (``cisco_ios.yml``,
``hp_procurve.yml``, ``openwrt.yml``). A model is keyed by the vendor's own product
number (what the device prints about itself: ``WS-C2960-24TT-L``, ``J9776A``) and says
how its ports are numbered and named, which are uplinks, which firmware family it runs
and which features it has. Inventory validation, the renderer and the simulators all
read this; nothing else names a port.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator

from campusnet.errors import CampusnetError

HERE = Path(__file__).resolve().parent

#: Switch features a port profile or a template may ask for; a model lists those it has.
SWITCH_FEATURES = (
    "mac_auth", "dot1x", "port_security", "dhcp_snooping", "arp_protect", "loop_protect",
    "ra_guard", "dhcpv6_guard", "storm_control", "critical_vlan", "trunk_encapsulation",
    "igmp_querier", "coa",
)
AP_FEATURES = ("wpa3", "ieee80211r", "ieee80211w")
Feature = Literal[
    "mac_auth", "dot1x", "port_security", "dhcp_snooping", "arp_protect", "loop_protect",
    "ra_guard", "dhcpv6_guard", "storm_control", "critical_vlan", "trunk_encapsulation",
    "igmp_querier", "coa", "wpa3", "ieee80211r", "ieee80211w",
]


class CatalogueError(CampusnetError):
    """A catalogue file is malformed, or a model is not in it."""


class _Data(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class PortGroup(_Data):
    """Consecutive inventory port numbers named ``prefix + (first + offset)``."""

    numbers: str = Field(pattern=r"^\d+-\d+$")
    prefix: str
    first: int = Field(ge=0)
    speed: int = Field(gt=0)  # Mb/s, the fastest the port runs
    uplink: bool = False

    @property
    def span(self) -> range:
        low, high = (int(part) for part in self.numbers.split("-"))
        return range(low, high + 1)

    def name(self, number: int) -> str:
        return f"{self.prefix}{self.first + number - self.span.start}"


class Firmware(_Data):
    name: str
    version: str
    portfast: str = ""  # IOS: the interface command that makes a port an edge port
    sources: list[str]


class DeviceModel(_Data):
    """One product, as its vendor names it."""

    key: str = ""  # filled by the loader from the mapping key
    platform: str = ""
    name: str
    firmware: str
    ports: list[PortGroup] = []
    management_port: str | None = None
    provision: str | None = None  # IOS: the "switch 1 provision" type
    features: list[Feature]
    lacks: dict[str, str] = {}  # feature -> why (with its source or "unverified")
    sources: list[str]
    # access points
    switch: Literal["dsa", "swconfig"] | None = None
    uplink: str | None = None
    cpu_port: int | None = None
    uplink_port: int | None = None
    radios: dict[str, str] = {}

    @model_validator(mode="after")
    def _ports_are_consecutive(self) -> DeviceModel:
        expected = 1
        for group in self.ports:
            if group.span.start != expected:
                raise ValueError(f"port groups must number the ports 1..N in order (group {group.numbers})")
            expected = group.span.stop
        return self

    @property
    def port_count(self) -> int:
        return sum(len(group.span) for group in self.ports)

    @property
    def uplinks(self) -> tuple[int, ...]:
        return tuple(n for group in self.ports if group.uplink for n in group.span)

    def group(self, number: int) -> PortGroup:
        for group in self.ports:
            if number in group.span:
                return group
        raise CatalogueError(f"{self.key} has no port {number} (ports 1-{self.port_count})")

    def port_name(self, number: int) -> str:
        """Inventory port number -> the interface name the device prints."""
        return self.group(number).name(number)

    def has(self, feature: str) -> bool:
        return feature in self.features


class OwnedLine(_Data):
    """A top-level line the device prints on its own and the team never manages."""

    line: str  # regex, searched in the line's text
    why: str
    source: str
    empty: bool = False  # owned only while it has no sub-commands (an unconfigured interface)


class DefaultLine(_Data):
    """A line the device accepts but never prints: it is the default."""

    line: str
    source: str
    context: str = "config"


class PrintedDefault(_Data):
    """A line the device prints in its default state; ours only where we set that setting."""

    line: str  # regex over the printed line
    setting: str  # the setting's words without "no "
    source: str


class PerInterface(_Data):
    """A port-list command the firmware prints inside each interface block instead."""

    typed: str
    printed: str
    source: str


class Dialect(_Data):
    """How a platform's firmware keeps and prints its configuration."""

    factory: dict[str, str]  # firmware key -> factory-default running configuration (template)
    factory_sources: list[str]
    header: list[str] = []
    owned: list[OwnedLine] = []
    defaults: list[DefaultLine] = []
    printed_defaults: list[PrintedDefault] = []
    order: dict[str, list[str]] = {}
    per_interface: list[PerInterface] = []
    vlan_range_min_run: int = 2


class PlatformFile(_Data):
    platform: str
    reference_model: str | None = None  # the model a simulator runs when none is named
    firmware: dict[str, Firmware]
    models: dict[str, DeviceModel]
    dialect: Dialect | None = None


class Catalogue:
    """Every model of every platform file; lookups fail loudly, naming the known keys."""

    def __init__(self, files: list[PlatformFile]) -> None:
        self.firmware: dict[str, Firmware] = {}
        self.models: dict[str, DeviceModel] = {}
        self.dialects: dict[str, Dialect] = {}
        self.references: dict[str, str] = {}
        for data in files:
            if data.reference_model:
                self.references[data.platform] = data.reference_model
            self.firmware.update(data.firmware)
            if data.dialect is not None:
                self.dialects[data.platform] = data.dialect
            for key, entry in data.models.items():
                if entry.firmware not in data.firmware:
                    raise CatalogueError(f"{data.platform}.yml: model {key}: unknown firmware {entry.firmware!r}")
                self.models[key] = entry.model_copy(update={"key": key, "platform": data.platform})

    def model(self, key: str) -> DeviceModel:
        try:
            return self.models[key]
        except KeyError:
            raise CatalogueError(f"unknown model {key!r} (known: {', '.join(sorted(self.models))})") from None

    def of_platform(self, platform: str) -> list[DeviceModel]:
        return [m for m in self.models.values() if m.platform == platform]

    def firmware_of(self, model: DeviceModel) -> Firmware:
        return self.firmware[model.firmware]

    def reference_model(self, platform: str) -> str:
        try:
            return self.references[platform]
        except KeyError:
            raise CatalogueError(f"platform {platform!r} has no reference model in the catalogue") from None

    def dialect(self, platform: str) -> Dialect:
        try:
            return self.dialects[platform]
        except KeyError:
            raise CatalogueError(f"platform {platform!r} has no dialect in the catalogue") from None


def _read(path: Path) -> PlatformFile:
    try:
        return PlatformFile.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    except (OSError, ValueError) as error:
        raise CatalogueError(f"{path.name}: {error}") from error


@cache
def catalogue() -> Catalogue:
    """The catalogue shipped with the package (read once per process)."""
    return Catalogue([_read(path) for path in sorted(HERE.glob("*.yml"))])


def get(key: str) -> DeviceModel:
    return catalogue().model(key)
