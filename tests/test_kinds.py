"""String kinds of the schema: every string field has one, and each refuses what its
places cannot carry, without quoting the value in its message."""

from __future__ import annotations

import typing
from typing import Any, Literal, get_args, get_origin

import pytest
from pydantic import BaseModel, TypeAdapter, ValidationError

from campusnet.inventory import kinds, schema
from campusnet.render.quote import SYNTAXES

#: String fields that name something defined in another place of the inventory. They are
#: resolved (or reported, quoted with repr) by campusnet.derive and never printed as given.
REFERENCES = {
    ("Ssid", "vlan"), ("Building", "rooms"), ("Building", "members_vlan"), ("Building", "uplink"),
    ("Link", "a"), ("Link", "b"), ("PortProfile", "untagged"), ("PortProfile", "tagged"),
    ("PortUse", "rooms"), ("PortUse", "ap"), ("PortUse", "server"), ("PortUse", "profile"),
    ("Switch", "building"), ("AccessPoint", "building"), ("AccessPoint", "ssids"),
    ("Server", "building"), ("Server", "vlan"), ("Club", "server"), ("Printer", "building"),
    ("Printer", "server"), ("TvChannel", "source"), ("TvChannel", "multiplex"), ("TvMultiplex", "server"),
}


def _unkinded_strings(tp: Any, metadata: list[Any]) -> bool:
    """Whether ``tp`` holds a bare ``str`` somewhere (no Kind, no Literal)."""
    if any(isinstance(m, kinds.Kind) for m in metadata):
        return False
    if get_origin(tp) is typing.Annotated:
        inner, *extra = get_args(tp)
        return _unkinded_strings(inner, metadata + extra)
    if tp is str:
        return True
    if get_origin(tp) is Literal or (isinstance(tp, type) and issubclass(tp, BaseModel)):
        return False
    return any(_unkinded_strings(arg, []) for arg in get_args(tp) if arg is not type(None))


def models() -> list[type[BaseModel]]:
    found: list[type[BaseModel]] = []
    todo = list(schema.FILES.values())
    while todo:
        model = todo.pop()
        if model in found:
            continue
        found.append(model)
        for field in model.model_fields.values():
            todo += [t for t in _types_in(field.annotation) if isinstance(t, type) and issubclass(t, BaseModel)]
    return found


def _types_in(tp: Any) -> list[Any]:
    return [tp, *(t for arg in get_args(tp) for t in _types_in(arg))]


def test_every_string_field_has_a_kind_or_is_a_reference() -> None:
    bare = []
    for model in models():
        for name, field in model.model_fields.items():
            if _unkinded_strings(field.annotation, list(field.metadata)) and (model.__name__, name) not in REFERENCES:
                bare.append(f"{model.__name__}.{name}")
    assert not bare, f"string fields without a kind (campusnet/inventory/kinds.py): {bare}"
    assert len(models()) > 20


def check(kind: Any, value: Any) -> str | None:
    """None when accepted, else the error message."""
    try:
        TypeAdapter(kind).validate_python(value)
    except ValidationError as error:
        return "; ".join(e["msg"] for e in error.errors())
    return None


CANARY = "Zq9canary"
HOSTILE = ["new\nline", "carriage\rreturn", "nul\x00", "esc\x1b[2J", "bidi\u202e", "{{ 7*7 }}", "{% raw %}", "{# c #}",
           "zero\u200bwidth", "line\u2028sep"]


@pytest.mark.parametrize("kind", [kinds.Text, kinds.ShortText, kinds.DeviceText, kinds.Email, kinds.Essid])
@pytest.mark.parametrize("value", HOSTILE)
def test_free_text_refuses_line_breaks_controls_and_templates(kind: Any, value: str) -> None:
    message = check(kind, CANARY + value)
    assert message is not None
    assert CANARY not in message


def test_text_accepts_real_names_and_has_limits() -> None:
    assert check(kinds.Text, "Club d'échecs « Les fous » ; $(tout) \"va\" \\ bien") is None
    assert "201 characters long, at most 200" in (check(kinds.Text, "x" * 201) or "")
    assert check(kinds.ShortText, "x" * 64) is None and check(kinds.ShortText, "x" * 65) is not None


