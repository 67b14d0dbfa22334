"""What the terminal shows: inventory summaries and findings (rich, to stderr/stdout).

Only pseudonymous ids and counts reach here; the campus model holds no names or e-mails
in anything these functions print. Every console is literal (``literal_console``): text
is printed as given, never read as rich markup (``[member m0401]``) or an emoji code
(``switches.yml:100:``); colour comes from styles on Text objects only.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from rich.table import Table
from rich.text import Text

from campusnet.derive import Derivation
from campusnet.inventory.issues import InventoryError, Issue
from campusnet.model import Campus
from campusnet.render.output import Outcome
from campusnet.results import DeviceResult, Status
from campusnet.terminal import literal_console, styled
from campusnet.words import plural

# soft_wrap: a message stays one line however narrow the terminal (tables still fit it),
# so a hint is never cut in two.
console = literal_console(soft_wrap=True)
errors_console = literal_console(stderr=True, soft_wrap=True)


def print_issues(issues: Iterable[Issue], kind: str = "error") -> None:
    style = "red" if kind == "error" else "yellow"
    for issue in issues:
        errors_console.print(Text.assemble((kind, style), f": {issue}"), soft_wrap=True)


def print_inventory_error(error: InventoryError) -> None:
    """The one printer of an invalid inventory, for every task that loads one: each
    error on its own line (InventoryError.lines, which the Ansible plugin shows too);
    the CLI's last line, the count, follows."""
    for line in error.lines():
        kind, _, rest = line.partition(": ")
        errors_console.print(Text.assemble((kind, "red"), f": {rest}"), soft_wrap=True)


def print_summary(derivation: Derivation) -> None:
    campus = derivation.campus
    assert campus is not None
    platforms = Counter(s.platform for s in campus.switches.values())
    kinds = Counter(m.kind for m in campus.machines)
    table = Table(title=f"{campus.settings.name} ({campus.settings.domain})", show_header=True)
    table.add_column("kind")
    table.add_column("count", justify="right")
    table.add_column("detail")
    rows = [
        ("buildings", len(campus.buildings), f"{sum(len(b.rooms) for b in campus.buildings.values())} rooms"),
        ("vlans", len(campus.vlans), ", ".join(f"{v.name}={v.id}" for v in sorted(campus.vlans.values(), key=lambda v: v.id)[:6]) + ", ..."),
        ("switches", len(campus.switches), ", ".join(f"{n} {p}" for p, n in sorted(platforms.items()))),
        ("access points", len(campus.access_points), ""),
        ("servers", len(campus.servers), f"router: {campus.router}"),
        ("members", campus.members_count, ""),
        ("machines", len(campus.machines), ", ".join(f"{n} {k}" for k, n in sorted(kinds.items()))),
        ("clubs", len(campus.clubs), ""),
        ("printers", len(campus.printers), ""),
        ("tv channels", len(campus.tv_channels), ""),
    ]
    for kind, count, detail in rows:
        table.add_row(kind, str(count), detail)
    console.print(table)
    console.print(paths_table(campus))
    standby = [link.name for link in campus.links.values() if not link.active]
    if standby:
        console.print(f"standby links (not in use): {', '.join(sorted(standby))}")
    quarantined = sum(derivation.quarantine.values())
    if quarantined:
        reasons = ", ".join(f"{n} {reason}" for reason, n in sorted(derivation.quarantine.items()))
        console.print(Text.assemble(("quarantine", "yellow"), f": {quarantined} machines will be disconnected ({reasons})"))


def paths_table(campus: Campus) -> Table:
    """Each building's links up to the router's switch and the slowest step on the way.

    The upstream link to the school network counts too: a building is never faster than it.
    """
    upstream = campus.settings.upstream.capacity_mbps
    table = Table(title=f"Paths to the router ({campus.router})", title_justify="left")
    for column in ("building", "path to the router's switch", "bottleneck"):
        table.add_column(column)
    for code, building in sorted(campus.buildings.items()):
        links = [campus.links[name] for name in building.path]
        path = " -> ".join(f"{link.name} {link.capacity_mbps} Mb/s" for link in links) or "(the router's switch)"
        slowest = min(links, key=lambda link: link.capacity_mbps, default=None)
        where = slowest.name if slowest and slowest.capacity_mbps < upstream else "upstream"
        bottleneck = f"{building.bottleneck_mbps} Mb/s ({where})"
        if building.shaped:
            bottleneck += f": fair share between {plural(len(building.rooms), 'room')}"
        table.add_row(code, path, bottleneck, style="yellow" if building.shaped else None)
    return table


