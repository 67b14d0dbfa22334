"""Messages: printed literally, one error printer for every task that loads an inventory,
keys that cannot forge a line."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from invoke import Context
from invoke.exceptions import Exit

from campusnet import report
from campusnet.cli import ap, inventory, lab, machine, network, render, sim
from campusnet.derive import load_campus
from campusnet.inventory.issues import Issue, format_path
from campusnet.results import DeviceResult, Status
from tests.conftest import ROOT
from tests.test_validate_corpus import CASES, apply_edits

PACKAGE = ROOT / "campusnet"
HOSTILE_TEXT = "switches.yml:100: [member m0401] [bold]x[/bold] :smile: :thumbs_up: [/]"


def test_issues_print_literally(capsys: pytest.CaptureFixture[str]) -> None:
    report.print_issues([Issue("switches.yml", ("switches", "sw-a-1"), HOSTILE_TEXT, 100)])
    assert capsys.readouterr().err == f"error: switches.yml:100: switches.sw-a-1: {HOSTILE_TEXT}\n"


def test_results_diffs_and_progress_print_literally(capsys: pytest.CaptureFixture[str]) -> None:
    result = DeviceResult("sw-a-1", Status.UNREACHABLE, message=HOSTILE_TEXT, diff=f"+ name {HOSTILE_TEXT}\n", lines=1)
    observer = report.ProgressObserver("push")
    observer.start(1)
    observer.step("sw-a-1", HOSTILE_TEXT)
    observer.done(result)
    observer.stop()
    report.print_results([result], "push")
    report.print_diffs([result])
    out = re.sub(r"[\s│┃]", "", capsys.readouterr().out)  # wrapped lines and table borders
    assert out.count(re.sub(r"\s", "", HOSTILE_TEXT)) == 3, out


def test_summary_prints_the_campus_name_literally(capsys: pytest.CaptureFixture[str], example_copy: Path) -> None:
    derivation = load_campus(example_copy)
    assert derivation.campus is not None
    settings = derivation.campus.settings.model_copy(update={"name": "[b]Campus[/b] :100:"})
    report.print_summary(replace(derivation, campus=replace(derivation.campus, settings=settings)))
    assert "[b]Campus[/b] :100:" in capsys.readouterr().out


def test_every_console_is_literal() -> None:
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        if path.name != "terminal.py" and re.search(r"\bConsole\(", text):
            offenders.append(f"{path.relative_to(ROOT)}: makes its own rich Console (use terminal.literal_console)")
        if re.search(r"markup\s*=\s*True|\[/\]|\[(bold|red|green|yellow|dim)\b", text):
            offenders.append(f"{path.relative_to(ROOT)}: rich markup (use Text objects / styled())")
        if re.search(r"TextColumn\((?![^)]*markup=False)", text):
            offenders.append(f"{path.relative_to(ROOT)}: a TextColumn reads markup unless markup=False")
    assert not offenders, "\n".join(offenders)


def test_key_paths_cannot_forge_a_line_or_repaint_the_terminal() -> None:
    assert format_path(("switches", "sw-a-1", "ports", 2)) == "switches.sw-a-1.ports[2]"
    shown = format_path(("switches", "sw\x1b[2J\nerror: all good", "model"))
    assert "\n" not in shown and "\x1b" not in shown
    assert shown == "switches.'sw\\x1b[2J\\nerror: all good'.model"
    assert str(Issue("a\nb.yml", (), "m", 3)) == "'a\\nb.yml':3: m"


# --- one printer for every task that loads an inventory ---------------------------------

TWO_ERRORS = CASES["duplicate_mac"]["edits"] + CASES["missing_colon_in_members"]["edits"]


def tasks(directory: str, vault_password_file: str = "") -> dict[str, Callable[[], Any]]:
    """Every invoke task that loads an inventory, called as the CLI would."""
    c, vault = Context(), {"vault_password_file": vault_password_file}
    work = Path(directory).parent
    return {
        "validate": lambda: inventory.validate(c, inventory=directory, **vault),
        "render": lambda: render.render(c, inventory=directory, output=str(work / "build"), **vault),
        "golden": lambda: render.golden(c, inventory=directory),
        "diff": lambda: network.diff(c, inventory=directory, **vault),
        "deploy": lambda: network.deploy(c, inventory=directory, check=True, **vault),
        "backup": lambda: network.backup(c, inventory=directory, **vault),
        "sim.up": lambda: sim.up(c, inventory=directory, **vault),
        "ap.push": lambda: ap.push(c, inventory=directory, check=True, **vault),
        "ap.lab-up": lambda: ap.lab_up(c, inventory=directory, **vault),
        "machine.add": lambda: machine.add(c, member="m0001", name="m0001-new", mac="02:00:5e:00:00:99",
                                           inventory=directory, **vault),
        "lab.run": lambda: lab.run(c, inventory=directory),
    }


def run_task(task: Callable[[], Any], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    try:
        task()
    except Exit as raised:
        code = raised.code
    else:
        code = 0
    out = capsys.readouterr()
    return code, out.out, out.err


def error_lines(err: str) -> list[str]:
    return [line for line in err.splitlines() if line.startswith("error: ")]


def test_every_task_prints_the_complete_error_list(example_copy: Path, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str],
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    apply_edits(example_copy, TWO_ERRORS)
    monkeypatch.chdir(tmp_path)
    found = {name: run_task(task, capsys) for name, task in tasks(str(example_copy)).items()}
    code, _, err = found.pop("validate")
    expected = error_lines(err)
    assert code == 1 and len(expected) == 3 and expected[-1] == "error: inventory invalid: 2 errors"
    for name, (code, _, err) in found.items():
        assert code == 1, name
        assert error_lines(err) == expected, f"{name} printed:\n{err}"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["inventory"], "nothing may be written on failure"


def test_ansible_inventory_plugin_shows_the_same_list(example_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    apply_edits(example_copy, TWO_ERRORS)
    expected = error_lines(run_task(lambda: inventory.validate(Context(), inventory=str(example_copy)), capsys)[2])
    env = {**os.environ, "PYTHONPATH": str(ROOT), "ANSIBLE_CONFIG": str(ROOT / "ansible.cfg")}
    result = subprocess.run([str(Path(sys.executable).parent / "ansible-inventory"), "-i", str(example_copy), "--graph"],
                            cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    assert result.returncode != 0
    shown = " ".join((result.stdout + result.stderr).split())
    for line in expected:
        assert " ".join(line.split()) in shown, line


def test_wrong_vault_password_names_the_file_in_ansible_too(example_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from ansible.inventory.manager import InventoryManager
    from ansible.parsing.dataloader import DataLoader
    from ansible.parsing.vault import VaultSecret

    from tests.test_canary import encrypt

    encrypt(example_copy)
    (example_copy / "campusnet.yml").write_text("plugin: campusnet\n")
    loader = DataLoader()
    loader.set_vault_secrets([("default", VaultSecret(b"not the password"))])
    with pytest.raises(Exception) as raised:  # whatever Ansible wraps it in
        InventoryManager(loader=loader, sources=[str(example_copy / "campusnet.yml")])
    shown = str(raised.value) + capsys.readouterr().err
    assert re.search(r"(members|secrets)\.yml: cannot decrypt the vault", shown), shown
