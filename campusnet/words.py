"""Counted nouns for messages: "1 switch", "2 switches", "0 lines"."""

from __future__ import annotations


def plural(count: int, noun: str) -> str:
    """``count`` and ``noun``, in the plural unless the count is one.

    Only the last word changes ("2 access points", "3 AP stand-ins"); English rules for
    the nouns our messages count (switch -> switches, entry -> entries).
    """
    if count == 1:
        return f"{count} {noun}"
    head, _, last = noun.rpartition(" ")
    if last.endswith(("s", "sh", "ch", "x", "z")):
        last += "es"
    elif last.endswith("y") and last[-2:-1] not in ("a", "e", "i", "o", "u", ""):
        last = last[:-1] + "ies"
    else:
        last += "s"
    return f"{count} {head} {last}" if head else f"{count} {last}"
