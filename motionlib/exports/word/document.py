"""The Word document around the body: the details table, the closing block, the file's
properties and language, and Word's own line numbering. The body itself is the writer's.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from typing import Any

import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from motionlib.exports.templating import CLOSING_FIELDS, document_fields, kind_label
from motionlib.exports.word.package import add_custom_property, dated, fits
from motionlib.library.body import Parsed
from motionlib.model.schema import Settings

Writer = Any  # the body's walker (writer.py, which imports this module)


@dataclass(frozen=True)
class Format:
    """Run formatting while walking inline elements."""

    bold: bool = False
    italic: bool = False
    style: str | None = None


class Styles:
    """Style name → style id for one reference document, read once."""

    def __init__(self, document: docx.document.Document) -> None:
        self.ids = {style.name: style.style_id for style in document.styles}
        numbering = document.part.numbering_part.element
        self.abstract_of_num = {num.numId: num.abstractNumId.val for num in numbering.num_lst}

    def id(self, name: str) -> str:
        return self.ids[name]

    def indent_for(self, document: docx.document.Document, style_name: str):
        """A copy of the w:ind a numbered style's first level gives its paragraphs."""
        level = self._level(document, style_name)
        found = None if level is None else level.find(f"{qn('w:pPr')}/{qn('w:ind')}")
        if found is not None:
            return copy.deepcopy(found)
        return OxmlElement("w:ind", {qn("w:left"): "720", qn("w:hanging"): "360"})

    def label_for(self, document: docx.document.Document, style_name: str) -> tuple[str, str]:
        """(numFmt, lvlText) of a numbered style's first level: ("lowerLetter", "%1)")."""
        level = self._level(document, style_name)
        if level is None:
            return "decimal", "%1."
        fmt, text = level.find(qn("w:numFmt")), level.find(qn("w:lvlText"))
        return (
            fmt.get(qn("w:val")) if fmt is not None else "decimal",
            text.get(qn("w:val")) if text is not None else "%1.",
        )

    def _level(self, document: docx.document.Document, style_name: str):
        abstract = self.abstract_for(document, style_name)
        numbering = document.part.numbering_part.element
        for element in numbering.iter(qn("w:abstractNum")):
            if element.get(qn("w:abstractNumId")) == str(abstract):
                return element.find(qn("w:lvl"))
        return None

    def abstract_for(self, document: docx.document.Document, style_name: str) -> int:
        num_pr = document.styles.element.get_by_id(self.id(style_name)).pPr.numPr
        return self.abstract_of_num[num_pr.numId.val]


FIELD = re.compile(r"\[\[[^\[\]]+\]\]")  # a value to fill in: "[[name]]"
DETAIL_WIDTHS = (2155, 7257)  # twips: 38 mm labels, 128 mm values (A4 less 22 mm margins)


# Where a paragraph's and a section's line-numbering elements go in their schema's sequence.
AFTER_SUPPRESS = tuple(
    "w:" + name
    for name in (
        *("pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap", "overflowPunct"),
        *("topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd", "snapToGrid"),
        *("spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc"),
        *("textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId"),
        *("cnfStyle", "rPr", "sectPr", "pPrChange"),
    )
)
AFTER_LNNUM = tuple(
    "w:" + name
    for name in (
        *("pgNumType", "cols", "formProt", "vAlign", "noEndnote", "titlePg", "textDirection"),
        *("bidi", "rtlGutter", "docGrid", "printerSettings", "sectPrChange"),
    )
)


