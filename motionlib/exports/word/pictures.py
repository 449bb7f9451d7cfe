"""Pictures in the Word file: embedded (word/media/), as wide as the text at most, with the alt
text as the picture's description (what Word's Alt Text pane and a screen reader show)."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET

from docx.shared import Mm

from motionlib.exports.word.document import xml_element
from motionlib.library.images import Image

TEXT_WIDTH = Mm(166)  # A4 less the reference document's 22 mm margins


def picture_run(document, elem: ET.Element, image: Image):
    """A run holding the picture check found for `<img>`."""
    data = image.data()
    part = document.part
    _, picture = part.get_or_add_image(io.BytesIO(data))
    width, _ = picture.scaled_dimensions(None, None)
    inline = part.new_pic_inline(io.BytesIO(data), TEXT_WIDTH if width > TEXT_WIDTH else None, None)
    alt = elem.get("alt", "")
    inline.docPr.set("descr", alt)
    inline.docPr.set("name", image.src)  # Word import names the file so again
    run = xml_element("w:r")
    drawing = xml_element("w:drawing", parent=run)
    drawing.append(inline)
    return run
