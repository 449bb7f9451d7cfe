"""python-docx's private parts, in one place: the package writer (saving with fixed zip times,
so the same input gives the same bytes), the core properties' dates and a custom property (which
python-docx has no API for). A python-docx upgrade is checked by tests/test_word.py.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.opc.pkgwriter import PackageWriter
from docx.oxml.ns import qn

FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def dated(props, date: dt.date | None) -> None:
    """Core properties dated by the document, not by the clock (python-docx stamps the time
    of creation, and of printing, into the template's properties)."""
    element = props._element
    for name in ("dcterms:created", "dcterms:modified", "cp:lastPrinted"):
        for old in element.findall(qn(name)):
            element.remove(old)
    if date:
        props.created = props.modified = dt.datetime.combine(date, dt.time())


CUSTOM_PROPERTIES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
    'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    '<property fmtid="{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}" pid="2" name="{name}">'
    "<vt:lpwstr>{value}</vt:lpwstr></property></Properties>"
)


def add_custom_property(document, name: str, value: str) -> None:
    """A custom document property (File → Properties → Custom in Word; LibreOffice shows it
    too): OOXML's core properties have no field for rights. python-docx has no API for the
    part, so it is added to the package here."""
    from xml.sax.saxutils import escape

    xml = CUSTOM_PROPERTIES.format(name=escape(name, {'"': "&quot;"}), value=escape(value))
    part = Part(PackURI("/docProps/custom.xml"), CT.OFC_CUSTOM_PROPERTIES, xml.encode(), None)
    document.part.package.relate_to(part, RT.CUSTOM_PROPERTIES)


def fits(text: str) -> str:
    """Core properties hold at most 255 characters (python-docx refuses more); the document
    itself keeps the whole text."""
    return text if len(text) <= 255 else text[:254] + "…"


class _FixedTimeZip:
    """python-docx's physical writer interface, stamping every entry with one fixed time."""

    def __init__(self, target: io.BytesIO) -> None:
        self.zip = zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED)

    def write(self, pack_uri, blob: bytes) -> None:
        entry = zipfile.ZipInfo(pack_uri.membername, FIXED_ZIP_TIME)
        entry.compress_type = zipfile.ZIP_DEFLATED
        entry.external_attr = 0o644 << 16
        self.zip.writestr(entry, blob)

    def close(self) -> None:
        self.zip.close()


def save(document) -> bytes:
    """Document → bytes with fixed zip timestamps, compressed once.

    Follows python-docx's own PackageWriter.write step by step, with our writer in
    place of its zip writer (which stamps entries with the time of saving).
    """
    package, target = document.part.package, io.BytesIO()
    parts = list(package.iter_parts())
    writer = _FixedTimeZip(target)
    PackageWriter._write_content_types_stream(writer, parts)
    PackageWriter._write_pkg_rels(writer, package.rels)
    PackageWriter._write_parts(writer, parts)
    writer.close()
    return target.getvalue()
