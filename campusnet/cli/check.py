"""`invoke check`: validate, render and check every configuration offline; JUnit XML for CI."""

from __future__ import annotations

from pathlib import Path

from invoke import Context, task
from rich.table import Table

from campusnet.check.cases import Case, Verdict, counts, junit_xml
from campusnet.check.run import Settings
from campusnet.check.run import check as run_check
from campusnet.cli import DEFAULT_INVENTORY, clear_errors
from campusnet.errors import CampusnetError
from campusnet.files import atomic_write
from campusnet.report import console
from campusnet.terminal import styled

SHOWN_FAILURES = 30


def _suites(cases: list[Case]) -> Table:
    table = Table("suite", "passed", "failed", "skipped", title="invoke check")
    suites: dict[str, list[Case]] = {}
    for case in cases:
        suites.setdefault(case.suite, []).append(case)
    for suite, members in suites.items():
        tally = counts(members)
        failed = tally[Verdict.FAILED]
        table.add_row(suite, str(tally[Verdict.PASSED]), styled(str(failed), "red" if failed else ""),
                      str(tally[Verdict.SKIPPED]))
    return table


@task(help={
    "inventory": f"inventory directory (default: {DEFAULT_INVENTORY})",
    "output": "directory for the rendered server files (default: build/check)",
    "junit": "where to write the JUnit XML report (default: OUTPUT/junit.xml)",
    "servers": "render and check the server files in the checker image (--no-servers: devices only)",
    "workers": "checker containers run at once (default 2)",
    "vault_password_file": "file holding the vault password (default: Ansible's usual sources)",
})
@clear_errors
def check(c: Context, inventory: str = DEFAULT_INVENTORY, output: str = "build/check", junit: str = "",
          servers: bool = True, workers: int = 2, vault_password_file: str = "") -> None:
    """CI gate: validate, render every device and server file, run each through its own checker."""
    settings = Settings(Path(inventory), Path(output), servers, vault_password_file, max(1, workers))
    cases = run_check(settings, lambda text: console.print(styled(f"check: {text}", "dim")))
    report = Path(junit) if junit else Path(output) / "junit.xml"
    atomic_write(report, junit_xml(cases))
    console.print(_suites(cases))
    failed = [case for case in cases if case.verdict == Verdict.FAILED]
    for case in failed[:SHOWN_FAILURES]:
        console.print(styled(f"failed {case.suite}: {case.name}: {case.message}", "red"), soft_wrap=True)
    tally = counts(cases)
    console.print(f"{len(cases)} checks: {tally[Verdict.PASSED]} passed, {tally[Verdict.FAILED]} failed, "
                  f"{tally[Verdict.SKIPPED]} skipped (no checker); JUnit report: {report}", soft_wrap=True)
    if failed:
        raise CampusnetError(f"check failed: {len(failed)} of {len(cases)} checks failed (details in {report})")


TOP_LEVEL = [check]
