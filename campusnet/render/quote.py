"""One quoting filter per output syntax: how an inventory string enters a rendered file.

Every filter takes a value and returns the complete token for its syntax, quotes
included where the syntax has them (``quote_aruba("room a001")`` -> ``"room a001"``),
or raises UnsafeValue when the syntax cannot carry the value (a double quote in an
ArubaOS-Switch string, a ``?`` on an IOS line, ``$`` in an nginx string). No filter ever
lets a line break, a control character or an invisible format character through.

This is the second wall: the schema (campusnet.inventory.kinds) refuses unsafe values
first, with the file and line. The filters make a template that forgets the schema safe
anyway, and are what the Jinja environment of ``invoke render`` and Ansible
(plugins/filter/campusnet.py) both expose, as ``quote_<syntax>``.

Adding a syntax is one decorated function below; the test suite checks each against a
parser of its syntax (tests/test_quote.py).
"""

from __future__ import annotations

import json
import re
import shlex
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from markupsafe import escape

from campusnet.errors import CampusnetError

#: Unicode categories no rendered value may hold: controls (newline, escape, NUL...),
#: format characters (bidi overrides, zero-width joiners), line and paragraph separators,
#: surrogates, private use and unassigned code points.
FORBIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})
_PRINTABLE_ASCII = re.compile(r"[ -~]*")


class UnsafeValue(CampusnetError, ValueError):
    """A value the target syntax cannot carry. The message never quotes the value:
    it may be a secret or a member's data."""


def unprintable(text: str) -> str | None:
    """The first character of ``text`` that no output may hold (as U+XXXX), or None."""
    if _PRINTABLE_ASCII.fullmatch(text):
        return None
    for char in text:
        if unicodedata.category(char) in FORBIDDEN_CATEGORIES:
            return f"U+{ord(char):04X}"
    return None


@dataclass(frozen=True)
class Syntax:
    """One output syntax: its filter and where its rules come from."""

    key: str
    quote: Callable[[str], str]
    rules: str  # what the filter enforces, in one sentence
    source: str  # where the rules come from (vendor documentation, the parser's source)

    @property
    def filter_name(self) -> str:
        return f"quote_{self.key}"


SYNTAXES: dict[str, Syntax] = {}


def syntax(key: str, rules: str, source: str) -> Callable[[Callable[[str], str]], Callable[..., str]]:
    """Register ``func(text) -> token`` as the filter of one syntax.

    The registered filter accepts any scalar (numbers are printed as text), refuses
    unprintable characters for every syntax, and takes an optional ``max_length``.
    """

    def register(func: Callable[[str], str]) -> Callable[..., str]:
        if key in SYNTAXES:
            raise ValueError(f"syntax {key!r} is already registered")

        def quote(value: Any, max_length: int | None = None) -> str:
            if isinstance(value, bool) or not isinstance(value, str | int):
                raise UnsafeValue(f"{key}: expected a string, got {type(value).__name__}")
            text = str(value)
            if (bad := unprintable(text)) is not None:
                raise UnsafeValue(f"{key}: a value holds {bad} (a line break or control character), which no "
                                  "configuration line may carry")
            if max_length is not None and len(text) > max_length:
                raise UnsafeValue(f"{key}: a value is {len(text)} characters long; the limit here is {max_length}")
            return func(text)

        quote.__name__ = quote.__qualname__ = f"quote_{key}"
        quote.__doc__ = rules
        SYNTAXES[key] = Syntax(key, quote, rules, source)
        return quote

    return register


def _refuse(key: str, text: str, forbidden: str, why: str) -> None:
    """Raise when ``text`` holds one of ``forbidden`` (the message names the character)."""
    for char in text:
        if char in forbidden:
            raise UnsafeValue(f"{key}: a value holds {char!r}, {why}")


def _ascii_only(key: str, text: str) -> None:
    if not text.isascii():
        raise UnsafeValue(f"{key}: a value holds a non-ASCII character; the device CLI takes ASCII only")


# --- network devices ---------------------------------------------------------------------


@syntax("aruba", "ArubaOS-Switch CLI string: printable ASCII in double quotes; no double quote, backslash or '?'",
        "ArubaOS-Switch Management and Configuration Guide (quoted strings have no escape; '?' asks for help)")
def quote_aruba(text: str) -> str:
    _ascii_only("aruba", text)
    _refuse("aruba", text, '"\\?', "which an ArubaOS-Switch string cannot carry")
    return f'"{text}"'


@syntax("ios_word", "Cisco IOS single argument: printable ASCII, no space, no '?' or double quote",
        "Cisco IOS Configuration Fundamentals: '?' anywhere on a line asks for help; arguments end at a space")
def quote_ios_word(text: str) -> str:
    _ascii_only("ios_word", text)
    _refuse("ios_word", text, ' ?"', "which a Cisco IOS argument cannot carry")
    if not text:
        raise UnsafeValue("ios_word: an empty value is no argument")
    return text


@syntax("ios_line", "Cisco IOS rest-of-line text (description): printable ASCII without '?', no edge spaces",
        "Cisco IOS Configuration Fundamentals: '?' anywhere on a line asks for help; IOS trims edge spaces")
