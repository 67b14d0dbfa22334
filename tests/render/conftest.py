"""The two campuses every render check runs on: the example and a generated one."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from campusnet import gen, model
from campusnet.derive import load_campus
from campusnet.render.engine import Rendered, render_campus

ROOT = Path(__file__).resolve().parents[2]
GENERATED = gen.Spec(buildings=10, members=300, seed=7)


@dataclass(frozen=True)
class Case:
    inventory: Path
    campus: model.Campus
    rendered: dict[str, Rendered]  # device -> its files

    def text(self, device: str) -> str:
        return "".join(self.rendered[device].files.values())

    def personal_data(self) -> list[str]:
        members = yaml.safe_load((self.inventory / "members.yml").read_text())["members"]
        return sorted({m["name"] for m in members} | {m["email"] for m in members})


def _case(inventory: Path) -> Case:
    campus = load_campus(inventory).campus
    assert campus is not None
    return Case(inventory, campus, {r.device: r for r in render_campus(campus)})


@pytest.fixture(scope="session")
def example() -> Case:
    return _case(ROOT / "inventories" / "example")


@pytest.fixture(scope="session")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Case:
    directory = tmp_path_factory.mktemp("generated")
    gen.write(GENERATED, directory)
    return _case(directory)


@pytest.fixture(params=["example", "generated"])
def case(request: pytest.FixtureRequest) -> Case:
    return request.getfixturevalue(request.param)
