"""Turn the project's playbooks and roles into a render-only copy (pure: data in, data out).

``invoke check`` must see every server file exactly as Ansible would write it (same
templates, same inputs from the inventory plugin, same role argument checks) without a
server. This module rewrites plays and role task files so that nothing runs anywhere:

* a file-producing task (``template``; ``copy`` unless ``remote_src``), a directory
  (``file`` with ``state: directory``: its owner and mode) and a read-only look-up of the
  host (``slurp``, ``stat``) become the ``campusnet_check_host`` action
  (campusnet/check/ansible/action/), which stands in for the host's filesystem: it
  renders with the template action's own code and writes into the render directory,
  and it reads back from there (a fresh host: nothing exists until rendered);
* ``set_fact``, ``include_vars`` and the structure (``include_*``/``import_*``, blocks,
  role entry points with their argument specs) are kept, so role internals behave as in
  a real run;
* every other task (packages, services, commands) and every handler is dropped; one that
  registers a result leaves that name holding an empty, skipped result (what a fresh host
  answers: no output, no items), so tasks reading it (a set_fact over a command's
  ``stdout_lines``) still run.

A template's ``validate:`` is its per-file checker, as data: the checker image runs it on
the file at its real path. Roles declare the rest in ``meta/check.yml``
(campusnet.check.roles).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from campusnet.errors import CampusnetError

#: Task and block keywords of ansible-core 2.19 (ansible.playbook.task.Task/Block.fattributes):
#: any other key of a task is its action.
TASK_KEYWORDS = frozenset({
    "action", "always", "any_errors_fatal", "args", "async", "become", "become_exe", "become_flags",
    "become_method", "become_user", "block", "changed_when", "check_mode", "collections", "connection",
    "debugger", "delay", "delegate_facts", "delegate_to", "diff", "environment", "failed_when",
    "ignore_errors", "ignore_unreachable", "local_action", "loop", "loop_control", "module_defaults", "name",
    "no_log", "notify", "poll", "port", "register", "remote_user", "rescue", "retries", "run_once", "tags",
    "throttle", "timeout", "until", "vars", "when", "listen",
})
#: Keywords that decide whether, how often and with what a task runs: kept on rewritten tasks.
KEPT_KEYWORDS = ("name", "loop", "loop_control", "when", "vars", "register", "failed_when", "ignore_errors")
#: Keywords that would act on a host or a handler: removed from every kept task.
HOST_KEYWORDS = ("notify", "become", "become_user", "become_method", "delegate_to", "remote_user", "tags")
#: Play keywords the render copy keeps (roles and task lists are rewritten).
PLAY_KEEP = ("name", "hosts", "vars", "vars_files", "collections", "module_defaults", "order")
#: Actions the stand-in performs, and the argument naming the host path each acts on.
PATH_ARGUMENT = {"template": "dest", "copy": "dest", "slurp": "src", "stat": "path", "file": "path"}
HOST_ACTIONS = frozenset(PATH_ARGUMENT)
KEPT_ACTIONS = frozenset({"include_tasks", "import_tasks", "include_role", "import_role", "set_fact", "include_vars"})
BUILTIN_PREFIXES = ("ansible.builtin.", "ansible.legacy.")
#: The result a dropped task registers: a skipped task on a fresh host.
NOT_RUN: dict[str, Any] = {"changed": False, "skipped": True, "rc": 0, "stdout": "", "stdout_lines": [],
                           "stderr": "", "stderr_lines": [], "results": [], "msg": "not run by invoke check"}

ACTION = "campusnet_check_host"  # the stand-in action plugin
ROOT_VAR = "campusnet_check_root"  # extra var: the render directory
MADE_VAR = "campusnet_check_made"  # extra var: host path -> stand-in file (meta/check.yml made_on_host)


class PlaybookShapeError(CampusnetError):
    """A role or play the render copy cannot reproduce (the message names role and task)."""


def action_of(task: dict[str, Any]) -> str | None:
    """The task's action key as written (``ansible.builtin.template``), or None for a block."""
    actions = [key for key in task if key not in TASK_KEYWORDS and not key.startswith("with_")]
    if len(actions) > 1:
        raise PlaybookShapeError(f"task {task.get('name', '?')!r}: several actions ({', '.join(actions)})")
    return actions[0] if actions else None


