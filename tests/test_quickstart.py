"""The README's quick start in a fresh clone with 127.0.0.1:20000 taken, then every hint it
printed, pasted as a newcomer would.

A few minutes: the clone is the checkout's files as a clone of the next commit holds them
(tracked and new files, nothing ignored: no .venv, no build/), and `./scripts/quickstart.sh`
runs as the README says: setup (the apt check, a fresh .venv installed through the shared pip
cache, the shared base image, which is never rebuilt) then `invoke lab.run`. The clone's
simulators and AP stand-ins are its own (free ports; containers named after the clone's
path) and stopped at the end. Traffic stays on loopback.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.slow

#: A hint: a command between backticks, on one line.
HINT = re.compile(r"`((?:invoke|ansible-playbook|ansible-inventory) [^`\n]*)`")
TAKEN = (20000, 22200)  # the fixed first ports of the simulators and stand-ins before issue 13
LAST = ("invoke lab.down", "invoke sim.down", "invoke ap.lab-down")  # hints that end the lab


@dataclass
class Clone:
    path: Path
    env: dict[str, str]

    def run(self, command: str, timeout: float = 600) -> subprocess.CompletedProcess[str]:
        """``command`` through a shell in the clone, as pasted into a terminal with the venv active."""
        return subprocess.run(["bash", "-c", command], cwd=self.path, env=self.env, stdin=subprocess.DEVNULL,
                              capture_output=True, text=True, timeout=timeout, check=False)


def fresh_clone(target: Path) -> Path:
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                            capture_output=True, check=True).stdout.decode().split("\0")
    for name in filter(None, listed):
        source, copy = ROOT / name, target / name
        if not source.exists() and not source.is_symlink():
            continue  # deleted in the working tree, not yet committed
        copy.parent.mkdir(parents=True, exist_ok=True)
        if source.is_symlink():
            copy.symlink_to(os.readlink(source))
        else:
            shutil.copy2(source, copy)
    return target


def take(port: int, stack: ExitStack) -> None:
    """Hold 127.0.0.1:port like another program would (if one already does, it is taken anyway)."""
    sock = stack.enter_context(socket.socket())
    try:
        sock.bind(("127.0.0.1", port))
        sock.listen()
    except OSError:
        pass


def hints(output: str) -> list[str]:
    """Every hint, once each, in the order printed."""
    return list(dict.fromkeys(HINT.findall(output)))


@pytest.fixture(scope="module")
def clone(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Clone]:
    path = fresh_clone(tmp_path_factory.mktemp("quickstart") / "campusnet")
    ours = str(Path(os.environ.get("VIRTUAL_ENV", "/nonexistent")) / "bin")
    rest = [p for p in os.environ["PATH"].split(os.pathsep) if p != ours]
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
    env["PATH"] = os.pathsep.join([str(path / ".venv" / "bin"), *rest])
    yield Clone(path, env)
    if (path / ".venv" / "bin" / "invoke").exists():
        Clone(path, env).run("invoke lab.down")


@pytest.fixture(scope="module")
def quickstart(clone: Clone) -> Iterator[subprocess.CompletedProcess[str]]:
    with ExitStack() as stack:
        for port in TAKEN:
            take(port, stack)
        yield clone.run("./scripts/quickstart.sh", timeout=1200)


def test_the_quick_start_succeeds_with_port_20000_taken(quickstart: subprocess.CompletedProcess[str]) -> None:
    assert quickstart.returncode == 0, quickstart.stdout[-4000:] + quickstart.stderr[-4000:]
    assert "8/8 push again: nothing may change" in quickstart.stdout
    diff_again = quickstart.stdout.split("5/8 diff again")[1].split("6/8 ")[0]
    assert re.search(r"^\d+ unchanged$", diff_again, re.MULTILINE), diff_again[-2000:]  # and nothing else
    ours = [line for line in quickstart.stderr.splitlines() if line.startswith(("error:", "warning:", "hint:"))]
    assert not ours, ours  # nothing went wrong, nothing to hint (pip may warn about its own settings)


def test_the_g_move_is_seen_live_through_build_sim(clone: Clone, quickstart: object) -> None:
    buildings = clone.path / "inventories" / "example" / "buildings.yml"
    original = buildings.read_text()
    buildings.write_text(original.replace("uplink: g-via-j", "uplink: g-fibre"))
    try:
        validate = clone.run("COLUMNS=200 invoke validate")
        assert validate.returncode == 0, validate.stderr
        assert re.search(r"│ g +│ g-fibre 1000 Mb/s +│ 1000 Mb/s \(upstream\) +│", validate.stdout), validate.stdout
        assert "since the last render: 3 devices would change: sw-cournot-1" in validate.stdout
        diff = clone.run("invoke diff -i build/sim")
        assert diff.returncode == 0, diff.stderr
        assert re.findall(r"^│ (\S+) +│ would change", diff.stdout, re.MULTILINE) == ["sw-cournot-1", "sw-g-1", "sw-j-1"]
        assert diff.stdout.count("aaa port-access") == 0, "a line printed elsewhere by the device showed as a change"
        assert clone.run("invoke deploy -i build/sim --building g --check").returncode == 0
    finally:
        buildings.write_text(original)


def test_every_hint_it_printed_works_when_pasted(clone: Clone, quickstart: subprocess.CompletedProcess[str]) -> None:
    output = quickstart.stdout + quickstart.stderr
    assert all(line.count("`") % 2 == 0 for line in output.splitlines()), "a hint was cut across lines"
    printed = hints(output)
    assert "invoke deploy -i build/sim --check" in printed  # the plan's cut diffs, whole
    assert "invoke diff -i build/sim" in printed and "invoke lab.down" in printed
    for hint in sorted(printed, key=lambda h: h.startswith(LAST)):  # the ones that stop the lab last
        result = clone.run(hint)
        assert result.returncode == 0, f"{hint}\n{result.stdout[-2000:]}{result.stderr[-2000:]}"


def test_a_stopped_lab_says_how_to_start_it_and_that_works(clone: Clone, quickstart: object) -> None:
    assert clone.run("invoke lab.down").returncode == 0
    for command in ("invoke diff -i build/sim --limit sw-a-1", "invoke ap.push -i build/sim --limit ap-a-1 --check"):
        stopped = clone.run(command)
        assert stopped.returncode == 1
        (hint,) = hints(stopped.stderr)
        assert clone.run(hint).returncode == 0, hint
        assert clone.run(command).returncode == 0, command
    shutil.rmtree(clone.path / "build" / "sim")
    missing = clone.run("invoke diff -i build/sim")
    assert missing.returncode == 1 and missing.stderr.count("\n") == 1, missing.stderr  # one line
    assert hints(missing.stderr)[0] == "invoke sim.up"
