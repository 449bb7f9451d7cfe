"""Tracked changes in Word: an amendment's file, after its own text, gives what each change does
and the motion it amends with every change tracked (w:ins / w:del) by the amendment's submitter;
a motion after the vote gives its text with every carried amendment's changes tracked, each by
its own submitter, so accepting all gives the text as adopted and rejecting all the text as
submitted (library/adoption.py)."""

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


def write_adopted(writer, rendered: Parsed) -> None:
    note = writer.paragraph("Normal").add_run(
        f"The text as adopted, as amended by {' and '.join(rendered.adopted_by)}: each "
        "amendment's changes are tracked; accept them all for the text as adopted, reject them "
        "all for the text as submitted."
    )
    note.italic = True
    decided = getattr(rendered.doc.meta, "decided", None) or rendered.doc.date
    writer.revision = ("", f"{decided.isoformat()}T00:00:00Z" if decided else None)
    writer.body(rendered.adopted_changes)
    writer.revision = None
    if rendered.lost:
        writer.paragraph("Normal").add_run(f"Lost: {', '.join(rendered.lost)}.")
