"""Word export: reopen each .docx and read it as an officer's word processor would."""

from __future__ import annotations

import io
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import docx
from docx.oxml.ns import qn
from docx.shared import Pt

from motionlib.exports.word.amendment import adopted_note
from motionlib.exports.word.writer import REFERENCE, WordRenderer, docx_bytes
from motionlib.library.body import Parsed, parse
from motionlib.model.schema import Settings
from tests.conftest import find_in_order, render_motion, tool

BLOCK = {"ul", "ol", "p", "blockquote", "pre", "table"}
LIST_STYLE = {"ol": "List Number", "ul": "List Bullet"}


def with_addresses(element: ET.Element) -> str:
    """An inline element's text as Word prints it: a web link's address after its text."""
    parts = [element.text or ""]
    for child in element:
        parts += [with_addresses(child), child.tail or ""]
    text, href = "".join(parts), element.get("href", "")
    if element.tag == "a" and href.startswith(("http://", "https://")) and text != href:
        text += f" ({href})"
    return text


def expected_paragraphs(tree: ET.Element, numbers: bool = False) -> list[tuple[str, str | None]]:
    """(text, list style or None) for each paragraph a reader sees, from the Markdown tree;
    footnote numbers only with `numbers` (Word numbers its footnotes; a printout shows them)."""
    found: list[tuple[str, str | None]] = []

    def own_text(element: ET.Element) -> str:
        parts = [element.text or ""]
        for child in element:
            if child.tag not in BLOCK and (numbers or not child.get("id", "").startswith("fnref")):
                parts.append(with_addresses(child))  # a footnote's number is Word's own
            parts.append(child.tail or "")
        return " ".join("".join(parts).split())

    def walk(element: ET.Element, depth: int, list_tag: str | None, quoted: bool) -> None:
        for child in element:
            if child.tag in ("ul", "ol"):
                walk(child, depth + 1, child.tag, quoted)
            elif child.tag == "li":
                style = LIST_STYLE[list_tag] + ("" if depth == 1 else f" {min(depth, 3)}")
                style = "Quote" if quoted else style  # a quoted list stays a quotation
                text = own_text(child)
                first_p = child.find("p")
                if not text and first_p is not None:
                    text = own_text(first_p)
                found.append((text, style))
                for grandchild in child:
                    if grandchild.tag in ("ul", "ol"):
                        walk(grandchild, depth + 1, grandchild.tag, quoted)
            elif child.tag in ("p", "h1", "h2", "h3", "h4", "h5", "h6") and own_text(child):
                found.append((own_text(child), None))  # (a picture alone is no text)
            elif child.tag == "blockquote":
                walk(child, depth, list_tag, True)
            elif child.tag == "pre":
                found.append((" ".join("".join(child.itertext()).split()), None))

    walk(tree, 0, None, False)
    return found


def full_text(paragraph) -> str:
    """A paragraph's text including its content controls (python-docx's .text skips them)."""
    return "".join(t.text or "" for t in paragraph._p.iter(qn("w:t")))


def body_paragraphs(document) -> list:
    paragraphs = [p for p in document.paragraphs if full_text(p).strip()]
    start = next(i for i, p in enumerate(paragraphs) if p.style.name == "Title") + 1
    end = next(
        (
            i
            for i, p in enumerate(paragraphs)
            if p.text.startswith("Supporters (")
            or p.style.name == "Closing Block"
            or (p.style.name == "Heading 2" and p.text == "Changes")
        ),
        len(paragraphs),
    )
    return paragraphs[start:end]


def text_of(item: Parsed) -> ET.Element:
    """What a document's Word file holds: a carried motion's text as adopted, else its text."""
    return item.tree if item.adopted is None else item.adopted


def exported(sample_build, item: Parsed):
    path = sample_build[1].site_dir / "downloads" / f"{item.doc.kind}s" / f"{item.doc.slug}.docx"
    return path, docx.Document(path)


def test_paragraphs_follow_the_markdown_with_list_styles(sample_build):
    for item in sample_build[1].report.rendered:
        _, document = exported(sample_build, item)
        got = body_paragraphs(document)
        expected = expected_paragraphs(text_of(item))
        if item.adopted is not None:  # a carried motion's text as adopted, under its note
            expected = [(adopted_note(item, tracked=False), None), *expected]
        assert [" ".join(full_text(p).split()) for p in got] == [t for t, _ in expected], (
            item.doc.path
        )
        for paragraph, (_, style) in zip(got, expected, strict=True):
            if style:
                assert paragraph.style.name == style, (item.doc.path, paragraph.text)


