"""The project's test pipeline: lint, unit tests, slow tests, then every role's molecule scenario.

Steps run one after another and stop at the first failure; the molecule scenarios, each in
containers and networks of its own, run ``jobs`` at a time (the biggest first), and none
starts after one failed. A passing run is quiet: each step's output goes to
build/test-logs/<step>.log and the terminal shows one line per step; a failing step shows the
end of its log. ``verbose`` streams every step's output instead (one step at a time). A
timing table closes the run.
"""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from rich.console import Console
from rich.table import Table
from rich.text import Text

from campusnet.errors import CampusnetError
from campusnet.files import private_dir, private_file
from campusnet.lab.podman import REPO_ROOT, podman_env
from campusnet.terminal import literal_console

PARTS = ("lint", "unit", "slow", "molecule")
VENV_BIN = Path(sys.executable).parent
LOG_DIR = REPO_ROOT / "build" / "test-logs"
ANSIBLE_HOME = REPO_ROOT / ".venv" / "ansible-home"  # the lint step's, this checkout's own
TAIL_LINES = 60  # of a failed step's log, on the terminal
FAILURE_LINES = 40  # at most, of the failed tasks' reports (a log's tail may not reach them)
FAILURE_WIDTH = 2000  # characters kept of each such line (Ansible reports a failure on one line)
#: What marks a failure in Ansible's output (inside Molecule's: ansible-core 2.19 writes
#: "[ERROR]:", older ones "ERROR!"; Molecule lists an idempotence failure's tasks), and the
#: task or handler it belongs to.
FAILURE = re.compile(r"\b(?:fatal|failed): \[|\bFAILED!|\bERROR!|\[ERROR\]:|Idempotence test failed")
TASK = re.compile(r"\b(?:TASK|PLAY|RUNNING HANDLER) \[")
ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
FRAME = re.compile(r"^\s*│ ?")  # Molecule's left border around Ansible's output
#: Molecule scenarios side by side by default: much of their time is waiting (apt, systemd,
#: the services' own timers), so two overlap well even on a two-core machine.
JOBS = 2


@dataclass(frozen=True)
class Step:
    """One command of the pipeline and the exit codes that count as success."""

    name: str
    part: str
    argv: tuple[str, ...]
    cwd: Path = REPO_ROOT
    ok_codes: frozenset[int] = field(default_factory=lambda: frozenset({0}))
    env: tuple[tuple[str, str], ...] = ()  # set for this step only


@dataclass(frozen=True)
class Outcome:
    """How a step ended."""

    step: Step
    code: int
    seconds: float

    @property
    def ok(self) -> bool:
        return self.code in self.step.ok_codes


def molecule_roles(root: Path = REPO_ROOT) -> list[str]:
    """Return the roles that own a default molecule scenario, the biggest first.

    Roles tested together share one scenario: the others' ``molecule/default`` is a symlink
    to it, so it runs once, under the role that owns the real directory. Biggest means the
    most bytes in the scenario's files (platforms, converge, verify): a rough measure of its
    time (on the 2026-11-30 run, the three biggest were the three longest), so that parallel
    runs do not end waiting on a long scenario started last.
    """
    def size(scenario: Path) -> int:
        return sum(path.stat().st_size for path in scenario.rglob("*") if path.is_file())

    scenarios = [path.parent for path in root.glob("roles/*/molecule/default/molecule.yml")
                 if not path.parent.is_symlink()]
    scenarios.sort(key=lambda scenario: (-size(scenario), scenario.parents[1].name))
    return [scenario.parents[1].name for scenario in scenarios]


def scenario_owner(role: str, root: Path = REPO_ROOT) -> str | None:
    """The role whose scenario ``role``'s molecule/default is (itself, or a symlink's target)."""
    scenario = root / "roles" / role / "molecule" / "default"
    if not (scenario / "molecule.yml").is_file():
        return None
    return scenario.resolve().parents[1].name


