"""`invoke check`: the fast CI gate of a campus repository, in one call.

Stages, in order (a stage that cannot start is a failed case, never a traceback):

1. validate the inventory (schema, meaning);
2. render every switch and access point; parse every switch file (hier_config) and type
   it into the platform's simulated CLI;
3. render every server file with Ansible on the controller (campusnet.check.server_files),
   then run each through its daemon's own checker in the checker image, offline
   (campusnet.check.containers).

Returns the cases; the CLI prints a summary and writes the JUnit XML.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from campusnet.check import containers, devices, image, roles
from campusnet.check.cases import Case, Verdict
from campusnet.check.server_files import render_servers
from campusnet.derive import load_campus
from campusnet.errors import CampusnetError
from campusnet.inventory.issues import InventoryError
from campusnet.inventory.load import ansible_decrypt
from campusnet.lab.podman import REPO_ROOT
from campusnet.redact import campus_redactor


@dataclass(frozen=True)
class Settings:
    inventory: Path
    work: Path = Path("build/check")  # server files and the JUnit report land here
    servers: bool = True  # False: skip stage 3 (no Ansible, no container)
    vault_password_file: str = ""
    workers: int = 2  # checker containers at once
    repo: Path = REPO_ROOT  # where roles/ and playbooks/ are


@dataclass
class Timings:
    """Wall seconds per stage, and the image build when it happened (for the bench)."""

    stages: dict[str, float] = field(default_factory=dict)
    image_tag: str = ""
    image_built_s: float | None = None


Say = Callable[[str], None]
#: What a run leaves in its work directory (removed at the start of the next; nothing else is).
OWNED = ("roles", "files", "render.yml", "render.json", "extra.json")


def clean(work: Path) -> None:
    """Remove the previous run's outputs from ``work`` (only those), creating it if needed."""
    work.mkdir(parents=True, mode=0o700, exist_ok=True)
    for name in OWNED:
        path = work / name
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink(missing_ok=True)


def check(settings: Settings, say: Say = lambda text: None, timings: Timings | None = None) -> list[Case]:
    """Every check of the campus at ``settings.inventory``; the work directory is recreated."""
    timings = timings if timings is not None else Timings()
    settings = replace(settings, work=settings.work.resolve(), inventory=settings.inventory.resolve())
    clean(settings.work)
    say("validating the inventory")
    with devices.stopwatch() as elapsed:
        try:
            derivation = load_campus(settings.inventory,
                                     decrypt=ansible_decrypt(settings.vault_password_file or None))
        except InventoryError as error:
            timings.stages["validate"] = elapsed()
            return [Case("inventory", str(issue), Verdict.FAILED, message=issue.message) for issue in error.issues]
    timings.stages["validate"] = elapsed()
    campus = derivation.campus
    assert campus is not None
    redact = campus_redactor(campus.secrets)
    cases = devices.validation_cases(derivation)
    say(f"rendering {len(campus.switches)} switches and {len(campus.access_points)} access points")
    with devices.stopwatch() as elapsed:
        rendered_cases, rendered = devices.render_cases(campus, redact)
        cases += rendered_cases + devices.switch_cases(campus, rendered, redact)
    timings.stages["devices"] = elapsed()
    if settings.servers:
        cases += server_cases(settings, redact, say, timings)
    return cases


def server_cases(settings: Settings, redact: Callable[[str], str], say: Say, timings: Timings) -> list[Case]:
    declared = roles.load(settings.repo / "roles")
    say("rendering the server files with Ansible (render only, on this machine)")
    with devices.stopwatch() as elapsed:
        try:
            rendered = render_servers(settings.repo, settings.inventory, settings.work, declared, redact,
                                      vault_password_file=settings.vault_password_file)
        except CampusnetError as error:
            return [Case("server files", "render", Verdict.FAILED, message=str(error).splitlines()[0],
                         output=redact(str(error)))]
    timings.stages["server render"] = elapsed()
    cases = [Case(f"server files {host}", "render", Verdict.FAILED, message=messages[0][:300],
                  output="\n".join(messages)) for host, messages in sorted(rendered.failures.items())]
    cases += [Case(f"server files {host}", "render", Verdict.PASSED)
              for host in sorted(rendered.files) if host not in rendered.failures]
    say("preparing the checker image")
    with devices.stopwatch() as elapsed:
        checker = image.ensure(roles.packages(declared))
    timings.stages["checker image"] = elapsed()
    timings.image_tag, timings.image_built_s = checker.tag, checker.built_s
    say(f"checking {sum(map(len, rendered.files.values()))} server files of {len(rendered.files)} hosts in {checker.tag}")
    with devices.stopwatch() as elapsed:
        cases += containers.run_all(checker.tag, settings.work / "files", rendered, declared, redact,
                                    settings.workers)
    timings.stages["server checks"] = elapsed()
    return cases
