"""Stdout callback for `invoke check`'s render run: keeps only what the check needs.

Per host: the files the stand-in action (campusnet_check_host) wrote, the directories
roles make, the interfaces
the roles declared, and the message of every failed task. ansible-playbook stops when a
play fails on every one of its hosts: the hosts of the plays that never started get a
failure saying so, so that no host drops out of the check unseen. Written as one small JSON
file (path in CAMPUSNET_CHECK_OUTPUT) at the end. Other results are never copied or
serialised: with a full-scale campus they carry megabytes of role inputs, and Ansible's
JSON callback spent most of the run dumping them.
"""

from __future__ import annotations

import json
import os
from typing import Any

from ansible.plugins.callback import CallbackBase

DOCUMENTATION = r"""
name: campusnet_check
type: stdout
short_description: Collects the files and failures of invoke check's render run
description:
  - Internal to invoke check. Writes JSON to the file named by CAMPUSNET_CHECK_OUTPUT.
"""

STAND_IN = "campusnet_check_host"


class CallbackModule(CallbackBase):  # type: ignore[misc]
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = "stdout"
    CALLBACK_NAME = "campusnet_check"

    def __init__(self) -> None:
        super().__init__()
        self.files: dict[str, list[dict[str, Any]]] = {}
        self.interfaces: dict[str, list[str]] = {}
        self.dirs: dict[str, list[dict[str, str]]] = {}
        self.failures: dict[str, list[str]] = {}
        self.plays: list[Any] = []  # of the playbook, in order
        self.started = 0  # how many of them started
        self.inventory: Any = None

    @staticmethod
    def _host(result: Any) -> str:
        return str(result.host.get_name())

    def _collect(self, result: Any) -> None:
        if result.task.action.rsplit(".", 1)[-1] != STAND_IN:
            return  # do not touch other results: reading one copies it whole
        data = result.result
        host = self._host(result)
        if "campusnet_check_file" in data:
            self.files.setdefault(host, []).append(data["campusnet_check_file"])
        if "campusnet_check_dir" in data:
            self.dirs.setdefault(host, []).append(data["campusnet_check_dir"])
        if "campusnet_check_interfaces" in data:
            names = self.interfaces.setdefault(host, [])
            names.extend(n for n in data["campusnet_check_interfaces"]["names"] if n not in names)

    def _fail(self, result: Any, what: str) -> None:
        message = str(result.result.get("msg", what)).strip()
        self.failures.setdefault(self._host(result), []).append(f"task {result.task.get_name()!r}: {message}")

    def v2_runner_on_ok(self, result: Any) -> None:
        if not result.task.loop:
            self._collect(result)

    def v2_runner_item_on_ok(self, result: Any) -> None:
        self._collect(result)

    def v2_runner_on_failed(self, result: Any, ignore_errors: bool = False) -> None:
        # a loop's items report their own failures; a loop that could not start has no items
        if not ignore_errors and (not result.task.loop or "results" not in result.result):
            self._fail(result, "failed")

    def v2_runner_item_on_failed(self, result: Any) -> None:
        if not result.task.ignore_errors:
            self._fail(result, "failed")

    def v2_runner_on_unreachable(self, result: Any) -> None:
        self._fail(result, "unreachable")

    def v2_playbook_on_start(self, playbook: Any) -> None:
        self.plays = playbook.get_plays()

    def v2_playbook_on_play_start(self, play: Any) -> None:
        self.started += 1
        self.inventory = play.get_variable_manager()._inventory  # no public way to the inventory here

    def _never_started(self) -> None:
        if self.inventory is None:
            return
        self.inventory.remove_restriction()  # left on the last play's hosts; the run is over
        for play in self.plays[self.started:]:
            for host in self.inventory.get_hosts(play.hosts):
                self.failures.setdefault(host.get_name(), []).append(
                    f"play {play.get_name()!r} never ran: ansible-playbook stopped after an earlier play "
                    "failed on every one of its hosts")

    def v2_playbook_on_stats(self, stats: Any) -> None:
        self._never_started()
        output = {"files": self.files, "dirs": self.dirs, "interfaces": self.interfaces, "failures": self.failures}
        with open(os.environ["CAMPUSNET_CHECK_OUTPUT"], "w", encoding="utf-8") as handle:
            json.dump(output, handle)
