"""Word export: the shared body tree → a .docx that branch officers can adapt.

Everything uses the named styles of `templates/reference.docx` (Title, Heading,
List Number 2, Quote, Hyperlink, Placeholder …), never direct formatting other
than bold and italic, so restyling the reference file restyles every export.
Each numbered list gets its own `w:num` with a start override, so lists restart
at 1 (or at the start Markdown gave) instead of running on across the document.
Style ids are resolved once per process: python-docx spends ~45 % of its time
looking up style names otherwise.
"""

from __future__ import annotations

import functools
import io
import re
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from motionlib.exports.templating import (
    TEMPLATES,
    kind_label,
    line_numbering,
    placeholder_name,
)
from motionlib.exports.word.amendment import write_adopted, write_amended
from motionlib.exports.word.document import (
    Format,
    Styles,
    clear_body,
    closing_block,
    core_properties,
    details,
    number_lines,
    set_language,
    xml_element,
)
from motionlib.exports.word.footnotes import Footnotes, is_reference
from motionlib.exports.word.lists import write_list
from motionlib.exports.word.package import save
from motionlib.exports.word.pictures import picture_run
from motionlib.exports.word.scripts import directed, mark_scripts
from motionlib.exports.word.tables import write_table
from motionlib.library.body import Parsed
from motionlib.library.footnotes import is_notes
from motionlib.library.lines import INSERTED, numbered
from motionlib.model.result import Result
from motionlib.model.schema import Settings

REFERENCE = TEMPLATES / "reference.docx"
HEADING = re.compile(r"^h([1-6])$")


