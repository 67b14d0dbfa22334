"""`invoke bench`: how long validation, rendering, Ansible rendering and pushes take.

A benchmark, never a test: it measures one run on whatever machine it is given and
compares the figures with the project's targets. Sections, in order:

1. scale: the full-scale campus (CAMPUS.md's upper end) generated into a temporary
   directory, validated (first run, best of 3) and rendered in-process;
2. ansible: the same switch templates rendered by ``ansible.builtin.template`` on a
   sample of hosts, checked equal to the in-process render;
3. growth: the campus at k times every count (generation, validation, render);
4. push: simulated switches with per-reply latency, deployed alone, all at once, in
   waves; then a no-op redeploy and a one-port change;
5. peer: the IOS switches pushed side by side by our engine and by Ansible's
   ``cisco.ios.ios_config`` over ``network_cli`` (workers = forks), each against fresh
   simulators: wall time, configuration lines sent, client CPU per switch, what each leaves
   differing from the intended configuration, and what a second run sends;
6. check: ``invoke check`` on the full-scale campus (validate, render, parse, server files
   rendered by Ansible and run through their daemons' checkers in the checker image).

Every figure goes to one Record: a row of the rich table and a key of the JSON line.
"""

from __future__ import annotations

import json
import math
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field, fields, is_dataclass, replace
from pathlib import Path
from typing import Any, TypeVar

import jinja2
import yaml
from rich.table import Table
from rich.text import Text

from campusnet import gen, model, platforms
from campusnet.derive import load_campus
from campusnet.diff import remediation
from campusnet.errors import CampusnetError
from campusnet.push import Options, Target, run_all
from campusnet.redact import campus_redactor
from campusnet.render.engine import render_campus, render_device
from campusnet.render.environment import TEMPLATES, make_environment
from campusnet.render.facts import campus_facts
from campusnet.report import ProgressObserver, console
from campusnet.results import DeviceResult, Status
from campusnet.sim import Faults, fleet
from campusnet.sim.control import FleetControl
from campusnet.sim.inventory import devices_from_inventory
from campusnet.sim.spec import DeviceSpec, FleetSpec
from campusnet.targets import at_loopback, switch_targets
from campusnet.terminal import literal_console, styled

T = TypeVar("T")

#: The campus of CAMPUS.md's "scale to plan for", at its upper end.
FULL_SCALE = gen.Spec(buildings=10, members=3000, switches=80, access_points=100, clubs=60, seed=1)
#: plugins/filter/: the Jinja filters of campusnet.render.environment, for Ansible.
FILTER_PLUGINS = TEMPLATES.parent / "plugins" / "filter"
LINEAR_SLACK = 1.25  # growth "close to linear": at most 1.25 x the factor
PLAYBOOK = """\
- name: Render switch configurations with the template module
  hosts: all
  gather_facts: false
  tasks:
    - name: Render the switch template
      ansible.builtin.template:
        src: "{{ bench_template }}"
        dest: "{{ bench_output }}/{{ inventory_hostname }}.cfg"
        lstrip_blocks: true
        trim_blocks: true
        mode: "0600"
"""


@dataclass(frozen=True)
class Settings:
    ansible: bool = True
    sample: int = 10  # Ansible hosts
    forks: int = 5
    factors: tuple[int, ...] = (1, 4, 16)  # empty: no growth section
    push: bool = True
    switches: int = 80
    latency_ms: int = 20
    check: bool = True
    peer: bool = True  # the same IOS switches pushed by Ansible's cisco.ios.ios_config too
    workers: int = 10  # our push's workers and Ansible's forks in that comparison


