"""Kinds of inventory strings: what a string may hold, for the places it lands.

The schema's first wall against hostile or careless text. Every string field of the
schema is a kind (or a Literal choice, or a name resolved against another file): one
line of printable text with a length limit, a DNS label, an SSID of 1-32 bytes, a WPA
passphrase, a secret drawn from a character set every target syntax can carry, text a
switch can print. The quoting filters (campusnet.render.quote) are the second wall.

Messages say what is wrong (a line break, U+000A; 70 characters, at most 64; a template
delimiter) and never repeat the value: it may come from members.yml or secrets.yml.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import AfterValidator

from campusnet.render.quote import SYNTAXES, UnsafeValue, unprintable

#: Jinja (and Ansible) template openers: no free text may hold one.
TEMPLATE_DELIMITERS = ("{{", "{%", "{#")
#: Characters of secrets: ASCII letters, digits and these, which every target syntax
#: carries verbatim (switch CLIs quoted or not, UCI, nginx, JSON, shell, RADIUS clients,
#: SNMP: no '@', which IOS reads as a community's context). tests/test_kinds.py checks it.
SECRET_PUNCTUATION = "-_.+=:,/~"
#: The switch syntaxes every switch-printed text must fit (description, model...).
DEVICE_SYNTAXES = ("aruba", "ios_line")


@dataclass(frozen=True)
class Kind:
    """Marks a schema field's string kind (pydantic metadata); the test suite uses it to
    find every free-text field of the schema."""

    name: str
    accepts: str  # one phrase, for documentation and messages


def _kind(name: str, accepts: str, check: Callable[[str], str | None]) -> Any:
    """``Annotated[str, ...]`` running ``check`` (a problem phrase, or None)."""

    def validate(value: str) -> str:
        problem = check(value)
        if problem is not None:
            raise ValueError(f"{problem} ({name}: {accepts})")
        return value

    return Annotated[str, Kind(name, accepts), AfterValidator(validate)]


def _line_problem(value: str, max_length: int) -> str | None:
    """The common rules: one line, printable, no template delimiter, bounded."""
    if (bad := unprintable(value)) is not None:
        return f"holds a line break or control character ({bad})"
    if any(d in value for d in TEMPLATE_DELIMITERS):
        return "holds a template delimiter ('{{', '{%' or '{#')"
    if len(value) > max_length:
        return f"is {len(value)} characters long, at most {max_length}"
    return None


def text(max_length: int = 200, name: str = "text") -> Any:
    """One line of printable text (any language), at most ``max_length`` characters."""
    return _kind(name, f"one line of printable text, at most {max_length} characters",
                 lambda value: _line_problem(value, max_length))


def _device_problem(value: str, max_length: int) -> str | None:
    if (problem := _line_problem(value, max_length)) is not None:
        return problem
    for key in DEVICE_SYNTAXES:
        try:
            SYNTAXES[key].quote(value)
        except UnsafeValue as error:
            return str(error).split(": ", 1)[1]
    return None


def device_text(max_length: int = 64) -> Any:
    """Text a switch prints: printable ASCII without double quote, backslash or '?'."""
    return _kind("device text", f"printable ASCII without \" \\ or ?, at most {max_length} characters",
                 lambda value: _device_problem(value, max_length))


def pattern(name: str, regex: str, accepts: str, max_length: int = 253) -> Any:
    """A string matching ``regex`` in full."""
    compiled = re.compile(regex)

    def check(value: str) -> str | None:
        if len(value) > max_length:
            return f"is {len(value)} characters long, at most {max_length}"
        return None if compiled.fullmatch(value) else "does not have the expected form"

    return _kind(name, accepts, check)


def _essid_problem(value: str) -> str | None:
    if (problem := _line_problem(value, 128)) is not None:
        return problem
    size = len(value.encode("utf-8"))
    return None if 1 <= size <= 32 else f"is {size} bytes in UTF-8; an SSID has 1 to 32"


def secret(min_length: int, max_length: int) -> Any:
    """A shared secret or password: ``min_length``..``max_length`` characters of
    ASCII letters, digits and SECRET_PUNCTUATION."""
    allowed = re.compile(rf"[A-Za-z0-9{re.escape(SECRET_PUNCTUATION)}]*")

    def check(value: str) -> str | None:
        if not allowed.fullmatch(value):
            return "holds a character outside the allowed set"
        if not min_length <= len(value) <= max_length:
            return f"is {len(value)} characters long, not {min_length} to {max_length}"
        return None

    return _kind("secret", f"{min_length} to {max_length} of A-Z a-z 0-9 {SECRET_PUNCTUATION}", check)


Text = text()
ShortText = text(64)
DeviceText = device_text()
Email = text(254, "e-mail")
#: IEEE 802.11-2016 clause 9.4.2.2: an SSID is 0-32 octets (we require at least one).
Essid = _kind("SSID", "1 to 32 bytes of printable text", _essid_problem)
#: IEEE 802.11i-2004 H.4.1: a passphrase is 8 to 63 printable ASCII characters (32-126).
WpaPassphrase = pattern("WPA passphrase", r"[ -~]{8,63}", "8 to 63 printable ASCII characters")
#: Linux IFNAMSIZ is 16 with the NUL: 15 characters, no '/' or space.
Interface = pattern("interface name", r"(?!\.\.?$)[A-Za-z0-9_.-]{1,15}", "Linux interface name, 1 to 15 of A-Z a-z 0-9 _ . -")
Login = pattern("login", r"[a-z_][a-z0-9_-]{0,31}", "a login: lower-case letters, digits, _ and -, at most 32")
Url = pattern("URL", r"https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?(/[A-Za-z0-9._~/%?=&#+:@-]*)?",
              "an http(s) URL without spaces, quotes or brackets", max_length=200)
Timezone = pattern("time zone", r"[A-Za-z0-9_+-]+(/[A-Za-z0-9_+-]+)*", "an IANA zone such as Europe/Paris", 64)
MemberId = pattern("member id", r"m[0-9]{4,}", "a pseudonymous id such as m0042", 16)
Room = pattern("room", r"[a-z]+[0-9]+", "a room code such as g104", 16)
#: OpenSSH authorized_keys: a key type, the base64 key, an optional comment; no options
#: (command=, from=...) in front: those would change what the key may do.
SshKey = pattern("SSH public key", r"(ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp(256|384|521)|sk-ssh-ed25519@openssh\.com|"
                 r"sk-ecdsa-sha2-nistp256@openssh\.com) [A-Za-z0-9+/]+={0,3}( [!-z|~][ -z|~]{0,199})?",
                 "TYPE BASE64 [comment], without options or braces", max_length=16384)
