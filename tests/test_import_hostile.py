"""Word import of files we did not write: nothing lost or invented silently, and hostile files
refused in words before they are parsed whole. One small document per defect, built here."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from motionlib.exports.word.reader import import_docx
from motionlib.library.load import read_document
from motionlib.model.problems import MotionLibError
from motionlib.model.schema import Settings
from tests.conftest import write_project
from tests.test_hostile import cli

W = nsdecls("w")


def with_xml(tmp_path, *blocks: str, name="m.docx"):
    """A document whose body holds the given raw WordprocessingML blocks."""
    document = docx.Document()
    document.add_paragraph("Before.")
    body = document.element.body
    for block in blocks:
        body.insert(len(body) - 1, parse_xml(block.replace("<w:", "<w:", 1)))
    path = tmp_path / name
    document.save(path)
    return path


def test_content_controls_keep_their_text(tmp_path):
    inline = (
        f'<w:p {W}><w:r><w:t xml:space="preserve">We do </w:t></w:r>'
        "<w:sdt><w:sdtContent><w:r><w:t>not</w:t></w:r></w:sdtContent></w:sdt>"
        '<w:r><w:t xml:space="preserve"> support closure.</w:t></w:r></w:p>'
    )
    block = (
        f"<w:sdt {W}><w:sdtContent><w:p><w:r><w:t>Inside a block control.</w:t></w:r></w:p>"
        "</w:sdtContent></w:sdt>"
    )
    body = import_docx(with_xml(tmp_path, inline, block)).body
    assert "We do not support closure." in body
    assert "Inside a block control." in body


def test_fields_smart_tags_and_custom_xml_keep_their_text(tmp_path):
    paragraph = (
        f'<w:p {W}><w:fldSimple w:instr="PAGE"><w:r><w:t>Field text</w:t></w:r></w:fldSimple>'
        '<w:smartTag w:uri="u" w:element="place"><w:r><w:t xml:space="preserve"> in Leeds</w:t>'
        "</w:r></w:smartTag>"
        '<w:customXml w:element="x"><w:r><w:t xml:space="preserve"> and more.</w:t></w:r>'
        "</w:customXml></w:p>"
    )
    block = (
        f'<w:customXml {W} w:element="b"><w:p><w:r><w:t>Custom block.</w:t></w:r></w:p>'
        "</w:customXml>"
    )
    body = import_docx(with_xml(tmp_path, paragraph, block)).body
    assert "Field text in Leeds and more." in body
    assert "Custom block." in body


def test_an_embedded_document_is_reported(tmp_path):
    imported = import_docx(
        with_xml(
            tmp_path,
            f'<w:altChunk {W} r:id="rId99" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"/>',
        )
    )
    assert any("embeds another document (altChunk)" in w for w in imported.warnings)


def test_hidden_text_is_dropped_with_a_warning(tmp_path):
    paragraph = (
        f'<w:p {W}><w:r><w:t xml:space="preserve">Shown. </w:t></w:r>'
        "<w:r><w:rPr><w:vanish/></w:rPr><w:t>Secret note.</w:t></w:r></w:p>"
    )
    imported = import_docx(with_xml(tmp_path, paragraph))
    assert "Shown." in imported.body and "Secret" not in imported.body
    assert "the document has hidden text; it was left out" in imported.warnings


def test_table_cells_with_two_paragraphs_and_pipes(tmp_path):
    document = docx.Document()
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Ward", "Cost"
    table.cell(1, 0).text = "North | South"
    table.cell(1, 1).paragraphs[0].text = "£5"
    table.cell(1, 1).add_paragraph("per week")
    path = tmp_path / "t.docx"
    document.save(path)
    body = import_docx(path).body
    assert "| North \\| South | £5 per week |" in body


@pytest.mark.parametrize(
    "text",
    ["See [x](https://e.org) here", "[ref]: https://e.org", "---", "a &lt; b", "C:\\<dir>", "***"],
)
def test_plain_text_that_looks_like_markdown_stays_text(tmp_path, text):
    document = docx.Document()
    document.add_paragraph("Title", style="Title")
    document.add_paragraph(text)
    document.add_paragraph("[[Branch name]] stays a placeholder.")
    path = tmp_path / "m.docx"
    document.save(path)
    imported = import_docx(path)
    project = write_project(tmp_path / "p", {})
    motion = project.parent / "motions" / "m.md"
    motion.write_text(
        "---\ntitle: T\nsubmitter: S\ntopic: Housing\nstatus: template\n---\n\n" + imported.body
    )
    doc, problems = read_document(project.parent, motion, "motion", Settings())
    assert [p for p in problems if p.is_error] == []
    from motionlib.library.body import parse

    rendered = parse(doc)
    assert " ".join("".join(rendered.tree.itertext()).split()).startswith(" ".join(text.split()))
    assert "[[Branch name]]" in rendered.placeholders


def styled(tmp_path, xml_fix):
    """A document with a list, its numbering part edited by `xml_fix`."""
    document = docx.Document()
    document.add_paragraph("One", style="List Number")
    numbering = document.part.numbering_part.element
    xml_fix(numbering, document)
    path = tmp_path / "n.docx"
    document.save(path)
    return path


def test_numbering_with_words_and_missing_levels_imports(tmp_path):
    def fix(numbering, _):
        for start in numbering.iter("{*}start"):
            start.set("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}val", "one")
        for level in numbering.iter("{*}lvl"):
            level.attrib.pop(
                "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}ilvl", None
            )

    assert "One" in import_docx(styled(tmp_path, fix)).body


def test_a_style_without_a_name_imports(tmp_path):
    document = docx.Document()
    paragraph = document.add_paragraph("Text in a nameless style.", style="Quote")
    for name in document.styles["Quote"].element.iter("{*}name"):
        name.getparent().remove(name)
    path = tmp_path / "s.docx"
    document.save(path)
    assert "Text in a nameless style." in import_docx(path).body
    assert paragraph is not None


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the file is empty; save the document again in Word"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "the file is password-protected"),
        (b"PK\x03\x04 truncated", "the file is damaged or incomplete"),
    ],
    ids=["empty", "password", "truncated"],
)
def test_unreadable_files_say_what_is_wrong(tmp_path, content, message):
    path = tmp_path / "m.docx"
    path.write_bytes(content)
    config = write_project(tmp_path, {})
    code, output = cli("import", path, "-f", config)
    assert code == 1
    assert message in output


def test_a_truncated_real_document(tmp_path):
    document = docx.Document()
    document.add_paragraph("Some text.")
    buffer = io.BytesIO()
    document.save(buffer)
    path = tmp_path / "m.docx"
    path.write_bytes(buffer.getvalue()[: len(buffer.getvalue()) // 2])
    with pytest.raises(MotionLibError, match="the file is damaged or incomplete"):
        import_docx(path)


def bomb(tmp_path, document_xml: bytes) -> object:
    buffer = io.BytesIO()
    docx.Document().save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    path = tmp_path / "bomb.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = document_xml if info.filename == "word/document.xml" else source.read(info)
            target.writestr(info.filename, data)
    return path


def test_a_file_that_unpacks_to_a_gigabyte_is_refused_before_parsing(tmp_path):
    xml = b'<?xml version="1.0"?><w:document ' + W.encode() + b"><w:body><w:p><w:r><w:t>"
    path = bomb(tmp_path, xml + b"a" * 150_000_000 + b"</w:t></w:r></w:p></w:body></w:document>")
    assert path.stat().st_size < 1_000_000
    with pytest.raises(MotionLibError, match=r"the file unpacks to 15\d MB"):
        import_docx(path)


def test_millions_of_empty_paragraphs_are_refused(tmp_path):
    xml = b'<?xml version="1.0"?><w:document ' + W.encode() + b"><w:body>"
    path = bomb(tmp_path, xml + b"<w:p/>" * 2_200_000 + b"</w:body></w:document>")
    with pytest.raises(MotionLibError, match="the document has 2,200,000 paragraphs"):
        import_docx(path)


def test_generator_boilerplate_is_not_a_summary(tmp_path):
    document = docx.Document()
    document.add_paragraph("Title", style="Title")
    document.add_paragraph("Text.")
    document.core_properties.comments = "generated by python-docx"
    path = tmp_path / "m.docx"
    document.save(path)
    assert "summary" not in import_docx(path).fields
