"""The broken-inventory corpus: every check fails with file, key and message, and writes nothing."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from invoke import Context
from invoke.exceptions import Exit

from campusnet.cli.inventory import validate
from tests.conftest import EXAMPLE, ROOT

CASES: dict[str, dict[str, Any]] = yaml.safe_load((Path(__file__).parent / "corpus" / "broken.yml").read_text())


def apply_edits(directory: Path, edits: list[dict[str, Any]]) -> None:
    for edit in edits:
        path = directory / edit["file"]
        if edit.get("delete"):
            path.unlink()
        elif "symlink" in edit:
            path.unlink()
            path.symlink_to(edit["symlink"])
        elif "latin1" in edit:  # raw bytes: each character of the text is one byte
            with path.open("ab") as handle:
                handle.write(edit["latin1"].encode("latin-1"))
        elif "append" in edit:
            with path.open("a") as handle:
                handle.write(edit["append"])
        else:
            old, new = edit["replace"]
            text = path.read_text()
            assert old in text, f"corpus edit no longer matches the example: {old!r}"
            path.write_text(text.replace(old, new, 1))


def snapshot(directory: Path) -> dict[str, bytes]:
    return {str(p.relative_to(directory)): p.read_bytes() for p in sorted(directory.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("case", sorted(CASES))
def test_broken_inventory_is_reported(case: str, tmp_path: Path, example_copy: Path, capsys: pytest.CaptureFixture[str],
                                      monkeypatch: pytest.MonkeyPatch, personal_data: list[str]) -> None:
    spec = CASES[case]
    apply_edits(example_copy, spec["edits"])
    monkeypatch.chdir(tmp_path)
    before = snapshot(tmp_path)

    with pytest.raises(Exit) as raised:
        validate(Context(), inventory=str(example_copy))

    assert raised.value.code == 1
    err = capsys.readouterr().err
    expect = spec["expect"]
    location = f"inventory/{expect['file']}" + (f":{expect['line']}" if "line" in expect else "")
    matching = [line for line in err.splitlines() if location in line and expect["message"] in line
                and (f": {expect['key']}" in line)]
    assert matching, f"no error names {location} / {expect['key']} / {expect['message']!r}:\n{err}"
    assert err.strip().splitlines()[-1].startswith("error: inventory invalid:")
    assert snapshot(tmp_path) == before, "validate must not write anything"
    leaked = [item for item in personal_data if item in err]
    assert not leaked, f"personal data in the output: {len(leaked)} items"


def test_example_is_valid(capsys: pytest.CaptureFixture[str], personal_data: list[str]) -> None:
    validate(Context(), inventory=str(EXAMPLE))
    out = capsys.readouterr()
    assert "machines will be disconnected" in out.out
    assert not [item for item in personal_data if item in out.out + out.err]


def test_cli_exit_code_and_one_clear_line(example_copy: Path) -> None:
    apply_edits(example_copy, CASES["duplicate_mac"]["edits"])
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-m", "invoke", "validate", "-i", str(example_copy)], cwd=ROOT,
                            capture_output=True, text=True, env=env, check=False)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines()[-1] == "error: inventory invalid: 1 error"
