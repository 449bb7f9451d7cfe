"""Line numbers defined by the text, the same on the web page, in the PDF and in the Word file.

Every heading, paragraph and list item starts a new line, as does a hard line break in one (a
pasted Word line break), and its words wrap at `line_width`
characters (80 by default, as Antragsgrün counts; lines break only between words). No renderer's
layout is involved. `numbered` marks the start of every line in a copy of the body tree: a
`<span class="ln" data-line="N">` at each line's first word and a `<br class="lb">` before every
line but a block's first. Each output then shows the same lines: the site and the PDF print the
marks' numbers in the margin and honour the breaks (style sheets), Word gets a line break at
each mark and numbers its lines itself.
"""

from __future__ import annotations

import copy
import itertools
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass

LINE_WIDTH = 80  # the default of the `line_width` setting
BLOCK_TAGS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li")
NESTED = ("ul", "ol", "p", "blockquote", "pre", "table")
Skip = frozenset[str]  # tags whose words are not the text's lines
INSERTED = frozenset({"ins"})  # a marked-up motion's lines are the motion's own


@dataclass(frozen=True)
class Block:
    element: ET.Element
    text: str  # its own words, whitespace collapsed
    first_line: int  # 1-based, in the motion's text lines
    ends: tuple[int, ...]  # offset where each of its lines ends
    starts: tuple[int, ...] = ()  # offset where each of its lines starts
    hard: frozenset[int] = frozenset()  # starts that follow a hard line break (<br>)


def own_text(elem: ET.Element, skip: Skip = frozenset()) -> str:
    """A block's words up to its first nested block (a clause's text, not its sub-clauses);
    the words of `skip` elements (an amendment's <ins>) leave no trace in its lines."""
    parts = [elem.text or ""]
    for child in elem:
        if child.tag in NESTED:
            break
        parts.append("" if child.tag in skip else "".join(child.itertext()))
        parts.append(child.tail or "")
    return " ".join("".join(parts).split())


def blocks_of(tree: ET.Element, width: int = LINE_WIDTH, skip: Skip = frozenset()) -> list[Block]:
    """The body's blocks in reading order, each with the text lines it occupies."""
    found, line = [], 1
    notes = {e for div in tree.iter("div") if div.get("class") == "footnote" for e in div.iter()}
    for elem in tree.iter():
        if elem.tag not in BLOCK_TAGS or elem in notes:  # footnotes are not the motion's lines
            continue
        text = own_text(elem, skip)
        if not text:
            continue
        hard = [position for *_, position, broken in characters(elem, skip) if broken]
        spans = []
        for start, end in itertools.pairwise([0, *hard, len(text) + 1]):
            piece = text[start:end].rstrip()  # the space before a hard break ends no line
            spans += [(start + a, start + b) for a, b in _wrap(piece, width)]
        starts, ends = [start for start, _ in spans], [end for _, end in spans]
        found.append(Block(elem, text, line, tuple(ends), tuple(starts), frozenset(hard)))
        line += len(spans)
    return found


def _wrap(text: str, width: int) -> list[tuple[int, int]]:
    """(start, end) of each line of a whitespace-collapsed text: lines break between words, as
    many words as fit in `width`; a word longer than a line (an address) is cut. Ten times
    faster than textwrap, which a build would call for every block of every motion."""
    spans: list[tuple[int, int]] = []
    start = end = 0  # the current line, text[start:end]; empty while start == end
    position = 0
    for word in text.split(" "):
        word_start, word_end = position, position + len(word)
        position = word_end + 1
        while word_end - word_start > width:  # cut an over-long word
            if end > start:
                spans.append((start, end))
            spans.append((word_start, word_start + width))
            word_start += width
            start = end = word_start
        if end == start:
            start, end = word_start, word_end
        elif word_end - start <= width:
            end = word_end
        else:
            spans.append((start, end))
            start, end = word_start, word_end
    if end > start or not spans:
        spans.append((start, end))
    return spans


def line_of(block: Block, offset: int) -> int:
    """The text line on which the character at `offset` of a block stands."""
    return block.first_line + next(
        i for i, end in enumerate(block.ends) if offset < end or i == len(block.ends) - 1
    )


