"""Every script members write names in, in the PDF and the Word file, read back by a PDF reader,
by the Word XML and by LibreOffice: fonts the project ships, no box where a letter should be."""

from __future__ import annotations

import io
import re
import subprocess
import zipfile
from pathlib import Path

import pikepdf
import pytest
from fontTools.ttLib import TTFont

from motionlib.exports.pdf.single import pdf_bytes
from motionlib.exports.word.writer import docx_bytes
from motionlib.model import fonts
from motionlib.model.schema import Settings
from tests.conftest import libreoffice_text, render_motion, tool

NAMES = {
    "Bengali": "বাংলাদেশী শ্রমিক সমিতি",
    "Arabic": "جمعية العمال العرب",
    "Urdu": "پاکستانی مزدور یونین",
    "Hebrew": "דוד כהן",
    "Chinese (Simplified)": "王小明",
    "Chinese (Traditional)": "陳國華",
    "Greek": "Ελένη Παπαδοπούλου",
    "Cyrillic": "Олена Коваль",
    "Welsh": "Siân Ŵyn ap Ŷwain",
    "Vietnamese": "Nguyễn Thị Hương",
    "Devanagari": "राजेश कुमार",
    "Gurmukhi": "ਹਰਪ੍ਰੀਤ ਸਿੰਘ",
    "Gujarati": "પ્રિયા પટેલ",
    "Tamil": "செல்வி முருகன்",
    "Polish": "Małgorzata Wiśniewska",
    "Turkish": "Emre Yıldız",
    "emoji": "✊🏠",
}
INDIC = {"Bengali", "Devanagari", "Gurmukhi", "Gujarati", "Tamil"}
FRONT = (
    "title: Solidarity ✊ with the Bangladeshi Workers' Association\n"
    "submitter: বাংলাদেশী শ্রমিক সমিতি\ntopic: Housing\nstatus: submitted\n"
    "supporters: [Олена Коваль, 王小明, جمعية العمال العرب]\n"
)
BODY = (
    "This branch welcomes the members of جمعية العمال العرب to our meetings.\n\n"
    + "\n".join(f"- {name}" for name in NAMES.values())
    + "\n"
)


@pytest.fixture(scope="module")
def fixture(tmp_path_factory):
    return render_motion(tmp_path_factory.mktemp("scripts"), BODY, FRONT)


def boxes(pdf: Path) -> list[str]:
    """Characters the PDF draws with a missing glyph (.notdef, or a glyph the embedded font
    lacks): WeasyPrint maps a box back to its character, so the text alone cannot tell."""
    found = []
    with pikepdf.open(pdf) as document:
        found_fonts = {}
        for page in document.pages:
            for _, font in page.Resources.get("/Font", {}).items():
                found_fonts[font.objgen] = font
        for font in found_fonts.values():
            cid_font = font.DescendantFonts[0]
            descriptor = cid_font.FontDescriptor
            data = (descriptor.get("/FontFile2") or descriptor.get("/FontFile3")).read_bytes()
            glyphs = TTFont(io.BytesIO(data))["maxp"].numGlyphs
            to_gid = cid_font.get("/CIDToGIDMap")
            table = to_gid.read_bytes() if isinstance(to_gid, pikepdf.Stream) else None
            cmap = font.ToUnicode.read_bytes().decode("latin-1").split("endcodespacerange")[1]
            for cid, text in re.findall(r"<([0-9a-fA-F]{4})>\s*<([0-9a-fA-F]+)>", cmap):
                code = int(cid, 16)
                gid = int.from_bytes(table[2 * code : 2 * code + 2], "big") if table else code
                if gid == 0 or gid >= glyphs:
                    found.append(bytes.fromhex(text).decode("utf-16-be"))
    return found


def test_the_box_finder_finds_a_box(tmp_path):
    """Ethiopic has no shipped font: the test's own detector must see its boxes."""
    item = render_motion(tmp_path, "Greetings to ሰላም.\n")
    (tmp_path / "e.pdf").write_bytes(pdf_bytes(item, Settings()))
    assert sorted(boxes(tmp_path / "e.pdf")) == sorted("ሰላም")


