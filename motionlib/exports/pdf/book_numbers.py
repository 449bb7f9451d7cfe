"""A motion book's page numbers, written into each motion's own footer text.

A single PDF's footer reads "Page 1 of 2"; in a book that page is, say, page 17 of 98. WeasyPrint
draws that footer as one text object (tagged as a span), so we rewrite that text object in place:
the new number is in the tag tree where the old one was, nothing is painted over, and no page is
laid out again. The glyphs come from a calibration page laid out once per process with the same
stylesheets ("Page 0123456789 of" in the footer): its font subset holds every glyph we need, its
text object gives the footer's baseline and right edge.

This reads the layout of WeasyPrint's content streams (pydyf's `BT … Tm … Tf [ … ] TJ ET`); a
test fails if an upgrade changes it.
"""

from __future__ import annotations

import html
import io
import itertools
import re
from collections import defaultdict
from dataclasses import dataclass, field

import pikepdf

SAMPLE = "Page 0123456789 of"
FONT = pikepdf.Name("/MotionlibPageNumber")
TEXT = re.compile(
    rb"BT\n(?P<a>\S+ \S+ \S+ \S+) (?P<x>-?[\d.]+) (?P<y>-?[\d.]+) Tm\n"
    rb"(?P<font>/\S+) (?P<size>[\d.]+) Tf\n\[(?P<run>[^\]]*)\] TJ\nET"
)
RUN = re.compile(rb"<([0-9a-fA-F]*)>|(-?[\d.]+)")


def calibration_html(lang: str) -> str:
    """One page with nothing but the footer, showing every character a page number needs."""
    return (
        f'<!DOCTYPE html><html lang="{html.escape(lang)}"><head><style>@page {{ '
        "@top-left { content: none !important; } @top-right { content: none !important; } "
        "@bottom-left { content: none !important; } "
        f'@bottom-right {{ content: "{SAMPLE}" !important; }} }}</style></head><body></body></html>'
    )


@dataclass(frozen=True)
class PageNumbers:
    """The calibrated footer: where it sits, and how to write any page number in its font."""

    source: pikepdf.Pdf  # kept open: pikepdf copies a font's data only when the book is saved
    font: pikepdf.Object  # the calibration's font, copied into the book
    matrix: bytes  # the text matrix's first four numbers
    y: float
    right: float  # the footer's right edge, in text space
    size: float
    codes: dict[str, str]  # character → glyph code, four hex digits
    widths: dict[str, float]  # glyph code → advance, thousandths of the size
    kerning: dict[tuple[str, str], float]
    known: dict[tuple[int, int], dict[str, float]] = field(default_factory=dict)  # fonts' widths

    @classmethod
    def calibrate(cls, book: pikepdf.Pdf, calibration: bytes) -> PageNumbers:
        pdf = pikepdf.open(io.BytesIO(calibration))
        page = pdf.pages[0]
        match = TEXT.search(_content(page))
        if match is None:
            raise ValueError("the calibration page has no footer text WeasyPrint's way")
        glyphs = _glyphs(match["run"])
        if len(glyphs) != len(SAMPLE):
            raise ValueError(f"the footer font shapes {SAMPLE!r} into {len(glyphs)} glyphs")
        font = page.Resources.Font[match["font"].decode()]
        codes = {char: code for char, (code, _) in zip(SAMPLE, glyphs, strict=True)}
        pairs = zip(itertools.pairwise(SAMPLE), glyphs, strict=False)
        kerning = {pair: adjust for pair, (_, adjust) in pairs if adjust}
        widths, size = _widths(font), float(match["size"])
        return cls(
            pdf,
            book.copy_foreign(font),
            match["a"],
            float(match["y"]),
            float(match["x"]) + _extent(glyphs, widths, size),
            size,
            codes,
            widths,
            kerning,
        )

    def text_object(self, text: str) -> bytes:
        """`text` as a text object in the footer's font, ending at the footer's right edge."""
        glyphs = [
            (self.codes[char], self.kerning.get((char, following), 0.0))
            for char, following in zip(text, [*text[1:], ""], strict=True)
        ]
        x = self.right - _extent(glyphs, self.widths, self.size)
        run = "".join(f"<{code}>{adjust:g}" for code, adjust in glyphs)
        matrix = self.matrix.decode()
        return (
            f"BT\n{matrix} {x:.6f} {self.y:.6f} Tm\n{FONT} {self.size:g} Tf\n[{run}] TJ\nET"
        ).encode()

    def stamp(self, book: pikepdf.Pdf, page: pikepdf.Page, text: str) -> bool:
        """Rewrite the page's footer (the text ending at the footer's right edge on its baseline)
        to `text`. False when the page has no such footer (a library stylesheet removed it)."""
        content = _content(page)
        footers = [
            m
            for m in TEXT.finditer(content)
            if abs(float(m["y"]) - self.y) < 0.01 and abs(self._right(page, m) - self.right) < 0.5
        ]
        if not footers:
            return False
        old = footers[-1]
        page.add_resource(self.font, pikepdf.Name.Font, FONT, replace_existing=True)
        new = content[: old.start()] + self.text_object(text) + content[old.end() :]
        page.obj.Contents = book.make_stream(new)
        return True

    def _right(self, page: pikepdf.Page, match: re.Match) -> float:
        """Where a text object ends: its start plus its glyphs' widths, less its adjustments."""
        font = page.obj.Resources.Font.get(match["font"].decode())
        if font is None:
            return float("nan")
        if not font.is_indirect:
            widths = _widths(font)
        elif font.objgen in self.known:
            widths = self.known[font.objgen]
        else:
            widths = self.known[font.objgen] = _widths(font)
        return float(match["x"]) + _extent(_glyphs(match["run"]), widths, float(match["size"]))


def _extent(glyphs: list[tuple[str, float]], widths: dict[str, float], size: float) -> float:
    """A run's width in text space: its glyphs' widths less the adjustments after them."""
    return (sum(widths[code] for code, _ in glyphs) - sum(a for _, a in glyphs)) * size / 1000


def _content(page: pikepdf.Page) -> bytes:
    contents = page.obj.Contents
    if isinstance(contents, pikepdf.Array):
        return b"\n".join(part.read_bytes() for part in contents)
    return contents.read_bytes()


def _glyphs(run: bytes) -> list[tuple[str, float]]:
    """A TJ array as (glyph code, adjustment after it): two bytes a glyph (Identity-H)."""
    glyphs: list[tuple[str, float]] = []
    for hexes, number in RUN.findall(run):
        if number:
            if glyphs:
                glyphs[-1] = (glyphs[-1][0], glyphs[-1][1] + float(number))
            continue
        text = hexes.decode().lower()
        glyphs.extend((text[i : i + 4], 0.0) for i in range(0, len(text), 4))
    return glyphs


def _widths(font: pikepdf.Object) -> dict[str, float]:
    """A Type 0 font's /W array: `c [w1 w2 …]` or `first last w`."""
    descendant = font.DescendantFonts[0]
    items = list(descendant.get("/W", []))
    default = float(descendant.get("/DW", 1000))
    widths: dict[str, float] = defaultdict(lambda: default)
    index = 0
    while index < len(items):
        first = int(items[index])
        if isinstance(items[index + 1], pikepdf.Array):
            for offset, width in enumerate(items[index + 1]):
                widths[f"{first + offset:04x}"] = float(width)
            index += 2
        else:
            for code in range(first, int(items[index + 1]) + 1):
                widths[f"{code:04x}"] = float(items[index + 2])
            index += 3
    return widths
