"""What differs between simulated platforms: grammar, prompts, texts and printing."""

from __future__ import annotations

import re
from dataclasses import dataclass

from hier_config.models import Platform

from campusnet.platforms.replies import reply
from campusnet.sim.config import ConfigTree, Path
from campusnet.sim.grammar import Grammar, Match


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


class SimPlatform(ExecTexts):
    """Base for one CLI dialect. Subclasses set the class attributes and printing."""

    key: str
    hier_platform: Platform
    grammar: Grammar
    exec_commands: tuple[ExecCommand, ...]
    exec_in_config: bool  # ProCurve runs exec commands from config contexts
    prompt_space: str
    skip_on_load: re.Pattern[str]  # lines of a printed config that are not commands
    enable_asks_username = False  # ProCurve: enable asks for the manager's name, then the password

    def reply(self, key: str, **fields: str) -> str:
        """What the real device prints for ``key``, from the reply catalogue, as CRLF lines."""
        return reply(self.key, key, **fields).replace("\n", "\r\n")

    def hostname_line(self, hostname: str) -> str:
        raise NotImplementedError

    def hostname(self, tree: ConfigTree) -> str:
        for child in tree.root.children:
            if child.text.startswith("hostname "):
                return child.text.split(" ", 1)[1].strip('"')
        return "Switch"

    def prompt(self, hostname: str, label: str | None, privileged: bool = True) -> str:
        """``label`` None means exec mode, else the context part inside parentheses."""
        middle = "" if label is None else f"({label})"
        return f"{hostname}{middle}{'#' if privileged else '>'}{self.prompt_space}"

    def banner(self) -> str:
        return ""

    def invalid(self, prompt: str, line: str, bad_word: int) -> str:
        raise NotImplementedError

    def show_running(self, tree: ConfigTree) -> str:
        raise NotImplementedError

    def show_version(self, hostname: str) -> str:
        raise NotImplementedError

    def targets(self, match: Match, parents: list[Path]) -> list[Path]:
        """Blocks a header line opens: one per parent unless the header is a range."""
        return [(*parent, match.text) for parent in parents]

    def act(self, tree: ConfigTree, targets: list[Path], match: Match, negate: bool) -> None:
        """Store a line whose rule names an ``action`` (port lists and the like)."""
        raise NotImplementedError(match.rule.action)

