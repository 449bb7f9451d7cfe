"""Front-matter YAML, read safely and with a line number for every field.

PyYAML's safe loader is still too trusting for pull requests from strangers:
aliases can expand to billions of items, an impossible date raises a bare
ValueError, and a repeated key silently wins. This loader refuses aliases in
the composed node graph (before anything expands them), keeps dates as text so
the schema can say what is wrong with them, and rejects repeated keys. It also
records the line of each field and list item, so schema errors point at the
right line.
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

Location = tuple[str | int, ...]

_TIMESTAMP = "tag:yaml.org,2002:timestamp"


class YamlProblem(Exception):
    """A front-matter problem found while reading YAML; `line` is 1-based in the file."""

    def __init__(self, line: int | None, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


ALIASES = "YAML anchors and aliases (& and *) are not allowed; write the value out in full"
# LibYAML's parser is several times faster; PyYAML's pure-Python one serves where it is missing.
_Base = yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader


class _Loader(_Base):  # type: ignore[misc, valid-type]
    """Safe loading without implicit timestamps; aliases are refused by `_reject_aliases`."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != _TIMESTAMP]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def parse(text: str, first_line: int) -> tuple[Any, dict[Location, int]]:
    """Parse front matter whose first line is line `first_line` (1-based) of the file.

    Returns the data and a map from field location (as pydantic reports it,
    e.g. ("supporters", 2)) to its line in the file.
    """
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, {}
        _reject_aliases(node)
        _reject_repeated_keys(node, first_line)
        data = loader.construct_document(node)
    except YamlProblem as problem:
        raise YamlProblem(_file_line(problem.line, first_line), problem.message) from None
    except yaml.MarkedYAMLError as error:
        # Where an open quote or bracket started is where the fix goes, not where YAML gave up.
        mark = error.context_mark or error.problem_mark
        line = _file_line(mark.line if mark else None, first_line)
        context = f" ({error.context} that starts here)" if error.context_mark else ""
        raise YamlProblem(line, f"YAML syntax error: {error.problem}{context}") from None
    except (yaml.YAMLError, ValueError) as error:
        raise YamlProblem(first_line, f"YAML could not be read: {error}") from None
    finally:
        loader.dispose()
    lines: dict[Location, int] = {}
    _record_lines(node, (), first_line, lines)
    return data, lines


def _reject_aliases(root: Node) -> None:
    """An alias makes one node appear in two places: refuse it before anything expands it.

    Composing keeps an alias as a second reference to the same node, so the graph stays
    small however many times a bomb repeats itself; the walk stops at the first repeat.
    """
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            raise YamlProblem(node.start_mark.line, ALIASES)
        seen.add(id(node))
        if isinstance(node, MappingNode):
            stack.extend(child for pair in node.value for child in pair)
        elif isinstance(node, SequenceNode):
            stack.extend(node.value)


def _file_line(node_line: int | None, first_line: int) -> int | None:
    return None if node_line is None else first_line + node_line


def _reject_repeated_keys(node: Node, first_line: int) -> None:
    if isinstance(node, MappingNode):
        seen: dict[str, int] = {}
        for key, value in node.value:
            if isinstance(key, ScalarNode):
                if key.value in seen:
                    raise YamlProblem(
                        key.start_mark.line,
                        f"{key.value}: given twice (first on line {seen[key.value]})",
                    )
                seen[key.value] = first_line + key.start_mark.line
            _reject_repeated_keys(value, first_line)
    elif isinstance(node, SequenceNode):
        for item in node.value:
            _reject_repeated_keys(item, first_line)


def _record_lines(node: Node, here: Location, first_line: int, out: dict[Location, int]) -> None:
    if isinstance(node, MappingNode):
        for key, value in node.value:
            if isinstance(key, ScalarNode):
                where = (*here, key.value)
                out[where] = first_line + key.start_mark.line
                _record_lines(value, where, first_line, out)
    elif isinstance(node, SequenceNode):
        for index, item in enumerate(node.value):
            where = (*here, index)
            out[where] = first_line + item.start_mark.line
            _record_lines(item, where, first_line, out)