class _Writer:
    """Walks one body tree into one document."""

    def __init__(
        self, document, styles: Styles, abstract_ids: dict[str, int], controls: bool = False
    ) -> None:
        self.controls = controls  # placeholders as content controls (template motions)
        self.revision: tuple[str, str | None] | None = None  # (author, date): <ins>/<del> tracked
        self.revisions = 0
        self.document = document
        self.styles = styles
        self.abstract_ids = abstract_ids
        self.numbering = document.part.numbering_part.element
        self.warnings: list[str] = []
        self.quote_depth = 0
        self.heading_offset = 1
        self.numbered: set = set()  # paragraphs holding text lines (lines.py), when numbered
        self.notes = Footnotes(document)
        self.images: dict = {}  # src → the picture check found (library/images.py)
        self.addresses = True  # a web link's address printed after it (not on numbered lines)
        self.line_labels = False  # a line's number written as "[11]" (amendments, amendment.py)
        self.part = document.part  # where links are related: the footnotes part in a note

    # paragraphs -----------------------------------------------------------
    def paragraph(self, style: str):
        paragraph = self.document.add_paragraph()
        paragraph._p.get_or_add_pPr().style = self.styles.id(style)
        return paragraph

    def body(self, tree: ET.Element) -> None:
        levels = [int(m.group(1)) for e in tree.iter() if (m := HEADING.match(e.tag))]
        self.heading_offset = min(levels, default=1) - 1
        self.blocks(tree)

    def blocks(self, parent: ET.Element) -> None:
        for child in parent:
            self.block(child)

    def block(self, elem: ET.Element) -> None:
        tag = elem.tag
        if tag == "p":
            style = "Quote" if self.quote_depth else "Normal"
            self.inline(directed(self.paragraph(style)._p, elem), elem.text, list(elem), Format())
        elif match := HEADING.match(tag):
            level = min(max(int(match.group(1)) - self.heading_offset, 1), 3)
            heading = directed(self.paragraph(f"Heading {level}")._p, elem)
            self.inline(heading, elem.text, list(elem), Format())
        elif tag in ("ul", "ol"):
            write_list(self, elem, 0)
        elif tag == "blockquote":
            self.quote_depth += 1
            self.blocks(elem)
            self.quote_depth -= 1
        elif tag == "pre":
            self.code_block(elem)
        elif tag == "table":
            write_table(self, elem)
        elif is_notes(elem):
            self.notes.write(self, elem)
        else:
            self.unsupported(elem)

    def unsupported(self, elem: ET.Element) -> None:
        text = " ".join("".join(elem.itertext()).split())
        if text:
            self.text(self.paragraph("Normal")._p, text, Format())
        kept = "kept as plain text" if text else "left out"
        self.warnings.append(f"<{elem.tag}> has no Word equivalent; {kept}")

    def code_block(self, elem: ET.Element) -> None:
        lines = "".join(elem.itertext()).rstrip("\n").split("\n")
        paragraph = self.paragraph("Code Block")._p
        for index, line in enumerate(lines):
            if index:
                paragraph.append(_break())
            self.text(paragraph, line, Format(), keep_newlines=True)

    # inline ----------------------------------------------------------------
    def inline(self, target, text: str | None, children: list[ET.Element], fmt: Format) -> None:
        self.text(target, text, fmt)
        for child in children:
            self.inlinexml_element(target, child, fmt)
            tail = child.tail.lstrip() if child.tag == "br" and child.tail else child.tail
            self.text(target, tail, fmt)

    def inlinexml_element(self, target, elem: ET.Element, fmt: Format) -> None:
        tag = elem.tag
        if tag in ("strong", "b"):
            self.inline(target, elem.text, list(elem), replace(fmt, bold=True))
        elif tag in ("em", "i"):
            self.inline(target, elem.text, list(elem), replace(fmt, italic=True))
        elif tag == "code":
            self.text(target, elem.text, replace(fmt, style="Inline Code"), keep_newlines=True)
        elif tag == "mark" and self.controls:
            target.append(self.control(elem.text or "", fmt))
        elif tag == "mark":
            self.inline(target, elem.text, list(elem), replace(fmt, style="Placeholder"))
        elif tag == "a" and elem.get("href"):
            href = elem.get("href", "")
            self.inline(
                self.hyperlink(target, href), elem.text, list(elem), replace(fmt, style="Hyperlink")
            )
            printed = self.addresses and href.startswith(("http://", "https://"))
            if printed and "".join(elem.itertext()) != href:
                target.append(self.run(f" ({href})", replace(fmt, style="Link Address")))  # printed
        elif tag == "br":
            target.append(_break())
        elif is_reference(elem):
            target.append(self.notes.reference(elem, self.styles))
        elif tag == "img" and elem.get("src") in self.images:
            target.append(picture_run(self.document, elem, self.images[elem.get("src")]))
        elif tag == "span" and elem.get("class") == "ln" and self.line_labels:
            target.append(self.run(f"[{elem.get('data-line')}] ", Format(style="Line Label")))
        elif tag == "span" and elem.get("class") == "ln":  # a text line starts (lines.py)
            self.numbered.add(target if target.tag == qn("w:p") else _paragraph_of(target))
        elif tag in ("ins", "del") and self.revision is not None:
            self.tracked_inline(target, elem, fmt)
        else:
            if tag != "span":
                self.warnings.append(f"<{tag}> has no Word equivalent; kept its text")
            self.inline(target, elem.text, list(elem), fmt)

    def control(self, text: str, fmt: Format, name: str | None = None):
        """A plain-text content control showing `text` as its placeholder, as Word's own
        templates do: click, type, and the typed text replaces it in the surrounding format.
        The highlight belongs to the placeholder run only, so it goes once the control is filled.
        Its tag is the placeholder's name ("Branch name"), which the site's form fills in."""
        name = name or placeholder_name(text)
        sdt = xml_element("w:sdt")
        properties = xml_element("w:sdtPr", parent=sdt)
        xml_element("w:alias", {"w:val": name}, properties)
        xml_element("w:tag", {"w:val": name}, properties)
        if fmt.bold or fmt.italic:  # what typed text looks like
            rpr = xml_element("w:rPr", parent=properties)
            for flag, tag in ((fmt.bold, "w:b"), (fmt.italic, "w:i")):
                if flag:
                    xml_element(tag, parent=rpr)
        xml_element("w:showingPlcHdr", parent=properties)
        xml_element("w:text", parent=properties)
        content = xml_element("w:sdtContent", parent=sdt)
        content.append(self.run(text, replace(fmt, style="Placeholder")))
        return sdt

    def tracked_inline(self, target, elem: ET.Element, fmt: Format) -> None:
        """An <ins>/<del> as tracked runs; a line's start marked inside it (lines.py) stays a
        line break and label of its own, outside the change."""
        by = elem.get("data-by")
        pieces = [(None, elem.text)] + [(child, child.tail) for child in elem]
        for child, text in pieces:
            if child is not None and child.tag in ("br", "span"):
                self.inlinexml_element(target, child, fmt)
            elif child is not None:
                target.append(self.tracked(elem.tag, "".join(child.itertext()), fmt, by))
            if text:
                target.append(self.tracked(elem.tag, text, fmt, by))

    def tracked(self, tag: str, text: str, fmt: Format, by: str | None = None):
        """A tracked insertion or deletion (w:ins / w:del), which Word's and LibreOffice's
        Accept and Reject act on: accepting all gives the motion as amended, rejecting all the
        motion as it was."""
        author, date = self.revision or ("", None)
        author = by or author  # the amendment whose change it is (adoption.py)
        self.revisions += 1
        attributes = {"w:id": str(self.revisions), "w:author": author}
        if date:
            attributes["w:date"] = date
        change = xml_element(f"w:{tag}", attributes)
        run = self.run(text, fmt)
        if tag == "del":
            for element in run.iter(qn("w:t")):
                element.tag = qn("w:delText")
        change.append(run)
        return change

    def hyperlink(self, target, url: str):
        rel_id = self.part.relate_to(url, RT.HYPERLINK, is_external=True)
        link = OxmlElement("w:hyperlink")
        link.set(qn("r:id"), rel_id)
        target.append(link)
        return link

    def text(self, target, text: str | None, fmt: Format, keep_newlines: bool = False) -> None:
        if not text:
            return
        if not keep_newlines:
            text = re.sub(r"\s*\n\s*", " ", text)
            if not text.strip() and not len(target):
                return
        target.append(self.run(text, fmt))

    def run(self, text: str, fmt: Format):
        run = OxmlElement("w:r")
        if fmt.style or fmt.bold or fmt.italic:
            props = OxmlElement("w:rPr")
            if fmt.style:
                style = OxmlElement("w:rStyle")
                style.set(qn("w:val"), self.styles.id(fmt.style))
                props.append(style)
            for flag, tag in ((fmt.bold, "w:b"), (fmt.italic, "w:i")):
                if flag:
                    props.append(OxmlElement(tag))
            run.append(props)
        element = OxmlElement("w:t")
        element.set(qn("xml:space"), "preserve")
        element.text = text
        run.append(element)
        return run


