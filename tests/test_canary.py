"""Canaries: no output of any task that loads an inventory carries a member's data or a
secret, for every case of the broken corpus, with members.yml and secrets.yml in clear
and vault-encrypted.

Each case edits a copy of the example, then every member's name, e-mail, password hash
and forwarding address and every secret become canary strings; the tasks (invoke's, and
the Ansible inventory plugin) run on it and their stdout, stderr and error messages must
hold no canary. The fast suite runs three cases that put private data in a message's way
(missing colons, a bad secret) through every task, vault-encrypted; the slow suite runs
every case that edits members.yml or secrets.yml through every task and the others through
validate and the Ansible plugin, in clear and encrypted.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from ansible.parsing.vault import VaultLib, VaultSecret

from campusnet.derive import load_campus
from campusnet.inventory import schema
from campusnet.inventory.load import field_names
from tests.test_messages import run_task, tasks
from tests.test_validate_corpus import CASES, apply_edits

PASSWORD = b"canary-test-vault-password"
#: Every example secret starts with this; the canaries keep the length (and so the kinds).
EXAMPLE_PREFIX, CANARY_PREFIX = "example-only-", "CanaryKey-x7-"
PRIVATE = ("members.yml", "secrets.yml")
#: The fast suite: the cases that put members' data or secrets where a message could show them.
FAST_CASES = ["missing_colon_in_members", "missing_colon_in_secrets", "secret_outside_the_allowed_set"]
_MEMBER = re.compile(r"id: (m[0-9]+), name:? ([^,{}]+), email:? ([^,{}]+),")
_LOGIN = re.compile(r"^  (m[0-9]+): \$6\$.*$", re.MULTILINE)
_FORWARD = re.compile(r"^  (m[0-9]+): [^\s@]+@mail\.example$", re.MULTILINE)
NEEDLES = ["Canaryname", "canary-mail.example", "Canaryhash"]


def plant_canaries(inventory: Path) -> list[str]:
    """Members' names, e-mails, password hashes and forwarding addresses and every secret
    become canaries; the needles to look for in outputs."""
    needles = [CANARY_PREFIX, "example-only"]
    members = inventory / "members.yml"
    if members.is_file() and not members.is_symlink():
        text = _MEMBER.sub(lambda m: m[0].replace(m[2], f"Canaryname {m[1]}").replace(m[3], f"{m[1]}@canary-mail.example"),
                           members.read_text(encoding="utf-8"))
        text = _LOGIN.sub(lambda m: f"  {m[1]}: $6$canarysalt$" + f"Canaryhash{m[1]}".ljust(86, "x"), text)
        text = _FORWARD.sub(lambda m: f"  {m[1]}: forward-{m[1]}@canary-mail.example", text)
        members.write_text(text, encoding="utf-8")
        needles += NEEDLES
    secrets = inventory / "secrets.yml"
    if secrets.is_file() and not secrets.is_symlink():
        text = secrets.read_text(encoding="utf-8").replace(EXAMPLE_PREFIX, CANARY_PREFIX)
        secrets.write_text(text, encoding="utf-8")
        needles += _values(text)
    return needles


def _values(text: str) -> list[str]:
    """Every string in secrets.yml but the schema's keys and device names (when it parses)."""
    try:
        document = yaml.safe_load(text)
    except yaml.YAMLError:
        return []
    known = field_names(schema.SecretsFile)
    found: list[str] = []

    def walk(node: Any, parent: Any = None) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if isinstance(key, str) and key not in known and parent != "devices":
                    found.append(key)
                walk(value, key)
        elif isinstance(node, list):
            for item in node:
                walk(item)
        elif isinstance(node, str) and len(node) >= 6 and node != "campusnet":
            found.extend([node, *(line for line in node.splitlines() if len(line) >= 16 and "-----" not in line)])

    walk(document)
    return found


