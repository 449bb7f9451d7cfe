"""The PDFs' fonts and nothing else: a WeasyPrint font configuration that holds only the fonts
the table declares (model/fonts.py), and @font-face rules for those outside the system's folders.

WeasyPrint asks fontconfig for fonts; fontconfig reads the file FONTCONFIG_FILE names when a
configuration is created. Ours names only the Debian packages' font folders (whose fontconfig
cache the packages made), accepts the declared files in them and rejects every other file; the
wheel's and the package's own fonts come in through @font-face (small: read once per worker).
A character none of them has is a missing glyph, never a font that happens to be installed.
"""

from __future__ import annotations

import functools
import os
import tempfile
import threading
from pathlib import Path
from xml.sax.saxutils import escape

from weasyprint.text.fonts import FontConfiguration

from motionlib.model.fonts import PrintFont, families, installed

FONT_SCHEME = "motionlib-font:"
_ENVIRONMENT = threading.Lock()


def isolated_font_configuration() -> FontConfiguration:
    """A FontConfiguration that holds only the declared fonts: the Debian packages' by their
    files (accepted by name, every other font of their folders rejected), the others added by
    font_css's @font-face rules. Made while FONTCONFIG_FILE names our configuration, put back
    at once, so nothing else in the process (a browser a test starts) loses the machine's fonts."""
    with _ENVIRONMENT, tempfile.TemporaryDirectory(prefix="motionlib-fonts-") as folder:
        config = Path(folder) / "fonts.conf"
        config.write_text(_configuration(), encoding="utf-8")
        before = os.environ.get("FONTCONFIG_FILE")
        os.environ["FONTCONFIG_FILE"] = str(config)
        try:
            return FontConfiguration()
        finally:
            if before is None:
                del os.environ["FONTCONFIG_FILE"]
            else:
                os.environ["FONTCONFIG_FILE"] = before


def _configuration() -> str:
    """fontconfig's file: the system fonts' folders, their cache, only the declared files."""
    system = [font for font in installed() if font.system]
    folders = sorted({str(font.path.parent) for font in system})
    lines = ['<?xml version="1.0"?>', '<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">']
    lines.append("<fontconfig>")
    lines += [f"  <dir>{escape(folder)}</dir>" for folder in folders]
    lines += [
        "  <cachedir>/var/cache/fontconfig</cachedir>",
        '  <cachedir prefix="xdg">fontconfig</cachedir>',
    ]
    lines.append("  <selectfont><acceptfont>")
    lines += [f"    <glob>{escape(str(font.path))}</glob>" for font in system]
    lines.append("  </acceptfont><rejectfont><glob>*</glob></rejectfont></selectfont>")
    lines.append("</fontconfig>")
    return "\n".join(lines)


@functools.cache
def fonts_by_address() -> dict[str, PrintFont]:
    """`motionlib-font:N` for each installed font: the only addresses the fetcher serves."""
    faces = [font for font in installed() if not font.system]
    return {f"{FONT_SCHEME}{index}": font for index, font in enumerate(faces)}


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
