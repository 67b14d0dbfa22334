"""Run every server file through its daemon's own checker, offline, in the checker image.

One short-lived container per host (so two hosts' files never meet): the host's files
at their real paths, then each template's ``validate:`` command on its file and each
role's whole-configuration commands (campusnet.check.roles). No network (``--network
none``); NET_ADMIN only so that ``nft -c`` can ask the kernel to check a ruleset.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import tempfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from campusnet.check.cases import Case, Verdict
from campusnet.check.roles import FILE as DECLARATION
from campusnet.check.roles import RoleCheck
from campusnet.check.server_files import Rendered, ServerFile
from campusnet.lab.podman import podman_env

RUNNER = Path(__file__).with_name("runner.py")
NOT_FOUND = 127
#: E-mail addresses a checker may echo from a file (forwarding addresses are personal data).
ADDRESS = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
OUTPUT_LINES = 25  # of a failing checker's output, in the report


@dataclass(frozen=True)
class Check:
    """One command for the runner, and the case it becomes."""

    name: str
    role: str
    argv: list[str]
    may_fail: bool = False  # a preparation written "-command": its exit code is ignored


def checks_for(files: list[ServerFile], declared: dict[str, RoleCheck]) -> tuple[list[Check], list[Check], list[Case]]:
    """(preparation, checks, cases decided without running anything) for one host."""
    suite = f"server files {files[0].host}"
    prepare: list[Check] = []
    checks: list[Check] = []
    decided: list[Case] = []
    for server_file in files:
        label = f"{server_file.dest} ({server_file.role})"
        if not server_file.validate:
            decided.append(Case(suite, label, Verdict.SKIPPED, message="rendered; its task has no validate: command"))
        elif "%s" not in server_file.validate:
            decided.append(Case(suite, label, Verdict.FAILED, message="validate: has no %s (Ansible refuses it too)"))
        else:
            argv = shlex.split(server_file.validate.replace("%s", shlex.quote(server_file.dest)))
            checks.append(Check(f"{label}: {shlex.join(argv)}", server_file.role, argv))
    for role in dict.fromkeys(f.role for f in files):
        declaration = declared.get(role)
        if declaration is None:
            continue
        prepare.extend(Check(f"{role}: prepare {command}", role, shlex.split(command.removeprefix("-")),
                             may_fail=command.startswith("-"))
                       for command in declaration.prepare)
        checks.extend(Check(f"{role}: {command}", role, shlex.split(command)) for command in declaration.commands)
    return prepare, checks, decided


def scrub(text: str, redact: Callable[[str], str]) -> str:
    """A checker's output as shown: secrets masked, e-mail addresses hidden, the last lines."""
    lines = ADDRESS.sub("<address>", redact(text)).strip().splitlines()
    return "\n".join(lines[-OUTPUT_LINES:])


def _case(suite: str, check: Check, result: dict[str, object], redact: Callable[[str], str]) -> Case:
    code, seconds = int(str(result["code"])), float(str(result["seconds"]))
    output = scrub(str(result["output"]), redact)
    if code == 0:
        return Case(suite, check.name, Verdict.PASSED, seconds)
    if code == NOT_FOUND:
        message = (f"{check.argv[0]} is not in the checker image: list its Debian package in "
                   f"roles/{check.role}/{DECLARATION}")
    else:
        last = output.splitlines()[-1] if output else ""
        message = f"exit {code}: {last}"[:300]
    return Case(suite, check.name, Verdict.FAILED, seconds, message, output)


def run_host(image: str, root: Path, files: list[ServerFile], interfaces: list[str], dirs: list[dict[str, str]],
             declared: dict[str, RoleCheck], redact: Callable[[str], str]) -> list[Case]:
    """Place one host's files in a fresh container and run its checks there."""
    host = files[0].host
    suite = f"server files {host}"
    prepare, checks, cases = checks_for(files, declared)
    if not checks:
        return cases
    roles = {f.role for f in files}
    made = [{"file": f"stand-in-{m.kind}", "dest": m.path, "mode": "0600" if m.kind == "private_key" else "0644",
             "owner": "", "group": ""}
            for role in sorted(roles) for m in declared.get(role, RoleCheck()).made_on_host]
    job = {"source_dir": "/check/files", "interfaces": interfaces, "dirs": dirs, "prepare": [c.argv for c in prepare],
           "checks": [c.argv for c in checks],
           "files": made + [{"file": f.file.name, "dest": f.dest, "mode": f.mode, "owner": f.owner, "group": f.group}
                            for f in files]}
    with tempfile.NamedTemporaryFile("w", suffix=".json", prefix=f"check-{host}-", dir=root.parent) as handle:
        json.dump(job, handle)
        handle.flush()
        command = ["podman", "run", "--rm", "--pull=never", "--network=none", "--cap-add=NET_ADMIN",
                   "--name", f"campusnet-check-{os.getpid()}-{host}",
                   "-v", f"{root}:/check/files:ro", "-v", f"{handle.name}:/check/job.json:ro",
                   "-v", f"{RUNNER}:/check/runner.py:ro", image, "python3", "/check/runner.py", "/check/job.json"]
        done = subprocess.run(command, capture_output=True, text=True, env=podman_env(), check=False)
    try:
        results = json.loads(done.stdout)
    except json.JSONDecodeError:
        output = scrub(done.stdout + done.stderr, redact)
        return [*cases, Case(suite, "checker container", Verdict.FAILED,
                             message=f"the checker container failed (exit {done.returncode})", output=output)]
    if results["interfaces"]:
        output = scrub("\n".join(str(r["output"]) for r in results["interfaces"]), redact)
        cases.append(Case(suite, "host interfaces", Verdict.FAILED, message="could not create the interfaces the "
                          "roles declare (meta/check.yml: interfaces)", output=output))
    for check, result in zip(prepare, results["prepare"], strict=True):
        if result["code"] != 0 and not check.may_fail:
            cases.append(_case(suite, check, result, redact))
    cases.extend(_case(suite, check, result, redact) for check, result in zip(checks, results["checks"], strict=True))
    return cases


def run_all(image: str, root: Path, rendered: Rendered, declared: dict[str, RoleCheck],
            redact: Callable[[str], str], workers: int = 2) -> list[Case]:
    """Every host's checks, ``workers`` containers at a time; cases in host order."""
    hosts = sorted(host for host, files in rendered.files.items() if files)
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        per_host = list(pool.map(lambda host: run_host(image, root, rendered.files[host],
                                                       rendered.interfaces.get(host, []), rendered.dirs.get(host, []),
                                                       declared, redact), hosts))
    return [case for cases in per_host for case in cases]
