"""Inventory tasks: validate an inventory, generate synthetic ones."""

from __future__ import annotations

from pathlib import Path

from invoke import Context, task

from campusnet import gen as generator
from campusnet.cli import DEFAULT_INVENTORY, clear_errors, hints, load
from campusnet.redact import campus_redactor
from campusnet.render.engine import RenderError, render_campus
from campusnet.render.output import compare_build
from campusnet.report import print_issues, print_render_changes, print_summary, print_warning
from campusnet.words import plural

INVENTORY_HELP = f"inventory directory (default: {DEFAULT_INVENTORY})"
VAULT_HELP = "file holding the vault password (default: Ansible's usual sources)"


@task(help={"inventory": INVENTORY_HELP, "vault_password_file": VAULT_HELP,
            "build": "the last render to compare with (default: build)"})
@clear_errors
def validate(c: Context, inventory: str = DEFAULT_INVENTORY, vault_password_file: str = "", build: str = "build") -> None:
    """Check the inventory: schema, references, addresses, topology; print a summary, each
    building's path to the router, and what changed since the last render (writes nothing)."""
    derivation = load(inventory, vault_password_file)
    print_issues(derivation.warnings, "warning")
    print_summary(derivation)
    campus = derivation.campus
    assert campus is not None
    try:
        outcomes = compare_build(render_campus(campus), Path(build), campus_redactor(campus.secrets))
    except RenderError:
        print_warning("cannot compare with the last render: some templates fail "
                      f"({hints.command('render', inventory)} names each device)")
        return
    options = {"output": build} if build != "build" else {}
    print_render_changes(outcomes, build, hints.command("render", inventory, **options),
                         hints.command("render", inventory, diff=True, **options))


@task(name="gen", help={
    "buildings": "number of residence buildings (default 8, the example campus)",
    "members": "number of members (default 400)",
    "switches": "number of access switches (default: one per 44 rooms)",
    "access_points": "number of access points (default 16)",
    "clubs": "number of clubs (default 12)",
    "seed": "random seed: the same seed gives the same files (default 2009)",
    "output": "directory to write the inventory into (required)",
})
@clear_errors
def generate(c: Context, output: str, buildings: int = 8, members: int = 400, switches: int = 0,
             access_points: int = 16, clubs: int = 12, seed: int = 2009) -> None:
    """Write a deterministic synthetic campus (synthetic people only)."""
    spec = generator.Spec(buildings, members, switches or None, access_points, clubs, seed)
    written = generator.write(spec, Path(output))
    print(f"wrote {plural(len(written), 'file')} to {output}")


TOP_LEVEL = [validate, generate]
