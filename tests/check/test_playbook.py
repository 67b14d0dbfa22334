"""The render-only copy of plays and roles: what is kept, rewritten and dropped."""

from __future__ import annotations

import pytest

from campusnet.check.playbook import (
    ACTION,
    PlaybookShapeError,
    action_of,
    transform_play,
    transform_tasks,
)


def same(name: str) -> str:
    return name


def test_template_becomes_the_stand_in_with_its_loop_and_validate() -> None:
    task = {"name": "Configure Kea", "ansible.builtin.template": {
        "src": "etc/kea/kea.conf.j2", "dest": "/etc/kea/kea-dhcp{{ item.family }}.conf", "owner": "root",
        "mode": "0640", "validate": "{{ item.binary }} -t %s"},
        "loop": "{{ daemons }}", "loop_control": {"label": "{{ item.family }}"}, "notify": "Restart kea",
        "become": True, "when": "daemons | length > 0"}
    (out,) = transform_tasks([task], "kea_dhcp", same)
    assert out[ACTION] == {"action": "template", "args": task["ansible.builtin.template"], "role": "kea_dhcp",
                           "task": "Configure Kea"}
    assert out["loop"] == task["loop"] and out["loop_control"] == task["loop_control"] and out["when"] == task["when"]
    assert "notify" not in out and "become" not in out and "ansible.builtin.template" not in out


def test_tasks_that_would_act_on_a_host_are_dropped() -> None:
    tasks = [{"name": "Install", "ansible.builtin.apt": {"name": "kea"}},
             {"name": "Start", "ansible.builtin.systemd_service": {"name": "kea", "state": "started"}},
             {"name": "Run", "ansible.builtin.command": {"cmd": "rm -rf /"}},
             {"ansible.builtin.meta": "flush_handlers"},
             {"name": "Copy a file the host already has", "ansible.builtin.copy": {
                 "src": "/etc/a", "dest": "/etc/b", "remote_src": True}},
             {"name": "Drop the default site", "ansible.builtin.file": {"path": "/etc/x", "state": "absent"}}]
    assert transform_tasks(tasks, "r", same) == []


def test_structure_and_pure_tasks_are_kept_without_host_keywords() -> None:
    tasks = [{"name": "Compute", "ansible.builtin.set_fact": {"x": 1}, "become": True},
             {"name": "Sub", "ansible.builtin.import_tasks": "ssh.yml", "tags": ["ssh"]},
             {"name": "Client", "ansible.builtin.include_role": {"name": "campusnet.core.directory",
                                                                 "tasks_from": "client"},
              "delegate_to": "somewhere"}]
    out = transform_tasks(tasks, "r", lambda name: name.removeprefix("campusnet.core."))
    assert out[0] == {"name": "Compute", "ansible.builtin.set_fact": {"x": 1}}
    assert out[1] == {"name": "Sub", "ansible.builtin.import_tasks": "ssh.yml"}
    assert out[2]["ansible.builtin.include_role"] == {"name": "directory", "tasks_from": "client"}
    assert "delegate_to" not in out[2]


def test_lookups_read_the_render_directory_of_the_delegated_host() -> None:
    task = {"name": "Read the CA", "ansible.builtin.slurp": {"src": "/etc/ldap/tls/ca.crt"},
            "delegate_to": "{{ groups.directory[0] }}", "register": "ca", "failed_when": False}
    (out,) = transform_tasks([task], "r", same)
    assert out[ACTION]["action"] == "slurp" and out[ACTION]["host"] == "{{ groups.directory[0] }}"
    assert out["register"] == "ca" and out["failed_when"] is False and "delegate_to" not in out


def test_blocks_keep_their_shape_and_empty_ones_vanish() -> None:
    tasks = [{"name": "Both", "block": [{"ansible.builtin.template": {"src": "a.j2", "dest": "/etc/a"}}],
              "rescue": [{"ansible.builtin.command": "false"}], "when": "x"},
             {"name": "Nothing to render", "block": [{"ansible.builtin.apt": {"name": "x"}}]}]
    out = transform_tasks(tasks, "r", same)
    assert len(out) == 1 and out[0]["when"] == "x" and out[0]["rescue"] == []
    assert ACTION in out[0]["block"][0]


def test_a_relative_destination_is_refused_with_role_and_task() -> None:
    with pytest.raises(PlaybookShapeError, match=r"role web, task 'Site'"):
        transform_tasks([{"name": "Site", "ansible.builtin.template": {"src": "a.j2", "dest": "etc/a"}}], "web", same)
    with pytest.raises(PlaybookShapeError, match="several actions"):
        action_of({"ansible.builtin.template": {}, "ansible.builtin.copy": {}})


def test_plays_become_render_only_and_plays_with_nothing_left_are_dropped() -> None:
    play = {"name": "Router", "hosts": "router", "become": True, "gather_facts": True, "serial": 1,
            "handlers": [{"name": "Restart", "ansible.builtin.service": {"name": "x"}}],
            "pre_tasks": [{"ansible.posix.sysctl": {"name": "net.ipv4.ip_forward", "value": "1"}}],
            "roles": ["campusnet.core.nftables", {"role": "shaping", "become": True, "tags": "x"}]}
    out = transform_play(play, lambda name: name.removeprefix("campusnet.core."))
    assert out == {"name": "Router", "hosts": "router", "gather_facts": False, "become": False,
                   "roles": [{"role": "nftables"}, {"role": "shaping"}]}
    switches = {"hosts": "switches", "tasks": [{"campusnet.core.campusnet_switch": {"device": "x"}}]}
    assert transform_play(switches, same) is None


def test_directories_a_role_makes_are_kept_with_their_owner() -> None:
    task = {"name": "Database directory", "ansible.builtin.file": {
        "path": "/var/lib/campusnet-radius", "state": "directory", "owner": "freerad", "mode": "0750"}}
    (out,) = transform_tasks([task], "radius", same)
    assert out[ACTION] == {"action": "file", "args": task["ansible.builtin.file"], "role": "radius",
                           "task": "Database directory"}


def test_a_dropped_task_leaves_its_register_as_a_fresh_hosts_empty_result() -> None:
    tasks = [{"name": "List the queues CUPS has", "ansible.builtin.command": {"cmd": "lpstat -e"},
              "register": "__print_existing", "failed_when": False}]
    (out,) = transform_tasks(tasks, "print", same)
    result = out["ansible.builtin.set_fact"]["__print_existing"]
    assert result["stdout_lines"] == [] and result["results"] == [] and result["skipped"] is True
    assert "command" not in str(out)
