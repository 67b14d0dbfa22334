"""``invoke sim.up`` / ``sim.down``: the simulated switch fleet for the lab and tests."""

from __future__ import annotations

from pathlib import Path

from invoke import Collection, Context, task

from campusnet.cli import DEFAULT_INVENTORY, SIM_INVENTORY, clear_errors, hints
from campusnet.errors import CampusnetError
from campusnet.inventory.load import ansible_decrypt
from campusnet.overlay import forget, source_of, update_overlay
from campusnet.report import console
from campusnet.sim import fleet
from campusnet.sim.inventory import devices_from_inventory
from campusnet.sim.spec import FleetSpec, load_spec
from campusnet.words import plural


@task(help={
    "inventory": f"inventory whose switches to simulate (default {DEFAULT_INVENTORY})",
    "spec": f"JSON spec file of devices instead of the inventory (writes no {SIM_INVENTORY})",
    "port_base": "first TCP port on 127.0.0.1, devices get consecutive ports (default: free ports)",
    "minute_seconds": "how long a simulated minute lasts (reload timers)",
    "vault_password_file": "file holding the vault password (default: Ansible's usual sources)",
})
@clear_errors
def up(c: Context, inventory: str = DEFAULT_INVENTORY, spec: str = "", port_base: int = 0,
       minute_seconds: float = 0.0, vault_password_file: str = "") -> None:
    """Start one simulated switch per switch; build/sim then aims the live inventory at them."""
    if spec:
        fleet_spec = load_spec(Path(spec))
        if port_base:
            fleet_spec = fleet.renumber(fleet_spec, port_base)
    else:
        source = source_of(inventory)
        fleet_spec = FleetSpec(devices=devices_from_inventory(source, port_base,
                                                            ansible_decrypt(vault_password_file or None)))
        if (info := fleet.running()) is not None:
            if not fleet.same_devices(info["devices"], fleet_spec.devices):
                raise CampusnetError(
                    f"the simulators (pid {info['pid']}) run other switches or credentials than {source} has "
                    f"now: restart them with `{hints.line('sim.down')} && {hints.line('sim.up', inventory)}`")
            console.print(f"the simulators already run these {plural(len(info['devices']), 'switch')}: "
                          f"nothing to start")
            _aim(source, fleet_spec, info)
            return
    if minute_seconds:
        fleet_spec = fleet_spec.model_copy(update={"minute_seconds": minute_seconds})
    try:
        info = fleet.up(fleet_spec)
    except CampusnetError as error:
        if not port_base:
            raise
        raise CampusnetError(f"{error}; without --port-base they take free ports: "
                             f"{hints.command('sim.up', inventory, spec=spec)}") from None
    console.print(f"{plural(len(info['devices']), 'simulated switch')} on 127.0.0.1 (pid {info['pid']}, "
                  f"ports in {fleet.STATE_DIR / 'fleet.json'})")
    if not spec:
        _aim(source, fleet_spec, info)


def _aim(source: Path, spec: FleetSpec, info: dict[str, object]) -> None:
    devices = info["devices"]
    assert isinstance(devices, list)
    update_overlay(Path(SIM_INVENTORY), source, [d.name for d in spec.devices],
                   {d["name"]: d["port"] for d in devices})
    console.print(f"{SIM_INVENTORY} reads {source} live, its switches aimed at the simulators: "
                  f"try {hints.command('diff', SIM_INVENTORY)}")


@task
@clear_errors
def down(c: Context) -> None:
    """Stop the simulator fleet started by sim.up."""
    info = fleet.running()
    stopped = fleet.down()
    if info is not None:
        forget(SIM_INVENTORY, [d["name"] for d in info["devices"]])
    console.print("simulators stopped" if stopped else "no simulator was running")


NAMESPACE = Collection("sim", up, down)
