"""Lists as Word list paragraphs in the reference's List Number and List Bullet styles: each
numbered list gets its own numbering instance (w:num) with a start override, so it restarts at 1
(or where Markdown started it); loose items' paragraphs continue in List Continue."""

from __future__ import annotations

import copy
import functools
import xml.etree.ElementTree as ET

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from motionlib.exports.word.document import Format
from motionlib.exports.word.scripts import directed

BLOCKS = {"p", "ul", "ol", "blockquote", "pre", "table", "hr", "h1", "h2", "h3", "h4", "h5", "h6"}


def _suffix(level: int) -> str:
    return "" if level == 0 else f" {min(level + 1, 3)}"


def write_list(writer, elem: ET.Element, level: int) -> None:
    """A Markdown list as Word list paragraphs, each numbered list restarting where it starts."""
    ordered = elem.tag == "ol"
    base = "List Number" if ordered else "List Bullet"
    style = base if level == 0 else f"{base} {min(level + 1, 3)}"
    numbered = ordered or writer.quote_depth  # in a quotation the Quote style carries no bullets
    start = int(elem.get("start", "1"))
    if numbered and writer.revision is not None:
        _written_out(writer, elem, style, start, level)
        return
    num_id = _new_list(writer, style, start) if numbered else None
    if writer.quote_depth:
        style = "Quote"  # a quoted list stays a quotation, numbered like the list it quotes
    for item in elem.findall("li"):
        _item(writer, item, style, num_id, level)


def _written_out(writer, elem: ET.Element, style: str, start: int, level: int) -> None:
    """A numbered list with tracked changes, its numbers written out: LibreOffice (7.4) numbers
    a list item holding a tracked deletion as if the item were deleted ("[1.] 1.[2.] 2.[3.]").
    The style's own indent is kept; a new clause's number is inserted, and each clause after it
    changes number as a tracked change, so accepting or rejecting all gives the right numbers."""
    indent = writer.styles.indent_for(writer.document, style)
    label = functools.partial(_label, *writer.styles.label_for(writer.document, style))
    submitted = adopted = start
    for item in elem.findall("li"):
        new = item.get("data-new") == "clause"
        paragraph = _list_paragraph(writer, "Quote" if writer.quote_depth else style, 0)
        paragraph.get_or_add_pPr().insert_element_before(indent, "w:jc", "w:rPr", "w:sectPr")
        indent = copy.deepcopy(indent)
        by = next((e.get("data-by") for e in item.iter("ins")), None)
        if new:
            paragraph.append(writer.tracked("ins", label(adopted), Format(), by))
            inserted_mark(writer, paragraph, by)
        elif submitted != adopted:
            paragraph.append(writer.tracked("del", label(submitted), Format(), by))
            paragraph.append(writer.tracked("ins", label(adopted), Format(), by))
        else:
            paragraph.append(writer.run(label(adopted), Format()))
        tab = writer.run("", Format())
        tab.append(OxmlElement("w:tab"))
        paragraph.append(tab)
        _item(writer, item, style, None, level, paragraph)
        submitted += not new
        adopted += 1


ROMAN = (
    (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"),
    (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
)  # fmt: skip


def _label(fmt: str, text: str, number: int) -> str:
    """A clause's number as its list style writes it: "3.", "c)", "iii."."""
    if fmt == "lowerLetter":
        shown = ""
        while number > 0:
            number, rest = divmod(number - 1, 26)
            shown = chr(ord("a") + rest) + shown
    elif fmt == "lowerRoman":
        shown = ""
        for value, letters in ROMAN:
            count, number = divmod(number, value)
            shown += letters * count
    else:
        shown = str(number)
    return text.replace("%1", shown)


def inserted_mark(writer, paragraph, by: str | None) -> None:
    """The paragraph mark of a new clause tracked as inserted: rejecting all removes the
    clause's paragraph, not only its words."""
    mark = writer.tracked("ins", "", Format(), by)
    mark.remove(mark[0])
    properties = paragraph.get_or_add_pPr()
    run_properties = properties.find(qn("w:rPr"))
    if run_properties is None:
        run_properties = OxmlElement("w:rPr")
        properties.insert_element_before(run_properties, "w:sectPr", "w:pPrChange")
    run_properties.append(mark)


def _new_list(writer, style: str, start: int) -> int:
    """A fresh numbering instance, so this list restarts at `start`."""
    abstract = writer.abstract_ids.get(style)
    if abstract is None:
        abstract = writer.abstract_ids[style] = writer.styles.abstract_for(writer.document, style)
    num = writer.numbering.add_num(abstract)
    num.add_lvlOverride(ilvl=0).add_startOverride(start)
    return num.numId


def _item(
    writer, item: ET.Element, style: str, num_id: int | None, level: int, paragraph=None
) -> None:
    if paragraph is None:
        paragraph = _list_paragraph(writer, style, num_id)
        if item.get("data-new") == "clause" and writer.revision is not None:
            inserted_mark(
                writer, paragraph, next((e.get("data-by") for e in item.iter("ins")), None)
            )
    paragraph = directed(paragraph, item)
    used = False
    pending_text, pending = item.text, []
    for child in item:
        if child.tag not in BLOCKS:
            pending.append(child)
            continue
        if (pending_text and pending_text.strip()) or pending:  # loose items: only "\n"
            writer.inline(paragraph, pending_text, pending, Format())
            used = True
        pending_text, pending = child.tail, []
        if child.tag == "p" and not used:
            writer.inline(paragraph, child.text, list(child), Format())
            used = True
        elif child.tag == "p":
            continued = writer.paragraph(f"List Continue{_suffix(level)}")._p
            writer.inline(continued, child.text, list(child), Format())
        elif child.tag in ("ul", "ol"):
            write_list(writer, child, level + 1)
        else:
            writer.block(child)
    if (pending_text and pending_text.strip()) or pending:
        writer.inline(paragraph, pending_text, pending, Format())


def _list_paragraph(writer, style: str, num_id: int | None):
    paragraph = writer.paragraph(style)._p
    if num_id is not None:
        num_pr = paragraph.get_or_add_pPr().get_or_add_numPr()
        num_pr.get_or_add_ilvl().val = 0
        num_pr.get_or_add_numId().val = num_id
    return paragraph
