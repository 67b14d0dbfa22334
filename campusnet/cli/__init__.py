"""Invoke task namespaces. Each module holds thin tasks that call the package."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from invoke.exceptions import Exit

from campusnet.cli import hints
from campusnet.errors import CampusnetError
from campusnet.inventory.issues import InventoryError
from campusnet.paths import DEFAULT_INVENTORY, SIM_INVENTORY
from campusnet.words import plural

if TYPE_CHECKING:
    from campusnet.derive import Derivation

F = TypeVar("F", bound=Callable[..., Any])

__all__ = ["DEFAULT_INVENTORY", "SIM_INVENTORY", "clear_errors", "load", "plan_and_push", "run_fleet",
           "summarise"]
PLAN_DIFF_LINES = 40  # per device in a deploy's plan; `invoke diff` shows everything


def clear_errors(func: F) -> F:
    """Turn a CampusnetError into one red line on stderr and a non-zero exit.

    An invalid inventory first prints its complete error list (report.print_inventory_error),
    whichever task loaded it: validate, render, diff, deploy, sim.up, machine.add...
    """

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except CampusnetError as error:
            if isinstance(error, InventoryError):
                from campusnet.report import print_inventory_error

                print_inventory_error(error)
            print(f"error: {error}", file=sys.stderr)
            raise Exit(code=error.exit_code) from None
        except KeyboardInterrupt:
            print("error: interrupted", file=sys.stderr)
            raise Exit(code=130) from None

    return wrapper  # type: ignore[return-value]


def build_namespace() -> Any:
    """Assemble every module of this package into one invoke Collection.

    A module contributes ``TOP_LEVEL`` (tasks shown without a prefix, the pipeline
    verbs such as ``validate``) and/or ``NAMESPACE`` (a named Collection such as
    ``sim``). Discovery keeps tasks.py thin and lets a new namespace be one file.
    """
    import importlib
    import pkgutil

    from invoke import Collection

    root = Collection()
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        for task in getattr(module, "TOP_LEVEL", ()):
            root.add_task(task)
        namespace = getattr(module, "NAMESPACE", None)
        if namespace is not None:
            root.add_collection(namespace)
    return root


def load(inventory: str, vault_password_file: str = "") -> Derivation:
    """Load and check an inventory (an overlay such as build/sim reads its source live)."""
    from campusnet.derive import load_campus
    from campusnet.inventory.load import ansible_decrypt

    if not Path(inventory).is_dir() and (missing := hints.missing_inventory(inventory)):
        raise CampusnetError(missing)
    return load_campus(inventory, decrypt=ansible_decrypt(vault_password_file or None))


def run_fleet(targets: list[Any], options: Any, redact: Any, workers: int, verb: str,
              action: Any = None) -> list[Any]:
    """Run a device action over targets with a progress display (campusnet.push.run_all)."""
    from campusnet.push import run_all
    from campusnet.report import ProgressObserver

    observer = ProgressObserver(verb)
    try:
        return run_all(targets, options, redact, workers, observer, action)
    finally:
        observer.stop()


def summarise(title: str, inventory: str, targets: list[Any], results: list[Any]) -> None:
    """The summary table of a fleet run; then, when devices of the simulated campus did not
    answer, the command that brings them back."""
    from campusnet.report import print_hint, print_results

    print_results(results, title)
    print_hint(hints.unreachable(inventory, targets, results))


def plan_and_push(targets: list[Any], options: Any, redact: Any, *, workers: int, check: bool, yes: bool,
                  noun: str, inventory: str, again: Callable[..., str], action: Any = None) -> None:
    """Dry run first (diffs and a plan table), then confirm, push what differs, summarise.

    ``again(**options)`` is this command as a hint, with options changed: the plan before a
    push shows the first PLAN_DIFF_LINES lines of each diff and names the ``--check`` run
    that shows them whole. Exits non-zero when any device failed, in the plan or in the push.
    """
    from dataclasses import replace

    from campusnet.report import console, print_diffs
    from campusnet.results import Status
    from campusnet.terminal import styled

    plan = run_fleet(targets, replace(options, dry_run=True), redact, workers, "plan", action)
    cut = print_diffs(plan, max_lines=0 if check else PLAN_DIFF_LINES)
    summarise("plan", inventory, targets, plan)
    if cut:
        whole = again(limit=cut[0], building="", check=True) if len(cut) == 1 else again(check=True)
        console.print(f"{plural(len(cut), 'diff')} shown up to {PLAN_DIFF_LINES} lines; see "
                      f"{'it' if len(cut) == 1 else 'them'} whole with {whole}")
    pending = [t for t, r in zip(targets, plan, strict=True) if r.status == Status.WOULD_CHANGE]
    failed = any(r.failed for r in plan)
    if not pending:
        if failed:
            raise Exit(code=1)
        console.print(f"nothing to do: every {noun} already runs its intended configuration")
        return
    if getattr(options, "no_timer", False):
        console.print(styled(f"--no-timer: {plural(len(pending), noun)} pushed without a commit-confirm timer; "
                             f"a push that cuts a {noun} off is not undone by the {noun}", "bold red"))
    if check:
        console.print(f"check mode: {plural(len(pending), noun)} would change; nothing pushed")
        return
    if not yes and not confirm(f"push to {plural(len(pending), noun)}?", again):
        raise CampusnetError("not confirmed; nothing pushed")
    results = run_fleet(pending, options, redact, workers, "push", action)
    summarise("push", inventory, pending, results)
    if failed or any(r.failed for r in results):
        raise Exit(code=1)


def confirm(question: str, again: Callable[..., str]) -> bool:
    """Ask on the terminal; without one, refuse clearly rather than hang."""
    if not sys.stdin.isatty():
        raise CampusnetError(f"no terminal to confirm on; nothing pushed: push with {again(yes=True)}")
    return input(f"{question} [y/N] ").strip().lower() in ("y", "yes")
