"""Line numbers defined by the text: the web page, the PDF and the Word file number the same lines.

For every motion of the sample library, the lines as lines.py defines them are compared with the
site's marks, the PDF's printed numbers (pdftotext), the Word file's own lines (its XML) and the
numbers LibreOffice prints when it lays the Word file out.
"""

from __future__ import annotations

import re
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import replace

import docx
import lxml.html
import pytest
from docx.oxml.ns import qn
from hypothesis import given, settings
from hypothesis import strategies as st

from motionlib.exports.pdf.single import pdf_bytes
from motionlib.exports.word.writer import docx_bytes
from motionlib.library.body import parse_markdown, tree_to_html
from motionlib.library.lines import INSERTED, LINE_WIDTH, lines_of, numbered
from tests.conftest import comparable, tool
from tests.test_pdf import numbered_lines

URL = re.compile(r" \((?:https?|mailto):[^)]*\)")
MARK = re.compile(r'<span class="ln" data-line="(\d+)" id="L\d+"></span>')  # its id: line links


def words(text: str) -> str:
    return " ".join(text.split())


def same_end(shown: str, line: str) -> bool:
    """A printed line ends with the text line, whatever spaces pdftotext puts between words and
    punctuation (it reads "[[country]] ." where a placeholder's padding ends, "10.That" in a
    list); the line may begin with its clause number."""
    return comparable(shown).endswith(comparable(line))


def marked_lines(html: str) -> list[tuple[int, str]]:
    """(number, text from its mark to the next) in an HTML body with line marks."""
    pieces = MARK.split(html)
    found = []
    for number, chunk in zip(pieces[1::2], pieces[2::2], strict=True):
        text = lxml.html.fragment_fromstring(chunk, create_parent="div").text_content()
        found.append((int(number), words(text)))
    return found


def word_lines(data: bytes, path) -> list[str]:
    """The Word file's numbered lines: paragraphs Word numbers, split at their line breaks."""
    path.write_bytes(data)
    body = docx.Document(str(path)).element.body
    lines = []
    for paragraph in body.iter(qn("w:p")):
        if paragraph.find(f"{qn('w:pPr')}/{qn('w:suppressLineNumbers')}") is not None:
            continue
        current = ""
        for element in paragraph.iter(qn("w:t"), qn("w:br")):
            if element.tag == qn("w:br"):
                lines.append(words(current))
                current = ""
            else:
                current += element.text or ""
        lines.append(words(current))
    return lines


def sample_motions(sample_build):
    return [r for r in sample_build[1].report.rendered if r.doc.kind == "motion"]


def text_of(item):
    """What a motion's PDF and Word file number first: its text as adopted, once carried as
    amended, else its text."""
    return item.tree if item.adopted is None else item.adopted


def printed_after(item, width: int = LINE_WIDTH) -> list[int]:
    """The numbers a motion's PDF prints after its own text: a carried motion's text as
    submitted, an amendment's motion as amended (numbered as the motion it changes)."""
    if item.adopted is not None:
        return [n for n, _ in lines_of(item.tree, width)]
    if item.amended is not None:
        return [n for n, _ in lines_of(item.amended, width, INSERTED)]
    return []


def test_the_site_marks_the_text_lines_of_every_motion(sample_build):
    site = sample_build[1].site_dir
    for item in sample_motions(sample_build):
        page = (site / "motions" / item.doc.slug / "index.html").read_text(encoding="utf-8")
        body = page.split('id="ml-body">', 1)[1]
        expected = lines_of(item.tree)
        shown = marked_lines(body)[: len(expected)]
        assert [n for n, _ in shown] == [n for n, _ in expected], item.doc.slug
        for (_, text), (_, line) in zip(shown, expected, strict=True):
            assert text.startswith(line), (item.doc.slug, text, line)


