"""Every template of the project, rendered from a campus as production would render it.

Device templates (templates/) through the package's render engine; role templates
(roles/*/templates/) through Ansible's own Templar, with the variables a play would give:
the inventory plugin's host and group variables (campusnet.ansible_vars.layout), the
example's group_vars, the role's defaults and vars, and the loop of the task that renders
the template. Roles, templates and loops are discovered from playbooks/ and roles/, so a
role added later is covered without editing this file; a template that cannot be
rendered raises TemplateNotRendered naming it, never is skipped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

import yaml

from campusnet.ansible_vars import layout
from campusnet.model import Campus
from campusnet.render.engine import render_campus
from tests.conftest import EXAMPLE, ROOT

ROLES = ROOT / "roles"
COLLECTION = "campusnet.core."
TEMPLATE_MODULES = ("ansible.builtin.template", "template")
INCLUDES = ("ansible.builtin.include_tasks", "ansible.builtin.import_tasks", "include_tasks", "import_tasks")
ROLE_INCLUDES = ("ansible.builtin.include_role", "ansible.builtin.import_role", "include_role", "import_role")


class TemplateNotRendered(AssertionError):
    """A template of the project that this harness could not render (and must)."""


@dataclass(frozen=True)
class TemplateTask:
    """One template task of a role: its source expression and its loop."""

    role: str
    tasks_file: str
    src: str  # may be a template expression (etc/bind/{{ item }}.j2)
    loop: Any  # None, a list or an expression
    loop_var: str
    index_var: str | None


def role_template_tasks(role: str) -> list[TemplateTask]:
    """Every template task in the role's tasks/*.yml (block bodies included)."""
    found = []
    for path in sorted((ROLES / role / "tasks").glob("*.yml")):
        for task in _tasks(yaml.safe_load(path.read_text(encoding="utf-8")) or []):
            module = next((m for m in TEMPLATE_MODULES if m in task), None)
            if module is None:
                continue
            control = task.get("loop_control", {})
            found.append(TemplateTask(role, path.name, task[module]["src"], task.get("loop"),
                                      control.get("loop_var", "item"), control.get("index_var")))
    return found


