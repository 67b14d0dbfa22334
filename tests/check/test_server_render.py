"""The stand-in renders what ansible.builtin.template writes, byte for byte, without a host."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from campusnet.check.playbook import transform_tasks
from campusnet.check.server_files import PLUGINS

pytestmark = pytest.mark.slow

TEMPLATE = """\
{{ ansible_managed | comment }}
# {{ template_path | basename }} -> {{ template_destpath }}
{% for name in names %}
  {% if name %}
entry {{ name }}
  {% endif %}
{% endfor %}
"""


def test_stand_in_output_equals_the_template_module(tmp_path: Path) -> None:
    role = tmp_path / "roles" / "probe"
    (role / "templates").mkdir(parents=True)
    (role / "templates" / "probe.conf.j2").write_text(TEMPLATE, encoding="utf-8")
    real = {"ansible.builtin.template": {"src": "probe.conf.j2", "dest": str(tmp_path / "real" / "probe.conf"),
                                         "lstrip_blocks": True, "mode": "0600"}}
    # the stand-in keeps the real destination (template_destpath) and writes elsewhere
    stand_in = transform_tasks([{"ansible.builtin.template": {**real["ansible.builtin.template"],
                                                              "validate": "probe -t %s"}}], "probe", str)
    (role / "tasks").mkdir()
    (role / "tasks" / "main.yml").write_text(yaml.safe_dump([{"ansible.builtin.file": {
        "path": str(tmp_path / "real"), "state": "directory", "mode": "0700"}}, real, *stand_in]), encoding="utf-8")
    (tmp_path / "render").mkdir()
    (tmp_path / "play.yml").write_text(yaml.safe_dump([{"hosts": "localhost", "gather_facts": False,
                                                        "roles": ["probe"]}]), encoding="utf-8")
    extra = {"campusnet_check_root": str(tmp_path / "render"), "names": ["a", "", "b"],
             "ansible_managed": "Managed by a test", "ansible_python_interpreter": sys.executable}
    (tmp_path / "extra.json").write_text(json.dumps(extra), encoding="utf-8")
    env = {**os.environ, "ANSIBLE_ROLES_PATH": str(tmp_path / "roles"), "ANSIBLE_ACTION_PLUGINS": str(PLUGINS / "action"),
           "ANSIBLE_CALLBACK_PLUGINS": str(PLUGINS / "callback"), "ANSIBLE_STDOUT_CALLBACK": "campusnet_check",
           "CAMPUSNET_CHECK_OUTPUT": str(tmp_path / "out.json"), "ANSIBLE_LOCALHOST_WARNING": "0"}
    done = subprocess.run([str(Path(sys.executable).parent / "ansible-playbook"), "-c", "local", "-i", "localhost,",
                           "-e", f"@{tmp_path / 'extra.json'}", str(tmp_path / "play.yml")],
                          cwd=tmp_path, env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    (record,) = json.loads((tmp_path / "out.json").read_text())["files"]["localhost"]
    expected = (tmp_path / "real" / "probe.conf").read_bytes()
    assert b"entry a\nentry b\n" in expected and b"Managed by a test" in expected
    assert Path(record["file"]).read_bytes() == expected
    assert record["dest"] == str(tmp_path / "real" / "probe.conf") and record["validate"] == "probe -t %s"
    assert record["mode"] == "0600" and Path(record["file"]).parent == tmp_path / "render"