def test_pdf_and_word_number_the_same_lines_as_the_site(sample_build, tmp_path):
    """Every sample motion, numbered: the PDF prints each text line's number beside it, and the
    Word file's numbered paragraphs break into exactly the same lines."""
    pdftotext = tool("pdftotext")
    library = replace(sample_build[1].report.library.settings, line_numbers="every")
    for item in sample_motions(sample_build):
        expected = lines_of(text_of(item))
        printed = numbered_lines(pdftotext, pdf_bytes(item, library), tmp_path)
        numbers = [n for n, _ in expected] + printed_after(item)
        assert [n for n, _ in printed] == numbers, item.doc.slug
        for (_, shown), (_, line) in zip(printed[: len(expected)], expected, strict=True):
            shown = URL.sub("", words(shown))  # print.css writes a link's address after it
            assert same_end(shown, line), (item.doc.slug, shown, line)
        path = tmp_path / f"{item.doc.slug}.docx"
        assert word_lines(docx_bytes(item, library).value, path) == [t for _, t in expected]


def test_libreoffice_prints_the_same_numbers_in_the_word_file(sample_build, tmp_path):
    """Word's own line numbering, laid out by LibreOffice: the same numbers on the same lines
    (no text line of 80 characters wraps again at the Word file's measure)."""
    soffice = tool("soffice")
    pdftotext = tool("pdftotext")
    library = replace(sample_build[1].report.library.settings, line_numbers="every")
    items = sample_motions(sample_build)
    for item in items:
        (tmp_path / f"{item.doc.slug}.docx").write_bytes(docx_bytes(item, library).value)
    command = [soffice, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path / "pdf")]
    subprocess.run(
        [*command, *(str(tmp_path / f"{i.doc.slug}.docx") for i in items)],
        capture_output=True,
        timeout=600,
        check=True,
    )
    for item in items:
        expected = lines_of(text_of(item))
        data = (tmp_path / "pdf" / f"{item.doc.slug}.pdf").read_bytes()
        printed = numbered_lines(pdftotext, data, tmp_path)
        assert [n for n, _ in printed] == [n for n, _ in expected], item.doc.slug
        for (_, shown), (_, line) in zip(printed, expected, strict=True):
            assert same_end(shown, line), (item.doc.slug, shown, line)


def test_fifth_shows_every_fifth_number_in_word(sample_build, tmp_path):
    item = next(r for r in sample_motions(sample_build) if len(lines_of(r.tree)) > 10)
    library = replace(sample_build[1].report.library.settings, line_numbers="fifth")
    path = tmp_path / "fifth.docx"
    path.write_bytes(docx_bytes(item, library).value)
    section = docx.Document(str(path)).element.body.find(qn("w:sectPr"))
    numbering = section.find(qn("w:lnNumType"))
    assert numbering.get(qn("w:countBy")) == "5" and numbering.get(qn("w:restart")) == "continuous"
    off = replace(library, line_numbers="off")
    path.write_bytes(docx_bytes(item, off).value)
    plain = docx.Document(str(path)).element.body
    assert plain.find(qn("w:sectPr")).find(qn("w:lnNumType")) is None
    assert not list(plain.iter(qn("w:suppressLineNumbers")))


CLAUSE = st.text(
    alphabet=st.sampled_from(list("abcdefghij klmnopq rstuvw xyzÅßŁ日本 *,.")),
    min_size=1,
    max_size=300,
)


@settings(max_examples=60, deadline=None)
@given(st.lists(CLAUSE, min_size=1, max_size=6), st.booleans())
def test_marks_split_the_body_into_exactly_its_text_lines(clauses, loose):
    """Whatever the text (emphasis across line ends, long words, loose lists, other scripts),
    the marks cut the body into the lines lines_of counts, none longer than LINE_WIDTH."""
    separator = "\n\n" if loose else "\n"
    body = "## Notes\n\n" + separator.join(f"{n}. {c}" for n, c in enumerate(clauses, 1))
    tree = parse_markdown(body)
    expected = lines_of(tree)
    html = tree_to_html(numbered(tree))
    shown = marked_lines(html)
    assert [n for n, _ in shown] == list(range(1, len(expected) + 1))
    for (_, text), (_, line) in zip(shown, expected, strict=True):
        assert text.startswith(line)
        assert len(line) <= LINE_WIDTH
    xml = html.replace('<br class="lb">', "<br/>")
    ET.fromstring(f"<div>{xml}</div>")  # the marks leave the body well formed


