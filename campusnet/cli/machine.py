"""Members' machines: register one with a stable address."""

from __future__ import annotations

from invoke import Collection, Context, task

from campusnet.cli import DEFAULT_INVENTORY, clear_errors
from campusnet.inventory.load import ansible_decrypt
from campusnet.machines import add_machine


@task(help={
    "member": "the member's pseudonymous id, e.g. m0042",
    "name": "machine name (a DNS label, public: suggest e.g. m0042-laptop)",
    "mac": "MAC address, e.g. 02:00:5e:10:00:01",
    "wifi": "the machine connects over wifi (default: wired)",
    "inventory": f"inventory directory (default: {DEFAULT_INVENTORY})",
    "vault_password_file": "file holding the vault password (default: Ansible's usual sources)",
})
@clear_errors
def add(c: Context, member: str, name: str, mac: str, wifi: bool = False, inventory: str = DEFAULT_INVENTORY,
        vault_password_file: str = "") -> None:
    """Register a machine: next free address of the member's VLAN, validated, one new row."""
    row = add_machine(inventory, member, name, mac, "wifi" if wifi else "wired",
                      ansible_decrypt(vault_password_file or None))
    print(f"registered {member}: {row}")


NAMESPACE = Collection("machine", add)