def number_lines(document, numbered: set, every: int) -> None:
    """Word numbers the lines itself (Layout → Line Numbers), counting every paragraph line but
    those it is told to skip: so the text lines are made lines of their own (each starts after
    a line break, see lines.py) and every other paragraph — title, details, supporters — is
    skipped. The numbers then are the web page's and the PDF's, unless a text line of 80
    characters is wider than the page (the reference document's measure fits them)."""
    body = document.element.body
    for paragraph in body.iter(qn("w:p")):
        if paragraph not in numbered:
            properties = paragraph.get_or_add_pPr()
            properties.insert_element_before(OxmlElement("w:suppressLineNumbers"), *AFTER_SUPPRESS)
    section = body.find(qn("w:sectPr"))
    attributes = {"w:countBy": str(every), "w:restart": "continuous", "w:distance": "284"}
    numbering = OxmlElement("w:lnNumType", {qn(k): v for k, v in attributes.items()})
    section.insert_element_before(numbering, *AFTER_LNNUM)


def clear_body(document) -> None:
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)


def closing_block(writer: Writer) -> None:
    """What a branch fills in before submitting: who moves and seconds it, and where."""
    writer.paragraph("Normal")
    for label, shown in CLOSING_FIELDS:
        paragraph = writer.paragraph("Closing Block")._p
        paragraph.append(writer.run(f"{label}: ", Format(bold=True)))
        paragraph.append(writer.control(shown, Format(), name=label))


def set_language(document, lang: str) -> None:
    """The library's language on the run defaults and every style, so Word checks spelling
    in British English ('organise') rather than the template's US English."""
    for element in document.styles.element.iter(qn("w:lang")):
        element.set(qn("w:val"), lang)


def details(writer: Writer, rendered: Parsed) -> None:
    """The metadata table, written as XML: python-docx's cell API costs ~7 ms a table."""
    details_rows(writer, document_fields(rendered))


def details_rows(writer: Writer, rows: list[tuple[str, str]]) -> None:
    """A two-column table of labels and values, in the reference's Motion Details style; with
    the writer's content controls on, a "[[…]]" value is a field to fill in."""
    table = xml_element("w:tbl")
    props = xml_element("w:tblPr", parent=table)
    xml_element("w:tblStyle", {"w:val": writer.styles.id("Motion Details")}, props)
    xml_element("w:tblW", {"w:w": str(sum(DETAIL_WIDTHS)), "w:type": "dxa"}, props)
    xml_element("w:tblLayout", {"w:type": "fixed"}, props)
    grid = xml_element("w:tblGrid", parent=table)
    for width in DETAIL_WIDTHS:
        xml_element("w:gridCol", {"w:w": str(width)}, grid)
    for label, value in rows:
        row = xml_element("w:tr", parent=table)
        for text, width in zip((label, value), DETAIL_WIDTHS, strict=True):
            cell = xml_element("w:tc", parent=row)
            xml_element(
                "w:tcW", {"w:w": str(width), "w:type": "dxa"}, xml_element("w:tcPr", parent=cell)
            )
            paragraph = xml_element("w:p", parent=cell)
            if writer.controls and text is value and FIELD.fullmatch(value):
                paragraph.append(writer.control(value, Format(), name=label))
            else:
                writer.text(paragraph, text, Format())
    writer.document.element.body.find(qn("w:sectPr")).addprevious(table)
    writer.paragraph("Normal")


def xml_element(tag: str, attributes: dict[str, str] | None = None, parent=None):
    element = OxmlElement(tag, {qn(k): v for k, v in (attributes or {}).items()})
    if parent is not None:
        parent.append(element)
    return element


def core_properties(document, rendered: Parsed, settings: Settings) -> None:
    props, doc = document.core_properties, rendered.doc
    props.title = fits(doc.title)
    props.author = fits(doc.byline)
    props.subject = fits(", ".join(doc.topics))
    props.keywords = fits(", ".join(doc.topics))
    props.comments = fits(getattr(doc.meta, "summary", None) or "")
    props.category = kind_label(rendered)
    props.last_modified_by = fits(settings.library_name)
    props.language = settings.lang
    props.revision = 1
    dated(props, doc.date)  # the document's own date, never the clock: same input, same bytes
    if settings.content_licence:
        add_custom_property(document, "Rights", settings.content_licence)
