"""Names in every script, as Word and LibreOffice need them marked (library/scripts.py finds them).

Word draws a character with the Latin, east Asian or complex-script font its run names and lays a
run out right to left only when the run says so (w:rtl), so every run of Arabic, Hebrew, Indic or
Chinese text becomes a run of its own with its font slot, its language and, for Arabic and Hebrew,
its direction. Run over the finished document, so titles, details, supporters and tracked
changes are marked alike. A paragraph reads right to left (w:bidi) where the shared tree marks its
block dir="rtl" (`directed`, as the writer makes it), as on the site and in the PDF: our own lines
(a supporters list that starts with an Arabic name) keep the document's direction there too.
"""

from __future__ import annotations

from copy import deepcopy

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from motionlib.library.scripts import CJK, Script, segments

# Fonts Word has on Windows and macOS for each script; LibreOffice substitutes what it has.
WORD_FONTS = {"Arabic": "Arial", "Urdu": "Arial", "Hebrew": "Arial", "Chinese": "Microsoft YaHei"}
INDIC_FONT = "Nirmala UI"
TEXT = (qn("w:t"), qn("w:delText"))
# What may follow w:bidi in a paragraph's properties (ECMA-376's order), for its insertion.
_AFTER_BIDI = """adjustRightInd snapToGrid spacing ind contextualSpacing mirrorIndents
suppressOverlap jc textDirection textAlignment textboxTightWrap outlineLvl divId cnfStyle rPr
sectPr pPrChange"""
AFTER_BIDI = tuple(f"w:{name}" for name in _AFTER_BIDI.split())


def mark_scripts(root) -> None:
    """Split and mark every run of non-Latin text under `root` (paragraphs' direction is the
    tree's: the writer sets it from dir="rtl", as the site and the PDF read it)."""
    for run in list(root.iter(qn("w:r"))):
        texts = [child for child in run if child.tag in TEXT]
        if len(texts) != 1 or not texts[0].text or texts[0].text.isascii():
            continue
        pieces = segments(texts[0].text)
        if len(pieces) == 1 and pieces[0][1] is None:
            continue
        parent, at = run.getparent(), run.getparent().index(run)
        replacement = []
        for text, script in pieces:
            copy = deepcopy(run)
            next(child for child in copy if child.tag in TEXT).text = text
            if script is not None:
                _mark(copy, script)
            replacement.append(copy)
        parent[at : at + 1] = replacement


def _mark(run, script: Script) -> None:
    properties = run.find(qn("w:rPr"))
    if properties is None:
        properties = OxmlElement("w:rPr")
        run.insert(0, properties)
    fonts = OxmlElement("w:rFonts")
    font = WORD_FONTS.get(script.name, INDIC_FONT)
    fonts.set(qn(f"w:{script.slot}"), font)
    if script is CJK:
        fonts.set(qn("w:hint"), "eastAsia")
    style = properties.find(qn("w:rStyle"))
    properties.insert(0 if style is None else 1, fonts)
    if script.slot == "cs":  # bold and italic of complex scripts are properties of their own
        for flag, own in (("w:b", "w:bCs"), ("w:i", "w:iCs")):
            found = properties.find(qn(flag))
            if found is not None:
                found.addnext(OxmlElement(own))
        properties.append(OxmlElement("w:rtl" if script.rtl else "w:cs"))
    lang = OxmlElement("w:lang")
    lang.set(qn("w:bidi" if script.slot == "cs" else "w:eastAsia"), script.lang)
    properties.append(lang)


def directed(paragraph, elem):
    """The paragraph (w:p) written for a block of the tree, right to left where the tree's
    dir="rtl" says so (library/scripts.py marks it; the site and the PDF read the same mark)."""
    return right_to_left(paragraph) if elem.get("dir") == "rtl" else paragraph


def right_to_left(paragraph):
    """The paragraph (w:p) read right to left (w:bidi), as the tree's dir="rtl" block says."""
    properties = paragraph.get_or_add_pPr()
    if properties.find(qn("w:bidi")) is None:
        properties.insert_element_before(OxmlElement("w:bidi"), *AFTER_BIDI)
    return paragraph
