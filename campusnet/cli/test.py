"""`invoke test`: lint, unit tests, slow tests and molecule scenarios, failing fast."""

from __future__ import annotations

from invoke import Context, task

from campusnet.cli import clear_errors
from campusnet.lab.testrun import PARTS, plan, run_pipeline


@task(
    iterable=["only"],
    help={
        "only": f"run only this part (repeatable): {', '.join(PARTS)}",
        "role": "run only this role's molecule scenario (roles/NAME/molecule/default)",
        "verbose": "show every step's output as it runs (default: one line per step, "
                   "the output in build/test-logs/, shown when the step fails)",
    },
)
@clear_errors
def test(c: Context, only: list[str] | None = None, role: str | None = None, verbose: bool = False) -> None:
    """Run yamllint, ansible-lint, pytest (fast, then slow) and every molecule scenario."""
    run_pipeline(plan(only or (), role), verbose=verbose)


TOP_LEVEL = [test]
