"""A standard client at login: Ansible's network_cli (cisco.ios) against the IOS simulator.

network_cli ends lines with a bare carriage return, asks `show privilege`, enters `enable`
from the user prompt, sets the terminal, pushes with ios_config and saves with
`copy running-config startup-config`: a real IOS answers all of it, so must the simulator.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from campusnet.sim import DeviceSpec, FleetSpec, SimFleet

pytestmark = pytest.mark.slow
PLAYBOOK = """\
- name: Push with the cisco.ios collection
  hosts: all
  gather_facts: false
  tasks:
    - name: Push the lines and save
      cisco.ios.ios_config:
        src: "{{ playbook_dir }}/switch.cfg"
        save_when: modified
"""


def test_ansible_network_cli_logs_in_at_the_user_prompt_enables_pushes_and_saves(tmp_path: Path) -> None:
    device = DeviceSpec(name="x", platform="cisco_ios", port=0, username="admin", password="sim-password-12",
                        enable_secret="sim-enable-secret-12", hostname="x",
                        faults={"user_level_login": True})  # type: ignore[arg-type]
    host = {"ansible_host": "127.0.0.1", "ansible_port": 0, "ansible_user": "admin",
            "ansible_password": "sim-password-12", "ansible_connection": "ansible.netcommon.network_cli",
            "ansible_network_os": "cisco.ios.ios", "ansible_become": True, "ansible_become_method": "enable",
            "ansible_become_password": "sim-enable-secret-12", "ansible_command_timeout": 20}
    (tmp_path / "switch.cfg").write_text("vlan 30\n name lab\n!\ninterface GigabitEthernet1/0/1\n"
                                         " description room a001\n switchport access vlan 30\n!\nend\n", encoding="utf-8")
    (tmp_path / "play.yml").write_text(PLAYBOOK, encoding="utf-8")
    command = [str(Path(sys.executable).parent / "ansible-playbook"), "-i", str(tmp_path / "inventory.json"),
               str(tmp_path / "play.yml")]
    environment = {**os.environ, "ANSIBLE_HOST_KEY_CHECKING": "False", "ANSIBLE_NOCOLOR": "1"}
    with SimFleet(FleetSpec(devices=[device])) as fleet:
        host["ansible_port"] = fleet.ports()["x"]
        (tmp_path / "inventory.json").write_text(json.dumps({"all": {"hosts": {"x": host}}}), encoding="utf-8")
        done = subprocess.run(command, cwd=tmp_path, env=environment, capture_output=True, text=True, timeout=300,
                              check=False)
        assert done.returncode == 0, (done.stdout + done.stderr)[-3000:]
        state = fleet.state("x")
    assert "description room a001" in state["running"] and state["config_lines"] >= 5
    assert state["startup"] == state["running"], "ios_config's save did not reach the startup configuration"
