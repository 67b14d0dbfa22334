"""Campusnet's Jinja filters for Ansible's template module (enable with filter_plugins = plugins/filter).

``ranges`` (port and VLAN lists) and the ``quote_<syntax>`` filters (campusnet.render.quote)
are imported from the package, so Ansible renders byte for byte what ``invoke render``
does, and roles quote inventory strings with the same code as device templates.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from campusnet.render.environment import ranges
from campusnet.render.quote import jinja_filters


class FilterModule:
    """Ansible's filter plugin entry point."""

    def filters(self) -> dict[str, Callable[..., Any]]:
        return {"ranges": ranges, **jinja_filters()}
