"""The repository as the collection campusnet.core: what the artifact holds, and FQCN use."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tarfile
from pathlib import Path

import yaml

from campusnet.ee import pack_installed, runtime_requirements
from tests.conftest import ROOT


def test_collection_builds_with_only_collection_content(tmp_path: Path) -> None:
    galaxy = str(Path(sys.executable).parent / "ansible-galaxy")
    subprocess.run([galaxy, "collection", "build", "--output-path", str(tmp_path), str(ROOT)], check=True,
                   capture_output=True)
    (artifact,) = tmp_path.glob("campusnet-core-*.tar.gz")
    with tarfile.open(artifact) as archive:
        names = archive.getnames()
        manifest = json.load(archive.extractfile("MANIFEST.json"))  # type: ignore[arg-type]
    assert manifest["collection_info"]["namespace"] == "campusnet" and manifest["collection_info"]["name"] == "core"
    assert {name.split("/")[0] for name in names} == {"MANIFEST.json", "FILES.json", "README.md", "CHANGELOG.md",
                                                      "meta", "playbooks", "plugins", "roles"}
    assert "plugins/modules/campusnet_switch.py" in names and "plugins/inventory/campusnet.py" in names
    assert not [n for n in names if "/molecule" in n or "__pycache__" in n or n.endswith(".pyc")]
    roles = {p.name for p in (ROOT / "roles").iterdir() if (p / "tasks").is_dir()}
    assert roles == {n.split("/")[1] for n in names if n.startswith("roles/") and n.count("/") >= 2}


def test_playbooks_name_our_content_by_fqcn() -> None:
    ours = {p.name for p in (ROOT / "roles").iterdir()} | {p.stem for p in (ROOT / "plugins" / "modules").glob("*.py")}
    for playbook in sorted((ROOT / "playbooks").glob("*.yml")):
        text = playbook.read_text()
        for play in yaml.safe_load(text):
            for entry in play.get("roles", []):
                name = entry if isinstance(entry, str) else entry.get("role", entry.get("name"))
                assert name.startswith("campusnet.core."), f"{playbook.name}: role {name}"
        for name in ours:
            # a module as a task's key, or a role by name (not a host pattern such as "hosts: mail:radius")
            assert not re.search(rf"^\s*(- )?{name}:|name: {name}$", text, re.MULTILINE), f"{playbook.name}: {name} by short name"
    assert (ROOT / "inventories" / "example" / "campusnet.yml").read_text().splitlines()[-1] == \
        "plugin: campusnet.core.campusnet"


def test_dependency_collections_pack_as_installable_artifacts(tmp_path: Path) -> None:
    artifact = pack_installed("ansible", "posix", tmp_path)
    target = tmp_path / "collections"
    subprocess.run([str(Path(sys.executable).parent / "ansible-galaxy"), "collection", "install", "--offline", "--force",
                    "--no-deps", "-p", str(target), str(artifact)], check=True, capture_output=True)
    assert (target / "ansible_collections" / "ansible" / "posix" / "plugins" / "modules" / "sysctl.py").is_file()


def test_ee_python_requirements_are_the_packages_runtime_dependencies_at_our_pins() -> None:
    pins = set((ROOT / "requirements.txt").read_text().splitlines())
    wanted = runtime_requirements()
    assert wanted and set(wanted) <= pins
    assert not [r for r in wanted if r.split("==")[0].lower() in ("pytest", "molecule", "ansible-lint", "ruff")]
