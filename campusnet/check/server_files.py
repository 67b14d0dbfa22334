"""Render every server file with Ansible itself, into a local directory (no server needed).

Builds the render-only copy of the roles and playbooks (campusnet.check.playbook) in a
work directory, runs ``ansible-playbook`` on the controller against the campus inventory
(the inventory plugin gives the same host variables as a deploy), and reads the JSON
callback's output: per host, the files written and their checks, or why it failed.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from campusnet.check import stand_ins
from campusnet.check.playbook import (
    MADE_VAR,
    ROOT_VAR,
    PlaybookShapeError,
    declare_interfaces,
    transform_play,
    transform_tasks,
)
from campusnet.check.roles import RoleCheck, made_on_host
from campusnet.errors import CampusnetError

#: The stand-in action (campusnet_check_host) and the callback that collects its results.
PLUGINS = Path(__file__).parent / "ansible"
#: Role entries that would run something or that the render copy rewrites.
NOT_LINKED = frozenset({"tasks", "handlers", "molecule"})


@dataclass(frozen=True)
class ServerFile:
    """One file a role writes on a host, and how the role checks it."""

    host: str
    role: str
    task: str
    dest: str  # its path on the host
    file: Path  # where it was rendered
    validate: str = ""  # the template's ``validate:`` command (``%s`` = the file), or ""
    mode: str = ""
    owner: str = ""
    group: str = ""


@dataclass
class Rendered:
    """What the render run produced: files per host, and per-host failures (redacted)."""

    files: dict[str, list[ServerFile]] = field(default_factory=dict)
    interfaces: dict[str, list[str]] = field(default_factory=dict)  # host -> names its roles need
    dirs: dict[str, list[dict[str, str]]] = field(default_factory=dict)  # host -> {dest, mode, owner, group}
    failures: dict[str, list[str]] = field(default_factory=dict)
    seconds: float = 0.0


def _load_yaml(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise PlaybookShapeError(f"{path}: cannot read for invoke check ({error.__class__.__name__})") from None


def collection_prefix(repo: Path) -> str:
    """``namespace.name.`` of the collection this repository is (galaxy.yml), or ""."""
    galaxy = repo / "galaxy.yml"
    if not galaxy.is_file():
        return ""
    data = _load_yaml(galaxy)
    return f"{data['namespace']}.{data['name']}."


def renamer(prefix: str) -> Callable[[str], str]:
    """Our own roles by FQCN (``campusnet.core.nftables``) -> their render copies' short names."""
    return lambda name: name[len(prefix):] if prefix and name.startswith(prefix) else name


def copy_role(role: Path, target: Path, rename: Callable[[str], str], declared: RoleCheck) -> None:
    """A render-only role: everything linked to the original but tasks (rewritten) and handlers."""
    target.mkdir(parents=True)
    for entry in role.iterdir():
        if entry.name not in NOT_LINKED:
            (target / entry.name).symlink_to(entry.resolve())
    for tasks in sorted((role / "tasks").rglob("*.yml")):
        out = target / "tasks" / tasks.relative_to(role / "tasks")
        out.parent.mkdir(parents=True, exist_ok=True)
        try:
            data = transform_tasks(_load_yaml(tasks), role.name, rename)
        except PlaybookShapeError as error:
            raise PlaybookShapeError(f"{tasks}: {error}") from None
        if declared.interfaces and out == target / "tasks" / "main.yml":
            data.append(declare_interfaces(role.name, declared.interfaces))
        out.write_text(yaml.safe_dump(data or [], sort_keys=False), encoding="utf-8")


def _imported(playbook: Path) -> set[Path]:
    plays = _load_yaml(playbook) or []
    return {(playbook.parent / play["import_playbook"]).resolve()
            for play in plays if isinstance(play, dict) and "import_playbook" in play}


def plays_of(playbook: Path, rename: Callable[[str], str]) -> list[dict[str, Any]]:
    """The render-only plays of a playbook, following import_playbook."""
    out: list[dict[str, Any]] = []
    for play in _load_yaml(playbook) or []:
        if "import_playbook" in play:
            out.extend(plays_of(playbook.parent / play["import_playbook"], rename))
            continue
        try:
            rendered = transform_play(play, rename)
        except PlaybookShapeError as error:
            raise PlaybookShapeError(f"{playbook}: {error}") from None
        if rendered is not None:
            if "vars_files" in rendered:
                rendered["vars_files"] = [str(playbook.parent / f) for f in rendered["vars_files"]]
            out.append(rendered)
    return out


