"""Lookup plugin: the secret or personal inputs of a server's roles, never host variables.

Password hashes, forwarding addresses, service-account passwords and signing keys come
from the vault-encrypted inventory files. Host variables are printed by
``ansible-inventory --list`` and kept in fact caches, so these values are computed only
when a play asks for them (``campusnet.service_vars.private``), for the current host.
Tasks that receive them use ``no_log: true``.
"""

from __future__ import annotations

from typing import Any

from ansible.errors import AnsibleError
from ansible.plugins.lookup import LookupBase

DOCUMENTATION = r"""
name: campusnet_private
short_description: Secret or personal role inputs of the current host, from the campus inventory
description:
  - Loads the campus inventory beside the host's C(campusnet.yml) (decrypting vault files with the
    vault secrets Ansible was given) and returns the named private inputs of the current host.
  - Known names are those of C(campusnet.service_vars.private), e.g. C(directory_members),
    C(directory_service_passwords), C(directory_bind_password), C(mail_dkim_private_key).
options:
  _terms:
    description: Names of the private inputs.
    required: true
"""

EXAMPLES = r"""
- name: Give the mail role the directory password of this server
  ansible.builtin.include_role:
    name: mail
  vars:
    mail_ldap_bind_password: "{{ lookup('campusnet_private', 'directory_bind_password') }}"
"""

RETURN = r"""
_raw:
  description: One value per name.
  type: list
"""


class LookupModule(LookupBase):  # type: ignore[misc]
    def run(self, terms: list[str], variables: dict[str, Any] | None = None, **kwargs: Any) -> list[Any]:
        variables = variables or {}
        host, directory = variables.get("inventory_hostname"), variables.get("inventory_dir")
        if not host or not directory:
            raise AnsibleError("campusnet_private: needs a host of a campus inventory (inventory_hostname, inventory_dir)")
        try:
            from campusnet.derive import load_campus
            from campusnet.errors import CampusnetError
            from campusnet.service_vars import private
        except ImportError as error:
            raise AnsibleError(f"campusnet package not importable ({error}); run: pip install -e .") from None

        def decrypt(data: bytes, filename: str) -> bytes:
            return bytes(self._loader._vault.decrypt(data))

        try:
            campus = load_campus(directory, decrypt=decrypt).campus
        except CampusnetError as error:  # the inventory plugin already reported the details
            raise AnsibleError(f"campusnet_private: {error}") from None
        if campus is None or host not in campus.servers:
            raise AnsibleError(f"campusnet_private: {host} is not a server of the campus inventory")
        values = private(campus, host)
        missing = [term for term in terms if term not in values]
        if missing:
            raise AnsibleError(f"campusnet_private: {host} has no private input {', '.join(missing)} "
                               f"(it has: {', '.join(sorted(values)) or 'none'})")
        return [values[term] for term in terms]
