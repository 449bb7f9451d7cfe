"""Letters a search without accents must still find: ł, ı, ø, đ, ß, æ, œ and the like do not
decompose into a base letter and an accent, so the search engines' own folding (which finds
Wisniewska for Wiśniewska) misses Malgorzata for Małgorzata and Yildiz for Yıldız. Pages carry
the folded spelling of such words beside the text, where both engines' indexes read it."""

from __future__ import annotations

import re
import unicodedata

LETTERS = {
    "ł": "l", "Ł": "L", "ı": "i", "İ": "I", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D",
    "ð": "d", "Ð": "D", "ß": "ss", "ẞ": "SS", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE",
    "þ": "th", "Þ": "Th", "ħ": "h", "Ħ": "H", "ŧ": "t", "Ŧ": "T", "ŀ": "l", "Ŀ": "L",
}  # fmt: skip
TABLE = str.maketrans(LETTERS)
WORD = re.compile(r"\w+")


def fold(text: str) -> str:
    """'Małgorzata Yıldız' → 'Malgorzata Yildiz': the table's letters, then accents, removed."""
    decomposed = unicodedata.normalize("NFKD", text.translate(TABLE))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def folded_words(*texts: str) -> str:
    """The folded spelling of every word holding one of the table's letters, once each."""
    words = {word for text in texts for word in WORD.findall(text) if set(word) & LETTERS.keys()}
    return " ".join(sorted({fold(word) for word in words}))
