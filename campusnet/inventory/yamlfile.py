"""YAML reading for the inventory: fast, strict about duplicate keys, and able to say
on which line a key path sits (computed only when there is an error to report)."""

from __future__ import annotations

from typing import Any

import yaml

from campusnet.inventory.issues import KeyPath

_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


#: Nodes that aliases may add to one file beyond what is written: anchors for a few
#: shared settings stay far below; a "billion laughs" document goes far beyond.
ALIAS_EXPANSION_LIMIT = 10_000


class DuplicateKeyError(yaml.MarkedYAMLError):
    """Two identical keys in one mapping: PyYAML would silently keep the last one."""


class AliasLimitError(yaml.MarkedYAMLError):
    """Aliases expand to too many values, or an alias refers to its own anchor."""


class UnreadableValue(yaml.MarkedYAMLError):
    """A scalar PyYAML cannot construct (a date that does not exist), or a character YAML
    does not accept (a control character): reported with its line like a syntax error."""


def _first_words(error: BaseException) -> str:
    """The start of an error's text, before any quoted value."""
    text = str(error).split("'", 1)[0].split('"', 1)[0].strip(" :")
    return text or type(error).__name__


class StrictLoader(_Loader):  # type: ignore[misc, valid-type]
    """Safe loader (libyaml when available) that rejects duplicate mapping keys and
    aliases expanding beyond ALIAS_EXPANSION_LIMIT values (or into themselves)."""

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        if node in self.constructed_objects or node in self.recursive_objects:  # an alias
            budget = getattr(self, "_alias_budget", ALIAS_EXPANSION_LIMIT)
            sizes = self.__dict__.setdefault("_alias_sizes", {})
            self._alias_budget = budget - _expanded_size(node, sizes, set())
            if self._alias_budget < 0:
                raise AliasLimitError(problem=f"aliases expand to more than {ALIAS_EXPANSION_LIMIT} values, or "
                                              "into themselves (a recursive alias)", problem_mark=node.start_mark)
        try:
            return super().construct_object(node, deep)
        except (ValueError, TypeError, OverflowError) as error:  # e.g. a date 2027-02-30
            raise UnreadableValue(problem=f"cannot read this value ({_first_words(error)})",
                                  problem_mark=node.start_mark) from None

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        keys = [key_node.value for key_node, _ in node.value]
        if len(set(keys)) != len(keys):  # compare raw scalars: cheap on the common path
            seen: set[Any] = set()
            for key_node, _ in node.value:
                if key_node.value in seen:
                    raise DuplicateKeyError(
                        problem=f"duplicate key {key_node.value!r} (defined twice in the same mapping)",
                        problem_mark=key_node.start_mark,
                    )
                seen.add(key_node.value)
        return super().construct_mapping(node, deep=deep)  # type: ignore[no-any-return]


StrictLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, StrictLoader.construct_mapping
)


def _expanded_size(node: yaml.Node, sizes: dict[int, int], open_nodes: set[int]) -> int:
    """Values under ``node`` counting every alias as a copy; beyond any limit for a cycle."""
    key = id(node)
    if key in sizes:
        return sizes[key]
    if key in open_nodes:
        return ALIAS_EXPANSION_LIMIT + 1
    open_nodes.add(key)
    if isinstance(node, yaml.MappingNode):
        children = [child for pair in node.value for child in pair]
    elif isinstance(node, yaml.SequenceNode):
        children = list(node.value)
    else:
        children = []
    total = 1
    for child in children:
        total += _expanded_size(child, sizes, open_nodes)
        if total > ALIAS_EXPANSION_LIMIT:
            break
    open_nodes.discard(key)
    sizes[key] = total
    return total


def parse(text: str) -> Any:
    """Parse one YAML document; raises yaml.MarkedYAMLError with a line on bad syntax."""
    try:
        return yaml.load(text, Loader=StrictLoader)
    except yaml.reader.ReaderError as error:
        code = error.character if isinstance(error.character, int) else ord(error.character)
        start = text.rfind("\n", 0, error.position) + 1
        mark = yaml.Mark("<text>", error.position, text.count("\n", 0, error.position), error.position - start, None, 0)
        raise UnreadableValue(problem=f"a character YAML does not accept (U+{code:04X})", problem_mark=mark) from None


def compose(text: str) -> yaml.Node | None:
    """The node tree of ``text`` (with line marks), or None when it does not parse."""
    try:
        return yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError:
        return None


def line_in(node: yaml.Node | None, path: KeyPath) -> int | None:
    """1-based line of the deepest key of ``path`` that exists under ``node``."""
    line = None
    for part in path:
        if node is None:
            break
        found = _child(node, part)
        if found is None:
            break
        line, node = found
    return line


def _child(node: yaml.Node, part: str | int) -> tuple[int, yaml.Node] | None:
    """The line where ``part`` is written inside ``node``, and its value node."""
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if str(key_node.value) == str(part):
                return key_node.start_mark.line + 1, value_node
    elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
        item = node.value[part]
        return item.start_mark.line + 1, item
    return None
