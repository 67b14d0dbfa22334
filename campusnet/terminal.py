"""Consoles that print text literally: the only way the package makes a rich Console.

rich reads ``[...]`` as markup and ``:name:`` as emoji codes by default, so an error
about ``switches.yml:100:`` turned into an emoji and ``[member m0401]`` vanished. Here
text is printed as given; colour comes from styles on Text objects only.
"""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.text import Text


def literal_console(**options: Any) -> Console:
    """A console without markup, emoji codes or highlighting (tests/test_messages.py
    checks that every console of the package comes from here)."""
    return Console(markup=False, emoji=False, highlight=False, **options)


def styled(text: str, style: str) -> Text:
    """``text`` in a style, literally: nothing in ``text`` is read as markup."""
    return Text(text, style=style)
