"""Regenerate motionlib/templates/reference.docx, the Word styles every export uses.

Run once after changing this script: `python scripts/make_reference_docx.py`.
Editors may instead open reference.docx in Word or LibreOffice and restyle it:
exports use its styles by name, so every later export follows.
"""

from __future__ import annotations

import sys
from pathlib import Path

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_COLOR_INDEX
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from motionlib.exports.word.writer import save  # noqa: E402

TARGET = ROOT / "motionlib" / "templates" / "reference.docx"
FONT = "Arial"  # on every Word and LibreOffice install, so the file looks the same when adapted
RED = RGBColor(0x9E, 0x00, 0x18)
NESTED_FORMATS = {"List Number 2": ("lowerLetter", "%1)"), "List Number 3": ("lowerRoman", "%1.")}
NESTED_BULLETS = {"List Bullet 2": "\u25e6", "List Bullet 3": "\u25aa"}


def main() -> None:
    document = docx.Document()
    section = document.sections[0]
    section.page_height, section.page_width = Mm(297), Mm(210)
    section.top_margin = section.bottom_margin = Mm(22)
    section.left_margin = section.right_margin = Mm(22)
    styles = document.styles
    _font(styles["Normal"], size=11)
    styles["Normal"].paragraph_format.space_after = Pt(6)
    styles["Normal"].paragraph_format.line_spacing = 1.15
    for name, size in (
        ("Title", 22),
        ("Subtitle", 12),
        ("Heading 1", 14),
        ("Heading 2", 12),
        ("Heading 3", 11),
    ):
        _font(
            styles[name],
            size=size,
            colour=RED if name != "Subtitle" else RGBColor(0x55, 0x55, 0x55),
        )
    _quote(styles["Quote"])
    _character(styles, "Hyperlink", colour=RGBColor(0x0B, 0x4F, 0x8A), underline=True)
    placeholder = _character(styles, "Placeholder")
    placeholder.font.highlight_color = WD_COLOR_INDEX.YELLOW
    shading = OxmlElement("w:shd")  # LibreOffice ignores highlight in styles but shows shading
    for key, value in (("w:val", "clear"), ("w:color", "auto"), ("w:fill", "FFE98A")):
        shading.set(qn(key), value)
    placeholder.element.get_or_add_rPr().append(shading)
    code = _character(styles, "Inline Code")
    code.font.name = "Courier New"
    block = styles.add_style("Code Block", WD_STYLE_TYPE.PARAGRAPH)
    block.base_style = styles["Normal"]
    block.font.name, block.font.size = "Courier New", Pt(9.5)
    details = styles.add_style("Motion Details", WD_STYLE_TYPE.TABLE)
    details.base_style = styles["Normal Table"]
    _table_borders(details)
    _title_rule(styles["Title"])
    closing = styles.add_style("Closing Block", WD_STYLE_TYPE.PARAGRAPH)
    closing.base_style = styles["Normal"]
    closing.paragraph_format.space_before = Pt(4)
    closing.paragraph_format.space_after = Pt(4)
    _footnotes(styles)
    _language(document, "en-GB")
    _footer(document)
    _nested_lists(document)
    _prune(document)
    document.core_properties.author = "Motions Library"
    TARGET.write_bytes(save(document))
    print(f"wrote {TARGET.relative_to(ROOT)}")


KEEP_TABLE_STYLES = {"Normal Table", "Table Grid", "Motion Details"}
GREY = "BBBBBB"
DROP_RELATIONSHIPS = ("stylesWithEffects", "customXml", "thumbnail")


def _prune(document) -> None:
    """Drop what python-docx's default template carries but exports never use.

    ~100 unused table styles, a Word 2010 compatibility copy of every style
    (stylesWithEffects, 438 KB), a customXml item and python-docx's thumbnail:
    without them every export is smaller and faster. Word adds any built-in
    style from its gallery when someone applies it.
    """
    styles = document.styles.element
    for style in list(styles.findall(qn("w:style"))):
        name = style.find(qn("w:name")).get(qn("w:val"))
        if style.get(qn("w:type")) == "table" and name not in KEEP_TABLE_STYLES:
            styles.remove(style)
    for rels in (document.part.rels, document.part.package.rels):
        for rel_id, rel in list(rels.items()):
            if rel.reltype.rsplit("/", 1)[-1] in DROP_RELATIONSHIPS:
                del rels[rel_id]


def _font(style, size: float, colour: RGBColor | None = None) -> None:
    style.font.name = FONT
    style.font.size = Pt(size)
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attribute), None)
    if colour is not None:
        style.font.color.rgb = colour


def _quote(style) -> None:
    style.font.name = FONT
    style.font.italic = True
    style.font.color.rgb = RGBColor(0x33, 0x33, 0x33)
    style.paragraph_format.left_indent = Mm(8)
    border = OxmlElement("w:pBdr")
    left = OxmlElement("w:left")
    for key, value in (
        ("w:val", "single"),
        ("w:sz", "18"),
        ("w:space", "8"),
        ("w:color", "9E0018"),
    ):
        left.set(qn(key), value)
    border.append(left)
    style.element.get_or_add_pPr().append(border)


