"""Inventory overlays: a directory that reads another inventory live and only changes where
its devices are reached (``invoke sim.up`` and ``invoke ap.lab-up`` write build/sim so).

An overlay directory holds one file, ``campusnet.yml``::

    plugin: campusnet.core.campusnet   # Ansible reads the overlay with the campusnet plugin
    source: ../../inventories/example  # the inventory, relative to this directory
    connect: {sw-a-1: "127.0.0.1:41873", ap-a-1: "127.0.0.1:40211"}

plus symlinks to the source's ``group_vars``/``host_vars`` for Ansible. Nothing of the
source is copied, so an edit to the source is seen by the next command at once. Every
device aims at its ``connect`` entry, or at NOWHERE when it has none: a device added after
the simulators started is refused on loopback, never sent to its real address.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

import yaml

from campusnet import model
from campusnet.errors import CampusnetError
from campusnet.files import atomic_write, private_dir

FILE = "campusnet.yml"
#: The discard port on loopback: nothing listens, so a connection there fails at once.
NOWHERE = ("127.0.0.1", 9)
LOOPBACK = "127.0.0.1"
_LINKED = ("group_vars", "host_vars")  # what Ansible reads beside an inventory


@dataclass(frozen=True)
class Overlay:
    directory: Path
    source: Path
    connect: dict[str, tuple[str, int]]


def read_overlay(directory: str | os.PathLike[str]) -> Overlay | None:
    """The overlay ``directory`` holds, or None when it is an ordinary inventory."""
    path = Path(directory) / FILE
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        return None  # no overlay; the loader reports a missing or broken inventory itself
    if not isinstance(document, dict) or "source" not in document:
        return None
    connect = document.get("connect") or {}
    if not isinstance(document["source"], str) or not isinstance(connect, dict):
        raise CampusnetError(f"{path}: source must be a path and connect a mapping (rewrite it: invoke sim.up)")
    source = _near((path.parent / document["source"]).resolve())
    if not source.is_dir():
        raise CampusnetError(f"{path}: source {document['source']}: no such inventory directory")
    return Overlay(Path(directory), source, {str(name): _loopback(path, str(name), str(where))
                                             for name, where in connect.items()})


def _near(path: Path) -> Path:
    """``path`` relative to the working directory when inside it (as messages name files)."""
    try:
        return path.relative_to(Path.cwd())
    except ValueError:
        return path


def _loopback(path: Path, name: str, where: str) -> tuple[str, int]:
    host, _, port = where.rpartition(":")
    if host != LOOPBACK or not port.isdigit():
        raise CampusnetError(f"{path}: connect.{name}: {where!r} is not {LOOPBACK}:PORT (an overlay only aims "
                             "at this machine)")
    return host, int(port)


def aim(campus: model.Campus, connect: dict[str, tuple[str, int]]) -> model.Campus:
    """The campus with every switch and access point aimed at ``connect[name]`` or NOWHERE."""
    return replace(
        campus,
        switches={n: replace(s, connect=connect.get(n, NOWHERE)) for n, s in campus.switches.items()},
        access_points={n: replace(a, connect=connect.get(n, NOWHERE)) for n, a in campus.access_points.items()},
    )


def update_overlay(directory: Path, source: Path, devices: Iterable[str], ports: dict[str, int]) -> None:
    """Aim ``devices`` at ``127.0.0.1:ports[name]`` (none: at NOWHERE) in the overlay, keeping
    the other devices' entries when it already reads the same source.

    A directory that is not an overlay of ``source`` (a copy written by older versions,
    another source) is replaced: it lives under build/ and is ours to rewrite.
    """
    if source.resolve() == directory.resolve() or source.resolve().is_relative_to(directory.resolve()):
        raise CampusnetError(f"{directory}: would overwrite the inventory {source} itself")
    current = read_overlay(directory) if directory.is_dir() else None
    connect: dict[str, tuple[str, int]] = {}
    if current is not None and current.source.resolve() == source.resolve():
        connect = dict(current.connect)
    elif directory.exists():
        shutil.rmtree(directory)
    for name in devices:
        connect.pop(name, None)
    connect.update({name: (LOOPBACK, port) for name, port in ports.items()})
    private_dir(directory, directory.parent if directory.parent.name == "build" else None)  # like all of build/: 0700
    relative = os.path.relpath(source.resolve(), directory.resolve())
    for linked in _LINKED:
        link = directory / linked
        if link.is_symlink():
            link.unlink()
        if (source / linked).is_dir():
            link.symlink_to(Path(relative) / linked, target_is_directory=True)
    document = {"plugin": "campusnet.core.campusnet", "source": relative,
                "connect": {name: f"{host}:{port}" for name, (host, port) in sorted(connect.items())}}
    header = ("# Written by `invoke sim.up` and `invoke ap.lab-up`: the inventory in `source`, read live,\n"
              "# with its devices reached on this machine's simulators and stand-ins (`connect`).\n")
    atomic_write(directory / FILE, header + yaml.safe_dump(document, sort_keys=False), private_root=directory)


def source_of(directory: str | os.PathLike[str]) -> Path:
    """The inventory a directory stands for: an overlay's source, else the directory itself."""
    found = read_overlay(directory)
    return found.source if found is not None else Path(directory)


def forget(directory: str | os.PathLike[str], devices: Iterable[str]) -> None:
    """Aim ``devices`` back at NOWHERE in an overlay (their simulators or stand-ins are gone)."""
    found = read_overlay(directory)
    if found is not None:
        update_overlay(found.directory, found.source, devices, {})