@pytest.mark.parametrize("mode", ["every", "fifth"])
def test_the_site_shows_numbers_when_the_library_numbers_lines(project, mode):
    from motionlib.commands.build import build
    from tests.conftest import GOOD_MOTION

    config = project({"motions/m.md": GOOD_MOTION})
    config.write_text(config.read_text() + f"      line_numbers: {mode}\n")
    site = build(config).site_dir
    page = (site / "motions" / "m" / "index.html").read_text(encoding="utf-8")
    assert 'class="ml-body ml-lines' in page
    assert ("ml-lines--fifth" in page) == (mode == "fifth")


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
@pytest.mark.parametrize("setting", [("line_numbers", "every"), ("line_width", 60)])
def test_numbering_settings_are_in_every_export_cache_key(sample_build, fmt, setting):
    """A Word or PDF file made before the library numbered its lines must not be served after."""
    from motionlib.exports.run import cache_key

    item = sample_motions(sample_build)[0]
    library = sample_build[1].report.library.settings
    changed = replace(library, **{setting[0]: setting[1]})
    assert cache_key(item, library, fmt) != cache_key(item, changed, fmt)


def test_line_width_is_a_setting_within_reason(project):
    from motionlib.library.check import check_project
    from motionlib.model.problems import MotionLibError
    from tests.conftest import GOOD_MOTION

    config = project({"motions/m.md": GOOD_MOTION})
    text = config.read_text()
    config.write_text(text + "      line_width: 60\n")
    report = check_project(config)
    tree = report.rendered[0].tree
    assert max(len(line) for _, line in lines_of(tree, 60)) <= 60
    config.write_text(text + "      line_width: 200\n")
    with pytest.raises(MotionLibError, match="line_width: 200 is not allowed; use 40 to 80"):
        check_project(config)


def test_a_pasted_word_line_break_starts_a_numbered_line_everywhere(project, tmp_path):
    """A hard line break (Word's Shift+Enter, pasted as a vertical tab) is a line of its own in
    the text's numbering, as Word's own numbering counts it: no output drifts after it."""
    from motionlib.library.check import check_project
    from tests.conftest import GOOD_MOTION

    body = (
        "\n\n1. That the council\u2019s proposal\vwould close 7 of 12 libraries.\n"
        "2. That it is wrong.\n"
    )
    config = project({"motions/m.md": GOOD_MOTION.split("\n---\n")[0] + "\n---\n" + body})
    report = check_project(config)
    item = report.rendered[0]
    library = replace(report.library.settings, line_numbers="every")
    expected = lines_of(item.tree)
    assert [t for _, t in expected][:3] == [
        "That the council\u2019s proposal",
        "would close 7 of 12 libraries.",
        "That it is wrong.",
    ]
    html = tree_to_html(numbered(item.tree))
    assert html.count('class="lb"') == 0  # the text's own break serves: none added
    printed = numbered_lines(tool("pdftotext"), pdf_bytes(item, library), tmp_path)
    assert [n for n, _ in printed] == [n for n, _ in expected]
    path = tmp_path / "m.docx"
    assert word_lines(docx_bytes(item, library).value, path) == [t for _, t in expected]
    soffice = tool("soffice")
    command = [soffice, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path / "pdf")]
    subprocess.run([*command, str(path)], capture_output=True, timeout=300, check=True)
    laid_out = (tmp_path / "pdf" / "m.pdf").read_bytes()
    assert [n for n, _ in numbered_lines(tool("pdftotext"), laid_out, tmp_path)] == [
        n for n, _ in expected
    ]