def numbered(
    tree: ET.Element, width: int = LINE_WIDTH, skip: Skip = frozenset(), ids: str = "L"
) -> ET.Element:
    """A copy of the body tree with every text line's start marked (see the module's note);
    with skip={"ins"}, a marked-up motion keeps the lines of the motion its changes quote;
    `ids`: the marks' id prefix ("A": the text as adopted, on the page the submitted one's on).

    Linear in the number of lines: each text slot is cut once at all its lines' starts, and
    each element's children are laid out again once with every mark placed among them (a
    paragraph of 150,000 pasted line breaks took minutes when each mark was inserted alone)."""
    result = copy.deepcopy(tree)
    parents = {child: parent for parent in result.iter() for child in parent}
    for block in blocks_of(result, width, skip):
        cuts: dict[tuple[ET.Element, str], list[tuple[int, int]]] = {}
        before: dict[ET.Element, list[ET.Element]] = {}  # element → the marks placed before it
        for node, slot, index, line in _line_starts(block, skip):
            if slot == "text" and index == 0 and node is not block.element:
                before.setdefault(node, []).extend(_marks(line, block, ids))  # opens an element
            else:
                cuts.setdefault((node, slot), []).append((index, line))
        after = _cut_slots(cuts, block, ids)
        _place(before, after, parents)
    return result


def _marks(line: int, block: Block, ids: str) -> list[ET.Element]:
    """A line's marks: its number, after a break of ours unless the line opens the block or
    follows a hard break."""
    opens = line == block.first_line or block.starts[line - block.first_line] in block.hard
    marks = [] if opens else [ET.Element("br", {"class": "lb"})]
    mark = ET.Element("span", {"class": "ln", "data-line": str(line), "id": f"{ids}{line}"})
    return [*marks, mark]  # the id: "at line 12" links to #L12


def _cut_slots(
    cuts: dict, block: Block, ids: str
) -> dict[tuple[ET.Element, str], list[ET.Element]]:
    """Cut each text or tail at its lines' starts: the text before the first start stays, each
    number mark carries the text of its line as its tail. Returns the marks of each slot, in
    order, to be placed at the slot (a text's at the start of its element, a tail's after it)."""
    placed = {}
    for (node, slot), starts in cuts.items():
        text = getattr(node, slot) or ""
        ends = [index for index, _ in starts[1:]] + [len(text)]
        setattr(node, slot, text[: starts[0][0]])
        marks = []
        for (index, line), end in zip(starts, ends, strict=True):
            line_marks = _marks(line, block, ids)
            line_marks[-1].tail = text[index:end]
            marks += line_marks
        placed[(node, slot)] = marks
    return placed


def _place(before: dict, after: dict, parents: dict) -> None:
    """Lay out once the children of every element that receives marks."""
    owners: dict[ET.Element, None] = {}
    for node in before:
        owners[parents[node]] = None
    for node, slot in after:
        owners[node if slot == "text" else parents[node]] = None
    for owner in owners:
        children = list(after.get((owner, "text"), []))
        for child in owner:
            children += before.get(child, [])
            children.append(child)
            children += after.get((child, "tail"), [])
        owner[:] = children


def lines_of(
    tree: ET.Element, width: int = LINE_WIDTH, skip: Skip = frozenset()
) -> list[tuple[int, str]]:
    """(number, text) of every line, as `numbered` marks them: what every output must show."""
    found = []
    for block in blocks_of(tree, width, skip):
        for number, (start, end) in enumerate(
            zip(block.starts, block.ends, strict=True), block.first_line
        ):
            found.append((number, block.text[start:end]))
    return found


def slots(
    elem: ET.Element, top: bool = True, skip: Skip = frozenset()
) -> Iterator[tuple[ET.Element, str]]:
    """The text and tail slots of a block's own inline content, in reading order."""
    yield elem, "text"
    for child in elem:
        if top and child.tag in NESTED:
            return
        if child.tag not in skip:
            yield from slots(child, False, skip)
        yield child, "tail"


def characters(
    elem: ET.Element, skip: Skip = frozenset()
) -> Iterator[tuple[ET.Element, str, int, int, bool]]:
    """(node, slot, index in that slot's string, position in own_text, after a hard line break)
    for each character of a block's own text but its collapsed spaces."""
    position, pending_space, started, broken = 0, False, False, False
    for node, slot in slots(elem, skip=skip):
        if slot == "tail" and node.tag == "br":  # a hard break (a pasted Word line break)
            broken = started
        for index, char in enumerate(getattr(node, slot) or ""):
            if char.isspace():
                pending_space = started
                continue
            if pending_space:
                position, pending_space = position + 1, False
            yield node, slot, index, position, broken
            position, started, broken = position + 1, True, False


def _line_starts(block: Block, skip: Skip) -> Iterator[tuple[ET.Element, str, int, int]]:
    """(node, slot, index in that slot's string, line number) of each line's first character."""
    wanted = {start: block.first_line + i for i, start in enumerate(block.starts)}
    for node, slot, index, position, _ in characters(block.element, skip):
        if position in wanted:
            yield node, slot, index, wanted.pop(position)
