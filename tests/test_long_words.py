"""A 400-character address (a pasted link, a long e-mail) stays inside the page: in our PDF and
in the Word file as LibreOffice lays it out, read by pdftotext -bbox."""

from __future__ import annotations

import re
import subprocess

import pytest

from motionlib.exports.pdf.single import pdf_bytes
from motionlib.exports.word.writer import docx_bytes
from motionlib.model.schema import Settings
from tests.conftest import render_motion, tool

ADDRESS = "https://example.org/" + "campaignhousing" * 26 + "x"  # 411 characters, no break


def words_within_page(pdf) -> list[tuple[float, float]]:
    """(the word's right edge, the page's width) of every word past the page's right edge."""
    out = subprocess.run(
        [tool("pdftotext"), "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    width = float(re.search(r'<page width="([\d.]+)"', out)[1])
    edges = [
        float(x) for x in re.findall(r'<word xMin="[\d.]+" yMin="[\d.]+" xMax="([\d.]+)"', out)
    ]
    return [(edge, width) for edge in edges if edge > width]


def test_a_long_address_wraps_inside_the_pdf_page(tmp_path):
    assert len(ADDRESS) > 400
    item = render_motion(tmp_path, f"Write to {ADDRESS} before Friday.\n\nSee `{ADDRESS}`.\n")
    pdf = tmp_path / "m.pdf"
    pdf.write_bytes(pdf_bytes(item, Settings()))
    assert words_within_page(pdf) == []
    text = subprocess.run([tool("pdftotext"), str(pdf), "-"], capture_output=True, text=True)
    assert "campaignhousing" * 3 in text.stdout.replace("\n", "")


def test_a_long_address_wraps_inside_the_word_page(tmp_path):
    import shutil

    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed")
    item = render_motion(tmp_path, f"Write to {ADDRESS} before Friday.\n")
    path = tmp_path / "m.docx"
    path.write_bytes(docx_bytes(item, Settings()).value)
    subprocess.run(
        [soffice, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    assert words_within_page(tmp_path / "m.pdf") == []
