"""Hostile values in every string field of the inventory, through every template.

For each string field of the schema (found by walking the example campus along the
schema's models, so fields added later are covered) and each hostile value of issue 11
(newline, both quotes, template delimiters, ';', '$()', backslash, non-ASCII), the value
must be refused by validation or appear only inside its own field in every rendered file
(device templates and every role template, tests/templates.py): the file keeps its line
count, and each occurrence is exactly the token the syntax's quoting filter makes of the
value (campusnet.render.quote), or sits in a comment line of a syntax whose comments
cannot be closed early.
"""

from __future__ import annotations

import copy
import re
import typing
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import cache
from typing import Any, get_args, get_origin

import pytest
import yaml
from pydantic import BaseModel, ValidationError

from campusnet.derive import derive
from campusnet.inventory import schema
from campusnet.inventory.load import Inventory, load_inventory
from campusnet.model import Campus
from campusnet.render.quote import SYNTAXES, UnsafeValue
from tests.conftest import EXAMPLE
from tests.templates import TemplateNotRendered, render_everything

HOSTILE = {
    "newline": "\nsnmp-server community public unrestricted",
    "quotes": "\"double\" 'single'",
    "expression": "{{ lookup('pipe', 'id') }}",
    "statement": "{% for x in range(9) %}x{% endfor %}",
    "semicolon": "a; reload",
    "command": "$(reboot)",
    "backslash": "back\\slash\\",
    "non_ascii": "échecs ✓ 中文",
}

#: Output key prefix -> (quoting filters the template may use, comment-line prefixes where a
#: value may stand as it is). A template that receives a free-text value must be listed.
SYNTAX_OF = {
    "templates/hp_procurve": (("aruba",), (";",)),
    "templates/cisco_ios": (("ios_word", "ios_line"), ("!",)),
    "templates/openwrt": (("uci",), ("#",)),
    ".html.j2": (("html",), ()),
    "etc/nginx/": (("nginx",), ("#",)),
    "etc/kea/": (("kea",), ("#",)),
    "etc/bind/": (("bind",), (";", "//")),
    "etc/mumudvb/": (("mumudvb",), ("#",)),
    ".m3u8.j2": (("m3u",), ()),  # '#' starts directives (#EXTINF), not comments
    "etc/freeradius/": (("radius",), ("#",)),
}


