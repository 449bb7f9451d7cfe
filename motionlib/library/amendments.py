"""Amendments as data: `changes:` quote the words of the motion they amend; check verifies each
quote against that motion's text, and every output shows the motion as it would read if amended.

Line numbers are defined by the text (lines.py), not by a renderer's layout. A change works
within one block (a paragraph, heading or clause) and is marked where it applies with <del> and
<ins>, the block's own formatting kept, which the site and PDF print and Word turns into
tracked changes; `insert_clause_after` adds a clause of its own after the one it names.
"""

from __future__ import annotations

import copy
import itertools
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from motionlib.library.lines import Block, characters, line_of, slots
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


# Marks that pasting changes: an amendment typed in an email or Word quotes “curly” where the
# motion's file has "straight" (or the other way round), a hyphen for a dash, a no-break space.
ALIKE = ("'’‘ʼ′", '"“”„″', "-‐‑–—−")
_ALIKE = {mark: "[" + re.escape(marks) + "]" for marks in ALIKE for mark in marks}


def locate(blocks: list[Block], quote: str) -> list[Found]:
    """Every place the quoted words stand, within one block: any run of spaces matches any, and
    each quotation mark, apostrophe or dash matches its kind (ALIKE)."""
    words = quote.split()
    if not words:
        return []
    pattern = re.compile(
        r"\s+".join("".join(_ALIKE.get(c, re.escape(c)) for c in w) for w in words)
    )
    places = []
    for index, block in enumerate(blocks):
        for match in pattern.finditer(block.text):
            places.append(Found(index, match.start(), match.end(), line_of(block, match.start())))
    return places


def describe(change, found: Found) -> str:
    """'At line 12, delete “within five years”' — how an agenda states an amendment."""
    if change.delete is not None:
        return f"At line {found.line}, delete “{change.delete}”"
    if change.replace is not None:
        return f"At line {found.line}, replace “{change.replace}” with “{change.with_}”"
    if change.insert_clause_after is not None:
        after = change.insert_clause_after
        return f"At line {found.line}, after the clause “{after}”, add the clause “{change.text}”"
    return f"At line {found.line}, after “{change.insert_after}”, insert “{change.text}”"


def quote_of(change) -> str:
    for value in (change.delete, change.replace, change.insert_after, change.insert_clause_after):
        if value is not None:
            return value
    return ""


def marked_up(
    tree: ET.Element,
    blocks: list[Block],
    applied: list[tuple[object, Found]],
    authors: dict[int, str] | None = None,
) -> ET.Element:
    """A copy of the amended motion's tree with each change marked <del> and <ins> where it
    applies, the block's bold, italics and links kept around and inside them; a new clause is
    a list item (or paragraph) of its own after the one it follows. With `authors` (id of a
    change → who moved it), each mark says whose it is (data-by: Word's tracked changes name
    it; the sanitizer keeps it off the site)."""
    result = copy.deepcopy(tree)
    copies = dict(zip(tree.iter(), result.iter(), strict=True))
    parents = {child: parent for parent in result.iter() for child in parent}
    by_block: dict[int, list[tuple[object, Found]]] = {}
    for change, found in applied:
        by_block.setdefault(found.block, []).append((change, found))
    for index, changes in by_block.items():
        element = copies[blocks[index].element]
        marks = _Marks(element, blocks[index].text, authors or {})
        for change, found in sorted(changes, key=lambda c: c[1].start, reverse=True):
            if change.insert_clause_after is not None:
                _new_clause(element, parents, change, marks.by(change))
            else:
                marks.apply(change, found)
    return result


def _new_clause(element: ET.Element, parents: dict, change, by: str) -> None:
    """A clause of its own after `element`, of its kind (a list item after a list item). In a
    loose list (pasted from Word, items a blank line apart) the quoted words stand in the
    item's paragraph: the new clause is an item after that item, its words a paragraph too."""
    parent = parents[element]
    loose = element.tag == "p" and parent.tag == "li"
    if loose:
        element, parent = parent, parents[parent]
    clause = ET.Element(element.tag, {"data-new": "clause"})
    holder = ET.SubElement(clause, "p") if loose else clause
    inserted = ET.SubElement(holder, "ins", {"data-by": by} if by else {})
    inserted.text = change.text
    parent.insert(list(parent).index(element) + 1, clause)