@pytest.mark.parametrize("value", ['Aruba "2530"', "back\\slash", "what?", "Modèle", "x" * 65])
def test_device_text_refuses_what_a_switch_cannot_print(value: str) -> None:
    assert check(kinds.DeviceText, value) is not None
    assert check(kinds.DeviceText, "Aruba 2530-48G (J9775A); port 1-52") is None


def test_ssid_is_1_to_32_bytes() -> None:
    assert check(kinds.Essid, "é" * 16) is None  # 32 bytes
    assert "34 bytes" in (check(kinds.Essid, "é" * 17) or "")
    assert check(kinds.Essid, "") is not None
    assert check(kinds.Essid, "Campus 'wifi' \"5G\" $x") is None  # UCI quotes it


def test_wpa_passphrase_is_8_to_63_printable_ascii() -> None:
    assert check(kinds.WpaPassphrase, "x" * 7) is not None
    assert check(kinds.WpaPassphrase, "x" * 8) is None and check(kinds.WpaPassphrase, "x" * 63) is None
    assert check(kinds.WpaPassphrase, "x" * 64) is not None
    assert check(kinds.WpaPassphrase, "pass\nphrase") is not None and check(kinds.WpaPassphrase, "pässphrase") is not None


#: Syntaxes no secret is ever written in (MuMuDVB channel names cannot hold '=').
NO_SECRETS = ("mumudvb",)


def test_secret_set_is_carried_verbatim_by_every_syntax() -> None:
    sample = "Az09" + kinds.SECRET_PUNCTUATION
    for key, syntax in SYNTAXES.items():
        if key in NO_SECRETS:
            continue
        token = syntax.quote(sample)
        assert sample in token or key in ("html",), key
    assert SYNTAXES["ios_word"].quote(sample) == sample
    radius = kinds.secret(16, 32)
    assert check(radius, "x" * 15) is not None and check(radius, "x" * 16) is None
    for bad in ("with space-0123456789", 'quote"0123456789ab', "at@0123456789abcdef", "dollar$0123456789ab"):
        message = check(radius, bad)
        assert message is not None and bad not in message


@pytest.mark.parametrize("value", ["02:00:00:00:00:00", "02-00-5E-10-00-01", "02005e100001"])
def test_mac_unicast_accepted(value: str) -> None:
    assert check(schema.Mac, value) is None


@pytest.mark.parametrize("value", ["ff:ff:ff:ff:ff:ff", "01:00:5e:00:00:01", "33:33:00:00:00:01", "00:00:00:00:00:00",
                                   "02:00:00:00:00:01\n"])
def test_mac_multicast_broadcast_zero_refused(value: str) -> None:
    assert check(schema.Mac, value) is not None


@pytest.mark.parametrize("kind", [schema.Name, schema.Fqdn])
def test_names_refuse_a_trailing_newline(kind: Any) -> None:
    assert check(kind, "sw-a-1.campus.example\n") is not None


def test_ssh_key_refuses_options_and_newlines() -> None:
    key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDi4BS+PBKur01Qkm2nIOl2SmAz4hBGi6w9TMRQQhHNe"
    assert check(kinds.SshKey, key) is None and check(kinds.SshKey, key + " adm@host") is None
    for bad in (f'command="/bin/sh" {key}', f"{key}\nssh-rsa AAAA", f"{key} {{{{ x }}}}", "ssh-dss AAAA"):
        assert check(kinds.SshKey, bad) is not None


def test_url_is_http_without_quotes_or_script() -> None:
    assert check(kinds.Url, "https://members.campus.example/fix?x=1") is None
    for bad in ("javascript:alert(1)", 'https://x.example/"onload="', "https://x.example/<script>", "ftp://x.example/"):
        assert check(kinds.Url, bad) is not None


def test_interface_and_login() -> None:
    assert check(kinds.Interface, "eth0.100") is None and check(kinds.Interface, "a" * 16) is not None
    assert check(kinds.Interface, "..") is not None and check(kinds.Interface, 'eth0"') is not None
    assert check(kinds.Login, "campusnet") is None and check(kinds.Login, "Root user") is not None


def test_every_supported_time_zone_is_an_iana_zone() -> None:
    import zoneinfo

    from campusnet.render.facts import ZONES

    assert set(ZONES) <= zoneinfo.available_timezones()