def _table_borders(style) -> None:
    """The details table as the PDF draws it: a red rule above, grey rules between and below."""
    borders = OxmlElement("w:tblBorders")
    for edge, colour, size in (
        ("top", "9E0018", "12"),
        ("bottom", GREY, "4"),
        ("insideH", GREY, "2"),
    ):
        border = OxmlElement(f"w:{edge}")
        for key, value in (
            ("w:val", "single"),
            ("w:sz", size),
            ("w:space", "0"),
            ("w:color", colour),
        ):
            border.set(qn(key), value)
        borders.append(border)
    properties = style.element.find(qn("w:tblPr"))
    if properties is None:
        properties = OxmlElement("w:tblPr")
        style.element.append(properties)
    properties.append(borders)


def _title_rule(style) -> None:
    """Word's Title style draws an accent-blue rule; ours is the library's red."""
    for border in style.element.iter(qn("w:bottom")):
        border.set(qn("w:color"), "9E0018")
        border.attrib.pop(qn("w:themeColor"), None)


def _language(document, lang: str) -> None:
    """Every run's default language (exports set the library's `lang` here again)."""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
    found = rpr.find(qn("w:lang"))
    if found is None:
        found = OxmlElement("w:lang")
        rpr.append(found)
    found.set(qn("w:val"), lang)
    for style_lang in document.styles.element.iter(qn("w:lang")):
        if style_lang is not found:
            style_lang.set(qn("w:val"), lang)


def _footer(document) -> None:
    """'Page N of M', centred in grey: Word and LibreOffice fill in the fields."""
    paragraph = document.sections[0].footer.paragraphs[0]
    paragraph.alignment = 1  # centre
    for text in ("Page ", "PAGE", " of ", "NUMPAGES"):
        if text.isupper():
            field = OxmlElement("w:fldSimple")
            field.set(qn("w:instr"), f" {text} ")
            run = OxmlElement("w:r")
            run.append(_small_grey())
            value = OxmlElement("w:t")
            value.text = "1"
            run.append(value)
            field.append(run)
            paragraph._p.append(field)
        else:
            run = paragraph.add_run(text)
            run.font.size = Pt(9)
            run.font.color.rgb = RGBColor(0x66, 0x66, 0x66)


def _footnotes(styles) -> None:
    """Word's own footnote styles (its names, so Word's menus know them): 9 pt notes, a
    superscript number in the text and before the note."""
    text = styles.add_style("Footnote Text", WD_STYLE_TYPE.PARAGRAPH)
    text.base_style = styles["Normal"]
    text.font.size = Pt(9)
    text.paragraph_format.space_after = Pt(0)
    text.paragraph_format.line_spacing = 1.0
    reference = _character(styles, "Footnote Reference")
    reference.font.superscript = True
    address = _character(styles, "Link Address", colour=RGBColor(0x55, 0x55, 0x55))
    address.font.size = Pt(9)  # " (https://…)" after a link's text: a printout shows where
    number = _character(styles, "Line Label", colour=RGBColor(0x55, 0x55, 0x55))
    number.font.size = Pt(8)  # "[11]" at a line's start: the motion's line in an amendment


def _small_grey():
    """9 pt grey run properties, for the page-number fields."""
    properties = OxmlElement("w:rPr")
    colour = OxmlElement("w:color")
    colour.set(qn("w:val"), "666666")
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), "18")
    properties.extend([colour, size])
    return properties


def _character(styles, name: str, colour: RGBColor | None = None, underline: bool = False):
    style = styles.add_style(name, WD_STYLE_TYPE.CHARACTER)
    if colour is not None:
        style.font.color.rgb = colour
    style.font.underline = underline
    return style


def _nested_lists(document) -> None:
    """Second and third list levels: a) b) c) and i. ii. iii.; hollow and square bullets."""
    numbering = document.part.numbering_part.element
    for name, (fmt, text) in NESTED_FORMATS.items():
        level = _level_of(document, numbering, name)
        level.find(qn("w:numFmt")).set(qn("w:val"), fmt)
        level.find(qn("w:lvlText")).set(qn("w:val"), text)
    for name, bullet in NESTED_BULLETS.items():
        level = _level_of(document, numbering, name)
        level.find(qn("w:lvlText")).set(qn("w:val"), bullet)
        fonts = level.find(qn("w:rPr")) if level.find(qn("w:rPr")) is not None else None
        if fonts is not None:
            level.remove(fonts)


def _level_of(document, numbering, style_name: str):
    num_id = document.styles[style_name].element.pPr.numPr.numId.val
    num = next(n for n in numbering.findall(qn("w:num")) if n.get(qn("w:numId")) == str(num_id))
    abstract_id = num.find(qn("w:abstractNumId")).get(qn("w:val"))
    abstract = next(
        a
        for a in numbering.findall(qn("w:abstractNum"))
        if a.get(qn("w:abstractNumId")) == abstract_id
    )
    return abstract.find(qn("w:lvl"))


if __name__ == "__main__":
    main()