def all_steps(roles: Sequence[str]) -> list[Step]:
    """Every step in pipeline order: fast and cheap first, containers last."""
    pytest = (sys.executable, "-m", "pytest")
    return [
        Step("ruff", "lint", ("ruff", "check", "campusnet", "plugins", "tests", "tasks.py")),
        Step("mypy", "lint", ("mypy",)),  # strict, on campusnet and tasks.py (pyproject.toml)
        Step("yamllint", "lint", ("yamllint", ".")),
        # ansible-lint puts ANSIBLE_HOME/collections (default ~/.ansible) first on the collection
        # path: a campusnet.core installed there from another checkout would shadow this one.
        Step("ansible-lint", "lint", ("ansible-lint", "--offline", "--profile", "production"),
             env=(("ANSIBLE_HOME", str(ANSIBLE_HOME)),)),
        Step("pytest (fast)", "unit", (*pytest, "-m", "not slow")),
        # Exit 5 means "no test collected": a checkout without slow tests is not a failure.
        Step("pytest (slow)", "slow", (*pytest, "-m", "slow"), ok_codes=frozenset({0, 5})),
        *(
            Step(f"molecule {role}", "molecule", ("molecule", "test"), cwd=REPO_ROOT / "roles" / role)
            for role in roles
        ),
    ]


def plan(only: Sequence[str] = (), role: str | None = None) -> list[Step]:
    """Select the steps to run: some parts only, or one role's molecule scenario."""
    unknown = sorted(set(only) - set(PARTS))
    if unknown:
        raise CampusnetError(f"--only {', '.join(unknown)}: unknown part (choose from {', '.join(PARTS)})")
    roles = molecule_roles()
    if role is not None:
        owner = scenario_owner(role)
        if owner is None:
            raise CampusnetError(f"--role {role}: no roles/{role}/molecule/default (have: {', '.join(roles)})")
        roles = [owner]
        only = only or ("molecule",)
    parts = set(only or PARTS)
    return [step for step in all_steps(roles) if step.part in parts]


def step_env() -> dict[str, str]:
    """Environment for every step: project podman settings, this venv's tools first on PATH.

    molecule calls ansible-config and ansible-playbook by name, so the venv must be on PATH.
    """
    env = podman_env()
    env["PATH"] = f"{VENV_BIN}{os.pathsep}{env.get('PATH', '')}"
    return env


def log_path(step: Step) -> Path:
    """build/test-logs/<step name with words joined by dashes>.log, relative to the working
    directory when inside it (as it is shown)."""
    path = LOG_DIR / ("-".join(re.findall(r"[a-z0-9_]+", step.name.lower())) + ".log")
    return Path(os.path.relpath(path)) if path.is_relative_to(Path.cwd()) else path


def failure_report(lines: Sequence[str]) -> list[str]:
    """The lines of a log that say what failed: each failed task's report under its TASK line.

    Molecule prints a long destroy and recap after the failure, so the end of its log rarely
    shows which task failed or why; this does, without colour codes or Molecule's frame, a
    report's wrapped (indented) lines with it, each line cut to FAILURE_WIDTH characters and
    at most FAILURE_LINES lines.
    """
    report: list[str] = []
    task = None
    reporting = False
    for line in (FRAME.sub("", ANSI.sub("", line)) for line in lines):
        if TASK.search(line):
            task, reporting = line.strip(), False
        elif FAILURE.search(line):
            if task is not None:
                report.append(task)
                task = None
            report.append(line.strip()[:FAILURE_WIDTH])
            reporting = True
        elif reporting and (line[:1].isspace() or line.startswith("* ")) and line.strip():
            report.append(line.rstrip()[:FAILURE_WIDTH])
        else:
            reporting = False
    return report[:FAILURE_LINES]


