"""The PDFs' fonts and nothing else: @font-face rules from the font table (model/fonts.py) and a
WeasyPrint font configuration that holds no font of the machine's.

WeasyPrint asks fontconfig for fonts; fontconfig reads the file FONTCONFIG_FILE names when a
configuration is created. Ours names no font folder, so the only fonts are those the rules add,
and a character none of them has is a missing glyph, never a font that happens to be installed.
"""

from __future__ import annotations

import functools
import os
import threading
from pathlib import Path

from weasyprint.text.fonts import FontConfiguration

from motionlib.model.files import PACKAGE
from motionlib.model.fonts import PrintFont, families, installed

FONT_SCHEME = "motionlib-font:"
EMPTY_CONFIG = PACKAGE / "fonts" / "fonts.conf"
_ENVIRONMENT = threading.Lock()


def isolated_font_configuration() -> FontConfiguration:
    """A FontConfiguration made while FONTCONFIG_FILE names our empty configuration; the
    variable is put back at once, so nothing else in the process (a browser a test starts,
    LibreOffice) loses the machine's fonts."""
    with _ENVIRONMENT:
        before = os.environ.get("FONTCONFIG_FILE")
        os.environ["FONTCONFIG_FILE"] = str(EMPTY_CONFIG)
        try:
            return FontConfiguration()
        finally:
            if before is None:
                del os.environ["FONTCONFIG_FILE"]
            else:
                os.environ["FONTCONFIG_FILE"] = before


@functools.cache
def fonts_by_address() -> dict[str, PrintFont]:
    """`motionlib-font:N` for each installed font: the only addresses the fetcher serves."""
    return {f"{FONT_SCHEME}{index}": font for index, font in enumerate(installed())}


def font_file(url: str) -> Path | None:
    font = fonts_by_address().get(url)
    return font.path if font else None


def font_css() -> str:
    """The @font-face rules and the fallback order every PDF's text uses."""
    rules = [
        f'@font-face {{ font-family: "{font.family}"; font-weight: {font.weight}; '
        f'font-style: {font.style}; src: url("{url}"); }}'
        for url, font in fonts_by_address().items()
    ]
    stack = ", ".join(f'"{family}"' for family in families())
    rules.append(f"html, code {{ font-family: {stack}; }}")
    return "\n".join(rules)