def test_metadata_block_and_supporters(sample_build):
    item = next(i for i in sample_build[1].report.rendered if i.doc.slug == "safe-staffing-nhs")
    _, document = exported(sample_build, item)
    table = document.tables[0]
    rows = {row.cells[0].text: row.cells[1].text for row in table.rows}
    assert rows["Submitted by"] == "Harbourside CLP"
    assert rows["Status"] == "Submitted"
    assert rows["Topics"] == "Health, Workers' rights"
    assert table.style.name == "Motion Details"
    supporters = [p.text for p in document.paragraphs]
    assert "Supporters (24)" in supporters
    assert any("Małgorzata Wiśniewska" in text and "Emre Yıldız" in text for text in supporters)


def numbering_of(document, paragraph):
    num_pr = paragraph._p.pPr.numPr if paragraph._p.pPr is not None else None
    if num_pr is None:
        return None
    num_id = num_pr.numId.val
    numbering = document.part.numbering_part.element
    num = next(n for n in numbering.num_lst if n.numId == num_id)
    override = num.find(qn("w:lvlOverride"))
    start = override.find(qn("w:startOverride")).get(qn("w:val")) if override is not None else None
    return num_id, int(start) if start else None


def test_lists_nest_restart_and_keep_their_start():
    body = (
        "1. one\n2. two\n    1. two-a\n        - two-a-bullet\n    2. two-b\n3. three\n\n"
        "Between the lists.\n\n1. again one\n2. again two\n\nAnd:\n\n5. five\n6. six\n"
    )
    item = _rendered(body)
    document = docx.Document(io.BytesIO(docx_bytes(item, Settings()).value))
    paragraphs = {p.text: p for p in document.paragraphs}
    styles = {text: p.style.name for text, p in paragraphs.items()}
    assert styles["one"] == "List Number" and styles["two-a"] == "List Number 2"
    assert styles["two-a-bullet"] == "List Bullet 3"
    first = numbering_of(document, paragraphs["one"])
    nested = numbering_of(document, paragraphs["two-a"])
    second = numbering_of(document, paragraphs["again one"])
    third = numbering_of(document, paragraphs["five"])
    assert first == numbering_of(document, paragraphs["three"])  # the outer list continues
    assert len({first[0], nested[0], second[0], third[0]}) == 4  # every list numbered apart
    assert (first[1], nested[1], second[1], third[1]) == (1, 1, 1, 5)


def test_hyperlinks_are_real_links(sample_build):
    for item in sample_build[1].report.rendered:
        footnote_links = ("footnote-ref", "footnote-backref")  # Word's own footnotes instead
        hrefs = [
            a.get("href")
            for a in item.tree.iter("a")
            if a.get("href") and a.get("class") not in footnote_links
        ]
        _, document = exported(sample_build, item)
        found = [link.address for p in document.paragraphs for link in p.hyperlinks]
        assert found == hrefs, item.doc.path


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def controls_of(document) -> list[tuple[str, str, bool, str]]:
    """(tag, shown text, showing its placeholder, style of the shown run) of every control."""
    found = []
    for sdt in document.element.body.iter(qn("w:sdt")):
        props = sdt.find(qn("w:sdtPr"))
        run = sdt.find(f"{qn('w:sdtContent')}/{qn('w:r')}")
        style = run.find(f"{qn('w:rPr')}/{qn('w:rStyle')}").get(qn("w:val"))
        text = "".join(t.text for t in run.iter(qn("w:t")))
        found.append(
            (
                props.find(qn("w:tag")).get(qn("w:val")),
                text,
                props.find(qn("w:showingPlcHdr")) is not None
                and props.find(qn("w:text")) is not None,
                style,
            )
        )
    return found


def test_a_template_download_is_the_motion_ready_to_submit(sample_build):
    item = next(i for i in sample_build[1].report.rendered if i.doc.slug == "empty-homes-template")
    _, document = exported(sample_build, item)
    texts = [full_text(p) for p in document.paragraphs]
    assert texts[0] == "Bring empty homes back into use"  # no "Template motion" above it
    assert document.tables == []  # no details table, no "Adopted by"
    assert not any("Submitted by" in text or "Northgate" in text for text in texts)
    controls = controls_of(document)
    names = {tag for tag, *_ in controls}
    assert {"Branch name", "Council area", "number"} <= names
    assert all(showing for _, _, showing, _ in controls)  # plain text, placeholder shown
    placeholder_id = document.styles["Placeholder"].style_id
    assert {style for *_, style in controls} == {placeholder_id}
    assert ("Branch name", "[[Branch name]]", True, placeholder_id) in controls
    outside = [
        r for p in document.paragraphs for r in p.runs if r.style.name == "Placeholder"
    ]  # direct runs only: every placeholder is inside a control
    assert outside == []
    closing = [full_text(p) for p in document.paragraphs if p.style.name == "Closing Block"]
    assert closing == [
        "Proposed by: [[name]]",
        "Seconded by: [[name]]",
        "Branch / CLP: [[branch or CLP]]",
        "Date of meeting: [[date]]",
    ]
    assert document.styles["Placeholder"].font.highlight_color is not None


