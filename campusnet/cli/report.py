"""`invoke report`: the campus on one HTML page (drift, topology, buildings, port maps)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from invoke import Context, task

from campusnet.cli import DEFAULT_INVENTORY, clear_errors, run_fleet
from campusnet.errors import CampusnetError
from campusnet.files import atomic_write
from campusnet.overview.build import Settings, build
from campusnet.overview.drift import State
from campusnet.report import console


@task(name="report", help={
    "inventory": f"inventory directory (default: {DEFAULT_INVENTORY}; build/sim after `invoke sim.up`)",
    "output": "the HTML file to write (default: build/report.html)",
    "check": "exit 1 when any device drifted or could not be compared (CI, nightly job)",
    "live": "fetch every device's running configuration first (a dry run: nothing is sent)",
    "backups": "backup directory to compare with (default: backups)",
    "history": "git repository of redacted backups: commit the newest ones, show when each device changed",
    "workers": "devices fetched at once with --live (default 10)",
    "identity": "SSH private key for the access points (--live)",
    "vault_password_file": "file holding the vault password (default: Ansible's usual sources)",
})
@clear_errors
def report_page(c: Context, inventory: str = DEFAULT_INVENTORY, output: str = "build/report.html", check: bool = False,
                live: bool = False, backups: str = "backups", history: str = "", workers: int = 10, identity: str = "",
                vault_password_file: str = "") -> None:
    """Write one self-contained HTML page: drift per device, topology, buildings, port maps."""
    settings = Settings(Path(inventory), Path(backups), live, Path(history) if history else None, max(1, workers),
                        identity, vault_password_file)
    result = build(settings, run_fleet)
    atomic_write(Path(output), result.html)
    tally = Counter(d.state for d in result.drifts)
    console.print(f"{output}: {len(result.drifts)} devices, " + ", ".join(f"{tally[s]} {s}" for s in State), soft_wrap=True)
    for item in result.drifts:
        if item.state in (State.DRIFTED, State.UNREACHABLE):
            console.print(f"  {item.device}: {item.state}" + (f" ({item.lines} lines)" if item.state.known else "")
                          + (f": {item.message}" if item.message else ""), soft_wrap=True)
    unknown = sum(tally[s] for s in State if not s.known)
    if check and (tally[State.DRIFTED] or unknown):
        raise CampusnetError(f"drift: {tally[State.DRIFTED]} devices drifted, {unknown} could not be compared "
                             f"(details in {output})")


TOP_LEVEL = [report_page]
