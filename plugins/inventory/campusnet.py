"""Ansible inventory plugin: the Campusnet campus inventory, validated and derived.

The same loader and validator as `invoke validate` (the campusnet package) read the
topic files beside campusnet.yml; a bad inventory stops Ansible with the same
file/key messages, before any play starts.
"""

from __future__ import annotations

import os

from ansible.errors import AnsibleError, AnsibleParserError
from ansible.plugins.inventory import BaseInventoryPlugin

DOCUMENTATION = r"""
name: campusnet
short_description: Campusnet campus inventory (switches, access points, servers)
description:
  - Reads the campus topic files (network.yml, buildings.yml, switches.yml, ...) in the
    directory of a C(campusnet.yml) file, validates them and derives the campus model.
  - Groups hosts by kind (switches, access_points, servers), platform, service and building,
    and gives each host the variables its roles need.
  - Vault-encrypted files are decrypted with the vault secrets Ansible was given.
options:
  plugin:
    description: C(campusnet) (this repository's ansible.cfg), or C(campusnet.core.campusnet) where the collection is installed.
    required: true
    choices: ['campusnet', 'campusnet.core.campusnet']
  source:
    description:
      - Makes this directory an overlay (C(invoke sim.up) writes build/sim so) - the campus is
        read live from this inventory directory, relative to this file, and only where its
        devices are reached changes (see C(connect)).
    type: path
  connect:
    description:
      - With C(source), device name -> C(127.0.0.1:PORT) of its simulator or stand-in; every
        other device is aimed at a closed loopback port.
    type: dict
"""


class InventoryModule(BaseInventoryPlugin):  # type: ignore[misc]
    NAME = "campusnet"

    def verify_file(self, path: str) -> bool:
        return bool(super().verify_file(path)) and os.path.basename(path) == "campusnet.yml"

    def parse(self, inventory, loader, path, cache=True):  # type: ignore[no-untyped-def]
        super().parse(inventory, loader, path, cache)
        self._read_config_data(path)
        try:
            from campusnet.ansible_vars import layout
            from campusnet.derive import load_campus
            from campusnet.errors import CampusnetError
            from campusnet.inventory.issues import describe
        except ImportError as error:
            raise AnsibleParserError(f"campusnet package not importable ({error}); run: pip install -e .") from None

        def decrypt(data: bytes, filename: str) -> bytes:
            try:
                return bytes(loader._vault.decrypt(data))
            except AnsibleError as error:
                reason = (str(error).strip().splitlines() or ["no password"])[0]
                raise CampusnetError(f"{filename}: cannot decrypt the vault ({reason}); give ansible the vault "
                                     "password (--vault-password-file or ANSIBLE_VAULT_PASSWORD_FILE)") from None

        try:
            campus = load_campus(os.path.dirname(path), decrypt=decrypt).campus
        except CampusnetError as error:
            raise AnsibleParserError(describe(error)) from None
        assert campus is not None
        result = layout(campus)
        for group, hosts in sorted(result.groups.items()):
            self.inventory.add_group(group)
            for host in hosts:
                self.inventory.add_host(host, group=group)
        for host, variables in result.hostvars.items():
            for key, value in variables.items():
                self.inventory.set_variable(host, key, value)
        for group, variables in result.groupvars.items():
            for key, value in variables.items():
                self.inventory.set_variable(group, key, value)