def _break():
    run = OxmlElement("w:r")
    run.append(OxmlElement("w:br"))
    return run


class WordRenderer:
    """One per worker process: the reference document is read once, its style ids cached."""

    def __init__(self, reference: Path = REFERENCE) -> None:
        self.reference = reference.read_bytes()
        template = docx.Document(io.BytesIO(self.reference))
        self.styles = Styles(template)
        self.abstract_ids: dict[str, int] = {}

    def render(self, rendered: Parsed, settings: Settings, tracked: bool = False) -> Result[bytes]:
        """A template motion becomes the motion ready to submit: its title, its text with a
        content control for every placeholder, and a closing block to fill in; what the library
        knows about it (who wrote it, who adopted it) stays on the web page. Other documents
        keep their details table and supporters. A motion carried as amended gives its text as
        adopted; `tracked`: its text with the carried amendments' changes tracked instead."""
        template_motion = is_template(rendered)
        writer = self.start(settings, controls=template_motion)
        document = writer.document
        writer.images = {image.src: image for image in rendered.images}
        if not template_motion:
            writer.paragraph("Subtitle").add_run(kind_label(rendered))
        writer.paragraph("Title").add_run(rendered.doc.heading)
        if not template_motion:
            details(writer, rendered)
        lines = line_numbering(rendered, settings) if rendered.doc.kind == "motion" else "off"
        lines = "off" if tracked else lines
        text = rendered.tree if rendered.adopted is None else rendered.adopted
        body = numbered(text, settings.line_width) if lines != "off" else text
        writer.addresses = lines == "off"  # an address would make a numbered line wrap again
        if rendered.adopted is not None:  # after the vote: the text as adopted
            write_adopted(writer, rendered, body, tracked)
        else:
            writer.body(body)
        if rendered.amended is not None:
            amended = numbered(rendered.amended, settings.line_width, INSERTED)
            write_amended(writer, rendered, amended)
        if template_motion:
            closing_block(writer)
        supporters = list(getattr(rendered.doc.meta, "supporters", []))
        if supporters and not template_motion:
            writer.paragraph("Heading 2").add_run(f"Supporters ({len(supporters)})")
            writer.paragraph("Normal").add_run(", ".join(supporters))
        if lines != "off":
            number_lines(document, writer.numbered, every=1 if lines == "every" else 5)
        core_properties(document, rendered, settings)
        return Result(finish(writer), writer.warnings)

    def start(self, settings: Settings, controls: bool = False) -> _Writer:
        """A writer on an empty document made from the reference, in the library's language."""
        document = docx.Document(io.BytesIO(self.reference))
        clear_body(document)
        set_language(document, settings.lang)
        return _Writer(document, self.styles, self.abstract_ids, controls=controls)


def finish(writer: _Writer) -> bytes:
    """The written document's bytes, each run marked with its script's fonts and language."""
    for root in (writer.document.element.body, *writer.notes.roots()):
        mark_scripts(root)
    return save(writer.document)


def _paragraph_of(element):
    return next(element.iterancestors(qn("w:p")))


def is_template(rendered: Parsed) -> bool:
    return getattr(rendered.doc.meta, "status", None) == "template"


def warm() -> None:
    """Load the reference document and its style ids once per process,
    before the first document (each worker of the pool calls it)."""
    renderer()


@functools.cache
def renderer() -> WordRenderer:
    return WordRenderer()


def docx_bytes(rendered: Parsed, settings: Settings) -> Result[bytes]:
    """motion or briefing → .docx bytes (and warnings), using this process's warm renderer."""
    return renderer().render(rendered, settings)


def export(rendered: Parsed, settings: Settings) -> Result[bytes]:
    """The format registry's entry point (formats.py): .docx bytes and what did not map."""
    return docx_bytes(rendered, settings)