def syntax_of(key: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    for marker, rules in SYNTAX_OF.items():
        if key.startswith(marker) or marker in key.split("#")[0].split(":", 2)[-1]:
            return rules
    raise AssertionError(f"a free-text value reaches {key}: declare its syntax in SYNTAX_OF (tests/test_hostile.py) "
                         "and quote the value with the filter of that syntax")


# --- the fields -------------------------------------------------------------------------


@dataclass(frozen=True)
class Field:
    file: str
    path: tuple[str | int, ...]  # to the field (list fields: to their first item)
    label: str  # Model.field


def _descend(annotation: Any, value: Any) -> tuple[tuple[str | int, ...], type[BaseModel], Any] | None:
    """Into the first model instance a field holds: (path inside the field, model, data)."""
    origin, args = get_origin(annotation), get_args(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return (), annotation, value
    if origin is typing.Annotated:
        return _descend(args[0], value)
    if origin is dict and len(args) == 2 and isinstance(value, dict) and value:
        first = next(iter(value))
        inner = _descend(args[1], value[first])
        return ((first, *inner[0]), inner[1], inner[2]) if inner else None
    if origin is list and args and isinstance(value, list) and value:
        inner = _descend(args[0], value[0])
        return ((0, *inner[0]), inner[1], inner[2]) if inner else None
    if args and origin not in (dict, list):  # X | None
        found = [d for a in args if a is not type(None) and (d := _descend(a, value))]
        return found[0] if found else None
    return None


def _holds_str(annotation: Any) -> str | None:
    """'one' or 'list' when the field holds a string or a list of strings."""
    origin, args = get_origin(annotation), get_args(annotation)
    if annotation is str:
        return "one"
    if origin is typing.Annotated:
        return _holds_str(args[0])
    if origin is typing.Literal:
        return None
    if origin is list and args and _holds_str(args[0]) == "one":
        return "list"
    if args and origin not in (dict, list):
        kinds = {_holds_str(a) for a in args if a is not type(None)}
        return "one" if "one" in kinds else None
    return None


def _walk(model: type[BaseModel], data: Any, path: tuple[str | int, ...], seen: set[str]) -> Iterator[tuple[tuple[str | int, ...], str]]:
    for name, info in model.model_fields.items():
        label = f"{model.__name__}.{name}"
        kind = _holds_str(info.annotation)
        if kind and label not in seen:
            seen.add(label)
            yield ((*path, name, 0) if kind == "list" else (*path, name)), label
        value = data.get(name) if isinstance(data, dict) else None
        if value is not None and (inner := _descend(info.annotation, value)):
            steps, child, child_data = inner
            yield from _walk(child, child_data, (*path, name, *steps), seen)


@cache
def documents() -> dict[str, Any]:
    return {name: yaml.safe_load((EXAMPLE / name).read_text(encoding="utf-8")) for name in schema.FILES
            if (EXAMPLE / name).exists()}


@cache
def fields() -> tuple[Field, ...]:
    found = []
    for name, document in documents().items():
        for path, label in _walk(schema.FILES[name], document, (), set()):
            found.append(Field(name, path, label))
    return tuple(found)


def with_value(field: Field, value: str, base: dict[str, Any] | None = None) -> dict[str, Any]:
    """A copy of the field's file (or of ``base``) with ``value`` set at its path (machine
    rows become mappings)."""
    document = copy.deepcopy(base if base is not None else documents()[field.file])
    node = document
    for part in field.path[:-1]:
        if isinstance(node, list) and isinstance(part, int) and isinstance(node[part], str) and field.file == "machines.yml":
            node[part] = dict(zip(schema.MACHINE_COLUMNS, node[part].split(), strict=False))
        if isinstance(node, dict) and part not in node:
            node[part] = [] if isinstance(field.path[field.path.index(part) + 1], int) else {}
        node = node[part]
    last = field.path[-1]
    if isinstance(node, list):
        node[last:last + 1] = [value]  # type: ignore[misc]
    else:
        node[last] = value
    return document


@cache
def base_inventory() -> Inventory:
    return load_inventory(EXAMPLE)


def campus_with(field: Field, value: str) -> Campus | None:
    """The campus with one field set, or None when validation refuses the value."""
    try:
        model = schema.FILES[field.file].model_validate(with_value(field, value))
    except ValidationError:
        return None
    derivation = derive(replace(base_inventory(), **{field.file.removesuffix(".yml"): model}))
    return derivation.campus if not derivation.errors else None


# --- where each field lands ---------------------------------------------------------------


def marker(index: int) -> str:
    return f"Zq{index}k"


@cache
def landing() -> tuple[dict[str, str], dict[Field, set[str]]]:
    """Example outputs, and per free-text field the outputs its value reaches (found by
    setting every field that accepts it to a distinct marker at once)."""
    base = base_inventory()
    plain = derive(base).campus
    assert plain is not None
    example = render_everything(plain)
    accepting = [f for f in fields() if campus_with(f, marker(fields().index(f))) is not None]
    files: dict[str, dict[str, Any]] = {}
    for field in accepting:
        files[field.file] = with_value(field, marker(fields().index(field)), files.get(field.file))
    inventory = replace(base, **{name.removesuffix(".yml"): schema.FILES[name].model_validate(doc)
                                 for name, doc in files.items()})
    marked_campus = derive(inventory).campus
    assert marked_campus is not None, "every field that accepts a marker alone must accept it together"
    marked = render_everything(marked_campus)
    reach = {f: {k for k, text in marked.items() if marker(fields().index(f)) in text} for f in accepting}
    return example, reach


# --- the check ------------------------------------------------------------------------------


def misplaced(key: str, text: str, value: str, prefix: str, expected_count: int, example_lines: int) -> str | None:
    """Why ``value`` (which starts with ``prefix``) is not only inside its own field of
    output ``key``, or None."""
    if text.count("\n") != example_lines:
        return f"{key}: {text.count(chr(10)) - example_lines:+d} lines"
    allowed, comments = syntax_of(key)
    tokens = []
    for name in allowed:
        try:
            tokens.append(SYNTAXES[name].quote(value))
        except UnsafeValue:
            continue
    found = 0
    for number, line in enumerate(text.splitlines(), start=1):
        if prefix not in line:
            continue
        rest = line
        for token in sorted(set(tokens), key=len, reverse=True):
            found += rest.count(token)
            rest = rest.replace(token, "")
        if prefix in rest and rest.lstrip().startswith(comments or ("\0",)):
            found += rest.count(value)
            rest = rest.replace(value, "")
        if prefix in rest:
            return f"{key}:{number}: the value stands outside its quoting: {line!r}"
    return None if found == expected_count else f"{key}: the value appears {found} times, expected {expected_count}"


#: The fast suite runs three values per field (a line break; every quoting hazard at once;
#: both template delimiters); the slow suite runs each class of HOSTILE on its own.
FAST = {
    "line_break": HOSTILE["newline"],
    "quoting": HOSTILE["quotes"] + HOSTILE["semicolon"] + HOSTILE["command"] + HOSTILE["backslash"] + HOSTILE["non_ascii"],
    "template": HOSTILE["expression"] + HOSTILE["statement"],
}
VALUES = {**FAST, **HOSTILE}
CASES = [pytest.param(f, name, id=f"{f.label}-{name}", marks=() if name in FAST else pytest.mark.slow)
         for f in fields() for name in VALUES]


def test_the_walk_finds_the_free_text_fields() -> None:
    labels = {f.label for f in fields()}
    assert {"Switch.model", "Ssid.essid", "Campus.name", "Campus.team_contact", "Member.name", "Member.email",
            "Secrets.radius_secret", "Club.name", "TvChannel.name", "Admin.ssh_keys", "Machine.name"} <= labels
    assert len(labels) > 40


def test_every_template_renders_and_free_text_reaches_some() -> None:
    try:
        example, reach = landing()
    except TemplateNotRendered as error:
        pytest.fail(str(error))
    assert len({k.split(":")[0] for k in example}) >= 10
    assert reach, "no free-text field reaches any template: the test would check nothing"


@pytest.mark.parametrize(("field", "kind"), CASES)
def test_hostile_value_is_refused_or_stays_in_its_field(field: Field, kind: str) -> None:
    index = fields().index(field)
    value = marker(index) + VALUES[kind]
    campus = campus_with(field, value)
    if campus is None:
        return  # refused by validation
    example, reach = landing()
    if field not in reach:
        pytest.fail(f"{field.label} accepts {kind} but its marker value was refused: the landing map is wrong")
    outputs = render_everything(campus, reach[field]) if reach[field] else {}
    marked_counts = _marked_counts(field)
    problems = [problem for key, text in outputs.items()
                if (problem := misplaced(key, text, value, marker(index), marked_counts[key], example[key].count("\n")))]
    assert not problems, "\n".join(problems)


@cache
def _marked_counts(field: Field) -> dict[str, int]:
    campus = campus_with(field, marker(fields().index(field)))
    assert campus is not None
    reach = landing()[1][field]
    return {k: re.subn(re.escape(marker(fields().index(field))), "", v)[1]
            for k, v in render_everything(campus, reach).items()} if reach else {}