def _tasks(items: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for task in items:
        yield task
        for key in ("block", "rescue", "always"):
            yield from _tasks(task.get(key, []))


def role_templates(role: str) -> set[str]:
    base = ROLES / role / "templates"
    return {str(p.relative_to(base)) for p in base.rglob("*.j2")} if base.is_dir() else set()


def roles_by_hosts() -> dict[str, set[str]]:
    """role -> host patterns of the plays that apply it (roles:, include_role/import_role)."""
    uses: dict[str, set[str]] = {}
    for path in sorted((ROOT / "playbooks").glob("*.yml")):
        for play in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            hosts = str(play.get("hosts", ""))
            names = [r if isinstance(r, str) else r.get("role") or r.get("name") for r in play.get("roles", [])]
            for section in ("pre_tasks", "tasks", "post_tasks"):
                for task in _tasks(play.get(section, [])):
                    names += [task[m]["name"] for m in ROLE_INCLUDES if m in task]
            for name in names:  # our roles by FQCN (this repository is the collection campusnet.core)
                uses.setdefault(name.removeprefix(COLLECTION), set()).add(hosts)
    return uses


def hosts_matching(pattern: str, groups: dict[str, list[str]], hostvars: dict[str, Any]) -> list[str]:
    """Hosts of a simple Ansible pattern (names and groups joined by ':' or ',')."""
    found: list[str] = []
    for part in re.split(r"[:,]", pattern):
        part = part.strip()
        members = list(hostvars) if part == "all" else groups.get(part, [part] if part in hostvars else [])
        found += [h for h in members if h not in found]
    return found


@cache
def _ansible() -> tuple[Any, Any, Any]:
    from ansible.parsing.dataloader import DataLoader
    from ansible.template import Templar, trust_as_template

    return DataLoader(), Templar, trust_as_template


def _role_variables(role: str) -> dict[str, Any]:
    loader, _, _ = _ansible()
    variables: dict[str, Any] = {}
    for name in ("defaults/main.yml", "vars/main.yml"):
        path = ROLES / role / name
        if path.exists():
            variables.update(loader.load_from_file(str(path), trusted_as_template=True) or {})
    return variables


def _group_vars() -> dict[str, Any]:
    path = EXAMPLE / "group_vars" / "all.yml"
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {} if path.exists() else {}


def render_roles(campus: Campus, only: set[str] | None = None) -> dict[str, str]:
    """Output key ``role:host:template[#item]`` -> text, for every role template of every
    host that runs it (``only``: just these keys' templates). Raises TemplateNotRendered."""
    loader, templar_class, trust = _ansible()
    result = layout(campus)
    uses = roles_by_hosts()
    outputs: dict[str, str] = {}
    wanted = {key.split("#")[0] for key in only} if only is not None else None
    for role in sorted(p.name for p in ROLES.iterdir() if (p / "templates").is_dir()):
        if wanted is not None and not any(key.startswith(f"{role}:") for key in wanted):
            continue
        tasks = role_template_tasks(role)
        rendered: set[str] = set()
        # A role no playbook applies yet is rendered for the hosts of its service's group.
        patterns = sorted(uses.get(role, ())) or ([role] if role in result.groups else [])
        hosts = [h for pattern in patterns for h in hosts_matching(pattern, result.groups, result.hostvars)]
        if not hosts:
            raise TemplateNotRendered(f"role {role}: no play of playbooks/ applies it to a host of the campus, and no "
                                      f"host runs a service of that name, so its templates cannot be rendered")
        for host in hosts:
            groups = [g for g, members in result.groups.items() if host in members]
            variables = {**_group_vars(), **{k: v for g in groups for k, v in result.groupvars.get(g, {}).items()},
                         **_role_variables(role), **result.hostvars[host], "inventory_hostname": host,
                         "group_names": groups}
            for task in tasks:
                templar = templar_class(loader=loader, variables=variables)
                try:
                    items = [None] if task.loop is None else templar.template(trust(task.loop) if isinstance(task.loop, str)
                                                                              else task.loop)
                except Exception as error:
                    raise TemplateNotRendered(f"role {role} {task.tasks_file}: loop of template {task.src}: {error}") from error
                for index, item in enumerate(items):
                    scope = dict(variables)
                    if item is not None:
                        scope[task.loop_var] = item
                    if task.index_var:
                        scope[task.index_var] = index
                    local = templar_class(loader=loader, variables=scope)
                    src = str(local.template(trust(task.src)))
                    rendered.add(src)
                    key = f"{role}:{host}:{src}" + (f"#{index}" if item is not None else "")
                    if wanted is not None and key.split("#")[0] not in wanted:
                        continue
                    path = ROLES / role / "templates" / src
                    try:
                        outputs[key] = str(local.template(trust(path.read_text(encoding="utf-8"))))
                    except Exception as error:
                        raise TemplateNotRendered(f"{path.relative_to(ROOT)} for {host}: {error}") from error
        orphans = role_templates(role) - rendered
        if orphans and wanted is None:
            raise TemplateNotRendered(f"role {role}: templates no task renders (or whose task this harness cannot "
                                      f"follow): {sorted(orphans)}")
    return outputs


def render_devices(campus: Campus) -> dict[str, str]:
    """Output key ``templates/<platform>:<device>:<file>`` -> text, every device."""
    return {f"templates/{r.platform}:{r.device}:{name}": text
            for r in render_campus(campus) for name, text in r.files.items()}


def render_everything(campus: Campus, only: set[str] | None = None) -> dict[str, str]:
    """Every output of every template; ``only`` restricts to these output keys."""
    outputs = {}
    if only is None or any(k.startswith("templates/") for k in only):
        outputs.update({k: v for k, v in render_devices(campus).items() if only is None or k in only})
    if only is None or any(not k.startswith("templates/") for k in only):
        outputs.update(render_roles(campus, {k for k in only if not k.startswith("templates/")} if only else None))
    return outputs
