"""An amendment's Word file after its own text: what each change does, then the motion it amends
with every change tracked (w:ins / w:del), by the amendment's submitter on its date."""

from __future__ import annotations

import re

from motionlib.library.body import Parsed

HEADING = re.compile(r"^h([1-6])$")


def write_amended(writer, rendered: Parsed) -> None:
    writer.paragraph("Heading 2").add_run("Changes")
    for number, change in enumerate(rendered.changes, 1):
        writer.paragraph("Normal").add_run(f"{number}. {change}")
    writer.paragraph("Heading 2").add_run("The motion as amended")
    date = rendered.doc.date
    writer.revision = (rendered.doc.byline, f"{date.isoformat()}T00:00:00Z" if date else None)
    levels = [int(m.group(1)) for e in rendered.amended.iter() if (m := HEADING.match(e.tag))]
    writer.heading_offset = max(min(levels, default=2) - 2, 0)  # its headings below ours
    writer.blocks(rendered.amended)
    writer.revision = None