def build_project(repo: Path, work: Path, declared: dict[str, RoleCheck]) -> Path:
    """Write the render-only roles (work/roles) and one playbook; return the playbook's path."""
    rename = renamer(collection_prefix(repo))
    for role in sorted(p for p in (repo / "roles").iterdir() if (p / "tasks").is_dir()):
        copy_role(role, work / "roles" / role.name, rename, declared.get(role.name, RoleCheck()))
    playbooks = sorted((repo / "playbooks").glob("*.yml"))
    imported = set().union(*(_imported(p) for p in playbooks)) if playbooks else set()
    plays = [play for p in playbooks if p.resolve() not in imported for play in plays_of(p, rename)]
    if not plays:
        raise CampusnetError(f"{repo / 'playbooks'}: no play applies a role or writes a file")
    playbook = work / "render.yml"
    playbook.write_text(yaml.safe_dump(plays, sort_keys=False), encoding="utf-8")
    return playbook


def read_output(output: dict[str, Any], redact: Callable[[str], str]) -> Rendered:
    """Files, interfaces and failure messages per host, from the campusnet_check callback."""
    rendered = Rendered(interfaces=output["interfaces"], dirs=output["dirs"],
                        failures={host: [redact(m) for m in messages] for host, messages in output["failures"].items()})
    for host, records in output["files"].items():
        latest = {record["dest"]: record for record in records}  # a file written twice: its last version
        rendered.files[host] = [ServerFile(host=host, **{**record, "file": Path(record["file"])})
                                for record in latest.values()]
    return rendered


def render_servers(repo: Path, inventory: Path, work: Path, declared: dict[str, RoleCheck],
                   redact: Callable[[str], str], forks: int = 4, vault_password_file: str = "") -> Rendered:
    """Render every server file of the campus into ``work/files``."""
    executable = shutil.which("ansible-playbook", path=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    if executable is None:
        raise CampusnetError("ansible-playbook not found: run scripts/setup.sh")
    work = work.resolve()
    playbook = build_project(repo, work, declared)
    root = work / "files"
    root.mkdir(mode=0o700)
    kinds = stand_ins.write(root)
    made = {path: str(kinds[kind]) for path, kind in made_on_host(declared).items()}
    extra = {ROOT_VAR: str(root), MADE_VAR: made, "ansible_connection": "local",
             "ansible_python_interpreter": sys.executable}
    (work / "extra.json").write_text(json.dumps(extra), encoding="utf-8")
    command = [executable, "-i", str(inventory.resolve()), "-f", str(forks), "-e", f"@{work / 'extra.json'}",
               str(playbook)]
    if vault_password_file:
        command[1:1] = ["--vault-password-file", vault_password_file]
    report = work / "render.json"
    env = {**os.environ, "ANSIBLE_CONFIG": str(repo / "ansible.cfg"), "ANSIBLE_ROLES_PATH": str(work / "roles"),
           "ANSIBLE_ACTION_PLUGINS": str(PLUGINS / "action"), "ANSIBLE_CALLBACK_PLUGINS": str(PLUGINS / "callback"),
           "ANSIBLE_STDOUT_CALLBACK": "campusnet_check", "CAMPUSNET_CHECK_OUTPUT": str(report),
           "ANSIBLE_NOCOLOR": "1", "ANSIBLE_RETRY_FILES_ENABLED": "0", "ANSIBLE_LOCALHOST_WARNING": "0"}
    started = time.perf_counter()
    done = subprocess.run(command, cwd=work, env=env, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    if not report.is_file():  # the run never reached its end: inventory or playbook error
        tail = redact("\n".join((done.stdout + done.stderr).strip().splitlines()[-15:]))
        raise CampusnetError(f"ansible-playbook could not render the server files (exit {done.returncode}):\n{tail}")
    rendered = read_output(json.loads(report.read_text(encoding="utf-8")), redact)
    rendered.seconds = seconds
    return rendered
