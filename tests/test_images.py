"""Pictures: published with the site (the file and an <img> with its alt text), embedded in the
PDF (pdfimages) and in the Word file (word/media/, the alt text as its description), refused by
check when they would break a build or fetch anything, and brought back by Word import."""

from __future__ import annotations

import io
import os
import subprocess
import zipfile

from click.testing import CliRunner
from PIL import Image, ImageDraw

from motionlib.commands.cli import main
from tests.conftest import write_project
from tests.test_check import run_check

ALT = "Membership by year, 2020 to 2026"
BRIEFING = """---
title: Running a stall
author: Housing Campaign
---

Set up the stall as the picture shows.

![{alt}]({src})

| Year | Members |
| --- | --- |
| 2026 | 1,390 |
"""


def chart(path, size=(1600, 900), kind="PNG"):
    path.parent.mkdir(parents=True, exist_ok=True)
    picture = Image.new("RGB", size, "white")
    ImageDraw.Draw(picture).rectangle([100, 100, 700, 800], fill="red")
    picture.save(path, kind)
    return path.read_bytes()


def library(tmp_path, src="images/chart.png", alt=ALT):
    config = write_project(tmp_path, {"briefings/stall.md": BRIEFING.format(alt=alt, src=src)})
    return config


def test_a_picture_reaches_the_site_the_pdf_and_word(tmp_path):
    config = library(tmp_path)
    data = chart(tmp_path / "briefings" / "images" / "chart.png")
    site = tmp_path / "site"
    result = CliRunner().invoke(main, ["build", "-f", str(config), "--site-dir", str(site)])
    assert result.exit_code == 0, result.output
    assert (site / "media" / "briefings" / "images" / "chart.png").read_bytes() == data
    page = (site / "briefings" / "stall" / "index.html").read_text()
    assert f'<img src="../../media/briefings/images/chart.png" alt="{ALT}">' in page
    pdf = site / "downloads" / "briefings" / "stall.pdf"
    listed = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True)
    rows = listed.stdout.splitlines()[2:]
    assert len(rows) == 1 and rows[0].split()[3:5] == ["1600", "900"]
    archive = zipfile.ZipFile(site / "downloads" / "briefings" / "stall.docx")
    assert [n for n in archive.namelist() if n.startswith("word/media/")] == [
        "word/media/image1.png"
    ]
    assert archive.read("word/media/image1.png") == data
    document = archive.read("word/document.xml").decode()
    assert f'descr="{ALT}"' in document
    width = int(document.split('<wp:extent cx="')[1].split('"')[0])
    assert width <= 166 * 36000  # the text's width, in EMU


def test_check_says_what_is_wrong_with_a_picture(tmp_path):
    cases = {
        "images/none.png": "picture 'images/none.png' does not exist: expected the file "
        "briefings/images/none.png",
        "../chart.png": "picture '../chart.png' must be a file in briefings/ or a folder below "
        "it: letters, digits, '-', '_' and '.' in its name, no '..' and no leading '/'",
        "/etc/chart.png": "picture '/etc/chart.png' must be a file in briefings/",
        "https://example.org/chart.png": "picture 'https://example.org/chart.png' is on another "
        "site: a build never fetches; save the file beside briefings/stall.md and write its name",
        "link.png": "picture 'link.png' is a symbolic link (briefings/link.png): copy the "
        "picture into the library",
        "drawing.svg": "picture 'drawing.svg' is SVG, which Word files cannot show: save it as PNG",
        "fake.png": "picture 'fake.png' is not a picture this library can show (PNG, JPEG or GIF)",
    }
    for number, (src, message) in enumerate(cases.items()):
        root = tmp_path / str(number)
        config = library(root, src)
        chart(root / "outside.png")
        os.symlink(root / "outside.png", root / "briefings" / "link.png")
        (root / "briefings" / "drawing.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
        (root / "briefings" / "fake.png").write_text("not a picture")
        code, lines = run_check(config)
        assert code == 1, (src, lines)
        assert any(f"briefings/stall.md:8: body: {message}" in line for line in lines), (src, lines)
    config = library(tmp_path / "alt", "chart.png", alt="")
    chart(tmp_path / "alt" / "briefings" / "chart.png")
    code, lines = run_check(config)
    assert code == 1
    assert (
        "briefings/stall.md:8: body: picture 'chart.png' has no alt text: say what it shows "
        "inside the brackets, ![Membership by year, 2020 to 2026](chart.png)"
    ) in lines


def test_a_huge_picture_is_refused_by_its_pixels(tmp_path):
    config = library(tmp_path, "big.png")
    chart(tmp_path / "briefings" / "big.png", size=(8000, 6000))
    code, lines = run_check(config)
    assert code == 1
    assert any("is 8000×6000 pixels: save it smaller" in line for line in lines)


def test_word_import_brings_the_picture_back(tmp_path):
    config = library(tmp_path / "from")
    data = chart(tmp_path / "from" / "briefings" / "images" / "chart.png", kind="JPEG")
    site = tmp_path / "site"
    result = CliRunner().invoke(main, ["build", "-f", str(config), "--site-dir", str(site)])
    assert result.exit_code == 0, result.output
    target = write_project(tmp_path / "to", {})
    source = site / "downloads" / "briefings" / "stall.docx"
    result = CliRunner().invoke(main, ["import", str(source), "-f", str(target)])
    assert result.exit_code in (0, 1), result.output
    written = (tmp_path / "to" / "motions" / "running-a-stall.md").read_text()
    assert f"![{ALT}](running-a-stall-1.jpg)" in written
    assert (tmp_path / "to" / "motions" / "running-a-stall-1.jpg").read_bytes() == data
    assert "picture" not in result.output.split("\n")[-2]
    assert zipfile.is_zipfile(io.BytesIO(source.read_bytes()))


def test_a_table_is_a_word_table_whose_header_repeats_on_every_page(tmp_path):
    from motionlib.exports.word.writer import docx_bytes
    from motionlib.model.schema import Settings
    from tests.conftest import render_motion

    rows = "\n".join(f"| Ward {n} | {n * 7} |" for n in range(80))  # runs onto a second page
    item = render_motion(tmp_path, f"| Ward | Empty homes |\n| --- | --- |\n{rows}\n")
    document = zipfile.ZipFile(io.BytesIO(docx_bytes(item, Settings()).value))
    xml = document.read("word/document.xml").decode()
    table = xml[xml.rindex("<w:tbl>") : xml.rindex("</w:tbl>")]  # after the details table
    rows_xml = table.split("<w:tr>")[1:]
    assert len(rows_xml) == 81
    assert "<w:tblHeader/>" in rows_xml[0] and all("<w:tblHeader/>" not in r for r in rows_xml[1:])
    assert "<w:b/>" in rows_xml[0]  # the header cells bold


def test_the_picture_without_alt_text_is_named_on_its_own_line(tmp_path):
    """Found trying a pasted briefing: one file shown twice, the second time with no alt text;
    the error pointed at the first, good one."""
    text = "---\ntitle: G\nauthor: A\n---\n\n![A chart](c.png)\n\n![](c.png)\n"
    config = write_project(tmp_path, {"briefings/guide.md": text})
    chart(tmp_path / "briefings" / "c.png")
    code, lines = run_check(config)
    assert code == 1
    assert any(
        line.startswith("briefings/guide.md:8: body: picture 'c.png' has no alt text")
        for line in lines
    ), lines
