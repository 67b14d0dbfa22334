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
class Privilege:
    """How a session knows it may configure, and how it gets there from the user prompt.

    Names in ``*_question`` and ``level`` are replies of the platform's catalogue.
    """

    check: str | None  # exec command printing the level (IOS `show privilege`); None: the prompt's `#` says
    level: str = "privilege"  # catalogue reply with a ``level`` group
    required: int = 15
    enable: str = "enable"
    username_question: str | None = None  # ProCurve's enable asks for the manager's user name first
    secret_question: str = "password_question"


@dataclass(frozen=True, kw_only=True)
class Timer:
    """A way to have the device undo a push by itself unless it is confirmed in time."""

    name: str  # shown in plans and results
    arm: str  # exec command, ``{minutes}`` filled in
    confirm: str  # exec command: keep the change, stop the timer
    status: str  # exec command showing whether the timer is pending
    pending: str  # catalogue reply: the status shows it pending
    idle: str  # catalogue reply: nothing pending
    restores: str  # what happens when it fires and what it costs the members (results, README)
    answers: tuple[tuple[str, str], ...] = ()  # (catalogue reply of a question, answer)


@dataclass(frozen=True, kw_only=True)
class PushRules:
    """How to push to a CLI device safely (campusnet.push reads these, nothing else).

    What the device prints is not here but in its reply catalogue
    (campusnet/platforms/replies/<catalogue>.yml); these rules name its entries.
    """

    catalogue: str
    privilege: Privilege
    timers: tuple[Timer, ...]  # in order of preference: the first that arms and reads back pending
    save: str  # exec command that writes running to startup
    save_done: str | None = None  # catalogue reply a save must print (None: it prints nothing)
    show_running: str = "show running-config"
    show_startup: str = "show startup-config"
    running_end: str | None = None  # catalogue reply that ends a whole configuration
    prepare: tuple[str, ...] = ()  # exec commands once privileged (terminal width, paging)
    banner: tuple[str, str] | None = None  # (catalogue reply, answer) greeting before the first prompt
    configure: str = "configure terminal"
    end: str = "end"


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