@dataclass
class Record:
    """Figures as table rows (section, measure, value, target, met?) and JSON keys."""

    rows: list[tuple[str, str, str, str, bool | None]] = field(default_factory=list)
    figures: dict[str, Any] = field(default_factory=dict)

    def add(self, section: str, measure: str, value: Any, key: str = "", target: str = "",
            met: bool | None = None) -> None:
        shown = f"{value:.3f}" if isinstance(value, float) else str(value)
        self.rows.append((section, measure, shown, target, met))
        if key:
            self.figures[key] = round(value, 4) if isinstance(value, float) else value

    def table(self) -> Table:
        table = Table("section", "measure", "value", "target", "met?", title="campusnet bench")
        marks: dict[bool | None, Text | str] = {True: styled("yes", "green"), False: styled("NO", "red"), None: ""}
        for section, measure, value, target, met in self.rows:
            table.add_row(section, measure, value, target, marks[met])
        return table


def timed(action: Callable[[], T]) -> tuple[T, float]:
    start = time.perf_counter()
    result = action()
    return result, time.perf_counter() - start


def say(text: str) -> None:
    console.print(styled(f"bench: {text}", "dim"))


def scaled(factor: int, base: gen.Spec = FULL_SCALE) -> gen.Spec:
    """Every count of ``base`` times ``factor`` (seed kept)."""
    return replace(base, buildings=base.buildings * factor, members=base.members * factor,
                   switches=(base.switches or 0) * factor, access_points=base.access_points * factor,
                   clubs=base.clubs * factor)


def validated(directory: Path) -> model.Campus:
    campus = load_campus(directory).campus
    assert campus is not None  # load_campus raises on errors
    return campus


@dataclass
class Measured:
    """One generated campus: where it is, the model, and the first-run timings."""

    directory: Path
    campus: model.Campus
    env: jinja2.Environment
    generate_s: float
    validate_runs: list[float]  # seconds, in order (the first run is the cold one)
    render_s: float
    devices: int

    @property
    def validate_s(self) -> float:
        return min(self.validate_runs)


def measure(spec: gen.Spec, directory: Path, validations: int) -> Measured:
    """Generate, validate ``validations`` times, render everything with one fresh Jinja2 environment."""
    _, generate_s = timed(lambda: gen.write(spec, directory))
    runs = [timed(lambda: validated(directory)) for _ in range(validations)]
    campus = runs[-1][0]
    env = make_environment()
    results, render_s = timed(lambda: render_campus(campus, env=env))
    return Measured(directory, campus, env, generate_s, [seconds for _, seconds in runs], render_s, len(results))


def per_switch_s(measured: Measured) -> float:
    """Seconds per switch, rendered again in the (now warm) environment."""
    facts = campus_facts(measured.campus)
    switches = list(measured.campus.switches.values())
    _, seconds = timed(lambda: [render_device(measured.env, facts, s) for s in switches])
    return seconds / len(switches)


def scale_section(record: Record, work: Path) -> Measured:
    say("scale: generating, validating and rendering the full-scale campus")
    full = measure(FULL_SCALE, work / "full", validations=3)
    campus = full.campus
    record.add("scale", "devices (switches + access points)", full.devices, "devices")
    record.add("scale", "members / machines", f"{campus.members_count} / {len(campus.machines)}")
    record.add("scale", "validate, first run (s)", full.validate_runs[0], "validate_first_s")
    record.add("scale", "validate, best of 3 (s)", full.validate_s, "validate_s")
    record.add("scale", "render all devices, one environment (s)", full.render_s, "render_s")
    record.add("scale", "render per switch, warm (ms)", 1000 * per_switch_s(full), "render_per_switch_ms")
    return full


# --- Ansible -------------------------------------------------------------------------------


def plain(value: Any) -> Any:
    """Facts as YAML-safe data: dataclass fields and properties (``port.mbps``...), sets
    sorted, tuples as lists, so Ansible's templates see what the in-process ones see."""
    if is_dataclass(value) and not isinstance(value, type):
        kind = type(value)
        names = [f.name for f in fields(value)] + [n for n in dir(kind) if isinstance(getattr(kind, n), property)]
        return {name: plain(getattr(value, name)) for name in names}
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, set | frozenset):
        return sorted(value)
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    return value


