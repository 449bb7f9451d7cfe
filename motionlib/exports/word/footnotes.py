"""Real Word footnotes (python-docx has no API for them): the footnotes part, a reference run
where the text refers to a note, and each note written with the same writer as the body, in the
reference document's Footnote Text and Footnote Reference styles.

Word numbers footnotes itself, in the order their references appear; ids here follow that order.
Word and LibreOffice expect the two separator notes (ids -1 and 0) that Word itself writes.
"""

from __future__ import annotations

import copy
import xml.etree.ElementTree as ET

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import XmlPart
from docx.oxml.ns import nsdecls
from docx.oxml.parser import parse_xml

from motionlib.exports.word.document import Format, xml_element
from motionlib.library.footnotes import BACK

EMPTY = (
    f"<w:footnotes {nsdecls('w', 'r')}>"
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/>'
    "</w:r></w:p></w:footnote></w:footnotes>"
)


class Footnotes:
    """A document's footnotes: made on the first reference, numbered as referred to."""

    def __init__(self, document) -> None:
        self.document = document
        self.part: XmlPart | None = None
        self.ids: dict[str, int] = {}  # "fn:1" → the footnote's w:id

    def reference(self, sup: ET.Element, styles):
        """The run that stands where the text refers to a note (`<sup id="fnref:1">`)."""
        link = sup.find("a")
        note = (link.get("href", "") if link is not None else "").removeprefix("#")
        if note in self.ids:  # a note referred to again: Word gives each footnote one place
            run = _reference_run("w:t", styles)
            run[-1].text = str(self.ids[note])
            return run
        self.ids[note] = len(self.ids) + 1
        return _reference_run("w:footnoteReference", styles, {"w:id": str(self.ids[note])})

    def write(self, writer, notes: ET.Element) -> None:
        """Every referred-to note of `<div class="footnote">` into the footnotes part."""
        part = self._part()
        for item in notes.iter("li"):
            number = self.ids.get(item.get("id", ""))
            if number is None:  # never referred to: check reports it
                continue
            footnote = xml_element("w:footnote", {"w:id": str(number)}, part.element)
            paragraphs = [child for child in item if child.tag == "p"] or [item]
            for index, paragraph in enumerate(paragraphs):
                target = xml_element("w:p", parent=footnote)
                properties = xml_element("w:pPr", parent=target)
                xml_element("w:pStyle", {"w:val": writer.styles.id("Footnote Text")}, properties)
                if index == 0:
                    target.append(_reference_run("w:footnoteRef", writer.styles))
                    writer.text(target, " ", Format())
                children = [c for c in paragraph if c.get("class") != "footnote-backref"]
                text = (paragraph.text or "").rstrip("\u00a0" + BACK)
                writer.part = part  # links in a note belong to the footnotes part
                writer.inline(target, text, _without_back_space(children), Format())
                writer.part = self.document.part

    def roots(self) -> list:
        """The footnotes part's XML, when there is one (marked for scripts like the body)."""
        return [self.part.element] if self.part is not None else []

    def _part(self) -> XmlPart:
        if self.part is None:
            self.part = XmlPart(
                PackURI("/word/footnotes.xml"),
                CT.WML_FOOTNOTES,
                parse_xml(EMPTY),
                self.document.part.package,
            )
            self.document.part.relate_to(self.part, RT.FOOTNOTES)
        return self.part


def _without_back_space(children: list[ET.Element]) -> list[ET.Element]:
    """The no-break space the extension puts before its back-link ends the last tail: a copy
    without it (the tree is shared with the other outputs)."""
    if children and children[-1].tail:
        last = copy.copy(children[-1])
        last.tail = last.tail.rstrip("\u00a0")
        children = [*children[:-1], last]
    return children


def _reference_run(tag: str, styles, attributes: dict | None = None):
    run = xml_element("w:r")
    properties = xml_element("w:rPr", parent=run)
    xml_element("w:rStyle", {"w:val": styles.id("Footnote Reference")}, properties)
    xml_element(tag, attributes or {}, run)
    return run


def is_reference(elem: ET.Element) -> bool:
    return elem.tag == "sup" and elem.get("id", "").startswith("fnref")
