"""Running vs intended, computed by hier_config (never our own diff engine)."""

from __future__ import annotations

import difflib

from hier_config import HConfig, WorkflowRemediation, get_hconfig
from hier_config import Platform as HierPlatform

from campusnet.normalise import driver, settle


def _parse(platform: HierPlatform, text: str) -> HConfig:
    """Parsed with the platform's normaliser: device-owned lines are not ours to diff."""
    return get_hconfig(driver(platform.name), text)


def remediation(platform: HierPlatform, running: str, intended: str) -> list[str]:
    """The configuration lines that turn ``running`` into ``intended`` (empty: in sync)."""
    have, want = _parse(platform, running), _parse(platform, intended)
    settle(platform.name, have, want)
    workflow = WorkflowRemediation(have, want)
    return list(workflow.remediation_config.dump_simple())


def config_diff(platform: HierPlatform, running: str, intended: str, name: str) -> str:
    """What differs between a device's running and intended configuration, as hier_config
    sees it: removed lines (``-``) in the device's order, then added ones (``+``), under
    their parent lines. Sibling order does not count, as in the remediation, so a line the
    device prints elsewhere is no change; an empty string means in sync.
    """
    lines = []
    for line in _parse(platform, running).unified_diff(_parse(platform, intended)):
        text = line.lstrip(" ")
        indent = line[: len(line) - len(text)]
        if text.startswith(("- ", "+ ")):
            lines.append(f"{text[0]}{indent}{text[2:]}")
        else:
            lines.append(f" {indent}{text}")
    if not lines:
        return ""
    return f"--- {name} (running)\n+++ {name} (intended)\n" + "\n".join(lines) + "\n"


def _strip_volatile(text: str) -> str:
    """Drop lines a device adds on its own (build banners, byte counts) for display diffs."""
    volatile = ("Building configuration", "Current configuration", "; ", "Running configuration")
    return "\n".join(line for line in text.splitlines() if not line.startswith(volatile)) + "\n"


def unified(before: str, after: str, name: str) -> str:
    """A unified diff of two configuration texts, labelled with the device name."""
    lines = difflib.unified_diff(
        _strip_volatile(before).splitlines(keepends=True), _strip_volatile(after).splitlines(keepends=True),
        fromfile=f"{name} (running)", tofile=f"{name} (intended)",
    )
    return "".join(lines)
