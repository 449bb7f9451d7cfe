"""Text that every output can hold: control characters, nesting depth and bracket runs.

Pasted text carries characters no XML document may contain (Word's manual line break arrives as
a vertical tab), and a pull request can carry text built to exhaust the renderers: quotations
nested 150 deep overflow WeasyPrint's recursion, and a paragraph of unclosed '[' makes
Python-Markdown's link parser quadratic. Each is refused here, with its line, so that what
`check` accepts every output can build.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from motionlib.model.problems import Problem

LINE_BREAK = "\x0b"  # Word's manual line break (Shift+Enter) when pasted as text
# Characters XML 1.0 cannot hold (so neither Word nor PDF tagging can), besides tab and newline.
FORBIDDEN = re.compile("[\x00-\x08\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
# YAML refuses these as well (C1 controls), so front matter cannot hold them either.
FORBIDDEN_IN_YAML = re.compile("[\x00-\x08\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")
MAX_DEPTH = 20  # quotation and list levels; real motions use three at most
# Python-Markdown's link parser costs (number of '[' in a paragraph)² steps; this allows one
# paragraph of 1,000 or a thousand paragraphs of 30, about 0.1 s of work.
BRACKET_BUDGET = 1_000_000
_QUOTE = re.compile(r"^((?: {0,3}>)+)")
_PARAGRAPH = re.compile(r"\n[ \t]*\n")


def control_message(char: str) -> str:
    return (
        f"contains the control character U+{ord(char):04X}, which no document can hold "
        "(it usually comes from pasting); delete it"
    )


def text_problems(path: str, body: str, body_line: int) -> list[Problem]:
    """Control characters, nesting deeper than MAX_DEPTH and pathological '[' runs in a body."""
    problems = []
    for offset, line in enumerate(body.split("\n")):
        found = FORBIDDEN.search(line)
        if found:
            problems.append(Problem(path, body_line + offset, "body", control_message(found[0])))
    depth, offset = _deepest(body)
    if depth > MAX_DEPTH:
        message = f"nests quotations and lists {depth} levels deep; at most {MAX_DEPTH} are allowed"
        problems.append(Problem(path, body_line + offset, "body", message))
    problems += _bracket_problems(path, body, body_line)
    return problems


def _deepest(body: str) -> tuple[int, int]:
    """The deepest nesting (quote markers + 4-space indents) and the line offset where it is."""
    best = (0, 0)
    for offset, line in enumerate(body.split("\n")):
        quotes = _QUOTE.match(line)
        markers = quotes.group(1).count(">") if quotes else 0
        rest = line[quotes.end() :] if quotes else line
        indent = len(rest.expandtabs(4)) - len(rest.expandtabs(4).lstrip(" "))
        depth = markers + indent // 4
        if depth > best[0]:
            best = (depth, offset)
    return best


def _bracket_problems(path: str, body: str, body_line: int) -> list[Problem]:
    cost, worst, worst_at = 0, 0, 0
    for start, paragraph in _paragraphs(body):
        count = paragraph.count("[")
        cost += count * count
        if count > worst:
            leading = len(paragraph) - len(paragraph.lstrip("\n"))
            worst, worst_at = count, body.count("\n", 0, start + leading)
    if cost <= BRACKET_BUDGET:
        return []
    message = (
        f"has too many '[' in one paragraph ({worst:,}); square brackets are for links and "
        "[[placeholders]]: remove the extra ones or split the paragraph"
    )
    return [Problem(path, body_line + worst_at, "body", message)]


def _paragraphs(body: str) -> Iterator[tuple[int, str]]:
    """(offset, text) of each blank-line-separated block."""
    start = 0
    for separator in _PARAGRAPH.finditer(body):
        yield start, body[start : separator.start()]
        start = separator.end()
    yield start, body[start:]


def front_text_problems(path: str, front: str, first_line: int) -> tuple[str, list[Problem]]:
    """Raw front matter: line breaks become spaces; other control characters are errors with
    their line (YAML would only say 'position 11'). Tab and newline are YAML's own."""
    front = front.replace(LINE_BREAK, " ")
    problems = []
    for offset, line in enumerate(front.split("\n")):
        found = FORBIDDEN_IN_YAML.search(line)
        if found:
            field_name = line.split(":", 1)[0].strip() if ":" in line else None
            message = control_message(found[0])
            problems.append(Problem(path, first_line + offset, field_name, message))
    return front, problems


def field_text_problems(
    path: str, data: dict, lines: dict, first_line: int
) -> tuple[dict, list[Problem]]:
    """Front-matter strings: a line break becomes a space; other control characters are errors."""
    problems: list[Problem] = []

    def clean(value: Any, where: tuple) -> Any:
        if isinstance(value, str):
            value = value.replace(LINE_BREAK, " ")
            found = FORBIDDEN.search(value)
            if found:
                line = line_for(where, lines, first_line)
                problems.append(Problem(path, line, str(where[0]), control_message(found[0])))
            return value
        if isinstance(value, list):
            return [clean(item, (*where, index)) for index, item in enumerate(value)]
        if isinstance(value, dict):
            return {key: clean(item, (*where, key)) for key, item in value.items()}
        return value

    cleaned = {key: clean(value, (key,)) for key, value in data.items()}
    return cleaned, problems


def line_for(where: tuple, lines: dict, first_line: int) -> int:
    """The file line of a front-matter location, or of the nearest enclosing one."""
    while where:
        if where in lines:
            return lines[where]
        where = where[:-1]
    return first_line