class _Marks:
    """Marks one block's changes in place, from its last change to its first, so the places
    found in the text before any change stay where they were: a deletion wraps each piece of
    text it covers in a <del> inside the element holding it (<strong><del>…</del></strong>),
    an insertion is an <ins> placed right after the words it follows."""

    def __init__(self, element: ET.Element, text: str, authors: dict[int, str]) -> None:
        self.element, self.text, self.authors = element, text, authors
        self.at = {pos: (node, slot, i) for node, slot, i, pos, _ in characters(element)}
        self.parents = {child: parent for parent in element.iter() for child in parent}

    def by(self, change) -> str:
        return self.authors.get(id(change), "")

    def apply(self, change, found: Found) -> None:
        start, end = found.start, found.end
        if change.insert_after is not None:  # new words, not in the quoted words' bold
            self._insert(end, " " + change.text, change, outside=True)
            return
        # A replacement takes the space before it, and its words bring their own, unless that
        # space stands outside the formatting the words start in ("by 2035, **street…**").
        spaced = self._spaced(start) and self._after(start - 1)[:2] == self.at[start][:2]
        if change.replace is not None:  # in the replaced words' formatting
            self._insert(end, (" " if spaced else "") + change.with_, change)
        if change.replace is not None:
            self._delete(start, end, change, spaced)
        else:
            self._delete(
                start, end, change, _takes_space(self.text, start, end) and self._spaced(start)
            )

    def _spaced(self, start: int) -> bool:
        return start > 0 and self.text[start - 1] == " "

    def _after(self, position: int) -> tuple[ET.Element, str, int]:
        """The slot and index just after the character at `position - 1`."""
        node, slot, index = self.at[position - 1]
        return node, slot, index + 1

    def _insert(self, position: int, text: str, change, outside: bool = False) -> None:
        node, slot, index = self._after(position)
        if outside:
            node, slot, index = self._outside(node, slot, index)
        mark = self._cut(node, slot, index, index, "ins", change)
        mark.text = text

    def _outside(self, node: ET.Element, slot: str, index: int) -> tuple[ET.Element, str, int]:
        """A point at the end of an element's content moved after the element: words inserted
        after "*whatever the tenure*" are not in italics."""
        while True:
            value = getattr(node, slot) or ""
            if index < len(value) or (slot == "text" and len(node)):
                return node, slot, index
            owner = node if slot == "text" else self.parents.get(node)
            if owner is None or owner is self.element or (slot == "tail" and node is not owner[-1]):
                return node, slot, index
            node, slot, index = owner, "tail", 0

    def _delete(self, start: int, end: int, change, with_space: bool) -> None:
        """Wrap [start, end) — and the space before it when `with_space` — piece by piece."""
        first = self._after(start - 1) if with_space else self.at[start]
        last = self._after(end)
        pieces, inside = [], False
        for node, slot in reversed(list(slots(self.element))):
            value = getattr(node, slot) or ""
            lo = first[2] if (node, slot) == first[:2] else 0
            hi = last[2] if (node, slot) == last[:2] else len(value)
            if (node, slot) == last[:2]:
                inside = True
            if inside and lo < hi:
                pieces.append((node, slot, lo, hi))
            if (node, slot) == first[:2]:
                break
        for node, slot, lo, hi in pieces:  # the last piece first: earlier indexes stay valid
            self._cut(node, slot, lo, hi, "del", change)

    def _cut(self, node, slot: str, lo: int, hi: int, tag: str, change) -> ET.Element:
        """Move `value[lo:hi]` of a text or tail slot into a new <tag> at that place."""
        value = getattr(node, slot) or ""
        mark = ET.Element(tag, {"data-by": self.by(change)} if self.by(change) else {})
        mark.text, mark.tail = value[lo:hi], value[hi:]
        setattr(node, slot, value[:lo])
        if slot == "text":
            node.insert(0, mark)
            self.parents[mark] = node
        else:
            parent = self.parents[node]
            parent.insert(list(parent).index(node) + 1, mark)
            self.parents[mark] = parent
        return mark


def _clause(block: Block) -> bool:
    return block.element.tag in ("li", "p")


def _takes_space(text: str, start: int, end: int) -> bool:
    """A deleted phrase takes the space before it with it, unless words follow on both sides."""
    return start > 0 and text[start - 1] == " " and (end == len(text) or text[end] in " .,;:!?)")


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
        elif change.insert_clause_after is not None and not _clause(blocks[places[0].block]):
            message = (
                f"{where} is in a heading of {slug}: a new clause follows a clause (a numbered "
                "or bulleted item) or a paragraph; quote words of the one it follows"
            )
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
