"""What a platform's CLI answers, as sourced data: one YAML file per platform beside this module.

Each file lists the device's refusals (``errors``), output that follows an accepted line
(``harmless``), pager artefacts (``pager``) and replies the push reads (``replies``: a
privilege level, a pending timer, a question). Patterns and example texts come from vendor
documentation and public captures. The push matches with the patterns (``load``); the
simulators print the texts (``reply``), so neither side invents what a device says.
Owned by the safe-push work (issue 9); issue 10 started it for its simulators' refusals.

Pure: reading the files is the only I/O, done once per platform.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from campusnet.errors import CampusnetError

HERE = Path(__file__).resolve().parent
KINDS = ("errors", "harmless", "pager", "replies")


@dataclass(frozen=True)
class Entry:
    """One known text: how to recognise it, what it looks like, where that is written down."""

    key: str
    regex: re.Pattern[str]
    example: str
    sources: tuple[str, ...]
    text: str  # what a simulator prints (str.format template over ``fields``)
    fields: tuple[str, ...] = ()
    when: str = ""

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
    error: str = ""  # key of the matching error entry
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

    def entry(self, key: str) -> Entry:
        """Any entry by key (keys are unique across the kinds)."""
        for entry in (*self.errors, *self.harmless, *self.pager, *self.replies.values()):
            if entry.key == key:
                return entry
        raise CampusnetError(f"{self.platform}: no entry {key!r} in {HERE / self.platform}.yml")

    def reply(self, key: str) -> Entry:
        try:
            return self.replies[key]
        except KeyError:
            raise CampusnetError(f"{self.platform}: no reply {key!r} in {HERE / self.platform}.yml") from None

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
            return Verdict("rejected", line, entry.key)
        notes: list[str] = []
        rest = body
        for entry in self.harmless:
            notes.extend(" ".join(match.group(0).split()) for match in entry.regex.finditer(rest))
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


def _entry(platform: str, kind: str, key: str, data: dict[str, Any]) -> Entry:
    try:
        example = str(data["example"])
        return Entry(key, re.compile(str(data["pattern"]), re.MULTILINE), example,
                     tuple(str(s) for s in data["sources"]), str(data.get("text", example + "\n")),
                     tuple(str(f) for f in data.get("fields", ())), str(data.get("when", "")))
    except (KeyError, TypeError, re.error) as error:
        raise CampusnetError(f"{HERE / platform}.yml: {kind}.{key}: {error}") from None


@functools.cache
def load(platform: str) -> Catalogue:
    """The catalogue of one platform (read once)."""
    path = HERE / f"{platform}.yml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise CampusnetError(f"{path}: {error}") from None

    def kind(name: str) -> tuple[Entry, ...]:
        return tuple(_entry(platform, name, str(k), v) for k, v in (data.get(name) or {}).items())

    return Catalogue(platform=platform, errors=kind("errors"), harmless=kind("harmless"), pager=kind("pager"),
                     replies={e.key: e for e in kind("replies")},
                     sources={str(k): str(v) for k, v in (data.get("sources") or {}).items()})


def reply(platform: str, key: str, **fields: str) -> str:
    """What a simulated device prints for ``key`` (a refusal, a warning, a reply), fields filled in."""
    return load(platform).entry(key).text.format(**fields)


def platforms() -> list[str]:
    """Every platform that has a catalogue file."""
    return sorted(path.stem for path in HERE.glob("*.yml"))
