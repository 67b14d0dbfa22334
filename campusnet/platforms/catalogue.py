"""What a platform's CLI answers, as sourced data: campusnet/platforms/replies/<platform>.yml.

Each file lists the device's refusals (``errors``), output that follows an accepted line
(``harmless``), pager artefacts (``pager``) and named replies the push reads (``replies``:
a privilege level, a pending timer...). Patterns and the example texts come from vendor
documentation and public captures; the push matches with the patterns and the simulators
print the examples, so neither side invents what a device says.

Pure: reading the files is the only I/O, done once per platform.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from campusnet.errors import CampusnetError

DIRECTORY = Path(__file__).parent / "replies"


@dataclass(frozen=True)
class Entry:
    """One known text: how to recognise it, what it looks like, where that is written down."""

    name: str
    regex: re.Pattern[str]
    example: str
    sources: tuple[str, ...]

    def search(self, text: str) -> re.Match[str] | None:
        return self.regex.search(text)


@dataclass(frozen=True)
class Verdict:
    """What a reply to one line says: ``ok``, ``rejected`` or ``unexpected``.

    ``text`` is the line of the reply that decided (the error, or the first unknown line);
    ``notes`` are the harmless texts that were seen (shown in the result).
    """

    kind: str
    text: str = ""
    error: str = ""  # name of the matching error entry
    notes: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return self.kind == "ok"


def _line_of(text: str, match: re.Match[str]) -> str:
    """The whole line (stripped) on which a match starts."""
    start = text.rfind("\n", 0, match.start()) + 1
    end = text.find("\n", match.start())
    return text[start : end if end >= 0 else len(text)].strip()


@dataclass(frozen=True)
class Catalogue:
    platform: str
    errors: tuple[Entry, ...]
    harmless: tuple[Entry, ...]
    pager: tuple[Entry, ...]
    replies: dict[str, Entry]
    sources: dict[str, str]

    def reply(self, name: str) -> Entry:
        try:
            return self.replies[name]
        except KeyError:
            raise CampusnetError(f"{self.platform}: no reply named {name!r} in {DIRECTORY / self.platform}.yml") from None

    def error(self, text: str) -> tuple[Entry, str] | None:
        """The first known refusal in ``text`` and the line it is on."""
        for entry in self.errors:
            if found := entry.search(text):
                return entry, _line_of(text, found)
        return None

    def classify(self, body: str) -> Verdict:
        """Judge what a device printed after a configuration line (echo and prompt removed).

        A known error wins; harmless texts are noted and removed; anything left is unexpected.
        """
        if found := self.error(body):
            entry, line = found
            return Verdict("rejected", line, entry.name)
        notes: list[str] = []
        rest = body
        for entry in self.harmless:
            for match in entry.regex.finditer(rest):
                notes.append(" ".join(match.group(0).split()))
            rest = entry.regex.sub("", rest)
        leftover = [line.strip() for line in rest.splitlines() if line.strip()]
        if leftover:
            return Verdict("unexpected", leftover[0], notes=tuple(notes))
        return Verdict("ok", notes=tuple(notes))

    def pager_artefact(self, text: str) -> str | None:
        for entry in self.pager:
            if found := entry.search(text):
                return _line_of(text, found)
        return None


def _entry(platform: str, kind: str, name: str, data: dict[str, object]) -> Entry:
    try:
        regex = re.compile(str(data["pattern"]), re.MULTILINE)
        return Entry(name, regex, str(data["example"]), tuple(str(s) for s in data["sources"]))  # type: ignore[attr-defined]
    except (KeyError, TypeError, re.error) as error:
        raise CampusnetError(f"{platform}.yml: {kind}.{name}: {error}") from None


@functools.cache
def load(platform: str) -> Catalogue:
    """The catalogue of one platform (read once)."""
    path = DIRECTORY / f"{platform}.yml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise CampusnetError(f"{path}: {error}") from None

    def listed(kind: str) -> tuple[Entry, ...]:
        return tuple(_entry(platform, kind, str(e["name"]), e) for e in data.get(kind) or ())

    return Catalogue(
        platform=platform,
        errors=listed("errors"),
        harmless=listed("harmless"),
        pager=listed("pager"),
        replies={name: _entry(platform, "replies", name, e) for name, e in (data.get("replies") or {}).items()},
        sources={str(k): str(v) for k, v in (data.get("sources") or {}).items()},
    )


def platforms() -> list[str]:
    """Every platform that has a catalogue file."""
    return sorted(path.stem for path in DIRECTORY.glob("*.yml"))
