"""The files the package ships beside its code: templates, assets, the theme overrides, fonts.

Kept as files (not strings in code) so a designer can change them without reading Python; every
stage finds them here.
"""

from __future__ import annotations

from pathlib import Path

import font_source_sans_pro

PACKAGE = Path(__file__).resolve().parent.parent  # the motionlib package
THEME = PACKAGE / "theme"  # our small Material overrides
TEMPLATES = PACKAGE / "templates"
ASSETS = PACKAGE / "assets"
FONT_DIR = Path(font_source_sans_pro.font_directory)  # SIL OFL; shipped as a wheel
