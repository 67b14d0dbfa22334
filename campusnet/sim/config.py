"""A device's configuration held as a hier_config tree, edited line by line."""

from __future__ import annotations

import re
from collections.abc import Iterator

from hier_config import HConfig, get_hconfig
from hier_config.child import HConfigChild

from campusnet.normalise import driver

Path = tuple[str, ...]
Node = HConfig | HConfigChild


def _without_no(text: str) -> str:
    return text.removeprefix("no ")


class ConfigTree:
    """Running or startup configuration in the normalised form hier_config computes with.

    Holding the same tree hier_config builds keeps the simulator's idea of "equal"
    identical to the diff engine's; each platform prints it in its own style.
    """

    def __init__(self, root: HConfig) -> None:
        self.root = root

    @classmethod
    def empty(cls, platform: str) -> ConfigTree:
        return cls(HConfig(driver(platform, device_view=True)))

    @classmethod
    def parse(cls, platform: str, text: str) -> ConfigTree:
        """A configuration the device holds as printed (its factory default): nothing typed."""
        return cls(get_hconfig(driver(platform, device_view=True), text))

    def copy(self) -> ConfigTree:
        return ConfigTree(self.root.deep_copy())

    def node(self, path: Path) -> Node:
        """The block at ``path``, created when missing."""
        current: Node = self.root
        for text in path:
            current = current.add_child(text, return_if_present=True)
        return current

    def find(self, path: Path) -> Node | None:
        current: Node | None = self.root
        for text in path:
            current = current.get_child(equals=text) if current is not None else None
        return current

    def add(self, path: Path, text: str, single: str = "") -> None:
        """Store a line; a single-valued setting replaces its previous value.

        Besides the grammar's own ``single`` key, hier_config's idempotent-command
        rules decide replacement: the diff engine sends only the new value for those.
        """
        parent = self.node(path)
        candidate = parent.instantiate_child(text)
        replaced = parent.driver.idempotent_for(candidate, parent.children)
        if parent.get_child(equals=text):
            return
        stale = [
            child
            for child in parent.children
            if child is replaced or (single and _without_no(child.text).startswith(single))
        ]
        for child in stale[1:]:
            child.delete()
        if stale:  # keep the setting where the device shows it
            stale[0].text = text
        else:
            parent.add_child(text)

    def remove(self, path: Path, text: str) -> None:
        """``no <text>``: delete that line or block, else every line it is a prefix of."""
        parent = self.find(path)
        if parent is None:
            return
        exact = parent.get_child(equals=text)
        doomed = [exact] if exact else [c for c in parent.children if c.text.startswith(text + " ")]
        for child in doomed:
            child.delete()

    def children(self, path: Path) -> tuple[HConfigChild, ...]:
        found = self.find(path)
        return tuple(found.children) if found is not None else ()


def flatten(text: str, skip: re.Pattern[str]) -> Iterator[str]:
    """Turn indented configuration text into the lines one would type, with ``exit``.

    Lines matching ``skip`` (comments, headers, the device's own ``exit``) are dropped;
    block ends are read from the indentation.
    """
    stack: list[list[int]] = []  # [indent, has_children]
    for raw in text.splitlines():
        line = raw.strip()
        if not line or skip.fullmatch(line):
            continue
        indent = len(raw) - len(raw.lstrip())
        while stack and indent <= stack[-1][0]:
            if stack.pop()[1]:
                yield "exit"
        if stack:
            stack[-1][1] = 1
        stack.append([indent, 0])
        yield line
    while stack:
        if stack.pop()[1]:
            yield "exit"
