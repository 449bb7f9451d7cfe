"""Word import: a motion in a .docx → Markdown with front matter, and warnings for what did not map.

A pipeline with messages, as mammoth does it: read the document's blocks in
order, map each by its style (Title, Heading, List Number 2, Quote …) or its
numbering, turn runs into Markdown, and report anything it cannot map instead
of dropping it silently. Our own exports import back to the same Markdown.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import docx
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.hyperlink import Hyperlink
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from motionlib.exports.word.amendment import ADOPTED_NOTE
from motionlib.exports.word.guard import refuse_unreadable
from motionlib.exports.word.imported import Imported
from motionlib.exports.word.markdown_text import (
    HEADING_MARK,
    LIST_CONTINUE,
    Span,
    escape_markdown,
    heading_levels,
    join_lists,
    markdown_of,
    protect_line_start,
)
from motionlib.exports.word.reader_changes import read_change, unreadable
from motionlib.exports.word.reader_notes import Notes
from motionlib.exports.word.reader_numbering import numbering_of
from motionlib.exports.word.reader_pictures import UNSUPPORTED as _UNSUPPORTED
from motionlib.exports.word.reader_pictures import Pictures
from motionlib.model.fields import BY_LABEL
from motionlib.model.problems import MotionLibError

# What programs write into a file's properties about themselves: not a summary of the motion.
GENERATOR = re.compile(r"\b(generated|created|produced|made) (by|with)\b|python-docx", re.I)
NUMBERED_TITLE = re.compile(r"^(Motion|Amendment|Composite) ([A-Za-z0-9][\w.-]{0,19}): (.+)$")
KIND_LABELS = {"Motion", "Template motion", "Amendment", "Briefing"}
SUBMITTED = re.compile(r"^(?:submitted|moved|proposed) by:?\s+(.+?)\.?$", re.I)
SUPPORTED = re.compile(r"^(?:supported|seconded) by:?\s+(.+?)\.?$", re.I)
SUPPORTERS_HEADING = re.compile(r"^Supporters(?: \(\d+\))?$")
ROLE = re.compile(r"^(proposer|mover|seconder)\s*:\s*(.+?)\.?$", re.I)
# A bold line that heads a motion's part, as branches type them: "This branch notes:"
PART = re.compile(
    r"^(?:this|the) [\w' -]{1,40}? (?:notes|believes|resolves|further notes|further believes|"
    r"calls on|instructs|agrees)(?: that)?[:.]?$",
    re.I,
)
LIST_STYLE = re.compile(r"^List (Number|Bullet|Continue)(?: (\d))?$")
BOLD_STYLES, ITALIC_STYLES = {"Strong"}, {"Emphasis"}
QUOTE_STYLES = {"Quote", "Intense Quote"}
KNOWN_STYLES = {"Normal", "Body Text", "List Paragraph", "Title", "Subtitle", "Code Block"}


class _Reader:
    def __init__(self, document) -> None:
        self.document = document
        self.result = Imported()
        self.blocks: list[str] = []
        self.counters: dict[tuple[str, int], int] = {}
        self.started: set[int] = set()
        self.expect_supporters = False
        self.skipping = False  # inside an amendment's generated "Changes" section
        self.reading_changes = False  # in its list of changes, read back into `changes:`
        # Our own exports say what they are; an amendment's tracked changes are ours too.
        self.category = document.core_properties.category
        self.numbering_part = numbering_of(document)
        self.notes = Notes(document)
        self.pictures = Pictures(document)

    # blocks ------------------------------------------------------------------
    def read(self) -> Imported:
        for block in self.blocks_of(self.document.element.body):
            if isinstance(block, Table):
                self.table(block)
            else:
                self.paragraph(block)
        self.blocks = heading_levels(self.blocks)
        if self.notes.numbers:
            self.blocks.append(self.notes.definitions())
        self.result.body = "\n\n".join(join_lists(self.blocks)).strip() + "\n"
        self.fields_from_properties()
        summary = (self.document.core_properties.comments or "").strip()
        if summary and "summary" not in self.result.fields and not GENERATOR.search(summary):
            self.result.fields["summary"] = summary  # our exports keep it there
        ours = self.category == "Amendment"  # its tracked changes show the amended motion
        self.result.pictures = self.pictures.found
        if self.pictures.skipped:
            self.result.warnings.append(_UNSUPPORTED["w:drawing"])
        for element in ("w:pict", "w:del", "w:ins"):
            if ours and element in ("w:del", "w:ins"):
                continue
            if self.document.element.body.find(f".//{qn(element)}") is not None:
                self.result.warnings.append(_UNSUPPORTED[element])
        return self.result

    def blocks_of(self, container) -> Iterator[Paragraph | Table]:
        """Paragraphs and tables in order, also inside content controls and custom XML, which
        python-docx's own iteration skips (their text would be lost)."""
        parent = self.document._body
        for child in container.iterchildren():
            tag = child.tag
            if tag == qn("w:p"):
                yield Paragraph(child, parent)
            elif tag == qn("w:tbl"):
                yield Table(child, parent)
            elif tag == qn("w:sdt"):
                content = child.find(qn("w:sdtContent"))
                if content is not None:
                    yield from self.blocks_of(content)
            elif tag == qn("w:customXml"):
                yield from self.blocks_of(child)
            elif tag == qn("w:altChunk"):
                self.warn(
                    "the document embeds another document (altChunk) that cannot be read "
                    "here; open it in Word, save it as a normal .docx and import again"
                )

    def fields_from_properties(self) -> None:
        """Our template downloads carry no details table (they are ready to submit): their
        submitter, topics and status are in the file's properties, where our exports put them."""
        if self.category != "Template motion":
            return
        props = self.document.core_properties
        self.result.fields.setdefault("submitter", props.author)
        topics = [t.strip() for t in (props.keywords or "").split(",") if t.strip()]
        if topics:
            self.result.fields.setdefault("topic", topics)
        self.result.fields.setdefault("status", "template")

    def warn(self, message: str) -> None:
        if message not in self.result.warnings:
            self.result.warnings.append(message)

    def paragraph(self, paragraph: Paragraph) -> None:
        style = _style_name(paragraph)
        text = _paragraph_text(paragraph).strip()
        if not text and paragraph._p.find(f".//{qn('a:blip')}") is not None:
            text = "(picture)"  # a paragraph holding only a picture is body text
        if not text:
            return
        if self.skipping and not style.startswith("Heading"):
            if self.reading_changes:  # "At line 11, replace “…” with “…”": `changes:`
                self.change(text)
            return  # until the supporters' heading
        if self.expect_supporters:
            self.expect_supporters = False
            self.result.fields["supporters"] = _names(text)
            return
        if style == "Closing Block" or ADOPTED_NOTE.match(text):  # the branch's form, our note
            return
        if style == "Title" and "title" not in self.result.fields:
            numbered = NUMBERED_TITLE.match(text)  # "Motion A: Housing", as our exports write
            if numbered:  # "Composite 1" is the composite's whole number (schema's heading)
                label = "Composite " if numbered.group(1) == "Composite" else ""
                self.result.fields["number"] = label + numbered.group(2)
                text = numbered.group(3)
            self.result.fields["title"] = text
        elif style == "Subtitle" and text in KIND_LABELS:
            return
        elif match := re.match(r"^Heading (\d)$", style):
            self.heading(paragraph, text, int(match.group(1)))
        elif not self.byline(text):
            self.body_paragraph(paragraph, style)

    def heading(self, paragraph: Paragraph, text: str, level: int) -> None:
        if "title" not in self.result.fields and level == 1 and not self.blocks:
            self.result.fields["title"] = text
        elif SUPPORTERS_HEADING.match(text):
            self.skipping = False
            self.expect_supporters = True
        elif text == "Changes" and self.category == "Amendment":
            self.skipping = self.reading_changes = True  # `changes:` and the motion as amended
        elif self.skipping and text == "The motion as amended":
            self.reading_changes = False
        elif self.skipping:
            return
        else:
            self.blocks.append(f"{HEADING_MARK}{level}{HEADING_MARK}{self.inline(paragraph)}")

    def change(self, text: str) -> None:
        found = read_change(text)
        if found is None:
            self.warn(unreadable(text))
        else:
            self.result.fields.setdefault("changes", []).append(found)

    def byline(self, text: str) -> bool:
        """'Submitted by …' and 'Supported by …' lines become fields, not body text."""
        if (match := SUBMITTED.match(text)) and "submitter" not in self.result.fields:
            self.result.fields["submitter"] = match.group(1)
            return True
        if match := SUPPORTED.match(text):
            self.result.fields["supporters"] = _names(match.group(1))
            return True
        if match := ROLE.match(text):  # "Proposer: …", "Seconder: …": the people who move it
            if match.group(1).lower() != "seconder":
                self.result.fields.setdefault("submitter", match.group(2))
            supporters = self.result.fields.setdefault("supporters", [])
            supporters.append(match.group(2))
            return True
        return False

    def body_paragraph(self, paragraph: Paragraph, style: str) -> None:
        quote = "> " if style in QUOTE_STYLES else ""
        if style == "Code Block":
            self.blocks.append("```\n" + paragraph.text + "\n```")
            return
        item = self.list_item(paragraph, style)
        if item is not None:
            marker, level = item
            self.blocks.append(quote + "    " * level + marker + self.inline(paragraph))
            return
        if style.startswith("List Continue"):
            level = int(LIST_STYLE.match(style).group(2) or 1) if LIST_STYLE.match(style) else 1
            self.blocks.append(LIST_CONTINUE + "    " * level + self.inline(paragraph))
            return
        if PART.match(paragraph.text.strip()) and self.all_bold(paragraph):
            self.blocks.append("## " + paragraph.text.strip().rstrip(":."))
            return
        if style not in KNOWN_STYLES | QUOTE_STYLES:
            self.result.warnings.append(
                f"paragraph style '{style}' is not one of ours; imported as a plain paragraph"
            )
        self.blocks.append(quote + protect_line_start(self.inline(paragraph)))

    def list_item(self, paragraph: Paragraph, style: str) -> tuple[str, int] | None:
        """('1. ', level) or ('- ', level) for a list paragraph, from its style or numbering."""
        match = LIST_STYLE.match(style)
        num_pr = paragraph._p.pPr.numPr if paragraph._p.pPr is not None else None
        if match and match.group(1) == "Continue":
            return None
        if not match and num_pr is None:
            return None
        level = int(match.group(2) or 1) - 1 if match else 0
        num_id, ilvl = self.numbering(paragraph, style)
        if not match:
            level = ilvl
        numbering = self.numbering_part
        abstract = numbering.abstract_of.get(num_id) if num_id is not None else None
        if abstract is None:
            ordered = bool(match) and match.group(1) == "Number"
            return ("1. " if ordered else "- "), level
        if numbering.formats.get((abstract, ilvl), "decimal") == "bullet":
            return "- ", level
        return f"{self.count(num_id, abstract, ilvl)}. ", level

    def count(self, num_id: int, abstract: str, ilvl: int) -> int:
        """The item's number, by Word's rules: counters belong to the abstract numbering,
        and a w:num's startOverride restarts the count where that w:num is first used."""
        numbering, key = self.numbering_part, (abstract, ilvl)
        if num_id not in self.started:
            self.started.add(num_id)
            if (num_id, ilvl) in numbering.overrides:
                self.counters[key] = numbering.overrides[(num_id, ilvl)] - 1
        number = self.counters.get(key, numbering.starts.get(key, 1) - 1) + 1
        self.counters[key] = number
        for deeper in [k for k in self.counters if k[0] == abstract and k[1] > ilvl]:
            del self.counters[deeper]
        return number

    def numbering(self, paragraph: Paragraph, style: str) -> tuple[int | None, int]:
        """The numbering instance and level of a paragraph: its own, or its style's."""
        for source in (paragraph._p.pPr, _style_ppr(self.document, style)):
            num_pr = source.numPr if source is not None else None
            if num_pr is not None and num_pr.numId is not None:
                ilvl = num_pr.ilvl.val if num_pr.ilvl is not None else 0
                return num_pr.numId.val, ilvl
        return None, 0

    def table(self, table: Table) -> None:
        rows = [[_cell_text(cell) for cell in row.cells] for row in table.rows]
        if rows and all(len(r) == 2 and r[0] in BY_LABEL for r in rows):
            for label, value in rows:
                spec = BY_LABEL[label]
                self.result.fields[spec.name] = spec.read(value)
            return
        if not rows:
            return
        width = max(len(r) for r in rows)
        lines = [
            "| " + " | ".join(_cell(c) for c in r + [""] * (width - len(r))) + " |" for r in rows
        ]
        lines.insert(1, "|" + " --- |" * width)
        self.blocks.append("\n".join(lines))

    # inline ------------------------------------------------------------------
    def inline(self, paragraph: Paragraph) -> str:
        spans: list[Span] = []
        for run, link in _runs(paragraph):
            if run.style is not None and run.style.name == "Link Address":
                continue  # our exports print a link's address after it: the link has it
            if _hidden(run):
                self.warn("the document has hidden text; it was left out")
                continue
            spans.append(self.span(run, link))
        return markdown_of(spans).strip()

    def all_bold(self, paragraph: Paragraph) -> bool:
        spans = [self.span(run, link) for run, link in _runs(paragraph)]
        return all(span.bold for span in spans if span.text.strip())

    def span(self, run, link: str | None) -> Span:
        marker = self.notes.marker(run._r) or self.pictures.marker(run._r)
        if marker:
            return Span(marker, raw=True)
        style = run.style.name if run.style is not None else ""
        return Span(
            text=run.text,
            bold=bool(run.bold) or style in BOLD_STYLES,
            italic=bool(run.italic) or style in ITALIC_STYLES,
            code=style == "Inline Code",
            link=link,
        )


