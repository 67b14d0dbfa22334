"""Switch tasks: diff against what runs, deploy safely, back up."""

from __future__ import annotations

import functools
from pathlib import Path

from invoke import Context, task
from invoke.exceptions import Exit

from campusnet.cli import (
    DEFAULT_INVENTORY,
    SIM_INVENTORY,
    clear_errors,
    hints,
    load,
    plan_and_push,
    run_fleet,
    summarise,
)
from campusnet.errors import CampusnetError
from campusnet.push import Options, Target, backup_device
from campusnet.redact import Redactor, campus_redactor
from campusnet.report import print_diffs
from campusnet.results import Status
from campusnet.targets import switch_targets

COMMON_HELP = {
    "inventory": f"inventory directory (default: {DEFAULT_INVENTORY}; {SIM_INVENTORY} after `invoke sim.up`)",
    "limit": "only devices whose name matches this glob, e.g. 'sw-g-*'",
    "building": "only devices of this building, e.g. g",
    "workers": "devices handled at once (default 10)",
    "vault_password_file": "file holding the vault password (default: Ansible's usual sources)",
}


def _targets(inventory: str, limit: str, building: str, vault_password_file: str) -> tuple[list[Target], Redactor]:
    campus = load(inventory, vault_password_file).campus
    assert campus is not None
    targets = switch_targets(campus, limit, building)
    if not targets:
        raise CampusnetError("no switch matches --limit/--building")
    return targets, campus_redactor(campus.secrets)


@task(help={**COMMON_HELP, "exit_code": "exit 1 when any device differs from its intended configuration"})
@clear_errors
def diff(c: Context, inventory: str = DEFAULT_INVENTORY, limit: str = "", building: str = "", workers: int = 10,
         exit_code: bool = False, vault_password_file: str = "") -> None:
    """Show, per switch, the lines a deploy would send (changes nothing)."""
    targets, redact = _targets(inventory, limit, building, vault_password_file)
    results = run_fleet(targets, Options(dry_run=True), redact, workers, "diff")
    print_diffs(results)
    summarise("diff", inventory, targets, results)
    if any(r.failed for r in results):
        raise Exit(code=1)
    if exit_code and any(r.status == Status.WOULD_CHANGE for r in results):
        raise Exit(code=1)


@task(help={**COMMON_HELP,
            "check": "dry run: show the plan and every diff in full, push nothing",
            "yes": "do not ask for confirmation before pushing",
            "timer": "commit-confirm timer in minutes: the device reverts by itself if not confirmed (default 5)",
            "no_timer": "push even where no commit-confirm timer can be armed (the plan shows it in red)",
            "save_first": "save a switch's unsaved running configuration before arming the timer, instead of stopping",
            "session_logs": "write netmiko session logs (secrets masked) to this directory"})
@clear_errors
def deploy(c: Context, inventory: str = DEFAULT_INVENTORY, limit: str = "", building: str = "", workers: int = 10,
           check: bool = False, yes: bool = False, timer: int = 5, no_timer: bool = False, save_first: bool = False,
           session_logs: str = "", vault_password_file: str = "") -> None:
    """Push the intended configuration to switches: plan, confirm, push with rollback, summary."""
    if timer < 1:
        raise CampusnetError("--timer must be at least 1 minute")
    targets, redact = _targets(inventory, limit, building, vault_password_file)
    options = Options(timer_minutes=timer, no_timer=no_timer, save_first=save_first,
                      session_log_dir=Path(session_logs) if session_logs else None)
    again = functools.partial(hints.command, "deploy", inventory, limit=limit, building=building)
    plan_and_push(targets, options, redact, workers=workers, check=check, yes=yes, noun="switch",
                  inventory=inventory, again=again)


@task(help={k: v for k, v in COMMON_HELP.items()})
@clear_errors
def backup(c: Context, inventory: str = DEFAULT_INVENTORY, limit: str = "", building: str = "", workers: int = 10,
           vault_password_file: str = "") -> None:
    """Fetch every switch's running configuration into backups/<device>/."""
    targets, redact = _targets(inventory, limit, building, vault_password_file)
    results = run_fleet(targets, Options(), redact, workers, "backup", backup_device)
    summarise("backup", inventory, targets, results)
    if any(r.failed for r in results):
        raise Exit(code=1)


TOP_LEVEL = [diff, deploy, backup]
