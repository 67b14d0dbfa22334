"""What differs between simulated platforms: grammar, prompts, texts, checks and printing.

Device knowledge that is data (factory defaults, print order, lines the firmware drops as
defaults, reply texts) is read from the catalogue (``campusnet/catalogue/<platform>.yml``)
and the reply catalogue (``campusnet/platforms/replies/<platform>.yml``); this module and
its subclasses hold the command grammar and the logic that applies that data.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from hier_config.child import HConfigChild

from campusnet.catalogue import DeviceModel, Dialect, catalogue
from campusnet.platforms.replies import reply
from campusnet.sim.config import ConfigTree, Path
from campusnet.sim.grammar import Grammar, Match

VLAN_GROUPS = ("vlan", "vlans", "ids", "id")  # named groups that hold VLAN ids
_VLAN_LIST = re.compile(r"[\s,]+")


@dataclass(frozen=True)
class ExecCommand:
    """An exec-level command: regex over the whole line -> Session handler name."""

    pattern: str
    handler: str
    level: int = 15  # 1: also at the user prompt (>)

    def match(self, line: str) -> re.Match[str] | None:
        return re.fullmatch(self.pattern, line)


class ExecTexts:
    """Replies of exec commands that differ per platform (empty: the device says nothing)."""

    configure_text = ""
    save_text = ""
    reload_save_question = ""  # asked first when running differs from startup
    reload_confirm_question = ""  # empty: arming needs no confirmation
    reload_armed_text = ""
    reload_cancelled_text = ""
    reload_none_text = ""


def vlan_ids(text: str) -> list[int]:
    """``10,20-22 30`` -> ``[10, 20, 21, 22, 30]`` (IOS commas, ArubaOS spaces)."""
    ids: list[int] = []
    for part in filter(None, _VLAN_LIST.split(text)):
        low, _, high = part.partition("-")
        ids.extend(range(int(low), int(high or low) + 1))
    return ids


def rank(text: str, patterns: list[re.Pattern[str]]) -> int:
    """Position of a line in the device's print order (unknown lines last)."""
    return next((i for i, p in enumerate(patterns) if p.search(text)), len(patterns))


class SimPlatform(ExecTexts):
    """Base for one CLI dialect. Subclasses set the class attributes and printing."""

    key: str
    grammar: Grammar
    exec_commands: tuple[ExecCommand, ...]
    exec_in_config: bool  # ProCurve runs exec commands from config contexts
    prompt_space: str
    skip_on_load: re.Pattern[str]  # lines of a printed config that are not commands
    enable_asks_username = False  # ProCurve: enable asks for the manager's name, then the password

    @cached_property
    def dialect(self) -> Dialect:
        return catalogue().dialect(self.key)

    @cached_property
    def order(self) -> dict[str, list[re.Pattern[str]]]:
        return {part: [re.compile(p) for p in patterns] for part, patterns in self.dialect.order.items()}

    @cached_property
    def default_lines(self) -> dict[str, set[str]]:
        """Context -> lines the firmware accepts and never prints."""
        found: dict[str, set[str]] = {}
        for entry in self.dialect.defaults:
            found.setdefault(entry.context, set()).add(entry.line)
        return found

    # factory default ----------------------------------------------------------------

    def factory_text(self, hardware: DeviceModel, hostname: str) -> str:
        raise NotImplementedError

    def factory(self, hardware: DeviceModel, hostname: str) -> ConfigTree:
        """The running configuration after a factory reset (the device's own, not typed)."""
        return ConfigTree.parse(self.key, self.factory_text(hardware, hostname))

    # prompts and texts ----------------------------------------------------------------

    def hostname(self, tree: ConfigTree) -> str:
        for child in tree.root.children:
            if child.text.startswith("hostname "):
                return child.text.split(" ", 1)[1].strip('"')
        return "Switch"

    def prompt(self, hostname: str, label: str | None, privileged: bool = True) -> str:
        """``label`` None means exec mode, else the context part inside parentheses."""
        middle = "" if label is None else f"({label})"
        return f"{hostname}{middle}{'#' if privileged else '>'}{self.prompt_space}"

    def banner(self, hardware: DeviceModel) -> str:
        return ""

    def invalid(self, prompt: str, line: str, bad_word: int) -> str:
        raise NotImplementedError

    def show_running(self, tree: ConfigTree, hardware: DeviceModel) -> str:
        raise NotImplementedError

    def show_version(self, hostname: str, hardware: DeviceModel) -> str:
        raise NotImplementedError

    # checks ---------------------------------------------------------------------------

    def check(self, match: Match, hardware: DeviceModel, tree: ConfigTree, targets: list[Path],
              prompt: str) -> str | None:
        """The device's refusal of a grammatical line (argument out of range, a port the
        chassis lacks, a combination the firmware forbids), or None when it is accepted."""
        for group in VLAN_GROUPS:
            if group in match.groups and not all(1 <= v <= 4094 for v in vlan_ids(match.groups[group])):
                return self.refuse_word(match, group, prompt)
        return None

    def refuse_word(self, match: Match, group: str, prompt: str) -> str:
        return self.invalid(prompt, match.text, match.word_at(group))

    def reply(self, key: str, **fields: str) -> str:
        return reply(self.key, key, **fields).replace("\n", "\r\n")

    def is_default(self, context: str, text: str, tree: ConfigTree) -> bool:
        """Whether the firmware keeps no line for ``text`` (it is the default value)."""
        return text in self.default_lines.get(context, set())

    def after_store(self, tree: ConfigTree, text: str) -> None:
        """What storing a line does to other lines (a mode that hides some settings)."""

    def stored_form(self, match: Match, hardware: DeviceModel) -> str:
        """The text the firmware keeps for a typed line (keywords it adds, lists it collapses)."""
        return match.text

    # storing --------------------------------------------------------------------------

    def targets(self, match: Match, parents: list[Path]) -> list[Path]:
        """Blocks a header line opens: one per parent unless the header is a range."""
        return [(*parent, match.text) for parent in parents]

    def act(self, tree: ConfigTree, targets: list[Path], match: Match, negate: bool) -> None:
        """Store a line whose rule names an ``action`` (port lists and the like)."""
        raise NotImplementedError(match.rule.action)

    @staticmethod
    def sorted_children(children: list[HConfigChild], patterns: list[re.Pattern[str]]) -> list[HConfigChild]:
        return sorted(children, key=lambda c: rank(c.text, patterns))
