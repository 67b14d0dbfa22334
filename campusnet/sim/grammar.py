"""Known-command tables: one regex per command, so adding a command is one line.

A platform lists ``Rule`` rows. ``context`` names the mode the line is valid in
(``config`` for global configuration, else the context a header ``opens``).
Everything the CLI does with a line (store it, replace a single-valued setting,
open a block, delete another line) is read from the row.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

_LITERAL = re.compile(r"[A-Za-z][A-Za-z0-9-]*")


@dataclass(frozen=True)
class Rule:
    """One known configuration line.

    single:  a key (``str.format`` over the named groups); a new line replaces
             siblings whose text (without a leading ``no ``) starts with it.
    opens:   context entered by this block header; ``label`` is its prompt part.
    negates: the line is not stored, it deletes this sibling (ProCurve ``enable``), or
             every line it prefixes; ``str.format`` over the named groups.
    action:  name of a platform hook that stores the line differently (port lists).
    says:    a reply-catalogue entry the device prints after accepting the line (a warning).
    A named group ``q`` is a value the device shows in double quotes.
    """

    context: str
    pattern: str
    single: str = ""
    opens: str = ""
    label: str = ""
    negates: str = ""
    action: str = ""
    says: str = ""
    regex: re.Pattern[str] = field(init=False, repr=False, compare=False)
    keywords: tuple[str, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "regex", re.compile(self.pattern))
        words: list[str] = []
        for word in self.pattern.split(" "):
            if not _LITERAL.fullmatch(word):
                break
            words.append(word)
        object.__setattr__(self, "keywords", tuple(words))


def rule(context: str, pattern: str, **options: str) -> Rule:
    """Shorthand for table rows."""
    return Rule(context, pattern, **options)


@dataclass(frozen=True)
class Match:
    rule: Rule
    groups: dict[str, str]
    text: str  # the line as the device stores it (quotes normalised)
    single: str = ""  # the rule's single-valued key, filled in from the groups
    starts: dict[str, int] = field(default_factory=dict)  # named group -> its offset in the line

    def word_at(self, group: str) -> int:
        """Index of the word where ``group`` starts (for the error caret)."""
        return self.text[: self.starts.get(group, 0)].count(" ")


class Grammar:
    """Look lines up in a platform's table."""

    def __init__(self, rules: Iterable[Rule]) -> None:
        self.rules = tuple(rules)

    def in_context(self, context: str) -> tuple[Rule, ...]:
        return tuple(r for r in self.rules if r.context == context)

    def match(self, context: str, line: str) -> Match | None:
        for candidate in self.in_context(context):
            found = candidate.regex.fullmatch(line)
            if found:
                groups = {k: v for k, v in found.groupdict().items() if v is not None}
                positional = [g or "" for g in found.groups()]
                single = candidate.single.format(*positional, **groups)
                starts = {k: found.start(k) for k in groups}
                return Match(candidate, groups, _quoted(line, found), single, starts)
        return None

    def negatable(self, context: str, words: list[str]) -> Match | None:
        """``no <words>``: a full known line, or the keywords a known line starts with."""
        line = " ".join(words)
        if found := self.match(context, line):
            return found
        for candidate in self.in_context(context):
            if candidate.keywords[: len(words)] == tuple(words) and words:
                return Match(candidate, {}, line)
        return None

    def bad_word(self, contexts: Iterable[str], line: str) -> int:
        """Index of the first word no known line accepts (for the error caret/word)."""
        words = line.split()
        best = 0
        for context in contexts:
            for candidate in self.in_context(context):
                known = 0
                for word, keyword in zip(words, candidate.keywords, strict=False):
                    if word != keyword:
                        break
                    known += 1
                best = max(best, known)
        return min(best, max(len(words) - 1, 0))


def _quoted(line: str, found: re.Match[str]) -> str:
    value = found.groupdict().get("q")
    if value is None or value.startswith('"'):
        return line
    start, end = found.span("q")
    return f'{line[:start]}"{value}"{line[end:]}'