def short(action: str) -> str:
    """``ansible.builtin.template`` -> ``template``; other collections keep their full name."""
    for prefix in BUILTIN_PREFIXES:
        if action.startswith(prefix):
            return action[len(prefix):]
    return action


def _host_task(task: dict[str, Any], module: str, args: Any, role: str) -> dict[str, Any] | None:
    """A template/copy/slurp/stat task as the same task on the stand-in host."""
    name = str(task.get("name", module))
    if not isinstance(args, dict):
        raise PlaybookShapeError(f"role {role or '(play)'}, task {name!r}: give {module} its arguments as YAML")
    if module == "copy" and args.get("remote_src"):
        return None  # copies a file already on the host: nothing of ours to check
    if module == "file" and args.get("state") != "directory":
        return None  # links, removals, touches: only the directories a role makes matter to its checkers
    key = PATH_ARGUMENT[module]
    path = args.get(key)
    if not isinstance(path, str) or not path.startswith(("/", "{{")) or path.endswith("/"):
        raise PlaybookShapeError(f"role {role or '(play)'}, task {name!r}: {key} must be an absolute file path "
                                 f"for invoke check, not {path!r}")
    rewritten = {key: task[key] for key in KEPT_KEYWORDS if key in task}
    rewritten.update({key: value for key, value in task.items() if key.startswith("with_")})
    stand_in: dict[str, Any] = {"action": module, "args": args, "role": role, "task": name}
    if "delegate_to" in task:
        stand_in["host"] = task["delegate_to"]  # read the delegated host's files
    rewritten[ACTION] = stand_in
    return rewritten


def transform_tasks(tasks: Iterable[dict[str, Any]] | None, role: str, rename: Callable[[str], str]) -> list[dict[str, Any]]:
    """The render-only version of a task list (see the module docstring)."""
    out: list[dict[str, Any]] = []
    for task in tasks or ():
        if not isinstance(task, dict):
            raise PlaybookShapeError(f"role {role or '(play)'}: a task is not a mapping")
        action = action_of(task)
        if action is None:
            block: dict[str, Any] = {key: task[key] for key in ("name", "when", "vars") if key in task}
            for part in ("block", "rescue", "always"):
                if part in task:
                    block[part] = transform_tasks(task[part], role, rename)
            if block.get("block"):
                out.append(block)
            continue
        module, args = short(action), task[action]
        if module in HOST_ACTIONS:
            rewritten = _host_task(task, module, args, role)
            if rewritten is not None:
                out.append(rewritten)
        elif module in KEPT_ACTIONS:
            kept = {key: value for key, value in task.items() if key not in HOST_KEYWORDS}
            if module in ("include_role", "import_role") and isinstance(args, dict) and "name" in args:
                kept[action] = {**args, "name": rename(args["name"])}
            out.append(kept)
        elif "register" in task:  # dropped, but what reads its result must still run
            out.append({"name": f"{task.get('name', module)} (not run by invoke check: a fresh host)",
                        "ansible.builtin.set_fact": {task["register"]: dict(NOT_RUN)}})
        # anything else would change a host or run a command: dropped
    return out


def declare_interfaces(role: str, expression: str) -> dict[str, Any]:
    """The task a role's render copy ends with when its meta/check.yml names interfaces."""
    return {"name": "Declare the interfaces this host has (invoke check)",
            ACTION: {"action": "interfaces", "role": role, "args": {"names": expression}}}


def transform_play(play: dict[str, Any], rename: Callable[[str], str]) -> dict[str, Any] | None:
    """One play, render-only; None when nothing in it writes a file or applies a role."""
    out = {key: play[key] for key in PLAY_KEEP if key in play}
    out.update({"gather_facts": False, "become": False})
    roles = []
    for entry in play.get("roles") or ():
        if isinstance(entry, str):
            roles.append({"role": rename(entry)})
        else:
            key = "role" if "role" in entry else "name"
            roles.append({k: v for k, v in entry.items() if k not in HOST_KEYWORDS} | {key: rename(entry[key])})
    if roles:
        out["roles"] = roles
    for part in ("pre_tasks", "tasks", "post_tasks"):
        tasks = transform_tasks(play.get(part), "", rename)
        if tasks:
            out[part] = tasks
    if not (roles or any(part in out for part in ("pre_tasks", "tasks", "post_tasks"))):
        return None
    return out
