"""Run podman (and tools that call it, such as molecule) with the project's settings.

The machine's podman defaults do not work here (crun fails, default ulimits exceed the
hard limits), so every call points CONTAINERS_CONF at the repo's containers.conf.
"""

from __future__ import annotations

import os
from pathlib import Path

from campusnet.errors import CampusnetError

REPO_ROOT = Path(__file__).resolve().parents[2]
CONTAINERS_CONF = REPO_ROOT / "containers" / "containers.conf"


def podman_env() -> dict[str, str]:
    """Return the current environment plus CONTAINERS_CONF for the project's podman settings."""
    if not CONTAINERS_CONF.is_file():
        raise CampusnetError(f"{CONTAINERS_CONF}: missing (is the package installed from the repo?)")
    return {**os.environ, "CONTAINERS_CONF": str(CONTAINERS_CONF)}
