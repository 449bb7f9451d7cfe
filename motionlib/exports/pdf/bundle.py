"""The motion book as a bundle download (formats.BUNDLES): its members' cached single PDFs,
assembled (book.py) under a cover and contents laid out here."""

from __future__ import annotations

from motionlib.exports.pdf.single import book_bytes
from motionlib.model.result import Result
from motionlib.model.schema import Settings


def book(bundle, singles: list[bytes], settings: Settings) -> Result[bytes]:
    """The bundle's members are Documents here (formats.BUNDLES: not parsed)."""
    return Result(book_bytes(bundle.title, list(bundle.members), singles, settings))
