"""Assemble the report: drift (from backups, or fetched live), topology, port maps, history."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from campusnet.derive import load_campus
from campusnet.inventory.load import ansible_decrypt
from campusnet.overview import drift, history, page, topology
from campusnet.push import Options
from campusnet.redact import campus_redactor
from campusnet.render.engine import render_campus
from campusnet.results import DeviceResult

#: (targets, options, redact, workers, verb, action) -> results: the CLI's fleet runner
#: (campusnet.cli.run_fleet, with its progress display).
Fleet = Callable[[list[Any], Options, Any, int, str, Any], list[DeviceResult]]


@dataclass(frozen=True)
class Settings:
    inventory: Path
    backups: Path = Path("backups")
    live: bool = False  # fetch every device's running configuration first (a dry run: nothing sent)
    history: Path | None = None  # a git repository of redacted backups (created when missing)
    workers: int = 10
    identity: str = ""  # SSH key for the access points (live)
    vault_password_file: str = ""


@dataclass(frozen=True)
class Report:
    html: str
    drifts: list[drift.Drift]


def fetch_live(campus: Any, rendered: list[Any], settings: Settings, redact: Any, fleet: Fleet) -> list[drift.Drift]:
    """Dry-run every switch and access point (their running configurations land in backups/)."""
    from campusnet.ap_push import ap_targets, deploy_ap
    from campusnet.targets import switch_targets

    options = Options(dry_run=True, backup_dir=settings.backups)
    results = fleet(switch_targets(campus), options, redact, settings.workers, "fetch switches", None)
    if campus.access_points:
        results += fleet(ap_targets(campus, key_file=settings.identity or None), options, redact, settings.workers,
                         "fetch access points", deploy_ap)
    return drift.from_results(results, rendered, redact)


def build(settings: Settings, fleet: Fleet) -> Report:
    campus = load_campus(settings.inventory, decrypt=ansible_decrypt(settings.vault_password_file or None)).campus
    assert campus is not None
    redact = campus_redactor(campus.secrets)
    rendered = render_campus(campus)
    if settings.live:
        drifts = fetch_live(campus, rendered, settings, redact, fleet)
    else:
        drifts = drift.from_backups(rendered, settings.backups, redact)
    changes: list[page.History] = []
    if settings.history is not None:
        devices = [r.device for r in rendered]
        history.commit(settings.backups, settings.history, devices, redact)
        changes = history.read(settings.history, devices)
    picture = topology.svg(topology.dot_source(campus))
    return Report(page.render(campus, drifts, picture, changes), drifts)
