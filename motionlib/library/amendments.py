"""Amendments as data: `changes:` quote the words of the motion they amend; check verifies each
quote against that motion's text, and every output shows the motion as it would read if amended.

Line numbers are defined by the text (lines.py), not by a renderer's layout. A change works
within one block (a paragraph, heading or clause); a block it changes is shown as plain text
with <del> and <ins>, which the site and PDF print and Word turns into tracked changes.
"""

from __future__ import annotations

import copy
import itertools
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from motionlib.library.lines import NESTED, Block, line_of
from motionlib.model.problems import Problem
from motionlib.model.schema import Document

# For each amendment whose changes all apply: the amended motion's blocks, and each change with
# where it applies (made once by check's apply_amendments, read by adoption.py).
Located = dict[str, tuple[list[Block], list[tuple[object, "Found"]]]]


@dataclass(frozen=True)
class Found:
    """Where a change applies: the block and the quote's span in its text."""

    block: int
    start: int
    end: int
    line: int


def locate(blocks: list[Block], quote: str) -> list[Found]:
    """Every place the quoted words stand (whitespace-insensitive, within one block)."""
    words = " ".join(quote.split())
    if not words:
        return []
    places = []
    for index, block in enumerate(blocks):
        for match in re.finditer(re.escape(words), block.text):
            places.append(Found(index, match.start(), match.end(), line_of(block, match.start())))
    return places


def describe(change, found: Found) -> str:
    """'At line 12, delete “within five years”' — how an agenda states an amendment."""
    if change.delete is not None:
        return f"At line {found.line}, delete “{change.delete}”"
    if change.replace is not None:
        return f"At line {found.line}, replace “{change.replace}” with “{change.with_}”"
    return f"At line {found.line}, after “{change.insert_after}”, insert “{change.text}”"


def quote_of(change) -> str:
    for value in (change.delete, change.replace, change.insert_after):
        if value is not None:
            return value
    return ""


def marked_up(
    tree: ET.Element,
    blocks: list[Block],
    applied: list[tuple[object, Found]],
    authors: dict[int, str] | None = None,
) -> ET.Element:
    """A copy of the amended motion's tree with each changed block as text, <del> and <ins>;
    with `authors` (id of a change → who moved it), each <del>/<ins> says whose it is
    (data-by: Word's tracked changes name it; the sanitizer keeps it off the site)."""
    by_block: dict[int, list[tuple[object, Found]]] = {}
    for change, found in applied:
        by_block.setdefault(found.block, []).append((change, found))
    copies = {}
    result = copy.deepcopy(tree)
    originals = list(tree.iter())
    for original, duplicate in zip(originals, result.iter(), strict=True):
        copies[id(original)] = duplicate
    for index, changes in by_block.items():
        block = blocks[index]
        _rewrite(copies[id(block.element)], block.text, sorted(changes, key=lambda c: c[1].start))
        if authors:
            _sign(copies[id(block.element)], changes, authors)
    return result


def _sign(elem: ET.Element, changes: list, authors: dict[int, str]) -> None:
    """data-by on each <del>/<ins> of a rewritten block, in the order _rewrite made them: a
    deletion or an insertion is one mark, a replacement two."""
    owners = []
    for change, _ in sorted(changes, key=lambda c: c[1].start):
        owners += [change] * (2 if change.replace is not None else 1)
    made = [child for child in elem if child.tag in ("del", "ins")]
    for child, change in zip(made, owners, strict=True):
        child.set("data-by", authors.get(id(change), ""))


def _takes_space(text: str, start: int, end: int) -> bool:
    """A deleted phrase takes the space before it with it, unless words follow on both sides."""
    return start > 0 and text[start - 1] == " " and (end == len(text) or text[end] in " .,;:!?)")


def _rewrite(elem: ET.Element, text: str, changes: list) -> None:
    """Replace a block's own inline content by plain text with <del>/<ins>; keep nested blocks."""
    nested = [child for child in elem if child.tag in NESTED]
    for child in list(elem):
        elem.remove(child)
    elem.text, position, last = "", 0, None

    def add_text(value: str) -> None:
        if last is None:
            elem.text = (elem.text or "") + value
        else:
            last.tail = (last.tail or "") + value

    for change, found in changes:
        start, space = found.start, ""
        if change.delete is not None and _takes_space(text, start, found.end):
            start -= 1  # "franchising within five years." → "franchising."
        elif change.replace is not None and start > 0 and text[start - 1] == " ":
            start, space = start - 1, " "  # each side keeps its space: the words never touch
        add_text(text[position:start])
        if change.insert_after is not None:
            add_text(text[found.start : found.end])
            last = ET.SubElement(elem, "ins")
            last.text = " " + change.text
        else:
            last = ET.SubElement(elem, "del")
            last.text = text[start : found.end]
            if change.replace is not None:
                last = ET.SubElement(elem, "ins")
                last.text = space + change.with_
        position = found.end
    add_text(text[position:])
    if nested:
        add_text("\n")
        elem.extend(nested)


def locate_changes(doc: Document, target, blocks: list[Block]) -> tuple[list, list[Problem]]:
    """Each change of an amendment with the one place it applies in the motion, and a problem
    for each change whose words are not there, stand there twice, or overlap another's."""
    line, slug = doc.lines.get("changes"), target.doc.slug
    applied, problems = [], []
    for number, change in enumerate(doc.meta.changes, 1):
        quote = quote_of(change)
        places = locate(blocks, quote)
        everywhere = sorted({p.line for p in places})
        if change.line is not None:
            places = [p for p in places if p.line == change.line]
        where = f"item {number}: “{quote}”"
        if not places and everywhere:
            lines = ", ".join(map(str, everywhere))
            plural = "s" if len(everywhere) > 1 else ""
            message = (
                f"{where} is not on line {change.line} of {slug} (it is on line{plural} {lines})"
            )
        elif not places:
            message = (
                f"{where} is not in {slug}; quote its words exactly as they stand "
                "(if that motion was changed, this change no longer applies)"
            )
        elif len(places) > 1:
            lines = ", ".join(str(p.line) for p in places)
            message = f"{where} stands {len(places)} times in {slug} (lines {lines}); add 'line:'"
        else:
            applied.append((change, places[0]))
            continue
        problems.append(Problem(doc.path, line, "changes", message))
    spans = sorted((f.block, f.start, f.end) for _, f in applied)
    for (block, _, end), (next_block, start, _) in itertools.pairwise(spans):
        if block == next_block and start < end:
            message = "two changes quote overlapping words; make them one change"
            problems.append(Problem(doc.path, line, "changes", message))
    return applied, problems
