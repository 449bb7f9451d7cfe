"""PDF export: read back with a PDF reader, as a person would check it."""

from __future__ import annotations

import copy
import http.server
import io
import re
import subprocess
import threading

import pytest
from pypdf import PdfReader

from motionlib.exports.pdf.single import PackageOnlyFetcher, RefusedFetch, pdf_bytes
from motionlib.library.body import parse
from motionlib.library.lines import lines_of
from motionlib.library.load import read_document
from motionlib.model import fonts as fonts_table
from motionlib.model.schema import Settings
from tests.conftest import block_texts, find_in_order, render_motion, tool


def sample_documents(sample_build):
    summary = sample_build[1]
    return summary.report.rendered


def pdf_path(sample_build, item):
    summary = sample_build[1]
    return summary.site_dir / "downloads" / f"{item.doc.kind}s" / f"{item.doc.slug}.pdf"


def test_every_document_reads_back_in_order(sample_build):
    for item in sample_documents(sample_build):
        reader = PdfReader(pdf_path(sample_build, item))
        text = "\n".join(page.extract_text() for page in reader.pages)
        body, notes = without_footnotes(item.tree)
        expected = [item.doc.title, item.doc.byline, *block_texts(body)]
        expected += list(getattr(item.doc.meta, "supporters", []))
        assert find_in_order(text, expected) == [], item.doc.path
        for note in notes:  # at the foot of a page, between the text's blocks
            assert find_in_order(text, [note]) == [], (item.doc.path, note)


def without_footnotes(tree):
    """The body without its notes list and reference numbers, and each note's text."""
    body = copy.deepcopy(tree)
    notes = []
    for div in [d for d in body if d.get("class") == "footnote"]:
        notes += [
            " ".join("".join(li.itertext()).split()).rstrip("↩").strip() for li in div.iter("li")
        ]
        body.remove(div)
    for sup in body.iter("sup"):
        for link in sup:
            link.text = ""
    return body, notes


def test_metadata_and_tags(sample_build):
    pdfinfo = tool("pdfinfo")
    for item in sample_documents(sample_build):
        path = pdf_path(sample_build, item)
        info = subprocess.run([pdfinfo, path], capture_output=True, text=True, check=True).stdout
        fields = dict(line.split(":", 1) for line in info.splitlines() if ":" in line)
        assert fields["Title"].strip() == item.doc.heading
        assert fields["Author"].strip() == item.doc.byline
        assert fields["Tagged"].strip() == "yes"
        assert fields["Keywords"].strip() == ", ".join(item.doc.topics)
        assert int(fields["Pages"]) == len(PdfReader(path).pages) >= 1
        assert fields["Page size"].strip().endswith("(A4)")


def test_qpdf_check_and_fonts_embedded(sample_build):
    qpdf, pdffonts = tool("qpdf"), tool("pdffonts")
    for item in sample_documents(sample_build):
        path = pdf_path(sample_build, item)
        subprocess.run([qpdf, "--check", path], capture_output=True, check=True)
        fonts = subprocess.run([pdffonts, path], capture_output=True, text=True, check=True).stdout
        rows = fonts.splitlines()[2:]
        assert rows, "no fonts"
        shipped = {family.replace(" ", "-") for family in fonts_table.families()}
        names = [row.split()[0].split("+", 1)[1] for row in rows]
        assert all(" yes " in row for row in rows), fonts  # embedded
        assert all(any(name.startswith(f) for f in shipped) for name in names), fonts
        assert any(name.startswith("Source-Sans-Pro") for name in names), fonts


def test_language_and_footer(sample_build):
    item = next(i for i in sample_documents(sample_build) if i.doc.slug == "safe-staffing-nhs")
    reader = PdfReader(pdf_path(sample_build, item))
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"
    assert "Motions Library" in reader.pages[0].extract_text()
    assert f"Page 1 of {len(reader.pages)}" in reader.pages[0].extract_text()


def test_same_input_same_bytes(sample_build):
    item = sample_documents(sample_build)[0]
    settings = sample_build[1].report.library.settings
    assert pdf_bytes(item, settings) == pdf_path(sample_build, item).read_bytes()


def test_fetcher_serves_only_package_fonts():
    fetcher = PackageOnlyFetcher()
    assert fetcher.fetch("motionlib-font:0").status == 200
    for url in (
        "motionlib-font:SourceSansPro-Regular.ttf",  # only the declared fonts, by number
        "http://127.0.0.1:9/x.png",
        "https://example.org/x.png",
        "file:///etc/passwd",
        "motionlib-font:../../../../etc/passwd",
        "data:text/html,<script>",
    ):
        with pytest.raises(RefusedFetch):
            fetcher.fetch(url)
    assert len(fetcher.refused) == 6


def test_remote_image_and_file_link_touch_nothing(tmp_path):
    """A motion pointing at a live local server and at a local file: nothing is fetched."""
    hits = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            hits.append(self.path)
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET")
    source = tmp_path / "motions" / "m.md"
    source.parent.mkdir()
    source.write_text(
        "---\ntitle: T\nsubmitter: S\ntopic: Housing\nstatus: draft\n---\n\n"
        f"![chart](http://127.0.0.1:{port}/chart.png) and [file](file://{secret})\n\n"
        f'<img src="http://127.0.0.1:{port}/raw.png">\n',
        encoding="utf-8",
    )
    doc, problems = read_document(tmp_path, source, "motion", Settings())
    assert doc is not None and not any(p.is_error for p in problems)
    data = pdf_bytes(parse(doc), Settings())
    server.shutdown()
    assert hits == []
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    assert "TOP SECRET" not in text
    assert "chart" in text  # the image is shown as a link to it