def test_language_and_page_numbers(sample_build):
    item = next(i for i in sample_build[1].report.rendered if i.doc.slug == "safe-staffing-nhs")
    _, document = exported(sample_build, item)
    langs = {e.get(qn("w:val")) for e in document.styles.element.iter(qn("w:lang"))}
    assert langs == {"en-GB"}
    footer = document.sections[0].footer._element
    fields = [f.get(qn("w:instr")).strip() for f in footer.iter(qn("w:fldSimple"))]
    assert fields == ["PAGE", "NUMPAGES"]
    details = document.styles["Motion Details"].element
    colours = {
        b.get(qn("w:color")) for b in details.iter() if b.tag.startswith(W) and b.get(qn("w:color"))
    }
    assert "9E0018" in colours  # the library's red, not Office blue
    assert document.tables[0].style.name == "Motion Details"


def test_only_styles_and_bold_italic_are_direct_formatting(sample_build):
    allowed = {qn("w:rStyle"), qn("w:b"), qn("w:i")}
    # a run of another script says which: its font slot, language, direction (scripts.py)
    scripts = {qn(f"w:{name}") for name in ("rFonts", "lang", "rtl", "cs", "bCs", "iCs")}
    for item in sample_build[1].report.rendered:
        _, document = exported(sample_build, item)
        for run in document.element.body.iter(qn("w:r")):
            props = run.find(qn("w:rPr"))
            if props is not None:
                text = "".join(t.text or "" for t in run.iter(qn("w:t")))
                extra = scripts if not text.isascii() else set()
                assert {child.tag for child in props} <= allowed | extra, item.doc.path


def test_core_properties(sample_build):
    for item in sample_build[1].report.rendered:
        _, document = exported(sample_build, item)
        props = document.core_properties
        assert props.title == item.doc.title
        assert props.author == item.doc.byline
        assert props.keywords == ", ".join(item.doc.topics)
        assert props.subject == ", ".join(item.doc.topics)
        assert props.created.date() == item.doc.date


def test_same_input_same_bytes(sample_build):
    item = sample_build[1].report.rendered[0]
    path, _ = exported(sample_build, item)
    settings = sample_build[1].report.library.settings
    assert docx_bytes(item, settings).value == path.read_bytes()


def test_restyling_the_reference_document_restyles_exports(tmp_path):
    reference = docx.Document(REFERENCE)
    reference.styles["Normal"].font.name = "Georgia"
    reference.styles["Heading 1"].font.size = Pt(20)
    copy = tmp_path / "reference.docx"
    reference.save(copy)
    item = _rendered("## Notes\n\nSome text.")
    document = docx.Document(io.BytesIO(WordRenderer(copy).render(item, Settings()).value))
    assert document.styles["Normal"].font.name == "Georgia"
    assert document.styles["Heading 1"].font.size == Pt(20)
    heading = next(p for p in document.paragraphs if p.text == "Notes")
    assert heading.style.name == "Heading 1" and heading.runs[0].font.size is None


def test_libreoffice_opens_every_export(sample_build, tmp_path):
    soffice = tool("soffice")
    pdftotext = tool("pdftotext")
    items = sample_build[1].report.rendered
    copies = []
    for item in items:
        path, _ = exported(sample_build, item)
        copies.append(shutil.copy(path, tmp_path / path.name))
    profile = tmp_path / "profile"
    command = [soffice, f"-env:UserInstallation=file://{profile}", "--headless"]
    command += ["--convert-to", "pdf", "--outdir", str(tmp_path / "out"), *map(str, copies)]
    subprocess.run(command, capture_output=True, timeout=300, check=True)
    for item in items:
        pdf = tmp_path / "out" / f"{item.doc.slug}.pdf"
        assert pdf.is_file(), f"LibreOffice could not convert {item.doc.slug}.docx"
        text = subprocess.run([pdftotext, pdf, "-"], capture_output=True, text=True).stdout
        expected = [item.doc.title, *(t for t, _ in expected_paragraphs(text_of(item), True))]
        assert find_in_order(text, expected) == [], item.doc.slug


def _rendered(body: str) -> Parsed:
    from motionlib.model.schema import Document, Motion

    meta = Motion(title="T", submitter="S", topic=["Housing"], status="draft", date="2026-01-01")
    return parse(Document("motion", "t", "motions/t.md", meta, body, 1, "0" * 64))


