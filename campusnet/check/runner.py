"""Runs inside the checker container (Debian's python3, standard library only).

Reads a job (JSON): the files of one host with their destination, mode, owner and
group; commands to prepare; checks to run. Places every file at its real path, runs the
preparation, then each check as an argument vector (no shell, as Ansible's ``validate``
does), and prints one JSON document: per check, its exit code and output.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time

TIMEOUT = 120  # seconds per command: a checker that hangs is a failure, not a stuck CI
OUTPUT_LIMIT = 8000  # characters kept per command (the end, where the error is)


def mode_of(text: str, default: int) -> int:
    """An octal mode ("0640", "640"); anything else (symbolic, empty) gives ``default``."""
    try:
        return int(text, 8) if text.isdigit() else default
    except ValueError:
        return default


def own(path: str, entry: dict[str, str], default_mode: int) -> None:
    os.chmod(path, mode_of(entry.get("mode", ""), default_mode))
    try:  # users and groups exist when the role's package creates them
        owner, group = entry.get("owner") or None, entry.get("group") or None
        if owner is not None:
            shutil.chown(path, owner, group)
        elif group is not None:
            shutil.chown(path, group=group)
    except (LookupError, ValueError, PermissionError):
        pass


def place(entry: dict[str, str], source_dir: str) -> None:
    dest = entry["dest"]
    os.makedirs(os.path.dirname(dest), exist_ok=True)
    shutil.copyfile(os.path.join(source_dir, entry["file"]), dest)
    own(dest, entry, 0o644)


def run(argv: list[str]) -> dict[str, object]:
    started = time.monotonic()
    code: int
    try:
        done = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                              timeout=TIMEOUT, check=False)
        code, output = done.returncode, done.stdout.decode("utf-8", "replace")
    except FileNotFoundError:
        code, output = 127, "command not found: " + argv[0]
    except subprocess.TimeoutExpired:
        code, output = 124, f"timed out after {TIMEOUT} s"
    return {"code": code, "output": output[-OUTPUT_LIMIT:], "seconds": round(time.monotonic() - started, 3)}


def main() -> None:
    with open(sys.argv[1], encoding="utf-8") as handle:
        job = json.load(handle)
    for entry in job["dirs"]:  # the directories roles make, with their owners (before the files)
        os.makedirs(entry["dest"], exist_ok=True)
        own(entry["dest"], entry, 0o755)
    for entry in job["files"]:
        place(entry, job["source_dir"])
    links = []  # the host's interfaces, as veth pairs (this kernel has no dummy interfaces)
    for index, name in enumerate(job["interfaces"]):
        links.append(run(["ip", "link", "add", name, "type", "veth", "peer", "name", f"cncheck{index}"]))
        links.append(run(["ip", "link", "set", name, "up"]))
    failed = [link for link in links if link["code"] != 0]
    results = {"prepare": [run(argv) for argv in job["prepare"]], "interfaces": failed}
    results["checks"] = [run(argv) for argv in job["checks"]]
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()