def numbered_lines(pdftotext, data: bytes, tmp_path) -> list[tuple[int, str]]:
    """(number, text) for every line of the PDF, as pdftotext -layout lays them out."""
    path = tmp_path / "numbered.pdf"
    path.write_bytes(data)
    text = subprocess.run([pdftotext, "-layout", path, "-"], capture_output=True, text=True).stdout
    found = []
    for line in text.splitlines():
        match = re.match(r"^ {0,3}(\d+)\s{2,}(\S.*)$", line)  # numbers may be right-aligned
        if match:
            found.append((int(match.group(1)), match.group(2).strip()))
    return found


def long_motion(tmp_path, numbering: str):
    clauses = "\n".join(
        f"{n}. That clause {n} is long enough to wrap onto a second line of the page, because "
        "it says in many words what a short clause would say in few, as real clauses often do."
        for n in range(1, 41)
    )
    source = tmp_path / "motions" / "long.md"
    source.parent.mkdir(exist_ok=True)
    source.write_text(
        "---\ntitle: A long motion\nsubmitter: S\ntopic: Housing\nstatus: submitted\n"
        f"line_numbers: {numbering}\n---\n\n## This branch resolves\n\n{clauses}\n",
        encoding="utf-8",
    )
    doc, problems = read_document(tmp_path, source, "motion", Settings())
    assert doc is not None, problems
    return parse(doc)


def rendered_motion(tmp_path, body: str):
    return render_motion(tmp_path, body)


def test_line_numbers_are_the_text_lines_across_pages(tmp_path):
    """Numbered lines are the text's (lines.py), not the layout's: each starts a line of the
    PDF, with its number beside it, and numbering runs on across pages."""
    pdftotext = tool("pdftotext")
    item = long_motion(tmp_path, "every")
    data = pdf_bytes(item, Settings())
    numbered = numbered_lines(pdftotext, data, tmp_path)
    expected = lines_of(item.tree)
    assert [n for n, _ in numbered] == [n for n, _ in expected] == list(range(1, 122))
    for (_, shown), (_, text) in zip(numbered, expected, strict=True):
        assert " ".join(shown.split()).endswith(text), (shown, text)
    assert numbered[0][1] == "This branch resolves"
    assert expected[3][1] == "do."  # a clause's third text line is a line of its own
    pages = PdfReader(io.BytesIO(data)).pages
    assert len(pages) >= 2
    second_page = pages[1].extract_text()
    first_on_two = min(n for n, text in numbered if text[:30] in second_page)
    assert first_on_two > 1  # numbering runs on from page one


def test_every_fifth_line_is_shown_but_every_line_counts(tmp_path):
    pdftotext = tool("pdftotext")
    every = numbered_lines(
        pdftotext, pdf_bytes(long_motion(tmp_path, "every"), Settings()), tmp_path
    )
    fifth = numbered_lines(
        pdftotext, pdf_bytes(long_motion(tmp_path, "fifth"), Settings()), tmp_path
    )
    assert fifth == [(n, text) for n, text in every if n % 5 == 0]


def test_library_setting_numbers_lines_unless_a_motion_says_off(tmp_path):
    from dataclasses import replace

    pdftotext = tool("pdftotext")
    library = replace(Settings(), line_numbers="every")
    assert (
        numbered_lines(pdftotext, pdf_bytes(long_motion(tmp_path, "off"), library), tmp_path) == []
    )


def test_text_order_puts_clause_numbers_first(tmp_path):
    """A reader that follows the content stream (pdftotext -raw, copy and paste) gets '1. That …'
    — clause numbers were drawn after the clauses when they were ::marker boxes."""
    pdftotext = tool("pdftotext")
    body = (
        "1. That one.\n\n    Its second paragraph.\n\n2. That two:\n    1. sub a\n\n"
        "Text.\n\n5. Five?\n"
    )
    item = rendered_motion(tmp_path, body)
    path = tmp_path / "m.pdf"
    path.write_bytes(pdf_bytes(item, Settings()))
    text = subprocess.run([pdftotext, "-raw", str(path), "-"], capture_output=True, text=True)
    lines = [line.strip() for line in text.stdout.splitlines()]
    start = lines.index("1. That one.")
    assert lines[start : start + 6] == [
        "1. That one.",
        "Its second paragraph.",
        "2. That two:",
        "a. sub a",
        "Text.",
        "5. Five?",
    ]


def test_a_loose_clause_starts_where_a_tight_one_does(tmp_path):
    """Text pasted from a web page has a blank line between clauses: its words must start at the
    same place after the number as in a tight list (the line break before the paragraph used to
    show as a space)."""
    pdftotext = tool("pdftotext")
    body = "1. That tight.\n2. That tight too.\n\nText.\n\n1. That loose.\n\n2. That loose too.\n"
    path = tmp_path / "m.pdf"
    path.write_bytes(pdf_bytes(rendered_motion(tmp_path, body), Settings()))
    boxes = subprocess.run(
        [pdftotext, "-bbox", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    starts = [float(x) for x in re.findall(r'xMin="([\d.]+)"[^>]*>That<', boxes)]
    assert len(starts) == 4
    assert max(starts) - min(starts) < 0.5, starts
