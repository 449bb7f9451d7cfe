"""Pictures of an imported Word file: each embedded PNG, JPEG or GIF becomes `![alt](name)`, its
alt text from the picture's description, and its bytes are handed back for the import to save
beside the new file: under the name our exports give it (the address the motion wrote), else
`picture-N`, which `import` names after the motion. python-docx reads no pictures in runs, so
the picture's part is found by the relationship its blip names."""

from __future__ import annotations

from docx.oxml.ns import qn

from motionlib.exports.word.markdown_text import escape_markdown
from motionlib.library.images import is_local

KINDS = {"png": "png", "jpg": "jpg", "jpeg": "jpg", "gif": "gif"}
BLIP = f".//{qn('a:blip')}"
DESCRIPTION = f".//{qn('wp:docPr')}"


class Pictures:
    def __init__(self, document) -> None:
        self.document = document
        self.found: dict[str, bytes] = {}  # "picture-1.png" → its bytes
        self.skipped = 0  # drawings that are not such a picture (charts, shapes, SVG)

    def marker(self, run) -> str | None:
        """`![alt](picture-N.png)` when the run holds a picture."""
        if run.find(qn("w:drawing")) is None:
            return None
        blip = run.find(BLIP)
        part = (
            self.document.part.related_parts.get(blip.get(qn("r:embed")))
            if blip is not None
            else None
        )
        kind = KINDS.get(part.partname.ext.lower()) if part is not None else None
        if kind is None:
            self.skipped += 1
            return None
        described = run.find(DESCRIPTION)
        found = dict(described.attrib) if described is not None else {}
        alt, name = found.get("descr") or found.get("title") or "", found.get("name", "")
        if not (is_local(name) and name.lower().endswith(f".{kind}")) or name in self.found:
            name = f"picture-{len(self.found) + 1}.{kind}"  # import names it after the motion
        self.found[name] = part.blob
        return f"![{escape_markdown(' '.join(alt.split()))}]({name})"


# What import leaves out of a Word file, and says so.
UNSUPPORTED = {
    "w:drawing": "the document has drawings, charts or pictures other than PNG, JPEG and GIF; "
    "they were left out: save them as PNG and add them as ![what it shows](file.png)",
    "w:pict": "the document has old-style (VML) pictures; they were left out: save them as PNG "
    "and add them as ![what it shows](file.png)",
    "w:del": "the document has tracked deletions: accept or reject changes in Word first",
    "w:ins": "the document has tracked insertions: accept or reject changes in Word first",
}
