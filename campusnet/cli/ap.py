"""Access point tasks: push the rendered UCI files; start and stop lab stand-ins."""

from __future__ import annotations

import fnmatch
import functools
from pathlib import Path

from invoke import Collection, Context, task
from rich.text import Text

from campusnet.ap_push import ap_targets, deploy_ap
from campusnet.cli import DEFAULT_INVENTORY, SIM_INVENTORY, clear_errors, hints, load, plan_and_push
from campusnet.cli.network import COMMON_HELP
from campusnet.errors import CampusnetError
from campusnet.lab import ap as lab
from campusnet.overlay import forget, source_of, update_overlay
from campusnet.push import Options
from campusnet.redact import campus_redactor
from campusnet.report import console
from campusnet.words import plural


@task(help={**COMMON_HELP,
            "check": "dry run: show the plan and every diff in full (secrets masked), write nothing",
            "yes": "do not ask for confirmation before pushing",
            "identity": "SSH private key file for root (tried with the device password)",
            "timer": "minutes after which the AP puts its backed-up files back unless the push is confirmed (default 5)",
            "no_timer": "push without scheduling that restore on the AP (the plan shows it in red)"})
@clear_errors
def push(c: Context, inventory: str = DEFAULT_INVENTORY, limit: str = "", building: str = "", workers: int = 10,
         check: bool = False, yes: bool = False, identity: str = "", timer: int = 5, no_timer: bool = False,
         vault_password_file: str = "") -> None:
    """Push the rendered UCI files to access points: plan, confirm, schedule a restore, write, reload, verify."""
    if timer < 1:
        raise CampusnetError("--timer must be at least 1 minute")
    campus = load(inventory, vault_password_file).campus
    assert campus is not None
    targets = ap_targets(campus, limit, building, identity or None)
    if not targets:
        raise CampusnetError("no access point matches --limit/--building")
    plan_and_push(targets, Options(timer_minutes=timer, no_timer=no_timer), campus_redactor(campus.secrets),
                  workers=workers, check=check, yes=yes, noun="access point", inventory=inventory, action=deploy_ap,
                  again=functools.partial(hints.command, "ap.push", inventory, limit=limit, building=building))


@task(help={"inventory": f"inventory whose access points to stand in for (default {DEFAULT_INVENTORY})",
            "limit": "only access points whose name matches this glob, e.g. 'ap-a-*' (default: all)",
            "count": "at most N of them, the first by name (default: all; each is a systemd container)",
            "port_base": "first TCP port on 127.0.0.1, stand-ins get consecutive ports (default: free ports)",
            "vault_password_file": COMMON_HELP["vault_password_file"]})
@clear_errors
def lab_up(c: Context, inventory: str = DEFAULT_INVENTORY, limit: str = "", count: int = 0, port_base: int = 0,
           vault_password_file: str = "") -> None:
    """Start AP stand-in containers (sshd + reload_config); build/sim aims the inventory's APs at them."""
    campus = load(inventory, vault_password_file).campus
    assert campus is not None
    names = [name for name in sorted(campus.access_points) if fnmatch.fnmatchcase(name, limit or "*")][: count or None]
    if not names:
        raise CampusnetError(f"no access point matches --limit {limit}" if limit else "the inventory has no access point")
    ports: dict[str, int] = {}
    with console.status(Text("starting AP stand-ins")) as status:
        for index, name in enumerate(names):
            status.update(Text(f"starting the stand-in of {name} ({index + 1}/{len(names)})"))
            ports[name] = lab.start(lab.StandIn(name, port_base + index if port_base else 0),
                                    campus.secrets.device_password)
            console.print(f"{name}: ssh root@127.0.0.1 -p {ports[name]}")
    update_overlay(Path(SIM_INVENTORY), source_of(inventory), campus.access_points, ports)
    console.print(f"{plural(len(ports), 'AP stand-in')} running; {SIM_INVENTORY} aims the access points at them: "
                  f"push with {hints.command('ap.push', SIM_INVENTORY, limit=limit)}")


@task
@clear_errors
def lab_down(c: Context) -> None:
    """Remove this checkout's AP stand-in containers."""
    gone = lab.stop()
    forget(SIM_INVENTORY, gone)
    console.print(f"removed {plural(len(gone), 'AP stand-in')}" if gone else "no AP stand-in was running")


NAMESPACE = Collection("ap", push, lab_up, lab_down)
