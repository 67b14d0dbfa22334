"""Render tasks: device configurations into build/, golden-file checks."""

from __future__ import annotations

import sys
from pathlib import Path

from invoke import Context, task
from rich.table import Table
from rich.text import Text

from campusnet.cli import DEFAULT_INVENTORY, clear_errors, hints, load
from campusnet.errors import CampusnetError
from campusnet.redact import campus_redactor
from campusnet.render import golden as golden_files
from campusnet.render.engine import render_campus
from campusnet.render.output import Outcome, write_build
from campusnet.terminal import literal_console
from campusnet.words import plural

INVENTORY_HELP = f"inventory directory (default: {DEFAULT_INVENTORY})"
VAULT_HELP = "file holding the vault password (default: Ansible's usual sources)"
COLOURS = {"new": "cyan", "yes": "yellow", "no": "dim"}


def _table(outcomes: list[Outcome]) -> Table:
    table = Table("device", "platform", "lines", "changed", title="Rendered configurations")
    for outcome in outcomes:
        table.add_row(outcome.device, outcome.platform, str(outcome.lines),
                      Text(outcome.status, style=COLOURS[outcome.status]))
    return table


@task(help={
    "inventory": INVENTORY_HELP,
    "limit": "only devices whose name matches this glob (e.g. 'sw-g-*')",
    "building": "only devices in this building (e.g. g)",
    "diff": "print a unified diff of what changed since the last render (secrets masked)",
    "output": "directory to write into (default: build)",
    "vault_password_file": VAULT_HELP,
})
@clear_errors
def render(c: Context, inventory: str = DEFAULT_INVENTORY, limit: str = "", building: str = "",
           diff: bool = False, output: str = "build", vault_password_file: str = "") -> None:
    """Render every network device's configuration into build/<device>/."""
    campus = load(inventory, vault_password_file).campus
    assert campus is not None  # load raises instead
    results = render_campus(campus, limit, building)
    if not results:
        raise CampusnetError(f"no device matches limit={limit!r} building={building!r}")
    outcomes = write_build(results, Path(output), campus_redactor(campus.secrets))
    console = literal_console()
    console.print(_table(outcomes))
    changed = sum(o.status != "no" for o in outcomes)
    console.print(f"{plural(len(outcomes), 'device')} rendered into {output}/, {changed} changed or new")
    if diff:
        for outcome in outcomes:
            sys.stdout.write(outcome.diff)


@task(help={
    "update": "rewrite the golden files from the current render (review with git diff)",
    "inventory": f"inventory the golden files come from (default: {DEFAULT_INVENTORY})",
})
@clear_errors
def golden(c: Context, update: bool = False, inventory: str = DEFAULT_INVENTORY) -> None:
    """Compare the example campus's rendered files with tests/golden/ (or --update them)."""
    campus = load(inventory).campus
    assert campus is not None
    results = render_campus(campus)
    if update:
        changed = golden_files.update(results)
        print(f"golden files: {plural(len(changed), 'file')} rewritten or removed in {golden_files.GOLDEN}")
        return
    mismatches = golden_files.compare(results)
    redact = campus_redactor(campus.secrets)
    for mismatch in mismatches:
        sys.stdout.write(redact(mismatch.diff) or f"stale golden file: {mismatch.path}\n")
    if mismatches:
        raise CampusnetError(f"golden files: {plural(len(mismatches), 'mismatch')}: review the diff, then "
                             f"{hints.command('golden', inventory, update=True)}")
    print(f"golden files: all {len(golden_files.expected(results))} match")


TOP_LEVEL = [render, golden]
