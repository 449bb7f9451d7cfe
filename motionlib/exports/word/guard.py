"""A Word file is looked at before python-docx parses it: what is not a .docx, or is built to
exhaust the reader (a zip bomb, millions of paragraphs), is refused with a sentence saying
what to do. Every limit is counted without parsing the whole document.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.parsers import expat

from docx.oxml.ns import qn

from motionlib.model.problems import MotionLibError

MAX_UNPACKED = 100_000_000  # bytes: a long briefing with pictures unpacks to a few MB
MAX_PARAGRAPHS = 50_000  # a motion has dozens, a long briefing a few hundred
PARAGRAPH = qn("w:p")[1:]  # namespace}p, as expat names it, whatever the prefix
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # encrypted .docx files and old .doc files


def refuse_unreadable(path: Path) -> None:
    """Say in words what is wrong before python-docx says 'Package not found', and refuse
    files whose parts unpack to far more than any motion, before parsing them."""
    with path.open("rb") as handle:
        head = handle.read(8)
    if not head:
        raise MotionLibError(f"{path}: the file is empty; save the document again in Word")
    if head.startswith(OLE_MAGIC):
        raise MotionLibError(
            f"{path}: the file is password-protected or an old Word 97–2003 (.doc) file; remove "
            "the password or use File → Save As → Word Document (.docx), then import again"
        )
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
            names = set(archive.namelist())
            if unpacked > MAX_UNPACKED:
                raise MotionLibError(
                    f"{path}: the file unpacks to {unpacked / 1e6:,.0f} MB, more than any motion "
                    f"({MAX_UNPACKED / 1e6:.0f} MB at most); it was not imported"
                )
            if "word/document.xml" not in names:
                raise MotionLibError(
                    f"{path}: this is not a Word document (no word/document.xml inside); "
                    "save it from Word as a .docx file"
                )
            paragraphs = _count_paragraphs(archive)
    except zipfile.BadZipFile:
        raise MotionLibError(
            f"{path}: the file is damaged or incomplete (not a complete .docx); download or "
            "save it again"
        ) from None
    if paragraphs > MAX_PARAGRAPHS:
        raise MotionLibError(
            f"{path}: the document has {paragraphs:,} paragraphs, more than any motion "
            f"({MAX_PARAGRAPHS:,} at most); it was not imported"
        )


def _count_paragraphs(archive: zipfile.ZipFile) -> int:
    """Paragraphs in the main document, counted on the parsed elements by their namespace, not
    their prefix (a `<q:p>` bound to Word's namespace is a paragraph too). Streamed through
    expat, keeping no tree: linear in the part's size, which the unpacked-size limit bounds."""
    count = 0

    def start(name: str, attributes: dict) -> None:
        nonlocal count
        count += name == PARAGRAPH

    parser = expat.ParserCreate(namespace_separator="}")
    parser.StartElementHandler = start
    with archive.open("word/document.xml") as part:
        try:
            while chunk := part.read(1 << 20):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
        except expat.ExpatError:
            pass  # python-docx says what is wrong with the part, next
    return count
