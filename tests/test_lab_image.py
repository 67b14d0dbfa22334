"""Unit tests for the lab helpers: mirror discovery and the test pipeline plan."""

from __future__ import annotations

from pathlib import Path

import pytest

from campusnet.errors import CampusnetError
from campusnet.lab import testrun
from campusnet.lab.image import configure_apt
from campusnet.lab.mirror import debian_mirror
from campusnet.lab.testrun import PARTS, Step, all_steps, plan, run_pipeline

DEB822 = """\
Types: deb
URIs: http://security.example.org/debian-security
Suites: bookworm-security
Components: main

Types: deb-src
URIs: http://src.example.org/debian
Suites: bookworm
Components: main

Types: deb
URIs: http://disabled.example.org/debian
Suites: bookworm
Enabled: no

Types: deb
# a comment inside the stanza
URIs: http://mirror.example.org/debian/
Suites: bookworm bookworm-updates
Components: main
"""


def _apt_dir(tmp_path: Path, sources_list: str = "", deb822: str = "") -> Path:
    (tmp_path / "sources.list.d").mkdir()
    (tmp_path / "sources.list").write_text(sources_list)
    (tmp_path / "sources.list.d" / "debian.sources").write_text(deb822)
    (tmp_path / "sources.list.d" / "nodesource.sources.disabled").write_text(
        "Types: deb\nURIs: http://other.example.org/node\nSuites: bookworm\n"
    )
    return tmp_path


def test_mirror_from_deb822_skips_security_source_and_disabled(tmp_path: Path) -> None:
    assert debian_mirror(_apt_dir(tmp_path, deb822=DEB822)) == "http://mirror.example.org/debian"


def test_mirror_from_one_line_sources_with_options(tmp_path: Path) -> None:
    sources = (
        "# deb http://commented.example.org/debian bookworm main\n"
        "deb http://security.example.org/debian-security bookworm-security main\n"
        "deb [arch=amd64 signed-by=/k.gpg] http://ftp.example.org/debian bookworm main\n"
    )
    assert debian_mirror(_apt_dir(tmp_path, sources_list=sources)) == "http://ftp.example.org/debian"


def test_mirror_missing_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(CampusnetError, match="no apt source serves Debian 'bookworm'"):
        debian_mirror(_apt_dir(tmp_path, sources_list="deb cdrom:/x bookworm main\n"))


def test_configure_apt_writes_sources_and_empties_the_cache(tmp_path: Path) -> None:
    lists = tmp_path / "var/lib/apt/lists"
    lists.mkdir(parents=True)
    (lists / "stale_Packages").write_text("x")
    (tmp_path / "var/cache/apt/archives").mkdir(parents=True)
    (tmp_path / "etc/apt/sources.list.d").mkdir(parents=True)
    (tmp_path / "etc/apt/sources.list").write_text("deb http://m/debian bookworm main\n")
    configure_apt(tmp_path, "http://m/debian")
    sources = (tmp_path / "etc/apt/sources.list.d/debian.sources").read_text()
    assert "URIs: http://m/debian\nSuites: bookworm bookworm-updates\n" in sources
    assert not (tmp_path / "etc/apt/sources.list").exists()
    assert list(lists.iterdir()) == []
    assert lists.stat().st_mtime == 0


def test_plan_orders_parts_and_filters() -> None:
    parts = [step.part for step in all_steps(["a", "b"])]
    assert parts == ["lint", "lint", "lint", "lint", "unit", "slow", "molecule", "molecule"]
    assert {step.part for step in plan(["unit", "lint"])} == {"unit", "lint"}
    assert set(PARTS) == set(parts)


def test_plan_rejects_unknown_part_and_role() -> None:
    with pytest.raises(CampusnetError, match="unknown part"):
        plan(["bogus"])
    with pytest.raises(CampusnetError, match="no roles/no-such-role/molecule/default"):
        plan(role="no-such-role")


def test_plan_for_one_role_runs_only_its_scenario() -> None:
    assert [step.name for step in plan(role="common")] == ["molecule common"]


@pytest.fixture
def logs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Step logs of these made-up steps go to a temporary folder, not build/test-logs."""
    monkeypatch.setattr(testrun, "LOG_DIR", tmp_path / "test-logs")
    return tmp_path / "test-logs"


@pytest.mark.usefixtures("logs")
def test_pipeline_stops_at_first_failure_and_accepts_listed_codes(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    steps = [
        Step("no tests", "slow", ("sh", "-c", "exit 5"), ok_codes=frozenset({0, 5})),
        Step("broken", "unit", ("sh", "-c", "exit 3")),
        Step("never", "unit", ("touch", str(marker))),
    ]
    with pytest.raises(CampusnetError, match="test step 'broken' failed \\(exit 3\\)"):
        run_pipeline(steps)
    assert not marker.exists()


@pytest.mark.usefixtures("logs")
def test_side_by_side_steps_overlap_and_none_starts_after_a_failure(tmp_path: Path) -> None:
    """Two molecule steps that each wait for the other's mark can only pass side by side;
    after a failure the queued step never starts, and the error names the failed step."""
    first, second, never = (tmp_path / name for name in ("first", "second", "never"))
    wait = "touch {mine}; for i in $(seq 100); do [ -e {other} ] && exit 0; sleep 0.05; done; exit 1"
    steps = [
        Step("a", "molecule", ("sh", "-c", wait.format(mine=first, other=second))),
        Step("b", "molecule", ("sh", "-c", wait.format(mine=second, other=first))),
    ]
    assert [outcome.ok for outcome in run_pipeline(steps, jobs=2)] == [True, True]
    failing = [Step("broken", "molecule", ("sh", "-c", "exit 3")),
               Step("later", "molecule", ("sh", "-c", "sleep 0.5")),
               Step("never", "molecule", ("touch", str(never)))]
    with pytest.raises(CampusnetError, match="test step 'broken' failed \\(exit 3\\)"):
        run_pipeline(failing, jobs=2)
    assert not never.exists()
