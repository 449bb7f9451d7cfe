"""Tracked changes in Word: an amendment's file, after its own text, gives what each change does
and the motion it amends with every change tracked (w:ins / w:del) by the amendment's submitter;
a motion after the vote gives its text with every carried amendment's changes tracked, each by
its own submitter, so accepting all gives the text as adopted and rejecting all the text as
submitted (library/adoption.py)."""

from __future__ import annotations

import re

from motionlib.library.body import Parsed

HEADING = re.compile(r"^h([1-6])$")


def write_amended(writer, rendered: Parsed, amended) -> None:
    """The changes as the agenda states them, then the motion as amended, every change tracked
    by the amendment's submitter, each of the motion's lines labelled "[11]" (`amended` has
    them marked): Word numbers the lines it lays out, and an insertion that wraps would put
    every later number one ahead of the motion's, which the changes quote."""
    writer.paragraph("Heading 2").add_run("Changes")
    for number, change in enumerate(rendered.changes, 1):
        writer.paragraph("Normal").add_run(f"{number}. {change}")
    writer.paragraph("Heading 2").add_run("The motion as amended")
    date = rendered.doc.date
    writer.revision = (rendered.doc.byline, f"{date.isoformat()}T00:00:00Z" if date else None)
    levels = [int(m.group(1)) for e in amended.iter() if (m := HEADING.match(e.tag))]
    writer.heading_offset = max(min(levels, default=2) - 2, 0)  # its headings below ours
    writer.line_labels = True
    writer.blocks(amended)
    writer.line_labels = False
    writer.revision = None


def adopted_note(rendered: Parsed, tracked: bool) -> str:
    """What heads a carried motion's text in Word (import knows it by ADOPTED_NOTE)."""
    lost = f" (lost: {', '.join(rendered.lost)})" if rendered.lost else ""
    note = f"The text as adopted, as amended by {' and '.join(rendered.adopted_by)}{lost}."
    if tracked:
        note += " Each amendment's changes are tracked: accept them all for the text as adopted,"
        note += " reject them all for the text as submitted."
    return note


ADOPTED_NOTE = re.compile(r"^The text as adopted, as amended by .+?\.(?: Each amendment's .*)?$")


def write_adopted(writer, rendered: Parsed, body, tracked: bool) -> None:
    """The text as adopted (`body`, line numbers marked when on), or with `tracked` the text
    as submitted with every carried change tracked, each by its amendment's submitter."""
    writer.paragraph("Normal").add_run(adopted_note(rendered, tracked)).italic = True
    if not tracked:
        writer.body(body)
        return
    decided = getattr(rendered.doc.meta, "decided", None) or rendered.doc.date
    writer.revision = ("", f"{decided.isoformat()}T00:00:00Z" if decided else None)
    writer.body(rendered.adopted_changes)
    writer.revision = None
