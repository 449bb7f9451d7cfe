"""The PDFs' fonts, declared once: the print stylesheet's @font-face rules and fallback order,
the export's font isolation, its cache key and check's "cannot be drawn" warning read this table.

The library's own font (Source Sans Pro) sets the text; a character it lacks falls back, in this
order, to the fonts below and to no other: the PDF renderer sees no font of the machine's, so the
same library gives the same PDF on every machine that followed the README. The files come from a
PyPI wheel, from Debian's fonts-noto-core and fonts-noto-cjk (the README's first command), and
from the package itself (the emoji font, which Debian packages only in colour).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from motionlib.model.files import FONT_DIR, PACKAGE

NOTO = Path("/usr/share/fonts/truetype/noto")
NOTO_CJK = Path("/usr/share/fonts/opentype/noto")
SHIPPED = PACKAGE / "fonts"


@dataclass(frozen=True)
class PrintFont:
    """One font file the PDFs may use."""

    family: str
    path: Path
    source: str  # where it comes from: what to install when it is missing
    weight: int = 400
    style: str = "normal"

    @property
    def system(self) -> bool:
        """A font of a Debian package: found by the renderer's font configuration in its
        folder (fontconfig's cache knows it), not read into memory by an @font-face rule."""
        return self.path.parent in (NOTO, NOTO_CJK)


def _pair(family: str, stem: str, source: str = "fonts-noto-core") -> tuple[PrintFont, ...]:
    return (
        PrintFont(family, NOTO / f"{stem}-Regular.ttf", source),
        PrintFont(family, NOTO / f"{stem}-Bold.ttf", source, 700),
    )


def _source_sans(stem: str, weight: int = 400, style: str = "normal") -> PrintFont:
    path = FONT_DIR / f"SourceSansPro-{stem}.ttf"
    return PrintFont("Source Sans Pro", path, "font-source-sans-pro (PyPI)", weight, style)


FONTS: tuple[PrintFont, ...] = (
    _source_sans("Regular"),
    _source_sans("It", 400, "italic"),
    _source_sans("Semibold", 600),
    _source_sans("Bold", 700),
    _source_sans("BoldIt", 700, "italic"),
    # Greek, Cyrillic and the Latin letters Source Sans Pro lacks
    *_pair("Noto Sans", "NotoSans"),
    PrintFont("Noto Sans", NOTO / "NotoSans-Italic.ttf", "fonts-noto-core", 400, "italic"),
    PrintFont("Noto Sans", NOTO / "NotoSans-BoldItalic.ttf", "fonts-noto-core", 700, "italic"),
    *_pair("Noto Sans Arabic", "NotoSansArabic"),  # Arabic, Urdu, Persian
    *_pair("Noto Sans Hebrew", "NotoSansHebrew"),
    *_pair("Noto Sans Bengali", "NotoSansBengali"),
    *_pair("Noto Sans Devanagari", "NotoSansDevanagari"),  # Hindi, Marathi, Nepali
    *_pair("Noto Sans Gurmukhi", "NotoSansGurmukhi"),  # Punjabi
    *_pair("Noto Sans Gujarati", "NotoSansGujarati"),
    *_pair("Noto Sans Tamil", "NotoSansTamil"),
    # Chinese (Simplified and Traditional), Japanese and Korean: one collection of faces
    PrintFont("Noto Sans CJK SC", NOTO_CJK / "NotoSansCJK-Regular.ttc", "fonts-noto-cjk"),
    PrintFont("Noto Sans CJK SC", NOTO_CJK / "NotoSansCJK-Bold.ttc", "fonts-noto-cjk", 700),
    PrintFont("Noto Sans Symbols 2", NOTO / "NotoSansSymbols2-Regular.ttf", "fonts-noto-core"),
    PrintFont("Noto Emoji", SHIPPED / "NotoEmoji-Regular.ttf", "the motionlib package"),
)


def families() -> list[str]:
    """The fallback order: the library's font first, then each script's, as declared."""
    return list(dict.fromkeys(font.family for font in FONTS))


@functools.cache
def installed() -> tuple[PrintFont, ...]:
    """The declared fonts present on this machine (a missing package leaves its fonts out);
    looked up once per process."""
    return tuple(font for font in FONTS if font.path.is_file())


def missing_sources() -> list[str]:
    """What to install for the declared fonts this machine lacks."""
    return sorted({font.source for font in FONTS if not font.path.is_file()})


@functools.cache
def identity() -> str:
    """What the PDFs' cache key needs of the fonts: which files, at which size and date (a font
    package upgrade renders the PDFs again; hashing 60 MB of fonts each build would cost more).
    Once per process: every PDF's cache key asks for it (uncached, 0.2 ms a key)."""
    parts = []
    for font in installed():
        stat = font.path.stat()
        parts.append(f"{font.path}:{stat.st_size}:{stat.st_mtime_ns}")
    return ";".join(parts)


@functools.cache
def drawable() -> frozenset[int]:
    """Every character some installed print font can draw."""
    from fontTools.ttLib import TTFont

    found: set[int] = set()
    for font in installed():
        if font.weight != 400 or font.style != "normal":
            continue  # the other faces of a family cover the same characters
        number = 0 if font.path.suffix != ".ttc" else 2  # the collection's Simplified Chinese
        with TTFont(font.path, lazy=True, fontNumber=number) as face:
            found.update(face.getBestCmap())
    return frozenset(found)
