"""Tables as real Word tables: one cell per cell, the header row bold and repeated at the top of
every page the table runs onto (w:tblHeader), as the site's and the PDF's tables show it."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from docx.oxml.ns import qn

from motionlib.exports.word.document import Format, xml_element


def write_table(writer, elem: ET.Element) -> None:
    header = {id(row) for head in elem.iter("thead") for row in head.iter("tr")}
    rows = list(elem.iter("tr"))
    width = max((len(row) for row in rows), default=0)
    if not width:
        return
    table = writer.document.add_table(rows=len(rows), cols=width)
    table.style = writer.document.styles["Table Grid"]
    for r, row in enumerate(rows):
        if id(row) in header or all(cell.tag == "th" for cell in row):
            _repeat_as_header(table.rows[r]._tr)
        for c, cell in enumerate(row):
            target = table.cell(r, c).paragraphs[0]._p
            writer.inline(target, cell.text, list(cell), Format(bold=cell.tag == "th"))


def _repeat_as_header(row) -> None:
    properties = row.find(qn("w:trPr"))
    if properties is None:
        properties = xml_element("w:trPr")
        row.insert(0, properties)  # a row's properties come before its cells
    xml_element("w:tblHeader", parent=properties)