def run_step(step: Step, console: Console, verbose: bool = False, spinner: bool = True) -> Outcome:
    """Run one step: its output into its log (or, verbose, to the terminal); one line says how it ended.

    ``spinner``: show a status line while it runs (not when steps run side by side).
    """
    env = {**step_env(), **dict(step.env)}
    if step.part == "molecule":  # molecule wraps output at COLUMNS (80 without a terminal): keep tables whole
        env.setdefault("COLUMNS", "200")
    started = time.monotonic()
    log = None if verbose else log_path(step)
    if log is None:
        console.rule(Text(step.name, style="bold"))
    else:  # logs hold the test campuses' configurations and secrets: private like build/ outputs
        private_file(private_dir(LOG_DIR) / log.name)
    try:
        with contextlib.ExitStack() as stack:
            output = stack.enter_context(open(log, "wb")) if log else None
            if log and spinner:
                stack.enter_context(console.status(f"{step.name} ..."))
            code = subprocess.run(step.argv, cwd=step.cwd, env=env, stdout=output,
                                  stderr=subprocess.STDOUT if output else None, check=False).returncode
    except FileNotFoundError:
        code = 127
    outcome = Outcome(step, code, time.monotonic() - started)
    if log:
        console.print(f"{step.name}: {'ok' if outcome.ok else f'failed (exit {code})'} "
                      f"({outcome.seconds:.0f} s)")
        if not outcome.ok:
            lines = log.read_text(encoding="utf-8", errors="replace").splitlines()
            report = failure_report(lines)
            if report:
                console.rule(f"what failed, from {log}")
                console.print("\n".join(report), soft_wrap=True, markup=False, highlight=False)
            console.rule(f"the last {min(TAIL_LINES, len(lines))} lines of {log}")
            console.print("\n".join(lines[-TAIL_LINES:]), soft_wrap=True, markup=False, highlight=False)
            console.rule()
    return outcome


def summary(outcomes: Sequence[Outcome], wall: float) -> Table:
    """One row per step that ran: result and time; the total is wall time (steps overlap)."""
    table = Table(title="test timings", title_justify="left")
    table.add_column("step")
    table.add_column("result")
    table.add_column("seconds", justify="right")
    for outcome in outcomes:
        result = Text("ok", style="green") if outcome.ok else Text(f"failed (exit {outcome.code})", style="red")
        table.add_row(outcome.step.name, result, f"{outcome.seconds:.0f}")
    table.add_row("total (wall)", "", f"{wall:.0f}")
    return table


def run_side_by_side(steps: Sequence[Step], console: Console, jobs: int) -> list[Outcome]:
    """Run steps ``jobs`` at a time, in order of start; once one failed, none starts."""
    failed = threading.Event()

    def one(step: Step) -> Outcome | None:
        if failed.is_set():
            return None
        outcome = run_step(step, console, spinner=False)
        if not outcome.ok:
            failed.set()
        return outcome

    with console.status(f"{len(steps)} steps, {jobs} at a time ..."), ThreadPoolExecutor(jobs) as pool:
        return [outcome for outcome in pool.map(one, steps) if outcome is not None]


def run_pipeline(steps: Sequence[Step], console: Console | None = None, verbose: bool = False,
                 jobs: int = 1) -> list[Outcome]:
    """Run steps in order, stopping at the first failure, which raises CampusnetError.

    With ``jobs`` > 1 (and not ``verbose``), the molecule steps run that many at a time.
    """
    console = console or literal_console()
    started = time.monotonic()
    side_by_side = [step for step in steps if step.part == "molecule"] if jobs > 1 and not verbose else []
    outcomes: list[Outcome] = []
    for step in steps:
        if step in side_by_side:
            continue
        outcomes.append(run_step(step, console, verbose))
        if not outcomes[-1].ok:
            break
    if side_by_side and all(outcome.ok for outcome in outcomes):
        outcomes += run_side_by_side(side_by_side, console, jobs)
    console.print(summary(outcomes, time.monotonic() - started))
    failed = next((outcome for outcome in outcomes if not outcome.ok), None)
    if failed is not None:
        where = "" if verbose else f"; its whole output: {log_path(failed.step)}"
        raise CampusnetError(f"test step '{failed.step.name}' failed (exit {failed.code}){where}")
    return outcomes
