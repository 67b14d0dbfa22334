"""Inventory tasks: validate an inventory, generate synthetic ones."""

from __future__ import annotations

from pathlib import Path

from invoke import Context, task

from campusnet import gen as generator
from campusnet.cli import DEFAULT_INVENTORY, clear_errors
from campusnet.derive import load_campus
from campusnet.inventory.load import ansible_decrypt
from campusnet.report import print_issues, print_summary

INVENTORY_HELP = f"inventory directory (default: {DEFAULT_INVENTORY})"
VAULT_HELP = "file holding the vault password (default: Ansible's usual sources)"


@task(help={"inventory": INVENTORY_HELP, "vault_password_file": VAULT_HELP})
@clear_errors
def validate(c: Context, inventory: str = DEFAULT_INVENTORY, vault_password_file: str = "") -> None:
    """Check the inventory: schema, references, addresses, topology; print a summary."""
    derivation = load_campus(inventory, decrypt=ansible_decrypt(vault_password_file or None))
    print_issues(derivation.warnings, "warning")
    print_summary(derivation)


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
    print(f"wrote {len(written)} files to {output}")

TOP_LEVEL = [validate, generate]
