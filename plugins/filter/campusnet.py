"""Campusnet's Jinja filters for Ansible's template module (enable with filter_plugins = plugins/filter).

The device templates under templates/ use ``ranges``; importing it from
campusnet.render.environment keeps one definition, so Ansible renders byte for byte
what ``invoke render`` does.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from campusnet.render.environment import ranges


class FilterModule:
    """Ansible's filter plugin entry point."""

    def filters(self) -> dict[str, Callable[..., Any]]:
        return {"ranges": ranges}
