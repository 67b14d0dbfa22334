"""What a device platform is: data the renderer (and later the pusher) reads.

A driver is a frozen, keyword-only dataclass, so a new concern (push-side patterns,
save command, commit-confirm timers) is a new field with a default, and a new
platform is one driver module plus its templates.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from hier_config import Platform as HierPlatform

if TYPE_CHECKING:
    from jinja2 import Environment

    from campusnet.render.facts import CampusFacts

#: (campus-wide facts, a model device, its platform) -> the ``device`` the templates see.
Facts = Callable[["CampusFacts", Any, "Platform"], Any]


@dataclass(frozen=True, kw_only=True)
class PushRules:
    """How to push to a CLI device safely (campusnet.push reads these, nothing else)."""

    reject_patterns: tuple[str, ...]  # output that means the line was refused
    save: str  # exec command that writes running to startup
    arm_timer: str  # exec command, ``{minutes}`` filled in: reboot to startup unless cancelled
    cancel_timer: str
    prompts: tuple[tuple[str, str], ...] = ()  # (question regex, answer) met by the commands above
    show_running: str = "show running-config"


@dataclass(frozen=True, kw_only=True)
class Platform:
    """One kind of device: how to name it to netmiko/hier_config and how to render it."""

    key: str  # the inventory's platform name (netmiko device type for switches)
    netmiko_type: str
    hier_platform: HierPlatform | None  # None: not diffed by hier_config (whole files)
    comment: str  # line-comment prefix in the rendered files
    templates: Mapping[str, str]  # output file name -> template path under templates/
    facts: Facts
    password_hash: Callable[[str, str, str], str] | None = None  # (device, user, password)
    push: PushRules | None = None  # None: not pushed over a CLI (access points take files)

    def render(self, env: Environment, campus: CampusFacts, device: Any) -> dict[str, str]:
        """Output file name -> text. Jinja errors propagate; the engine names the device."""
        context = {"campus": campus, "device": self.facts(campus, device, self), "platform": self}
        return {name: env.get_template(path).render(context) for name, path in self.templates.items()}
