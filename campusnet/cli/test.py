"""`invoke test`: lint, unit tests, slow tests and molecule scenarios, failing fast."""

from __future__ import annotations

from invoke import Context, task

from campusnet.cli import clear_errors
from campusnet.errors import CampusnetError
from campusnet.lab.testrun import JOBS, PARTS, plan, run_pipeline


@task(
    iterable=["only"],
    help={
        "only": f"run only this part (repeatable): {', '.join(PARTS)}",
        "role": "run only this role's molecule scenario (roles/NAME/molecule/default)",
        "verbose": "show every step's output as it runs (default: one line per step, "
                   "the output in build/test-logs/, shown when the step fails); one step at a time",
        "jobs": f"molecule scenarios run side by side (default {JOBS}; 1 runs them one after another)",
    },
)
@clear_errors
def test(c: Context, only: list[str] | None = None, role: str | None = None, verbose: bool = False,
         jobs: int = JOBS) -> None:
    """Run yamllint, ansible-lint, pytest (fast, then slow) and every molecule scenario."""
    if jobs < 1:
        raise CampusnetError(f"--jobs {jobs}: at least 1")
    run_pipeline(plan(only or (), role), verbose=verbose, jobs=jobs)


TOP_LEVEL = [test]
