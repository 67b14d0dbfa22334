"""The test pipeline's scenario discovery: shared scenarios run once, under their owner."""

from __future__ import annotations

from pathlib import Path

from campusnet.lab.testrun import molecule_roles, scenario_owner


def _scenario(root: Path, role: str) -> Path:
    scenario = root / "roles" / role / "molecule" / "default"
    scenario.mkdir(parents=True)
    (scenario / "molecule.yml").write_text("---\n", encoding="utf-8")
    return scenario


def test_shared_scenario_runs_once_under_its_owner(tmp_path: Path) -> None:
    shared = _scenario(tmp_path, "mail")
    _scenario(tmp_path, "common")
    (tmp_path / "roles" / "directory" / "molecule").mkdir(parents=True)
    (tmp_path / "roles" / "directory" / "molecule" / "default").symlink_to(shared)
    (tmp_path / "roles" / "untested").mkdir()

    assert molecule_roles(tmp_path) == ["common", "mail"]
    assert scenario_owner("directory", tmp_path) == "mail"
    assert scenario_owner("mail", tmp_path) == "mail"
    assert scenario_owner("untested", tmp_path) is None
