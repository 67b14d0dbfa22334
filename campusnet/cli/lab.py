"""Lab tasks: the local base image, and the main job on this machine's stand-ins.

`invoke lab.run` is what the README's quick start runs: the example campus validated,
rendered, and deployed twice to simulated switches and access-point containers on this
machine (the second deploy must change nothing). Nothing leaves the machine.
"""

from __future__ import annotations

from invoke import Collection, Context, task
from rich.text import Text

from campusnet.cli import DEFAULT_INVENTORY, clear_errors
from campusnet.cli import ap as ap_tasks
from campusnet.cli import inventory as inventory_tasks
from campusnet.cli import network as network_tasks
from campusnet.cli import render as render_tasks
from campusnet.cli import sim as sim_tasks
from campusnet.lab.image import IMAGE, ensure_image
from campusnet.report import console

LAB = "build/sim"


@task(help={"rebuild": f"build {IMAGE} again even if it exists (about a minute)"})
@clear_errors
def image(c: Context, rebuild: bool = False) -> None:
    """Make sure the Debian 12 base image exists; debootstrap and import it if missing."""
    ensure_image(rebuild=rebuild)


@task(help={
    "inventory": f"inventory to run (default: {DEFAULT_INVENTORY})",
    "aps": "how many access points get a stand-in container (the first N by name; default 3, 0 for none)",
    "ap_limit": "glob of the access points to push (default 'ap-a-*': the first three of the example)",
})
@clear_errors
def run(c: Context, inventory: str = DEFAULT_INVENTORY, aps: int = 3, ap_limit: str = "ap-a-*") -> None:
    """The main job: validate, render, then deploy switches and APs on local stand-ins, twice."""
    steps = [
        ("validate the inventory", lambda: inventory_tasks.validate(c, inventory=inventory)),
        ("render every device into build/", lambda: render_tasks.render(c, inventory=inventory)),
        ("start one simulated switch per switch", lambda: (sim_tasks.down(c), sim_tasks.up(c, inventory=inventory))),
        ("deploy the switches (first time: everything)", lambda: network_tasks.deploy(c, inventory=LAB, yes=True)),
        ("diff again: every switch must be unchanged", lambda: network_tasks.diff(c, inventory=LAB, exit_code=True)),
    ]
    if aps:
        steps += [
            (f"start {aps} access point stand-ins (containers)",
             lambda: (ap_tasks.lab_down(c), ap_tasks.lab_up(c, inventory=inventory, count=aps, output=LAB))),
            ("push the access points", lambda: ap_tasks.push(c, inventory=LAB, limit=ap_limit, yes=True)),
            ("push again: nothing may change", lambda: ap_tasks.push(c, inventory=LAB, limit=ap_limit, yes=True)),
        ]
    for number, (title, step) in enumerate(steps, start=1):
        console.rule(Text(f"{number}/{len(steps)} {title}", style="bold"))
        step()
    console.rule(Text("done", style="bold green"))
    console.print(f"Simulators and stand-ins keep running: try `invoke diff -i {LAB}`, "
                  f"`invoke deploy -i {LAB} --check`; stop them with `invoke lab.down`.")


@task
@clear_errors
def down(c: Context) -> None:
    """Stop the switch simulators and remove the access point stand-ins."""
    sim_tasks.down(c)
    ap_tasks.lab_down(c)


NAMESPACE = Collection("lab", image, run, down)