def encrypt(inventory: Path) -> Path:
    vault = VaultLib([("default", VaultSecret(PASSWORD))])
    for name in PRIVATE:
        path = inventory / name
        if path.is_file() and not path.is_symlink():
            path.write_bytes(vault.encrypt(path.read_bytes()))
    password = inventory.parent / "vault-password"
    password.write_bytes(PASSWORD)
    return password


def plugin_output(inventory: Path, capsys: pytest.CaptureFixture[str]) -> str:
    """What Ansible shows when its inventory plugin reads the campus (in process)."""
    from ansible.inventory.manager import InventoryManager
    from ansible.parsing.dataloader import DataLoader

    (inventory / "campusnet.yml").write_text("plugin: campusnet\n")
    loader = DataLoader()
    loader.set_vault_secrets([("default", VaultSecret(PASSWORD))])
    try:
        InventoryManager(loader=loader, sources=[str(inventory / "campusnet.yml")])
        text = ""
    except Exception as error:  # noqa: BLE001 - whatever Ansible raises is output to check
        text = str(error)
    captured = capsys.readouterr()
    return text + captured.out + captured.err


def run_case(case: str, mode: str, task_names: list[str], tmp_path: Path, example_copy: Path,
             capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    apply_edits(example_copy, CASES[case]["edits"])
    needles = plant_canaries(example_copy)
    password = str(encrypt(example_copy)) if mode == "vault" else ""
    monkeypatch.chdir(tmp_path)
    outputs = {}
    for name, task in tasks(str(example_copy), password).items():
        if name in task_names:
            code, out, err = run_task(task, capsys)
            assert code == 1, f"{name} must fail on {case}"
            outputs[name] = out + err
    if "ansible-inventory" in task_names:
        outputs["ansible-inventory"] = plugin_output(example_copy, capsys)
        assert "error: " in outputs["ansible-inventory"], "the campusnet plugin did not report the broken inventory"
    leaks = {name: sorted({n for n in needles if n in text}) for name, text in outputs.items()}
    assert not {k: v for k, v in leaks.items() if v}, f"{case} ({mode}): private data in the output"


EVERY_TASK = [*tasks("x"), "ansible-inventory"]


@pytest.mark.parametrize("mode", [pytest.param("clear", marks=pytest.mark.slow), "vault"])
@pytest.mark.parametrize("case", FAST_CASES)
def test_private_cases_leak_nothing_from_any_task(case: str, mode: str, tmp_path: Path, example_copy: Path,
                                                  capsys: pytest.CaptureFixture[str],
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    run_case(case, mode, EVERY_TASK, tmp_path, example_copy, capsys, monkeypatch)


#: Cases that edit members.yml or secrets.yml: the slow suite runs them through every task;
#: the other cases go through validate and the Ansible plugin (every task shares the loader
#: and the one error printer with those two: tests/test_messages.py), both ways.
PRIVATE_CASES = sorted(name for name, case in CASES.items() if {e["file"] for e in case["edits"]} & set(PRIVATE))


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["clear", "vault"])
@pytest.mark.parametrize("case", sorted(set(CASES) - set(FAST_CASES)))
def test_whole_corpus_leaks_nothing(case: str, mode: str, tmp_path: Path, example_copy: Path,
                                    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    names = EVERY_TASK if case in PRIVATE_CASES else ["validate", "ansible-inventory"]
    run_case(case, mode, names, tmp_path, example_copy, capsys, monkeypatch)


def test_canaries_are_planted(example_copy: Path) -> None:
    plant_canaries(example_copy)
    members = (example_copy / "members.yml").read_text()
    assert "name: Canaryname m0006, email: m0006@canary-mail.example" in members and "@mail.example" not in members
    assert "Canaryhashm0001" in members and "forward-m0003@canary-mail.example" in members
    campus = load_campus(example_copy).campus
    assert campus is not None and campus.members_count == 400
    assert "example-only" not in (example_copy / "secrets.yml").read_text().split("---", 1)[1]
    assert CANARY_PREFIX in (example_copy / "secrets.yml").read_text()