def quote_ios_line(text: str) -> str:
    _ascii_only("ios_line", text)
    _refuse("ios_line", text, "?", "which asks a Cisco IOS command line for help")
    if text != text.strip():
        raise UnsafeValue("ios_line: a value starts or ends with a space, which IOS would drop (a diff forever)")
    return text


# --- files ------------------------------------------------------------------------------


@syntax("uci", "OpenWrt UCI value in single quotes; a single quote is written '\\''",
        "libuci file parser (uci/file.c): nothing is special inside single quotes, a backslash escapes outside")
def quote_uci(text: str) -> str:
    return "'" + text.replace("'", "'\\''") + "'"


@syntax("nginx", "nginx string in double quotes, backslash and double quote escaped; no '$' (always a variable)",
        "nginx core (ngx_conf_file.c): backslash escapes in quoted strings; '$' interpolates a variable")
def quote_nginx(text: str) -> str:
    _refuse("nginx", text, "$", "which nginx reads as a variable")
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


@syntax("bind", "DNS master-file character-string in double quotes: \\\\ and \\\" escaped, non-ASCII as \\DDD bytes",
        "RFC 1035 section 5.1 (master files): quoted strings, \\X and \\DDD escapes")
def quote_bind(text: str) -> str:
    out = []
    for byte in text.encode("utf-8"):
        char = chr(byte)
        if char in '"\\':
            out.append("\\" + char)
        elif 0x20 <= byte < 0x7F:
            out.append(char)
        else:
            out.append(f"\\{byte:03d}")
    return '"' + "".join(out) + '"'


@syntax("kea", "Kea JSON string (UTF-8 kept, quotes and backslashes escaped)",
        "Kea's lexer (src/bin/dhcp4/dhcp4_lexer.ll): JSON strings; a \\u escape other than \\u00XX is refused")
def quote_kea(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


@syntax("html", "HTML text or attribute value: & < > \" ' escaped",
        "HTML Living Standard, 13.1.2.6 (character references); markupsafe.escape")
def quote_html(text: str) -> str:
    return str(escape(text))


@syntax("sh", "POSIX shell word in single quotes", "POSIX.1-2017 Shell Command Language 2.2.2 (single quotes)")
def quote_sh(text: str) -> str:
    return shlex.quote(text)


# --- services (issue 15: RADIUS, print, TV) ----------------------------------------------


@syntax("mumudvb", "MuMuDVB configuration value (name=, sap_organisation=): no '=', not empty, under 250 bytes",
        "MuMuDVB 1.7 README_CONF and its parser (src/mumudvb.c): text values are read up to the next '=' "
        "(strtok), lines are cut at 255 bytes, an empty value crashes the parser")
def quote_mumudvb(text: str) -> str:
    _refuse("mumudvb", text, "=", "which ends a MuMuDVB value")
    if not text.strip():
        raise UnsafeValue("mumudvb: an empty value is refused (MuMuDVB reads no text after '=')")
    if len(text.encode("utf-8")) >= 250:
        raise UnsafeValue("mumudvb: a value is 250 bytes or more; MuMuDVB keeps at most 254")
    return text


@syntax("m3u", "Extended M3U title (the text after the comma of #EXTINF:-1,): one line, no edge spaces",
        "RFC 8216 section 4.3.2.1 (EXTINF: duration, then the title to the end of the line); "
        "VLC modules/demux/playlist/m3u.c reads the title after the first comma and trims it")
def quote_m3u(text: str) -> str:
    if text != text.strip() or not text:
        raise UnsafeValue("m3u: a title is empty or starts or ends with a space, which players trim (a changed name)")
    return text


@syntax("radius", "FreeRADIUS 3 single-quoted string (configuration and users files): no quote or backslash",
        "FreeRADIUS 3 man radiusd.conf and unlang(5): single-quoted strings are literal (no ${} or %{} "
        "expansion); a backslash escapes the next character, so neither quote nor backslash is let through")
def quote_radius(text: str) -> str:
    _refuse("radius", text, "'\\", "which a literal FreeRADIUS string cannot carry")
    return f"'{text}'"


# --- report (issue 16: the topology picture) -------------------------------------------


@syntax("dot", "Graphviz DOT double-quoted label: backslash, double quote and '&' escaped (drawn literally)",
        "Graphviz DOT language (quoted strings), attrs escString (\\\\ is a backslash) and its HTML entity "
        "decoding in labels (&amp; is a literal &)")
def quote_dot(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("&", "&amp;") + '"'


def jinja_filters() -> dict[str, Callable[..., str]]:
    """Every filter under its template name (``quote_aruba``, ``quote_uci``, ...)."""
    return {s.filter_name: s.quote for s in SYNTAXES.values()}


def refuse_unprintable(value: Any) -> Any:
    """Jinja ``finalize`` hook: no expression may print a line break or control character,
    filtered or not (a third wall behind the schema and the filters)."""
    if isinstance(value, str) and (bad := unprintable(value)) is not None:
        raise UnsafeValue(f"a template expression printed {bad} (a line break or control character)")
    return value
