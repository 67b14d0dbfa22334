"""The CI definitions shipped for campus repositories call the tested gate, and publish what it writes."""

from __future__ import annotations

import yaml

from tests.conftest import ROOT

CAMPUS = ROOT / "ci" / "campus"
GATE = ".campusnet/ci/campus/check.sh"


def test_gitlab_job_runs_the_gate_and_keeps_its_reports() -> None:
    job = yaml.safe_load((CAMPUS / "gitlab-ci.yml").read_text())["campusnet-check"]
    assert any(line.startswith(f'{GATE} "$CAMPUSNET_INVENTORY" reports') for line in job["script"])
    assert job["artifacts"]["reports"]["junit"] == "reports/campusnet-check.xml"
    assert job["artifacts"]["when"] == "always" and "reports/campusnet-report.html" in job["artifacts"]["paths"]


def test_github_workflow_runs_the_gate_and_keeps_its_reports() -> None:
    workflow = yaml.safe_load((CAMPUS / "github-actions.yml").read_text())
    steps = workflow["jobs"]["check"]["steps"]
    gate = next(step for step in steps if GATE in step.get("run", ""))
    assert gate["run"] == f'{GATE} "$CAMPUSNET_INVENTORY" reports'
    assert gate["env"]["CAMPUSNET_VAULT_PASSWORD"] == "${{ secrets.CAMPUSNET_VAULT_PASSWORD }}"
    upload = next(step for step in steps if step.get("uses", "").startswith("actions/upload-artifact"))
    assert upload["if"] == "always()" and "reports/campusnet-check.xml" in upload["with"]["path"]
    assert workflow["permissions"] == {"contents": "read"}
