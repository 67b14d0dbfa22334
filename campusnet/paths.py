"""Where the tasks read and write, relative to the repository (every task's working directory)."""

from __future__ import annotations

from pathlib import Path

#: The inventory every task reads unless given ``-i``.
DEFAULT_INVENTORY = "inventories/example"
#: The simulated campus: an overlay on the live inventory (campusnet.overlay), written by
#: ``invoke sim.up`` and ``invoke ap.lab-up``; use it as ``-i build/sim``.
SIM_INVENTORY = "build/sim"
#: The running simulator fleet's pid, ports, spec and log (campusnet.sim.fleet).
FLEET_STATE = Path("build/fleet")