def sample_of(names: list[str], count: int) -> list[str]:
    """``count`` names spread evenly over the sorted list (both platforms get in)."""
    ordered = sorted(names)
    return ordered[:: max(1, len(ordered) // max(count, 1))][:count]


def write_private(path: Path, text: str) -> Path:
    """A file only we can read: the Ansible inventory holds the campus secrets."""
    path.touch(mode=0o600)
    path.write_text(text, encoding="utf-8")
    return path


def ansible_render(campus: model.Campus, hosts: list[str], forks: int, work: Path) -> tuple[dict[str, str], float]:
    """Render ``hosts`` through ansible-playbook; (host -> text, wall seconds)."""
    executable = shutil.which("ansible-playbook", path=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    if executable is None:
        raise CampusnetError("ansible-playbook not found (install requirements.txt, or pass --no-ansible)")
    facts = campus_facts(campus)
    output = work / "ansible-output"
    output.mkdir()
    inventory = {"all": {
        "vars": {"ansible_connection": "local", "ansible_python_interpreter": sys.executable,
                 "bench_output": str(output), "campus": plain(facts)},
        "hosts": {name: {"device": plain(platform.facts(facts, switch, platform)),
                         "bench_template": str(TEMPLATES / next(iter(platform.templates.values())))}
                  for name in hosts
                  for switch in [campus.switches[name]] for platform in [platforms.get(switch.platform)]},
    }}
    command = [executable, "-i", str(write_private(work / "inventory.yml", yaml.safe_dump(inventory))),
               "-f", str(forks), str(write_private(work / "playbook.yml", PLAYBOOK))]
    environment = {**os.environ, "ANSIBLE_FILTER_PLUGINS": str(FILTER_PLUGINS), "ANSIBLE_NOCOLOR": "1"}
    done, seconds = timed(lambda: subprocess.run(command, cwd=work, env=environment, capture_output=True, text=True,
                                                 check=False))
    if done.returncode:
        tail = campus_redactor(campus.secrets)("\n".join((done.stdout + done.stderr).splitlines()[-15:]))
        raise CampusnetError(f"ansible-playbook failed ({done.returncode}):\n{tail}")
    return {name: (output / f"{name}.cfg").read_text(encoding="utf-8") for name in hosts}, seconds


def equality(ours: dict[str, str], theirs: dict[str, str]) -> str:
    """byte-equal, equal after stripping a trailing newline, or which hosts differ."""
    if ours == theirs:
        return "byte-equal"
    differ = [name for name in ours if ours[name].removesuffix("\n") != theirs[name].removesuffix("\n")]
    return f"differ: {', '.join(differ)}" if differ else "equal after stripping a trailing newline"


def ansible_section(record: Record, full: Measured, settings: Settings, work: Path) -> None:
    campus = full.campus
    hosts = sample_of(list(campus.switches), settings.sample)
    say(f"ansible: rendering {len(hosts)} switches with ansible-playbook (forks {settings.forks})")
    theirs, seconds = ansible_render(campus, hosts, settings.forks, work)
    facts = campus_facts(campus)
    ours = {name: next(iter(render_device(full.env, facts, campus.switches[name]).files.values())) for name in hosts}
    same = equality(ours, theirs)
    per_host = seconds / len(hosts)
    per_switch = record.figures["render_per_switch_ms"] / 1000
    record.add("ansible", "hosts / forks", f"{len(hosts)} / {settings.forks}")
    record.add("ansible", "output vs in-process render", same, "ansible_output", "equal", not same.startswith("differ"))
    record.add("ansible", "wall time (s)", seconds, "ansible_wall_s")
    record.add("ansible", "per host (s)", per_host, "ansible_per_host_s")
    record.add("ansible", "speedup of in-process render (x)", per_host / per_switch, "speedup")


# --- growth --------------------------------------------------------------------------------


def growth_section(record: Record, factors: tuple[int, ...], work: Path) -> None:
    rows: list[dict[str, Any]] = []
    for factor in factors:
        spec = scaled(factor)
        say(f"growth: {factor}x ({spec.members} members, {spec.switches} switches)")
        run = measure(spec, work / f"x{factor}", validations=2)
        rows.append({"factor": factor, "devices": run.devices, "generate_s": round(run.generate_s, 3),
                     "validate_s": round(run.validate_s, 3), "render_s": round(run.render_s, 3)})
        shutil.rmtree(run.directory)
        del run
    base = rows[0]
    for row in rows:
        k = row["factor"] / base["factor"]
        record.add("growth", f"{row['factor']}x devices / generate (s)", f"{row['devices']} / {row['generate_s']:.3f}")
        for what in ("validate_s", "render_s"):
            ratio = row[what] / base[what]
            row[what.replace("_s", "_ratio")] = round(ratio, 2)
            label = f"{row['factor']}x {what.removesuffix('_s')} (s) [ratio to {base['factor']}x]"
            record.add("growth", label, f"{row[what]:.3f} [{ratio:.2f}]",
                       target=f"ratio <= {LINEAR_SLACK * k:g}", met=ratio <= LINEAR_SLACK * k)
    record.figures["growth"] = rows


# --- push ----------------------------------------------------------------------------------


@dataclass
class Lab:
    """A fresh simulated fleet and the targets pointed at it."""

    fleet: FleetControl
    targets: list[Target]
    options: Options
    redact: Callable[[str], str]

    def sent(self) -> int:
        """Configuration lines the fleet received so far, over all devices."""
        return sum(int(self.fleet.state(t.name)["config_lines"]) for t in self.targets)

    def deploy(self, targets: list[Target], workers: int, verb: str) -> tuple[list[DeviceResult], float, int]:
        """(results, wall seconds, configuration lines sent)."""
        before = self.sent()
        observer = _Quiet(verb)
        try:
            results, seconds = timed(lambda: run_all(targets, self.options, self.redact, workers, observer))  # type: ignore[arg-type]
        finally:
            observer.stop()
        return results, seconds, self.sent() - before


class _Quiet(ProgressObserver):
    """The fleet progress bar, without a line per device (80 of them, three times)."""

    def done(self, result: DeviceResult) -> None:
        self.progress.advance(self.task)


@contextmanager
def lab(devices: list[DeviceSpec], targets: list[Target], options: Options, redact: Callable[[str], str]) -> Iterator[Lab]:
    """A fresh fleet in its own process, as `invoke sim.up` runs it: the simulators do not
    compete with the pushing threads for this process's interpreter lock."""
    spec = FleetSpec(devices=[d.model_copy(update={"port": 0}) for d in devices])  # free ports
    state = Path(tempfile.mkdtemp(prefix="fleet-", dir=options.backup_dir.parent))
    ports = {device["name"]: device["port"] for device in fleet.up(spec, state)["devices"]}
    try:
        yield Lab(fleet.FleetClient(state), [replace(t, host="127.0.0.1", port=ports[t.name]) for t in targets],
                  options, redact)
    finally:
        fleet.down(state)


def one_port_change(targets: list[Target]) -> tuple[Target, str]:
    """The first target with a room port, and its intended text with that port renamed."""
    room = re.compile(r'^(\s+name )"room [^"]+"$', re.MULTILINE)
    for target in targets:
        if room.search(target.intended):
            return target, room.sub(r'\1"out of service"', target.intended, count=1)
    raise CampusnetError("no switch has a room port (name \"room ...\") to change")


def push_section(record: Record, full: Measured, settings: Settings, work: Path) -> None:
    campus, count = full.campus, settings.switches
    names = sorted(campus.switches)[:count]
    faults = Faults(latency_ms=settings.latency_ms)
    devices = [d.model_copy(update={"faults": faults}) for d in devices_from_inventory(full.directory, 1)
               if d.name in names]
    targets = [t for t in switch_targets(at_loopback(campus)) if t.name in names]
    redact = campus_redactor(campus.secrets)

    def fresh() -> AbstractContextManager[Lab]:
        return lab(devices, targets, Options(backup_dir=work / "backups"), redact)

    wrong: list[str] = []

    def expect(results: list[DeviceResult], status: Status) -> None:
        wrong.extend(f"{r.device}: {r.summary} {r.message[:160]}" for r in results if r.status != status)

    section = "push"
    record.add(section, "simulated switches / latency per reply (ms)", f"{count} / {settings.latency_ms}")
    say(f"push: one switch alone ({names[0]})")
    with fresh() as alone:
        results, single, lines = alone.deploy(alone.targets[:1], 1, "one switch")
        expect(results, Status.CHANGED)
    record.add(section, "one switch alone: T1 (s)", single, "push_single_s")
    record.add(section, "one switch alone: lines sent", lines, "push_single_lines")

    say(f"push: {count} switches, workers={count}")
    with fresh() as everyone:
        results, parallel, _ = everyone.deploy(everyone.targets, count, f"{count} workers")
        expect(results, Status.CHANGED)
    record.add(section, f"{count} switches, workers={count} (s)", parallel, "push_parallel_s",
               f"<= 1.5 x T1 = {1.5 * single:.1f}", parallel <= 1.5 * single)

    waves = math.ceil(count / 10)
    say(f"push: {count} switches, workers=10 ({waves} waves), then a no-op and a one-port change")
    with fresh() as sims:
        results, waved, _ = sims.deploy(sims.targets, 10, "10 workers")
        expect(results, Status.CHANGED)
        record.add(section, f"{count} switches, workers=10 (s)", waved, "push_waves_s",
                   f"<= 1.2 x {waves} x T1 = {1.2 * waves * single:.1f}", waved <= 1.2 * waves * single)
        results, noop, lines = sims.deploy(sims.targets, 10, "no-op")
        expect(results, Status.UNCHANGED)
        record.add(section, "no-op redeploy: lines sent", lines, "noop_lines", "0", lines == 0)
        record.add(section, "no-op redeploy (s)", noop, "noop_s")
        target, changed = one_port_change(sims.targets)
        hier = target.platform.hier_platform
        assert hier is not None
        wanted = len(remediation(hier, target.intended, changed))
        results, _, lines = sims.deploy([replace(target, intended=changed)], 1, "one port")
        expect(results, Status.CHANGED)
        record.add(section, f"one-port change on {target.name}: lines sent", lines, "one_port_lines",
                   f"{wanted} (that port's lines)", lines == wanted)
    record.add(section, "devices not in the expected state", len(wrong), "push_wrong", "0", not wrong)
    for line in wrong:
        say(f"push: unexpected result {line}")


# --- peer: the same IOS switches pushed by Ansible's cisco.ios.ios_config -----------------

PEER_PLAYBOOK = """\
- name: Push each switch's rendered configuration with the cisco.ios collection
  hosts: all
  gather_facts: false
  tasks:
    - name: Push the lines the switch lacks, then save
      cisco.ios.ios_config:
        src: "{{ bench_config }}"
        save_when: modified
"""
PEER_MARKER = "CAMPUSNET_BENCH_PEER"  # environment mark of every process of one Ansible run


def _cpu_of(pid: int) -> float:
    """User + system CPU seconds of a live process (0 when it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text(encoding="utf-8").rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


class _Daemons(threading.Thread):
    """The CPU of marked processes that escape RUSAGE_CHILDREN: network_cli's persistent
    connections daemonise (double fork). Sampled every 0.2 s, so up to 0.2 s of a daemon's
    last moments can be missed."""

    def __init__(self, mark: str) -> None:
        super().__init__(daemon=True)
        self.mark = f"{PEER_MARKER}={mark}".encode()
        self.seen: dict[int, float] = {}
        self.stopping = threading.Event()

    def run(self) -> None:
        while not self.stopping.wait(0.2):
            self.sample()

    def sample(self) -> None:
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                marked = self.mark in (entry / "environ").read_bytes()
            except OSError:
                continue
            if marked:
                pid = int(entry.name)
                self.seen[pid] = max(self.seen.get(pid, 0.0), _cpu_of(pid))

    def stop(self) -> dict[int, float]:
        self.stopping.set()
        self.join()
        self.sample()
        return self.seen


@dataclass(frozen=True)
class PeerRun:
    wall_s: float
    lines: int
    cpu_s: float  # of the pushing client, every process of it
    left: dict[str, int]  # switch -> remediation lines still to send afterwards


def _left(sims: Lab) -> dict[str, int]:
    result = {}
    for target in sims.targets:
        hier = target.platform.hier_platform
        assert hier is not None
        result[target.name] = len(remediation(hier, str(sims.fleet.state(target.name)["running"]), target.intended))
    return result


def ours(sims: Lab, workers: int) -> PeerRun:
    """Our deploy of every target; the CPU of this process (all its threads)."""
    started = time.process_time()
    results, seconds, lines = sims.deploy(sims.targets, workers, "campusnet")
    cpu = time.process_time() - started
    wrong = [r for r in results if r.status != Status.CHANGED]
    if wrong:
        raise CampusnetError(f"peer: our push failed on {wrong[0].device}: {wrong[0].message[:200]}")
    return PeerRun(seconds, lines, cpu, _left(sims))


def theirs(sims: Lab, workers: int, secrets: Any, work: Path) -> PeerRun:
    """ansible-playbook with cisco.ios.ios_config over network_cli, forks = ``workers``."""
    executable = shutil.which("ansible-playbook", path=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    if executable is None:
        raise CampusnetError("ansible-playbook not found (install requirements.txt, or pass --no-peer)")
    folder = work / "peer"
    folder.mkdir(exist_ok=True)
    hosts = {}
    for target in sims.targets:
        config = write_private(folder / f"{target.name}.cfg", target.intended)
        hosts[target.name] = {
            "ansible_host": target.host, "ansible_port": target.port, "ansible_user": secrets.device_username,
            "ansible_password": secrets.device_password, "ansible_connection": "ansible.netcommon.network_cli",
            "ansible_network_os": "cisco.ios.ios", "ansible_command_timeout": 120, "bench_config": str(config)}
    inventory = write_private(folder / "inventory.yml", yaml.safe_dump({"all": {"hosts": hosts}}))
    playbook = write_private(folder / "playbook.yml", PEER_PLAYBOOK)
    mark = os.urandom(8).hex()
    environment = {**os.environ, "ANSIBLE_HOST_KEY_CHECKING": "False", "ANSIBLE_NOCOLOR": "1", PEER_MARKER: mark}
    before_lines, before_cpu, daemons = sims.sent(), _children_cpu(), _Daemons(mark)
    daemons.start()
    command = [executable, "-i", str(inventory), "-f", str(workers), str(playbook)]
    done, seconds = timed(lambda: subprocess.run(command, cwd=folder, env=environment, capture_output=True,
                                                 text=True, check=False))
    reaped = _children_cpu() - before_cpu  # ansible-playbook and its forks
    escaped = daemons.stop()  # the persistent connections (CPU of the reaped ones is counted above)
    if done.returncode:
        tail = "\n".join((done.stdout + done.stderr).splitlines()[-12:])
        raise CampusnetError(f"peer: ansible-playbook failed ({done.returncode}):\n{tail}")
    return PeerRun(seconds, sims.sent() - before_lines, reaped + sum(escaped.values()), _left(sims))


def peer_section(record: Record, full: Measured, settings: Settings, work: Path) -> None:
    campus = full.campus
    names = sorted(n for n, s in campus.switches.items() if s.platform == "cisco_ios")[:settings.switches]
    if not names:
        raise CampusnetError("peer: the campus has no IOS switch")
    faults = Faults(latency_ms=settings.latency_ms)
    devices = [d.model_copy(update={"faults": faults}) for d in devices_from_inventory(full.directory)
               if d.name in names]
    targets = [t for t in switch_targets(at_loopback(campus)) if t.name in names]
    redact = campus_redactor(campus.secrets)
    workers = min(settings.workers, len(names))

    def fresh() -> AbstractContextManager[Lab]:
        return lab(devices, targets, Options(backup_dir=work / "backups"), redact)

    section = "peer"
    record.add(section, "IOS switches / workers = forks / latency per reply (ms)",
               f"{len(names)} / {workers} / {settings.latency_ms}")
    say(f"peer: {len(names)} IOS switches pushed by campusnet, {workers} workers")
    with fresh() as sims:
        mine = ours(sims, workers)
        _, _, again = sims.deploy(sims.targets, workers, "campusnet again")
    say(f"peer: the same switches pushed by ansible-playbook cisco.ios.ios_config, {workers} forks, twice")
    with fresh() as sims:
        other = theirs(sims, workers, campus.secrets, work)
        repeat = theirs(sims, workers, campus.secrets, work)
    for who, key, run in (("campusnet", "ours", mine), ("ansible ios_config", "ansible", other)):
        record.add(section, f"{who}: wall time (s)", run.wall_s, f"peer_{key}_wall_s")
        record.add(section, f"{who}: configuration lines sent", run.lines, f"peer_{key}_lines")
        record.add(section, f"{who}: client CPU per switch (s)", run.cpu_s / len(names), f"peer_{key}_cpu_per_switch_s")
        differing = [n for n, left in run.left.items() if left]
        record.add(section, f"{who}: switches left differing from intended (lines)",
                   f"{len(differing)} ({sum(run.left.values())})", target="0" if key == "ours" else "",
                   met=not differing if key == "ours" else None)
        record.figures[f"peer_{key}_left_lines"] = sum(run.left.values())
    record.add(section, "campusnet: second run, lines sent", again, "peer_ours_again_lines", "0", again == 0)
    record.add(section, "ansible ios_config: second run, lines sent", repeat.lines, "peer_ansible_again_lines")


# --- check ---------------------------------------------------------------------------------

CHECK_TARGET_S = 120.0


def check_section(record: Record, full: Measured, work: Path) -> None:
    from campusnet.check.cases import Verdict, counts
    from campusnet.check.run import Settings as CheckSettings
    from campusnet.check.run import Timings, check

    say("check: invoke check on the full-scale campus (the checker image is built first if missing)")
    timings = Timings()
    cases, seconds = timed(lambda: check(CheckSettings(full.directory, work / "check"), timings=timings))
    built = timings.image_built_s or 0.0
    tally = counts(cases)
    record.add("check", "checks passed / skipped (no checker)", f"{tally[Verdict.PASSED]} / {tally[Verdict.SKIPPED]}")
    record.add("check", "checks failed", tally[Verdict.FAILED], "check_failed", "0", not tally[Verdict.FAILED])
    for stage, stage_s in timings.stages.items():
        record.add("check", f"stage: {stage} (s)", stage_s, f"check_{stage.replace(' ', '_')}_s")
    if timings.image_built_s is not None:
        record.add("check", "checker image built now (s, once per package list)", built, "check_image_build_s")
    record.add("check", "invoke check, image cached (s)", seconds - built, "check_s",
               f"<= {CHECK_TARGET_S:.0f}", seconds - built <= CHECK_TARGET_S)


def run(settings: Settings) -> dict[str, Any]:
    """Every selected section; prints the table, then the figures as one JSON line (last)."""
    record = Record()
    with tempfile.TemporaryDirectory(prefix="campusnet-bench-") as directory:
        work = Path(directory)
        full = scale_section(record, work)
        if settings.ansible:
            ansible_section(record, full, settings, work)
        if settings.factors:
            growth_section(record, settings.factors, work)
        if settings.push:
            push_section(record, full, settings, work)
        if settings.peer:
            peer_section(record, full, settings, work)
        if settings.check:
            check_section(record, full, work)
    # piped output would be cut to 80 columns: give the table room to stay one row per figure
    literal_console(width=None if console.is_terminal else 130).print(record.table())
    sys.stdout.flush()
    print(json.dumps(record.figures), flush=True)
    return record.figures