def test_every_script_prints_in_shipped_fonts(fixture, tmp_path):
    assert not fonts.missing_sources(), "install fonts-noto-core and fonts-noto-cjk (README)"
    data = pdf_bytes(fixture, Settings())
    pdf = tmp_path / "m.pdf"
    pdf.write_bytes(data)
    assert pdf_bytes(fixture, Settings()) == data  # the same bytes again
    listed = subprocess.run(
        [tool("pdffonts"), str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    used = {line.split()[0].split("+", 1)[1] for line in listed.splitlines()[2:]}
    shipped = {family.replace(" ", "-") for family in fonts.families()}
    assert {name.removesuffix("-Bold").removesuffix("-Semi") for name in used} <= shipped
    assert {"Noto-Sans-Bengali", "Noto-Sans-CJK-SC", "Noto-Emoji", "Noto-Sans-Arabic"} <= used
    assert boxes(pdf) == []
    text = subprocess.run(
        [tool("pdftotext"), str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    squeezed = re.sub(r"[\s\u200e\u200f\u202a-\u202e]", "", text)
    for script, name in NAMES.items():
        if script in INDIC:  # one character per glyph, in the glyphs' order (WeasyPrint)
            assert set(name.replace(" ", "")) <= set(squeezed), script
        else:
            assert name.replace(" ", "") in squeezed, script


def test_word_marks_each_script_and_libreoffice_prints_every_name(fixture, tmp_path):
    data = docx_bytes(fixture, Settings()).value
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    text = "".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", xml))
    for script, name in NAMES.items():
        assert name in text, script
    runs = re.findall(r"<w:r>(?:(?!</w:r>).)*</w:r>", xml)
    arabic = [run for run in runs if "جمعية العمال العرب" in run]
    assert arabic and all("<w:rtl/>" in run and 'w:cs="Arial"' in run for run in arabic)
    assert all('w:bidi="ar-SA"' in run for run in arabic)
    chinese = next(run for run in runs if "王小明" in run)
    assert 'w:eastAsia="Microsoft YaHei"' in chinese and 'w:eastAsia="zh-CN"' in chinese
    bengali = next(run for run in runs if "বাংলাদেশী" in run)
    assert 'w:cs="Nirmala UI"' in bengali and 'w:bidi="bn-BD"' in bengali
    mixed = next(p for p in xml.split("<w:p>") if "This branch welcomes" in p)
    assert "<w:bidi/>" not in mixed  # an English paragraph naming an Arabic association
    assert "This branch welcomes the members of </w:t>" in mixed  # its order kept
    arabic_item = next(p for p in xml.split("<w:p>") if "پاکستانی" in p)
    assert "<w:bidi/>" in arabic_item
    path = tmp_path / "m.docx"
    path.write_bytes(data)
    printed = libreoffice_text(path, tmp_path)
    if printed is None:
        pytest.skip("LibreOffice is not installed")
    squeezed = re.sub(r"[\s\u200e\u200f\u202a-\u202e]", "", printed)
    for script, name in NAMES.items():
        if script in INDIC or script == "emoji":
            assert set(name.replace(" ", "")) <= set(squeezed), script
        else:
            assert name.replace(" ", "") in squeezed, script


def test_site_and_pdf_set_right_to_left_paragraphs(fixture):
    html = fixture.html
    assert '<li dir="rtl">جمعية العمال العرب</li>' in html
    assert "<p>This branch welcomes" in html  # the English paragraph keeps its direction


def test_two_processes_give_the_same_pdf_bytes(fixture, tmp_path):
    """A second build is another process: its fonts and subsets must come out byte-identical."""
    import hashlib
    import sys
    import textwrap

    script = textwrap.dedent(
        f"""
        import hashlib, sys
        from pathlib import Path
        sys.path.insert(0, {str(Path(__file__).resolve().parent.parent)!r})
        from tests.conftest import render_motion
        from tests.test_scripts import BODY, FRONT
        from motionlib.exports.pdf.single import pdf_bytes
        from motionlib.model.schema import Settings
        item = render_motion(Path({str(tmp_path)!r}), BODY, FRONT)
        print(hashlib.sha256(pdf_bytes(item, Settings())).hexdigest())
        """
    )
    other = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert other.returncode == 0, other.stderr
    assert other.stdout.strip() == hashlib.sha256(pdf_bytes(fixture, Settings())).hexdigest()


def test_word_keeps_our_own_lines_in_the_documents_direction(tmp_path):
    """Found trying a pasted motion: a supporters list that starts with an Arabic name was a
    right-to-left paragraph in Word (right-aligned, the names reversed) but not in the PDF. Word
    now takes paragraph direction from the tree, as the PDF and the site do."""
    front = FRONT.replace(
        "[Олена Коваль, 王小明, جمعية العمال العرب]", "[جمعية العمال العرب, 王小明]"
    )
    item = render_motion(tmp_path, "- جمعية العمال العرب\n- Riverside Branch\n", front)
    xml = zipfile.ZipFile(io.BytesIO(docx_bytes(item, Settings()).value)).read("word/document.xml")
    paragraphs = xml.decode().split("<w:p>")
    supporters = next(p for p in paragraphs if "جمعية العمال العرب, " in p)
    assert "<w:bidi/>" not in supporters
    arabic_item = next(p for p in paragraphs if "ListBullet" in p and "جمعية" in p)
    assert "<w:bidi/>" in arabic_item  # the body's own right-to-left item still is
