"""What changed between two texts, word by word, as delegates compare printed copies: the
words kept, deleted and inserted, paragraph breaks kept. Used for a composite against each of
its sources, a motion against its earlier versions, and a pull request's changed motions.

difflib's matcher is quadratic at worst, so texts longer than MAX_WORDS together are not
compared word by word (the caller says so instead); a motion is a few hundred words.
"""

from __future__ import annotations

import difflib
import re
import xml.etree.ElementTree as ET

from motionlib.library.lines import blocks_of

MAX_WORDS = 6000
BREAK = "\n"  # a paragraph break, kept as a token of its own
Piece = tuple[str, str]  # ("=", "kept words"), ("-", "deleted"), ("+", "inserted"), ("=", BREAK)


def words_of(text: str) -> list[str]:
    """Words, with a BREAK token wherever a blank line (a new paragraph) stands."""
    tokens: list[str] = []
    for paragraph in re.split(r"\n\s*\n", text.strip()):
        if tokens:
            tokens.append(BREAK)
        tokens += paragraph.split()
    return tokens


def tree_text(tree: ET.Element) -> str:
    """A parsed body's text, one paragraph per block (clause, heading, paragraph)."""
    return "\n\n".join(block.text for block in blocks_of(tree))


def word_diff(old: str, new: str) -> list[Piece] | None:
    """The pieces that turn `old` into `new`; None when the texts are too long to compare."""
    a, b = words_of(old), words_of(new)
    if len(a) + len(b) > MAX_WORDS:
        return None
    pieces: list[Piece] = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            pieces += _runs("=", a[i1:i2])
            continue
        pieces += _runs("-", a[i1:i2]) + _runs("+", b[j1:j2])
    return pieces


def _runs(op: str, tokens: list[str]) -> list[Piece]:
    """Consecutive words as one piece; each paragraph break a piece of its own (kept)."""
    found: list[Piece] = []
    words: list[str] = []
    for token in tokens:
        if token != BREAK:
            words.append(token)
            continue
        if words:
            found.append((op, " ".join(words)))
        words = []
        found.append(("=", BREAK))
    if words:
        found.append((op, " ".join(words)))
    return found


def changed(pieces: list[Piece] | None) -> bool:
    return pieces is None or any(op != "=" for op, _ in pieces)
