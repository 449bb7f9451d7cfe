"""Word footnotes back to Markdown footnotes: a reference run becomes `[^1]`, numbered in the
order the text refers to them (as Word numbers them), and each note a `[^1]: …` line after the
text. python-docx reads no footnotes, so the part is found by its relationship and parsed with
python-docx's own (entity-refusing) XML parser."""

from __future__ import annotations

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.oxml.parser import parse_xml

from motionlib.exports.word.markdown_text import Span, markdown_of


class Notes:
    """The document's footnotes, by Word's id, and the numbers the text gave them."""

    def __init__(self, document) -> None:
        self.texts: dict[str, str] = {}
        self.numbers: dict[str, int] = {}  # Word's w:id → [^n]
        for rel in document.part.rels.values():
            if rel.reltype == RT.FOOTNOTES and not rel.is_external:
                self.texts = _texts(parse_xml(rel.target_part.blob))

    def marker(self, run) -> str | None:
        """`[^n]` when the run is a footnote reference."""
        reference = run.find(qn("w:footnoteReference"))
        if reference is None:
            return None
        note = reference.get(qn("w:id"), "")
        if note not in self.texts:
            return None
        return f"[^{self.numbers.setdefault(note, len(self.numbers) + 1)}]"

    def definitions(self) -> str:
        """The `[^n]: text` lines, in the order of their numbers."""
        return "\n".join(
            f"[^{number}]: {self.texts[note] or '(empty note)'}"
            for note, number in sorted(self.numbers.items(), key=lambda item: item[1])
        )


def _texts(root) -> dict[str, str]:
    """Each real note's text (the separators are not notes), its paragraphs run together."""
    texts = {}
    for note in root.iter(qn("w:footnote")):
        if note.get(qn("w:type")) in ("separator", "continuationSeparator", "continuationNotice"):
            continue
        runs = [run for paragraph in note.iter(qn("w:p")) for run in paragraph.iter(qn("w:r"))]
        spans = [_span(run) for run in runs]
        texts[note.get(qn("w:id"), "")] = " ".join(markdown_of(spans).split())
    return texts


def _span(run) -> Span:
    """A note's run with its bold and italic (its links are left as text)."""
    text = "".join(t.text or "" for t in run.iter(qn("w:t")))
    properties = run.find(qn("w:rPr"))

    def flag(name: str) -> bool:
        found = properties.find(qn(name)) if properties is not None else None
        return found is not None and found.get(qn("w:val"), "true") not in ("0", "false")

    return Span(text, bold=flag("w:b"), italic=flag("w:i"))