def test_tables_code_breaks_and_warnings():
    body = (
        "| Ward | Empty homes |\n| --- | --- |\n| Northgate | 41 |\n| Millbrook | 17 |\n\n"
        "Use `[[Branch name]]` literally, or write:  \nfirst line, second line.\n\n"
        "```\nline one\nline two\n```\n\n---\n\nAfter the rule."
    )
    result = docx_bytes(_rendered(body), Settings())
    document = docx.Document(io.BytesIO(result.value))
    table = document.tables[-1]
    assert [[c.text for c in row.cells] for row in table.rows] == [
        ["Ward", "Empty homes"],
        ["Northgate", "41"],
        ["Millbrook", "17"],
    ]
    assert all(run.bold for run in table.rows[0].cells[0].paragraphs[0].runs)
    paragraph = next(p for p in document.paragraphs if p.text.startswith("Use "))
    code = [r.text for r in paragraph.runs if r.style.name == "Inline Code"]
    assert code == ["[[Branch name]]"]
    assert paragraph._p.xpath(".//w:br")  # the hard line break
    block = next(p for p in document.paragraphs if p.style.name == "Code Block")
    assert block.text == "line one\nline two"
    assert result.warnings == ["<hr> has no Word equivalent; left out"]
    assert "After the rule." in [p.text for p in document.paragraphs]


LOOSE = """\
## This branch notes

1. That the first clause is here.

2. That the second clause has two paragraphs.

    Its second paragraph continues the clause.

3. That the third clause has sub-clauses:

    1. the first sub-clause;

    2. the second sub-clause.

4. That the fourth is last.

- A loose bullet.

- Another loose bullet.
"""


def loose_item(tmp_path):
    return render_motion(tmp_path, LOOSE, name="loose")


def test_loose_lists_keep_each_clause_in_its_numbered_paragraph(tmp_path):
    """A blank line between clauses (as text pasted from web pages has): the number and the
    clause share one paragraph; no numbered paragraph is empty."""
    data = docx_bytes(loose_item(tmp_path), Settings()).value
    document = docx.Document(io.BytesIO(data))
    rows = [(p.style.name, p.text) for p in document.paragraphs]
    listed = [(style, text) for style, text in rows if style.startswith("List")]
    assert not [row for row in listed if not row[1].strip()]
    assert listed == [
        ("List Number", "That the first clause is here."),
        ("List Number", "That the second clause has two paragraphs."),
        ("List Continue", "Its second paragraph continues the clause."),
        ("List Number", "That the third clause has sub-clauses:"),
        ("List Number 2", "the first sub-clause;"),
        ("List Number 2", "the second sub-clause."),
        ("List Number", "That the fourth is last."),
        ("List Bullet", "A loose bullet."),
        ("List Bullet", "Another loose bullet."),
    ]
    body = document.element.body
    for paragraph in body.iter(qn("w:p")):
        if paragraph.find(f"{qn('w:pPr')}/{qn('w:numPr')}") is not None:
            assert "".join(paragraph.itertext()).strip(), "an empty numbered paragraph"


def test_loose_lists_round_trip_through_import(tmp_path):
    from motionlib.exports.word.reader import import_docx

    item = loose_item(tmp_path)
    path = tmp_path / "loose.docx"
    path.write_bytes(docx_bytes(item, Settings()).value)
    imported = import_docx(path)
    assert " ".join(imported.body.split()) == " ".join(item.doc.body.split())
    assert "    Its second paragraph continues the clause." in imported.body


def test_relations_print_titles_not_file_names(sample_build, tmp_path):
    from click.testing import CliRunner

    from motionlib.commands.cli import main

    item = next(i for i in sample_build[1].report.rendered if i.doc.slug == "warm-homes-amendment")
    path, document = exported(sample_build, item)
    rows = {row.cells[0].text: row.cells[1].text for row in document.tables[0].rows}
    amended = next(i for i in sample_build[1].report.rendered if i.doc.slug == item.doc.meta.amends)
    assert rows["Amends"] == amended.doc.title
    pdf = sample_build[1].site_dir / "downloads/motions/warm-homes-amendment.pdf"
    from pypdf import PdfReader

    assert amended.doc.title in " ".join(PdfReader(pdf).pages[0].extract_text().split())
    # and `import` turns the title back into the file name
    copy = tmp_path / "amendment.docx"
    copy.write_bytes(path.read_bytes())
    root = sample_build[0]
    before = set((root / "motions").iterdir())
    (root / "motions" / "warm-homes-amendment.md").rename(tmp_path / "moved.md")
    try:
        result = CliRunner().invoke(main, ["import", str(copy), "-f", str(root / "mkdocs.yml")])
        assert result.exit_code == 0, result.output
        written = Path(result.stdout.strip().splitlines()[-1])
        assert f"amends: {amended.doc.slug}" in written.read_text()
    finally:  # the sample copy is shared by the session: leave it as it was
        (tmp_path / "moved.md").replace(root / "motions" / "warm-homes-amendment.md")
        for extra in set((root / "motions").iterdir()) - before:
            extra.unlink()