NAMED_CHANGES = 8  # devices named in validate's "since the last render" line; the rest are counted


def print_render_changes(outcomes: list[Outcome], build: str, render: str, render_diff: str) -> None:
    """Which devices would change compared with the last render in ``build``; ``render`` and
    ``render_diff`` are the hints that write one and show the lines."""
    changed = [o for o in outcomes if o.status != "no"]
    if all(o.status == "new" for o in outcomes):
        console.print(f"since the last render: none in {build}/ yet; {render} writes one")
    elif not changed:
        console.print(f"since the last render: no device changes (compared with {build}/)")
    else:
        named = [f"{o.device} (new)" if o.status == "new" else f"{o.device} (+{o.added} -{o.removed})"
                 for o in changed[:NAMED_CHANGES]]
        detail = ", ".join(named) + (f" and {len(changed) - len(named)} more" if len(changed) > len(named) else "")
        console.print(f"since the last render: {plural(len(changed), 'device')} would change: {detail}; "
                      f"{render_diff} shows the lines and writes them to {build}/")


class ProgressObserver:
    """Shows a fleet run as it goes: one bar, a line per finished device."""

    def __init__(self, verb: str) -> None:
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
        )

        self.verb = verb
        self.progress = Progress(TextColumn("{task.description}", markup=False), BarColumn(), MofNCompleteColumn(),
                                 TimeElapsedColumn(), console=console, transient=True)
        self.task = self.progress.add_task(verb, total=0)

    def start(self, total: int) -> None:
        self.progress.update(self.task, total=total)
        self.progress.start()

    def step(self, device: str, step: str) -> None:
        self.progress.update(self.task, description=f"{self.verb}: {device} {step}")

    def done(self, result: DeviceResult) -> None:
        style = "red" if result.failed else "green" if result.status == Status.CHANGED else "dim"
        line = styled(f"{result.device}: {result.summary}", style)
        self.progress.console.print(line + (f" - {result.message}" if result.message else ""))
        self.progress.advance(self.task)

    def stop(self) -> None:
        self.progress.stop()


def print_results(results: list[DeviceResult], title: str) -> None:
    """The summary table that ends every fleet run."""
    table = Table(title=title)
    for column in ("device", "result", "seconds", "detail"):
        table.add_column(column, justify="right" if column == "seconds" else "left")
    for result in results:
        style = "red" if result.failed else "green" if result.status == Status.CHANGED else ""
        table.add_row(result.device, styled(result.summary, style),
                      f"{result.seconds:.1f}", result.message)
    console.print(table)
    counts = Counter(r.summary if r.failed else str(r.status) for r in results)
    console.print(", ".join(f"{n} {what}" for what, n in sorted(counts.items())))


def print_diffs(results: list[DeviceResult], max_lines: int = 0) -> list[str]:
    """Each device's diff; with ``max_lines``, longer ones are cut. Returns the devices cut."""
    cut = []
    for result in results:
        if result.diff:
            console.rule(f"{result.device}: {plural(result.lines, 'remediation line')}", characters="-")
            lines = result.diff.splitlines()
            shown = lines[:max_lines] if max_lines else lines
            console.print("\n".join(shown))
            if len(shown) < len(lines):
                console.print(f"... {plural(len(lines) - len(shown), 'more diff line')}")
                cut.append(result.device)
    return cut


def print_warning(text: str) -> None:
    errors_console.print(Text.assemble(("warning", "yellow"), f": {text}"))


def print_hint(text: str | None) -> None:
    """Each line of a hint (a command that works when pasted) on stderr."""
    for line in (text or "").splitlines():
        errors_console.print(Text.assemble(("hint", "yellow"), f": {line}"))
