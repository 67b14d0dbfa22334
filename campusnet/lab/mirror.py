"""Find the Debian mirror the machine's own apt sources use.

No other network is reachable from the lab machines, so the base image is bootstrapped
from the same mirror apt already uses here.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from campusnet.errors import CampusnetError

APT_DIR = Path("/etc/apt")
SUITE = "bookworm"


def _one_line_entries(text: str) -> Iterator[tuple[str, list[str]]]:
    """Yield (uri, suites) from ``deb [options] URI SUITE COMPONENTS`` lines."""
    for line in text.splitlines():
        words = line.split("#", 1)[0].split()
        if not words or words[0] != "deb":
            continue
        if len(words) > 1 and words[1].startswith("["):
            closing = next((i for i, word in enumerate(words) if word.endswith("]")), len(words))
            words = words[:1] + words[closing + 1 :]
        if len(words) >= 3:
            yield words[1], [words[2]]


def _deb822_entries(text: str) -> Iterator[tuple[str, list[str]]]:
    """Yield (uri, suites) from the enabled ``Types: deb`` stanzas of a .sources file."""
    for stanza in text.split("\n\n"):
        fields: dict[str, str] = {}
        for line in stanza.splitlines():
            if line.startswith(("#", " ", "\t")) or ":" not in line:
                continue
            key, value = line.split(":", 1)
            fields[key.strip().lower()] = value.strip()
        if "deb" not in fields.get("types", "").split() or fields.get("enabled", "yes") == "no":
            continue
        for uri in fields.get("uris", "").split():
            yield uri, fields.get("suites", "").split()


def source_entries(apt_dir: Path = APT_DIR) -> Iterator[tuple[str, list[str]]]:
    """Yield (uri, suites) for every enabled binary source, in the order apt reads them."""
    single = apt_dir / "sources.list"
    if single.is_file():
        yield from _one_line_entries(single.read_text(encoding="utf-8"))
    for path in sorted((apt_dir / "sources.list.d").glob("*")):
        if path.suffix == ".list":
            yield from _one_line_entries(path.read_text(encoding="utf-8"))
        elif path.suffix == ".sources":
            yield from _deb822_entries(path.read_text(encoding="utf-8"))


def debian_mirror(apt_dir: Path = APT_DIR) -> str:
    """Return the first http(s) source that serves the plain ``bookworm`` suite."""
    for uri, suites in source_entries(apt_dir):
        if uri.startswith(("http://", "https://")) and SUITE in suites and "security" not in uri:
            return uri.rstrip("/")
    raise CampusnetError(f"{apt_dir}: no apt source serves Debian '{SUITE}'; cannot pick a mirror")
