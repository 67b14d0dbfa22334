"""Action plugin for `invoke check`: a stand-in for a server's filesystem (controller only).

The render-only roles (campusnet.check.playbook) turn ``template``, ``copy``, ``slurp``
and ``stat`` tasks into this action. It renders a template with Ansible's own template
action (same search path, options and ``template_*``/``ansible_managed`` variables) but
writes the result into the render directory instead of handing it to the copy module,
and answers look-ups from that directory: a fresh host, where nothing exists until a
role renders it. No module runs, on the controller or anywhere else.
"""

from __future__ import annotations

import base64
import hashlib
import json
import shutil
from pathlib import Path
from typing import Any

from ansible.errors import AnsibleActionFail
from ansible.plugins.action import ActionBase
from ansible.plugins.action.template import ActionModule as TemplateAction

from campusnet.check.playbook import MADE_VAR, PATH_ARGUMENT, ROOT_VAR


def flat_name(host: str, path: str) -> str:
    """The render directory's file for a host path (one flat directory, no nesting)."""
    return f"{host}--{hashlib.sha1(path.encode()).hexdigest()}"


class _WriteHere:
    """Takes the place of the copy action the template action hands its rendered file to."""

    def __init__(self, rendered: str, target: Path) -> None:
        self.rendered, self.target = rendered, target

    def run(self, task_vars: Any = None) -> dict[str, Any]:
        shutil.copyfile(self.rendered, self.target)
        self.target.chmod(0o600)
        return {"changed": False}


class _Loaders:
    """Ansible's shared plugin loaders, except that the copy action writes into ``target``."""

    def __init__(self, shared: Any, target: Path) -> None:
        self._shared, self._target = shared, target
        self.action_loader = self

    def get(self, name: str, task: Any, **_: Any) -> _WriteHere:
        if name != "ansible.legacy.copy":
            raise AnsibleActionFail(f"invoke check: unexpected action {name} inside a template")
        return _WriteHere(task.args["src"], self._target)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._shared, name)


class ActionModule(ActionBase):  # type: ignore[misc]
    TRANSFERS_FILES = False
    _VALID_ARGS = frozenset(("action", "args", "role", "task", "host"))

    def run(self, tmp: Any = None, task_vars: dict[str, Any] | None = None) -> dict[str, Any]:
        task_vars = task_vars or {}
        result: dict[str, Any] = super().run(tmp, task_vars)
        spec = self._task.args
        action, args = spec["action"], dict(spec["args"])
        if action == "interfaces":
            names = args.get("names")
            if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
                raise AnsibleActionFail("meta/check.yml: interfaces must give a list of interface names")
            return {**result, "campusnet_check_interfaces": {"role": spec.get("role", ""), "names": names}}
        root = Path(task_vars[ROOT_VAR])
        host = spec.get("host") or task_vars["inventory_hostname"]
        key = PATH_ARGUMENT[action]
        path = args.get(key)
        if not isinstance(path, str) or not path.startswith("/"):
            raise AnsibleActionFail(f"{action}: {key} must be an absolute path for invoke check, got {path!r}")
        target = root / flat_name(host, path)
        if action == "file":  # a directory the role makes: the checker container makes it too
            owner = {k: str(args.get(k, "") or "") for k in ("mode", "owner", "group")}
            return {**result, "changed": False, "campusnet_check_dir": {"dest": path, **owner}}
        if action == "template":
            self._template(args, target, task_vars)
        elif action == "copy":
            self._copy(args, target)
        else:  # a look-up: the rendered file, else the stand-in of a file a role makes on the host
            made = task_vars.get(MADE_VAR, {}).get(path)
            found = target if target.is_file() else Path(made) if made else None
            if action == "stat":
                return {**result, "stat": {"exists": found is not None, "path": path, "isreg": found is not None}}
            if found is None:  # what the slurp module answers (failed_when applies)
                return {**result, "failed": True, "msg": f"file not found: {path}"}
            return {**result, "content": base64.b64encode(found.read_bytes()).decode(), "encoding": "base64",
                    "source": path}
        record = {"role": spec.get("role", ""), "task": spec.get("task", ""), "dest": path, "file": str(target),
                  **{k: str(args.get(k, "") or "") for k in ("validate", "mode", "owner", "group")}}
        return {**result, "changed": False, "dest": path, "campusnet_check_file": record}

    def _template(self, args: dict[str, Any], target: Path, task_vars: dict[str, Any]) -> None:
        task = self._task.copy()
        task.args = {k: v for k, v in args.items() if k not in ("validate", "owner", "group", "backup", "attributes")}
        template = TemplateAction(task, self._connection, self._play_context, self._loader, self._templar)
        # ansible-core 2.19 ignores the loaders given to the constructor: replace them after
        template._shared_loader_obj = _Loaders(self._shared_loader_obj, target)
        outcome = template.run(task_vars=task_vars)
        if outcome.get("failed"):
            raise AnsibleActionFail(outcome.get("msg", "template failed"))

    def _copy(self, args: dict[str, Any], target: Path) -> None:
        if "content" in args:
            content = args["content"]  # the copy action writes structured content as JSON
            target.write_text(content if isinstance(content, str) else json.dumps(content), encoding="utf-8")
        elif "src" in args:
            source = Path(self._find_needle("files", args["src"]))
            if not source.is_file():
                raise AnsibleActionFail(f"copy: {args['src']} is a directory; invoke check renders single files")
            shutil.copyfile(source, target)
        else:
            raise AnsibleActionFail("copy: needs content or src")
        target.chmod(0o600)
