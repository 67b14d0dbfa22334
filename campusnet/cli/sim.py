"""``invoke sim.up`` / ``sim.down``: the simulated switch fleet for the lab and tests."""

from __future__ import annotations

from pathlib import Path

from invoke import Collection, Context, task

from campusnet.cli import DEFAULT_INVENTORY, clear_errors
from campusnet.inventory.load import ansible_decrypt
from campusnet.sim import fleet
from campusnet.sim.inventory import devices_from_inventory, write_sim_inventory
from campusnet.sim.spec import FleetSpec, load_spec


@task(help={
    "inventory": f"inventory whose switches to simulate (default {DEFAULT_INVENTORY})",
    "spec": "JSON spec file of devices instead of the inventory",
    "port_base": "first TCP port on 127.0.0.1; devices get consecutive ports",
    "minute_seconds": "how long a simulated minute lasts (reload timers)",
    "vault_password_file": "file holding the vault password (default: Ansible's usual sources)",
})
@clear_errors
def up(c: Context, inventory: str = DEFAULT_INVENTORY, spec: str = "", port_base: int = 0,
       minute_seconds: float = 0.0, vault_password_file: str = "") -> None:
    """Start the simulator fleet in the background; build/sim/fleet.json lists the ports."""
    if spec:
        fleet_spec = load_spec(Path(spec))
        if port_base:
            fleet_spec = fleet.renumber(fleet_spec, port_base)
    else:
        devices = devices_from_inventory(Path(inventory), port_base or 20000,
                                         ansible_decrypt(vault_password_file or None))
        fleet_spec = FleetSpec(devices=devices)
    if minute_seconds:
        fleet_spec = fleet_spec.model_copy(update={"minute_seconds": minute_seconds})
    info = fleet.up(fleet_spec)
    if not spec:
        write_sim_inventory(Path(inventory), fleet.STATE_DIR, {d["name"]: d["port"] for d in info["devices"]})
        print(f"inventory pointed at the simulators: use -i {fleet.STATE_DIR}")
    print(f"simulator pid {info['pid']}: {len(info['devices'])} devices, see build/sim/fleet.json")


@task
@clear_errors
def down(c: Context) -> None:
    """Stop the simulator fleet started by sim.up."""
    print("simulator stopped" if fleet.down() else "no simulator was running")


NAMESPACE = Collection("sim", up, down)
