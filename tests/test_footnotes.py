"""Footnotes in all three outputs: a linked note on the site, the note at the foot of its page in
the PDF (pdftotext per page), a real Word footnote (footnotes.xml, and LibreOffice prints it), and
check's errors for a reference without a note and a note nobody refers to."""

from __future__ import annotations

import io
import subprocess
import zipfile

from motionlib.exports.pdf.single import pdf_bytes
from motionlib.exports.word.writer import docx_bytes
from motionlib.model.schema import Settings
from tests.conftest import libreoffice_text, render_motion, tool
from tests.test_check import BASE, motion, run_check

PARAGRAPH = "This branch notes the rise in rents across the city and resolves to act. " * 14
BODY = (
    f"{PARAGRAPH}\n\n{PARAGRAPH} Rents rose by a third.[^rent]\n\n{PARAGRAPH}\n\n"
    f"{PARAGRAPH}\n\n{PARAGRAPH} As the council admits.[^council]\n\n"
    "[^rent]: Office for National Statistics, *Private rental index*, 2026.\n"
    "[^council]: Riverside Council, [housing report](https://example.org/report), p. 4.\n"
)


def test_site_links_each_note_and_back(tmp_path):
    html = render_motion(tmp_path, BODY).html
    assert '<sup id="fnref:rent"><a href="#fn:rent" class="footnote-ref">1</a></sup>' in html
    assert '<li id="fn:rent"><p>Office for National Statistics' in html
    assert '<a href="#fnref:rent" class="footnote-backref"' in html and "↩</a>" in html
    assert "[^rent]" not in html and "zz1337820767766393qq" not in html


def test_pdf_prints_each_note_on_the_page_that_refers_to_it(tmp_path):
    pdf = tmp_path / "m.pdf"
    pdf.write_bytes(pdf_bytes(render_motion(tmp_path, BODY), Settings()))
    pages = []
    for number in range(1, 4):
        run = [tool("pdftotext"), "-f", str(number), "-l", str(number), str(pdf), "-"]
        pages.append(" ".join(subprocess.run(run, capture_output=True, text=True).stdout.split()))
    referring = [i for i, page in enumerate(pages) if "Rents rose by a third." in page]
    noted = [i for i, page in enumerate(pages) if "Office for National Statistics" in page]
    assert referring == noted == [referring[0]]
    referring = [i for i, page in enumerate(pages) if "As the council admits." in page]
    noted = [i for i, page in enumerate(pages) if "Riverside Council, housing report" in page]
    assert referring == noted and referring[0] > 0  # the second note on a later page
    assert "[^" not in " ".join(pages) and "↩" not in " ".join(pages)


def test_word_writes_real_footnotes(tmp_path):
    data = docx_bytes(render_motion(tmp_path, BODY), Settings()).value
    archive = zipfile.ZipFile(io.BytesIO(data))
    notes = archive.read("word/footnotes.xml").decode()
    document = archive.read("word/document.xml").decode()
    assert document.count("<w:footnoteReference") == 2
    assert '<w:footnote w:id="1">' in notes and "Office for National Statistics" in notes
    assert (
        "housing report" in notes
        and "https://example.org/report" in archive.read("word/_rels/footnotes.xml.rels").decode()
    )
    assert 'w:val="FootnoteText"' in notes and "↩" not in notes
    assert "footnotes+xml" in archive.read("[Content_Types].xml").decode()
    path = tmp_path / "m.docx"
    path.write_bytes(data)
    printed = libreoffice_text(path, tmp_path)
    if printed is not None:
        assert "Office for National Statistics, Private rental index, 2026." in printed
        assert "Riverside Council, housing report (https://example.org/report), p. 4." in printed


def test_check_refuses_a_reference_without_a_note_and_a_note_without_a_reference(project):
    body = "We note the figures.[^1] And the others.[^2]\n\n[^1]: A source.\n[^3]: Unused.\n"
    text = motion(BASE, body)
    code, lines = run_check(project({"motions/m.md": text}))
    assert code == 1
    rows = text.split("\n")
    at = 1 + next(i for i, row in enumerate(rows) if "[^2]" in row)
    unused = 1 + rows.index("[^3]: Unused.")
    assert (
        f"motions/m.md:{at}: body: footnote reference [^2] has no note: add a line "
        "'[^2]: …' below the text, or remove the reference"
    ) in lines
    assert (
        f"motions/m.md:{unused}: body: footnote [^3] is never referred to: add [^3] in the text"
    ) in lines
    code, lines = run_check(project({"motions/m.md": motion(BASE, "Code: `a[^2]b`.")}))
    assert code == 0


def test_word_import_reads_footnotes_back(tmp_path):
    from motionlib.exports.word.reader import import_docx

    source = "Rents rose.[^a] Councils agree.[^b]\n\n"
    source += "[^a]: ONS, *index*, 2026.\n[^b]: Council report.\n"
    path = tmp_path / "m.docx"
    path.write_bytes(docx_bytes(render_motion(tmp_path, source), Settings()).value)
    imported = import_docx(path)
    assert "Rents rose.[^1] Councils agree.[^2]" in imported.body
    assert imported.body.rstrip().endswith("[^1]: ONS, *index*, 2026.\n[^2]: Council report.")
    assert not [w for w in imported.warnings if "footnote" in w]
    again = render_motion(tmp_path, imported.body, name="again")
    assert [li.get("id") for li in again.tree.iter("li")] == ["fn:1", "fn:2"]


def test_thousands_of_unmatched_footnotes_each_get_their_line(project):
    """Lines are counted in one pass over the text: counting from the top for each problem
    grew with the square of their number (measured: 16,000 references, 4.0 s, now 2.0 s)."""
    refs = "\n\n".join(f"Point {n}.[^r{n}]" for n in range(5000))
    notes = "\n\n".join(f"[^n{n}]: A note nobody refers to." for n in range(5000))
    text = motion(BASE, f"{refs}\n\n{notes}")
    code, lines = run_check(project({"motions/m.md": text}))
    assert code == 1
    rows = text.split("\n")
    assert sum("has no note" in line for line in lines) == 5000
    assert sum("is never referred to" in line for line in lines) == 5000
    last_ref = 1 + rows.index("Point 4999.[^r4999]")
    last_note = 1 + rows.index("[^n4999]: A note nobody refers to.")
    assert any(
        line.startswith(f"motions/m.md:{last_ref}: body: footnote reference [^r4999]")
        for line in lines
    )
    assert any(
        line.startswith(f"motions/m.md:{last_note}: body: footnote [^n4999]") for line in lines
    )