def _style_name(paragraph: Paragraph) -> str:
    """The paragraph's style name; a style without a name counts as Normal."""
    try:
        style = paragraph.style
    except (KeyError, ValueError):
        return "Normal"
    return (style.name if style is not None else None) or "Normal"


def _runs(paragraph: Paragraph) -> Iterator[tuple[Run, str | None]]:
    """Every run of the paragraph in reading order, with the link it sits in: runs inside
    content controls, simple fields, smart tags and custom XML too (python-docx skips them).
    Deleted text and field codes are not text; moved-away text is deleted text."""
    links = {}
    for hyperlink in paragraph._p.iter(qn("w:hyperlink")):
        links[hyperlink] = Hyperlink(hyperlink, paragraph).address or None
    skip = {qn("w:del"), qn("w:moveFrom")}
    for element in paragraph._p.iter(qn("w:r")):
        ancestors = list(element.iterancestors())
        if any(a.tag in skip for a in ancestors):
            continue
        link = next((links[a] for a in ancestors if a in links), None)
        yield Run(element, paragraph), link


def _paragraph_text(paragraph: Paragraph) -> str:
    return "".join(run.text for run, _ in _runs(paragraph) if not _hidden(run))


def _hidden(run: Run) -> bool:
    properties = run._r.rPr
    vanish = properties.find(qn("w:vanish")) if properties is not None else None
    return vanish is not None and vanish.get(qn("w:val"), "true") not in ("0", "false", "off")


def _cell_text(cell) -> str:
    """A cell's paragraphs on one line (a Markdown table cell holds one line)."""
    return " ".join(text for p in cell.paragraphs if (text := _paragraph_text(p).strip()))


def _cell(text: str) -> str:
    return escape_markdown(text).replace("|", "\\|")


def _names(text: str) -> list[str]:
    return [name.strip() for name in re.split(r",|;|\band\b", text) if name.strip()]


def _style_ppr(document, style_name: str):
    try:
        return document.styles[style_name].element.pPr
    except KeyError:
        return None


def import_docx(path: Path) -> Imported:
    """Read a Word file; raise a clear error if it is not one, or if it is built to exhaust us."""
    refuse_unreadable(path)
    try:
        document = docx.Document(str(path))
    except Exception as error:  # python-docx raises several types for a bad package
        raise MotionLibError(f"{path}: cannot be read as a Word (.docx) file ({error})") from None
    return _Reader(document).read()
