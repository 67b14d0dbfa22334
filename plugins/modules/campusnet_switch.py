#!/usr/bin/python
"""Ansible module: push one switch with the Campusnet engine (check and diff modes)."""

from __future__ import annotations

DOCUMENTATION = r"""
module: campusnet_switch
short_description: Push a switch's intended configuration with backup, commit-confirm and rollback
description:
  - Renders the switch's configuration from the Campusnet inventory, fetches the running
    configuration, backs it up, and sends the hier_config remediation under a commit-confirm
    timer; verifies, then saves, or rolls back from the backup.
  - The same engine as C(invoke deploy). Credentials come from the inventory's secrets.yml
    (vault-decrypted with ANSIBLE_VAULT_PASSWORD_FILE); they are never module arguments.
  - Runs on the controller (C(ansible_connection=local)).
options:
  inventory:
    description: Campusnet inventory directory.
    type: path
    required: true
  device:
    description: Switch name in the inventory.
    type: str
    required: true
  timer_minutes:
    description: Commit-confirm timer, in minutes (at least 1); the switch restores its saved configuration if not confirmed.
    type: int
    default: 5
  no_timer:
    description:
      - Push even where no commit-confirm timer can be armed (a lost session is then not undone
        by the switch). Without it such a switch is left untouched.
    type: bool
    default: false
  save_first:
    description:
      - Save unsaved changes of the running configuration before arming the timer (the timer
        restores the saved configuration). Without it a switch whose saved and running
        configurations differ is left untouched.
    type: bool
    default: false
  backup_dir:
    description: Where running configurations are saved before any change.
    type: path
    default: backups
author: Campusnet team
"""

EXAMPLES = r"""
- name: Push the switch
  campusnet.core.campusnet_switch:
    inventory: "{{ inventory_dir }}"
    device: "{{ inventory_hostname }}"
"""

RETURN = r"""
status:
  description: unchanged, would change, changed, failed (rolled back / untouched / timer restores), unreachable.
  type: str
  returned: always
lines:
  description: Number of remediation lines.
  type: int
  returned: always
backup:
  description: Path of the backup taken before any change.
  type: str
  returned: when the device answered
"""

from pathlib import Path

from ansible.module_utils.basic import AnsibleModule


def main() -> None:
    module = AnsibleModule(
        argument_spec={
            "inventory": {"type": "path", "required": True},
            "device": {"type": "str", "required": True},
            "timer_minutes": {"type": "int", "default": 5},
            "no_timer": {"type": "bool", "default": False},
            "save_first": {"type": "bool", "default": False},
            "backup_dir": {"type": "path", "default": "backups"},
        },
        supports_check_mode=True,
    )
    try:
        from campusnet.derive import load_campus
        from campusnet.errors import CampusnetError
        from campusnet.inventory.issues import describe
        from campusnet.push import Options, deploy_device
        from campusnet.redact import campus_redactor
        from campusnet.results import Status
        from campusnet.targets import switch_targets
    except ImportError as error:
        module.fail_json(msg=f"campusnet is not importable by {module._name}: {error} (set ansible_python_interpreter)")
    params = module.params
    if params["timer_minutes"] < 1:
        module.fail_json(msg="timer_minutes must be at least 1 minute")
    try:
        campus = load_campus(params["inventory"]).campus
        targets = switch_targets(campus, limit=params["device"])
    except CampusnetError as error:
        module.fail_json(msg=describe(error))
    if len(targets) != 1:
        module.fail_json(msg=f"no switch named {params['device']} in {params['inventory']}")
    options = Options(dry_run=module.check_mode, timer_minutes=params["timer_minutes"], no_timer=params["no_timer"],
                      save_first=params["save_first"], backup_dir=Path(params["backup_dir"]))
    result = deploy_device(targets[0], options, campus_redactor(campus.secrets))
    output = {"status": str(result.status), "lines": result.lines, "backup": result.backup,
              "changed": result.status in (Status.CHANGED, Status.WOULD_CHANGE)}
    if module._diff and result.diff:
        output["diff"] = {"prepared": result.diff}
    if result.failed:
        module.fail_json(msg=f"{result.device}: {result.status}: {result.message}", **output)
    module.exit_json(**output)


if __name__ == "__main__":
    main()
