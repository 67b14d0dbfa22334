"""A vault-encrypted member file is read with Ansible's usual vault password mechanisms."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from ansible.parsing.vault import VaultLib, VaultSecret

from campusnet.derive import load_campus
from campusnet.errors import CampusnetError
from campusnet.inventory.load import ansible_decrypt
from tests.conftest import ROOT

PASSWORD = b"test-vault-password-not-a-secret"


def encrypt(path: Path) -> None:
    vault = VaultLib([("default", VaultSecret(PASSWORD))])
    path.write_bytes(vault.encrypt(path.read_bytes()))


@pytest.fixture
def vaulted(example_copy: Path, tmp_path: Path) -> tuple[Path, Path]:
    for name in ("members.yml", "secrets.yml"):
        encrypt(example_copy / name)
    password_file = tmp_path / "vault-password"
    password_file.write_bytes(PASSWORD)
    return example_copy, password_file


def test_encrypted_members_load_with_password_file(vaulted: tuple[Path, Path]) -> None:
    inventory, password_file = vaulted
    assert (inventory / "members.yml").read_bytes().startswith(b"$ANSIBLE_VAULT;")
    campus = load_campus(inventory, decrypt=ansible_decrypt(str(password_file))).campus
    assert campus is not None and campus.members_count == 400


def test_wrong_password_is_one_clear_error(vaulted: tuple[Path, Path], tmp_path: Path) -> None:
    inventory, _ = vaulted
    wrong = tmp_path / "wrong"
    wrong.write_text("nope")
    with pytest.raises(CampusnetError, match="members.yml: cannot decrypt the vault"):
        load_campus(inventory, decrypt=ansible_decrypt(str(wrong)))


def test_env_password_file_for_invoke_and_ansible(vaulted: tuple[Path, Path]) -> None:
    inventory, password_file = vaulted
    (inventory / "campusnet.yml").write_text("plugin: campusnet\n")
    env = {**os.environ, "ANSIBLE_VAULT_PASSWORD_FILE": str(password_file), "PYTHONPATH": str(ROOT)}
    validate = subprocess.run([sys.executable, "-m", "invoke", "validate", "-i", str(inventory)], cwd=ROOT, env=env,
                              capture_output=True, text=True, check=False)
    assert validate.returncode == 0, validate.stderr
    graph = subprocess.run([str(Path(sys.executable).parent / "ansible-inventory"), "-i", str(inventory), "--graph"],
                           cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    assert graph.returncode == 0, graph.stderr
    assert "router-1" in graph.stdout
