"""Property-based: random mutations of the example inventory never raise a traceback,
never write anything on failure, and always end with exit 0 or 1.

Two kinds of mutation: of the YAML tree (a value replaced by any value, a key deleted,
renamed or added, an item duplicated) and of the raw bytes (bytes inserted, a slice
deleted or repeated, the file cut short, invalid UTF-8). Each mutated inventory goes
through validate, render (into a build folder that must stay absent on failure) and
machine.add (machines.yml must stay as it was on failure). The fast suite draws a dozen
examples; the slow suite 150 (about 50 s of CPU).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from invoke import Context
from invoke.exceptions import Exit

from campusnet.cli.inventory import validate
from campusnet.cli.machine import add
from campusnet.cli.render import render
from campusnet.inventory import schema
from tests.conftest import EXAMPLE
from tests.test_hostile import HOSTILE

TOPICS = sorted(name for name in schema.FILES if (EXAMPLE / name).exists())
FAST = settings(max_examples=6, deadline=None, database=None, print_blob=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
SLOW = settings(FAST, max_examples=150)

SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(-(2**70), 2**70), st.floats(), st.text(max_size=30),
    st.sampled_from(list(HOSTILE.values())), st.dates(), st.sampled_from(["", "0", "-1", "1-999", "10.0.0.0/8", "::1",
                                                                         "ff:ff:ff:ff:ff:ff", "m0001", "~", "yes"]),
)
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner,
                                                                                             max_size=3), max_leaves=6)


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    root = tmp_path_factory.mktemp("properties")
    shutil.copytree(EXAMPLE, root / "inventory")
    yield root


def paths(node: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield prefix
    if isinstance(node, dict):
        for key, value in node.items():
            yield from paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from paths(value, (*prefix, index))


def tree_mutation(data: st.DataObject, text: str) -> str:
    document = yaml.safe_load(text)
    every = list(paths(document))
    target = every[data.draw(st.integers(0, len(every) - 1), label="node")]
    action = data.draw(st.sampled_from(["replace", "delete", "rename", "add", "duplicate"]), label="action")
    parent: Any = document
    for part in target[:-1]:
        parent = parent[part]
    if not target or action == "replace":
        value = data.draw(VALUES, label="value")
        if not target:
            return yaml.safe_dump(value)
        parent[target[-1]] = value
    elif action == "delete":
        del parent[target[-1]]
    elif action == "rename" and isinstance(parent, dict):
        parent[data.draw(st.text(max_size=12), label="new key")] = parent.pop(target[-1])
    elif action == "add" and isinstance(parent, dict):
        parent[data.draw(st.text(max_size=12), label="key")] = data.draw(VALUES, label="value")
    elif isinstance(parent, list):
        parent.insert(target[-1], parent[target[-1]])
    return yaml.safe_dump(document, allow_unicode=True, sort_keys=False)


def byte_mutation(data: st.DataObject, raw: bytes) -> bytes:
    at = data.draw(st.integers(0, len(raw)), label="offset")
    action = data.draw(st.sampled_from(["insert", "delete", "repeat", "cut"]), label="action")
    if action == "insert":
        return raw[:at] + data.draw(st.binary(min_size=1, max_size=12) | st.sampled_from(
            [b"\xff", b"\xc3", b": ", b"\n  - ", b"&a ", b"*a", b"{{", b"\t", b"'", b'"', b"---\n", b"!!python/object "]),
            label="bytes") + raw[at:]
    size = data.draw(st.integers(1, 200), label="size")
    if action == "delete":
        return raw[:at] + raw[at + size:]
    if action == "repeat":
        return raw[:at] + raw[at:at + size] * 2 + raw[at + size:]
    return raw[:at]


def outcome(task: Callable[[], Any]) -> int:
    """The exit code of an in-process task; any other exception is a traceback (a failure)."""
    try:
        task()
    except Exit as raised:
        return raised.code
    return 0


def check(workspace: Path, name: str, mutated: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    inventory = workspace / "inventory"
    path = inventory / name
    original = (EXAMPLE / name).read_bytes()
    path.write_bytes(mutated)
    build = workspace / "build"
    machines = (inventory / "machines.yml").read_bytes()
    monkeypatch.chdir(workspace)
    try:
        c = Context()
        code = outcome(lambda: validate(c, inventory=str(inventory)))
        assert code in (0, 1)
        rendered = outcome(lambda: render(c, inventory=str(inventory), output=str(build)))
        assert rendered in (0, 1) and (rendered == 0) == build.exists(), "render wrote on failure, or not on success"
        added = outcome(lambda: add(c, member="m0001", name="m0001-prop", mac="02:00:5e:77:00:01", inventory=str(inventory)))
        assert added in (0, 1)
        if added:
            assert (inventory / "machines.yml").read_bytes() == machines, "machine.add wrote on failure"
        assert sorted(p.name for p in workspace.iterdir()) == sorted({"inventory", *(["build"] if rendered == 0 else [])})
    finally:
        shutil.rmtree(build, ignore_errors=True)
        path.write_bytes(original)
        (inventory / "machines.yml").write_bytes((EXAMPLE / "machines.yml").read_bytes())


@FAST
@given(data=st.data(), name=st.sampled_from(TOPICS))
def test_tree_mutations(data: st.DataObject, name: str, workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = (EXAMPLE / name).read_text(encoding="utf-8")
    check(workspace, name, tree_mutation(data, text).encode("utf-8"), monkeypatch)


@FAST
@given(data=st.data(), name=st.sampled_from(TOPICS))
def test_byte_mutations(data: st.DataObject, name: str, workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    check(workspace, name, byte_mutation(data, (EXAMPLE / name).read_bytes()), monkeypatch)


@pytest.mark.slow
@SLOW
@given(data=st.data(), name=st.sampled_from(TOPICS), tree=st.booleans())
def test_many_mutations(data: st.DataObject, name: str, tree: bool, workspace: Path,
                        monkeypatch: pytest.MonkeyPatch) -> None:
    raw = (EXAMPLE / name).read_bytes()
    mutated = tree_mutation(data, raw.decode()).encode() if tree else byte_mutation(data, raw)
    check(workspace, name, mutated, monkeypatch)
