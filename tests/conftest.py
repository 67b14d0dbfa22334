"""Shared fixtures: the example campus, copies of it to break, and members' personal data."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "inventories" / "example"


@pytest.fixture
def example_copy(tmp_path: Path) -> Path:
    """A private copy of the example inventory, safe to edit."""
    target = tmp_path / "inventory"
    shutil.copytree(EXAMPLE, target)
    return target


@pytest.fixture(scope="session")
def personal_data() -> list[str]:
    """Every member name and e-mail of the example campus (to assert they never leak)."""
    members = yaml.safe_load((EXAMPLE / "members.yml").read_text())["members"]
    return sorted({m["name"] for m in members} | {m["email"] for m in members})
