"""Diffs in hier_config's terms: a line the device prints elsewhere is no change."""

from __future__ import annotations

from hier_config import Platform

from campusnet.diff import config_diff, remediation
from tests.conftest import EXAMPLE

GOLDEN = EXAMPLE.parent.parent / "tests" / "golden" / "hp_procurve"


def _moved(text: str, line: str) -> str:
    """``text`` with ``line`` printed last, as a switch may list it after a reload."""
    lines = text.splitlines()
    lines.remove(line)
    return "\n".join([*lines, line]) + "\n"


def test_a_moved_line_is_no_change() -> None:
    intended = (GOLDEN / "sw-g-1.cfg").read_text()
    assert "aaa port-access mac-based 1-43" in intended.splitlines()
    running = _moved(intended, "aaa port-access mac-based 1-43")
    assert running != intended
    assert remediation(Platform.HP_PROCURVE, running, intended) == []
    assert config_diff(Platform.HP_PROCURVE, running, intended, "sw-g-1") == ""


def test_a_change_shows_under_its_parent_removed_lines_first() -> None:
    intended = (GOLDEN / "sw-g-1.cfg").read_text()
    running = _moved(intended.replace('name "room g002"', 'name "room g999"'), "aaa port-access mac-based 1-43")
    diff = config_diff(Platform.HP_PROCURVE, running, intended, "sw-g-1").splitlines()
    assert diff == ["--- sw-g-1 (running)", "+++ sw-g-1 (intended)",
                    " interface 2", '-  name "room g999"', '+  name "room g002"']
