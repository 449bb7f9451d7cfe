"""Footnotes (`[^1]` … `[^1]: the source`), as Python-Markdown's footnotes extension writes them:
a numbered reference in the text and the notes in a `<div class="footnote">` at the end, which the
site shows as it is, the PDF moves to the foot of the page and Word writes as real footnotes.

The extension leaves an unmatched reference as literal text and lists a note nobody refers to;
both are mistakes an editor wants to hear about, so check reports them as errors.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator

from markdown.extensions.footnotes import FN_BACKLINK_TEXT, NBSP_PLACEHOLDER

from motionlib.library.safety import without_code
from motionlib.model.problems import Problem, Severity
from motionlib.model.schema import Document

REFERENCE = re.compile(r"(?<!\\)\[\^([^\]\s]{1,40})\](?!:)")  # not `[^1]:`, its note
BACK = "\u21a9"  # ↩, the extension's own back-link text


def is_notes(elem: ET.Element) -> bool:
    return elem.tag == "div" and elem.get("class") == "footnote"


def finish_footnotes(root: ET.Element) -> None:
    """Put in the characters the extension leaves to its string postprocessor (which our
    tree never reaches): a no-break space before each back-link, and the ↩ itself."""
    for elem in root.iter():
        for name in ("text", "tail"):
            value = getattr(elem, name)
            if value and (NBSP_PLACEHOLDER in value or FN_BACKLINK_TEXT in value):
                value = value.replace(NBSP_PLACEHOLDER, "\u00a0").replace(FN_BACKLINK_TEXT, BACK)
                setattr(elem, name, value)


def notes(tree: ET.Element) -> dict[str, ET.Element]:
    """Each note's <li> by its id ("fn:1")."""
    return {item.get("id", ""): item for div in tree if is_notes(div) for item in div.iter("li")}


def footnote_problems(doc: Document, tree: ET.Element) -> list[Problem]:
    """A reference with no note, and a note no reference points to. References are read from
    the source, code blanked, so an escaped `\\[^1]` (text, as Word import writes it) is none."""
    problems = []
    source = without_code(doc.body)
    defined = notes(tree)
    for match, line in _with_lines(REFERENCE, source, doc.body_line):
        if f"fn:{match[1]}" in defined:
            continue
        message = (
            f"footnote reference [^{match[1]}] has no note: add a line "
            f"'[^{match[1]}]: …' below the text, or remove the reference"
        )
        problems.append(Problem(doc.path, line, "body", message, Severity.ERROR))
    referred = {
        (a.get("href") or "").removeprefix("#")
        for a in tree.iter("a")
        if a.get("class") == "footnote-ref"
    }
    unreferred = [note_id.removeprefix("fn:") for note_id in defined if note_id not in referred]
    lines: dict[str, int] = {}
    for match, line in _with_lines(DEFINITION, source, doc.body_line) if unreferred else ():
        lines.setdefault(match[1], line)
    for label in unreferred:
        message = f"footnote [^{label}] is never referred to: add [^{label}] in the text"
        line = lines.get(label, doc.text_line)
        problems.append(Problem(doc.path, line, "body", message, Severity.ERROR))
    return problems


DEFINITION = re.compile(r"^ {0,3}\[\^([^\]\s]{1,40})\]:", re.M)


def _with_lines(pattern: re.Pattern, source: str, first: int) -> Iterator[tuple[re.Match, int]]:
    """Each match with its file line, the lines counted as the matches come: one pass over the
    text, however many matches (counting from the top for each grew with their square)."""
    line, counted = first, 0
    for match in pattern.finditer(source):
        line += source.count("\n", counted, match.start())
        counted = match.start()
        yield match, line
