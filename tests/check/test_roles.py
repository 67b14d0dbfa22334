"""Role check declarations (roles/*/meta/check.yml): loaded, validated, merged."""

from __future__ import annotations

from pathlib import Path

import pytest

from campusnet.check import roles
from campusnet.errors import CampusnetError
from tests.conftest import ROOT


def _role(root: Path, name: str, text: str | None) -> None:
    (root / name / "meta").mkdir(parents=True)
    if text is not None:
        (root / name / "meta" / "check.yml").write_text(text, encoding="utf-8")


def test_declarations_load_and_packages_merge(tmp_path: Path) -> None:
    _role(tmp_path, "web", "packages: [nginx-light, php8.2-fpm]\ncommands: [nginx -t]\n")
    _role(tmp_path, "proxy", "packages: [nginx-light]\n")
    _role(tmp_path, "plain", None)
    declared = roles.load(tmp_path)
    assert declared["plain"] == roles.RoleCheck()
    assert roles.packages(declared) == ["nginx-light", "php8.2-fpm"]


@pytest.mark.parametrize("text", [
    "packages: ['nginx; rm -rf /']\n",  # becomes a Containerfile line: Debian names only
    "commands: [\"a\\nb\"]\n",
    "package: [x]\n",  # unknown key
    "packages: [\n",  # YAML error
])
def test_bad_declarations_name_the_file(tmp_path: Path, text: str) -> None:
    _role(tmp_path, "web", text)
    with pytest.raises(CampusnetError, match=r"web/meta/check.yml: not a valid check declaration"):
        roles.load(tmp_path)


def test_the_project_roles_declarations_load() -> None:
    declared = roles.load(ROOT / "roles")
    assert "nftables" in roles.packages(declared)
