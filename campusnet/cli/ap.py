"""Access point tasks: push the rendered UCI files; start and stop lab stand-ins."""

from __future__ import annotations

from pathlib import Path

from invoke import Collection, Context, task
from rich.text import Text

from campusnet.ap_push import ap_targets, deploy_ap
from campusnet.cli import DEFAULT_INVENTORY, clear_errors, plan_and_push
from campusnet.cli.network import COMMON_HELP
from campusnet.derive import load_campus
from campusnet.errors import CampusnetError
from campusnet.inventory.load import ansible_decrypt
from campusnet.lab import ap as lab
from campusnet.model import Campus
from campusnet.push import Options
from campusnet.redact import campus_redactor
from campusnet.report import console

LAB_DIR = Path("build/sim")


def _campus(inventory: str, vault_password_file: str) -> Campus:
    campus = load_campus(inventory, decrypt=ansible_decrypt(vault_password_file or None)).campus
    assert campus is not None
    return campus


@task(help={**COMMON_HELP,
            "check": "dry run: show the plan and the diffs (secrets masked), write nothing",
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
    campus = _campus(inventory, vault_password_file)
    targets = ap_targets(campus, limit, building, identity or None)
    if not targets:
        raise CampusnetError("no access point matches --limit/--building")
    plan_and_push(targets, Options(timer_minutes=timer, no_timer=no_timer), campus_redactor(campus.secrets),
                  workers=workers, check=check, yes=yes, noun="access point", action=deploy_ap)


@task(help={"inventory": f"inventory whose access points to stand in for (default {DEFAULT_INVENTORY})",
            "count": "only the first N access points by name (default: all; each is a systemd container)",
            "port_base": "first TCP port on 127.0.0.1; stand-ins get consecutive ports",
            "output": f"inventory copy whose access points point at the stand-ins (default {LAB_DIR})",
            "vault_password_file": COMMON_HELP["vault_password_file"]})
@clear_errors
def lab_up(c: Context, inventory: str = DEFAULT_INVENTORY, count: int = 0, port_base: int = 22200,
           output: str = str(LAB_DIR), vault_password_file: str = "") -> None:
    """Start AP stand-in containers (sshd + reload_config) and point an inventory copy at them."""
    campus = _campus(inventory, vault_password_file)
    names = sorted(campus.access_points)[: count or None]
    ports = {name: port_base + index for index, name in enumerate(names)}
    with console.status(Text("starting AP stand-ins")) as status:
        for name, port in ports.items():
            status.update(Text(f"starting {lab.PREFIX}{name} on 127.0.0.1:{port}"))
            lab.start(lab.StandIn(name, port), campus.secrets.device_password)
            console.print(f"{name}: ssh root@127.0.0.1 -p {port}")
    lab.write_lab_inventory(Path(inventory), Path(output), ports)
    console.print(f"inventory pointed at the stand-ins: use -i {output}")


@task
@clear_errors
def lab_down(c: Context) -> None:
    """Remove every AP stand-in container."""
    gone = lab.stop()
    console.print(f"removed {len(gone)} AP stand-ins" if gone else "no AP stand-in was running")


NAMESPACE = Collection("ap", push, lab_up, lab_down)
