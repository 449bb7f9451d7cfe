"""Which script a piece of text is written in, for what the outputs must say about it: the
reading direction of a paragraph (site, PDF and Word) and Word's font slot and language of a run.

Word draws each character with one of three fonts a run names: Latin, east Asian or complex
script (Arabic, Hebrew, the Indic scripts), and lays out right to left only what is marked so. A
name in Bengali inside an English motion is therefore a run of its own, marked as what it is.
"""

from __future__ import annotations

import bisect
import itertools
import xml.etree.ElementTree as ET
from dataclasses import dataclass


@dataclass(frozen=True)
class Script:
    name: str
    slot: str  # Word's font slot: "cs" (complex script) or "eastAsia"
    lang: str  # the language Word is told (w:lang bidi / eastAsia)
    rtl: bool = False


ARABIC = Script("Arabic", "cs", "ar-SA", rtl=True)
URDU = Script("Urdu", "cs", "ur-PK", rtl=True)
HEBREW = Script("Hebrew", "cs", "he-IL", rtl=True)
CJK = Script("Chinese", "eastAsia", "zh-CN")
_RANGES = [  # (first, last, script), sorted by first
    (0x0590, 0x05FF, HEBREW),
    (0x0600, 0x06FF, ARABIC),
    (0x0750, 0x077F, ARABIC),
    (0x08A0, 0x08FF, ARABIC),
    (0x0900, 0x097F, Script("Devanagari", "cs", "hi-IN")),
    (0x0980, 0x09FF, Script("Bengali", "cs", "bn-BD")),
    (0x0A00, 0x0A7F, Script("Gurmukhi", "cs", "pa-IN")),
    (0x0A80, 0x0AFF, Script("Gujarati", "cs", "gu-IN")),
    (0x0B80, 0x0BFF, Script("Tamil", "cs", "ta-IN")),
    (0x2E80, 0x2FDF, CJK),
    (0x3000, 0x30FF, CJK),
    (0x3100, 0x31FF, CJK),
    (0x3400, 0x4DBF, CJK),
    (0x4E00, 0x9FFF, CJK),
    (0xAC00, 0xD7AF, CJK),
    (0xF900, 0xFAFF, CJK),
    (0xFB1D, 0xFB4F, HEBREW),
    (0xFB50, 0xFDFF, ARABIC),
    (0xFE70, 0xFEFF, ARABIC),
    (0xFF00, 0xFFEF, CJK),
    (0x20000, 0x3FFFF, CJK),
]
_FIRSTS = [first for first, _, _ in _RANGES]
URDU_LETTERS = set("ٹڈڑںےۓھ")  # letters Urdu writes and Arabic does not
LATIN = None  # a letter of any other script: Word's default font slot


def script_of(character: str) -> Script | None:
    """The script of a letter, or None for Latin and every script Word's default slot draws."""
    code = ord(character)
    index = bisect.bisect_right(_FIRSTS, code) - 1
    if index >= 0 and code <= _RANGES[index][1]:
        return _RANGES[index][2]
    return LATIN


def _strong(character: str) -> bool:
    return character.isalpha()


def segments(text: str) -> list[tuple[str, Script | None]]:
    """The text cut where its script changes. Spaces, digits and punctuation between two
    letters of one script stay in its run; between two scripts they go with the Latin side (the
    paragraph's own direction): "naming جمعية العمال to" → "naming ", "جمعية العمال", " to"."""
    if text.isascii():
        return [(text, LATIN)] if text else []
    letters = [(index, script_of(ch)) for index, ch in enumerate(text) if _strong(ch)]
    if not letters:
        return [(text, LATIN)]
    pieces: list[tuple[str, Script | None]] = []
    start, current = 0, letters[0][1]
    for (before, previous), (index, script) in itertools.pairwise(letters):
        if script == previous:
            continue
        cut = before + 1 if script is LATIN and previous is not LATIN else index
        pieces.append((text[start:cut], current))
        start, current = cut, script
    pieces.append((text[start:], current))
    return [_urdu(piece) for piece in pieces if piece[0]]


def _urdu(piece: tuple[str, Script | None]) -> tuple[str, Script | None]:
    text, script = piece
    if script is ARABIC and URDU_LETTERS.intersection(text):
        return text, URDU
    return piece


def first_strong_is_rtl(text: str) -> bool:
    """Whether a paragraph reads right to left: its first letter does (Unicode's rule P2)."""
    for character in text:
        if _strong(character):
            script = script_of(character)
            return bool(script and script.rtl)
    return False


BLOCKS = ("p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "blockquote", "dd", "dt")


def mark_directions(root: ET.Element) -> None:
    """dir="rtl" on every block whose text starts in Arabic or Hebrew, so the site and the PDF
    set it right to left (a mixed line in an English paragraph keeps its order either way)."""
    for elem in root.iter():
        if elem.tag in BLOCKS and first_strong_is_rtl("".join(elem.itertext())[:2000]):
            elem.set("dir", "rtl")
