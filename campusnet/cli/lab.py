"""Lab tasks: the local base image, and the main job on this machine's stand-ins.

`invoke lab.run` is what the README's quick start runs: the example campus validated,
rendered, and deployed twice to simulated switches and access-point containers on this
machine (the second deploy must change nothing). Nothing leaves the machine.
"""

from __future__ import annotations

from collections.abc import Callable

from invoke import Collection, Context, task
from rich.text import Text

from campusnet.cli import DEFAULT_INVENTORY, SIM_INVENTORY, clear_errors, hints
from campusnet.cli import ap as ap_tasks
from campusnet.cli import inventory as inventory_tasks
from campusnet.cli import network as network_tasks
from campusnet.cli import render as render_tasks
from campusnet.cli import sim as sim_tasks
from campusnet.lab.image import IMAGE, ensure_image
from campusnet.report import console


@task(help={"rebuild": f"build {IMAGE} again even if it exists (about a minute)"})
@clear_errors
def image(c: Context, rebuild: bool = False) -> None:
    """Make sure the Debian 12 base image exists; debootstrap and import it if missing."""
    ensure_image(rebuild=rebuild)


@task(help={
    "inventory": f"inventory to run (default: {DEFAULT_INVENTORY})",
    "aps": "glob of the access points that get a stand-in container and a push (default 'ap-a-*', "
           "the example's first three; '' for none)",
})
@clear_errors
def run(c: Context, inventory: str = DEFAULT_INVENTORY, aps: str = "ap-a-*") -> None:
    """The main job: validate, render, then deploy switches and APs on local stand-ins, twice."""
    lab = SIM_INVENTORY
    steps: list[tuple[str, Callable[[], object]]] = [
        ("validate the inventory", lambda: inventory_tasks.validate(c, inventory=inventory)),
        ("render every device into build/", lambda: render_tasks.render(c, inventory=inventory)),
        ("start one simulated switch per switch", lambda: (sim_tasks.down(c), sim_tasks.up(c, inventory=inventory))),
        ("deploy the switches (first time: everything)", lambda: network_tasks.deploy(c, inventory=lab, yes=True)),
        ("diff again: every switch must be unchanged", lambda: network_tasks.diff(c, inventory=lab, exit_code=True)),
    ]
    if aps:
        steps += [
            ("start the access point stand-ins (containers)",
             lambda: (ap_tasks.lab_down(c), ap_tasks.lab_up(c, inventory=inventory, limit=aps))),
            ("push the access points", lambda: ap_tasks.push(c, inventory=lab, limit=aps, yes=True)),
            ("push again: nothing may change", lambda: ap_tasks.push(c, inventory=lab, limit=aps, yes=True)),
        ]
    for number, (title, step) in enumerate(steps, start=1):
        console.rule(Text(f"{number}/{len(steps)} {title}", style="bold"))
        step()
    console.rule(Text("done", style="bold green"))
    tries = [hints.command("diff", lab), hints.command("deploy", lab, check=True)]
    if aps:
        tries.append(hints.command("ap.push", lab, limit=aps, check=True))
    console.print(f"The simulators and stand-ins keep running. {lab} reads {inventory} live: edit it, then try "
                  f"{', '.join(tries)}; stop them with {hints.command('lab.down')}.")


@task
@clear_errors
def down(c: Context) -> None:
    """Stop the switch simulators and remove the access point stand-ins."""
    sim_tasks.down(c)
    ap_tasks.lab_down(c)


NAMESPACE = Collection("lab", image, run, down)
