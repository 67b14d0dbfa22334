"""The router's nftables ruleset at full scale, rendered by Ansible and checked by nft itself.

The router lab (Molecule) applies the ruleset of a small campus; this checks that the one
of the example and of a full-scale campus (thousands of bound address/MAC pairs) is
accepted by `nft -c` too, in a network namespace of its own (nothing is applied).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from campusnet import bench, gen, router_vars
from campusnet.derive import load_campus
from tests.conftest import EXAMPLE, ROOT

PLAYBOOK = """\
- name: Render the router's ruleset
  hosts: router-1
  connection: local
  gather_facts: false
  vars:
    ansible_python_interpreter: "{{ ansible_playbook_python }}"
    __defaults: "{{ lookup('ansible.builtin.file', role + '/defaults/main.yml') | from_yaml }}"
    nftables_quarantine_mark: "{{ __defaults.nftables_quarantine_mark }}"
  tasks:
    - name: Render
      ansible.builtin.template:
        src: "{{ role }}/templates/etc/nftables.conf.j2"
        dest: "{{ dest }}"
        mode: "0600"
"""

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(os.geteuid() != 0 or not shutil.which("nft") or not shutil.which("unshare"),
                       reason="needs root, nft and unshare (a private network namespace for nft -c)"),
]


@pytest.mark.parametrize("scale", ["example", "full"])
def test_the_ruleset_passes_nfts_own_check(scale: str, tmp_path: Path) -> None:
    inventory = EXAMPLE
    if scale == "full":
        inventory = tmp_path / "inventory"
        gen.write(bench.FULL_SCALE, inventory)
    playbook, ruleset = tmp_path / "render.yml", tmp_path / "nftables.conf"
    playbook.write_text(PLAYBOOK)
    env = {**os.environ, "ANSIBLE_CONFIG": str(ROOT / "ansible.cfg")}
    rendered = subprocess.run(
        [str(Path(sys.executable).parent / "ansible-playbook"), "-i", str(inventory), str(playbook),
         "-e", f"role={ROOT / 'roles' / 'nftables'}", "-e", f"dest={ruleset}"],
        env=env, capture_output=True, text=True, check=False)
    assert rendered.returncode == 0, rendered.stdout[-2000:] + rendered.stderr[-2000:]

    checked = subprocess.run(["unshare", "--net", "nft", "-c", "-f", str(ruleset)], capture_output=True, text=True,
                             check=False)
    assert checked.returncode == 0, checked.stderr[-2000:]

    campus = load_campus(inventory).campus
    assert campus is not None
    pairs = router_vars.bindings(campus)
    text = ruleset.read_text()
    elements = {line.strip().rstrip(",") for line in text.splitlines()}
    missing = [b for family in ("ipv4", "ipv6") for b in pairs[family] if f"{b['address']} . {b['mac']}" not in elements]
    assert not missing, missing[:3]
    # The neighbour filters: IPv4 pairs in the ARP table too, IPv6 pairs raw.
    arp = text.split("table arp campusnet {")[1]
    assert not [b for b in pairs["ipv4"] if f"\t{b['address']} . {b['mac']}" not in arp][:3]
    assert not [b for b in pairs["ipv6"] if f"{b['raw_address']} . {b['raw_mac']}" not in elements][:3]
    if scale == "full":
        assert len(pairs["ipv4"]) > 5000
    assert yaml.safe_load((ROOT / "roles" / "nftables" / "defaults" / "main.yml").read_text())["nftables_quarantine_mark"] in text
