"""A meeting's decisions in Word (formats.BUNDLES): the decisions as a document to file and
send on, and the delegate's report-back form: the same decisions with, under each item, a
field for how the delegation voted and one for a comment, ready to fill in for the branch."""

from __future__ import annotations

from motionlib.exports.decisions import Decision, last_decided
from motionlib.exports.decisions import decisions as decided
from motionlib.exports.word.document import Format, details_rows
from motionlib.exports.word.package import dated, fits
from motionlib.exports.word.writer import finish, renderer
from motionlib.model.fields import long_date
from motionlib.model.result import Result
from motionlib.model.schema import Settings

REPORT_FIELDS = ("Our delegation voted", "Comment")


def decisions(bundle, singles: list[bytes], settings: Settings) -> Result[bytes]:
    writer = _start(bundle, settings, "Decisions", controls=False)
    for row in decided(bundle.members):
        _decision(writer, row)
        if row.item.adopted is not None:
            writer.paragraph("Heading 3").add_run("The text as adopted")
            writer.body(row.item.adopted)
            writer.heading_offset = 1
    return Result(finish(writer), writer.warnings)


def report_back(bundle, singles: list[bytes], settings: Settings) -> Result[bytes]:
    """Each decision, then its two fields: a delegate types into them in Word or LibreOffice."""
    writer = _start(bundle, settings, "Delegate's report", controls=True)
    intro = "What the meeting decided, item by item. Under each, say how our delegation voted "
    writer.paragraph("Normal").add_run(intro + "and anything the branch should know.")
    details_rows(writer, [("Delegate", "[[name]]"), ("Branch / CLP", "[[branch or CLP]]")])
    for row in decided(bundle.members):
        _decision(writer, row)
        details_rows(writer, [(label, f"[[{label.lower()}]]") for label in REPORT_FIELDS])
    return Result(finish(writer), writer.warnings)


def _start(bundle, settings: Settings, kind: str, controls: bool):
    writer = renderer().start(settings, controls=controls)
    writer.paragraph("Subtitle").add_run(kind)
    writer.paragraph("Title").add_run(bundle.name)
    props = writer.document.core_properties
    props.title = fits(f"{kind}: {bundle.name}")
    props.author = props.last_modified_by = fits(settings.library_name)
    props.language = settings.lang
    dated(props, last_decided(bundle.members))
    return writer


def _decision(writer, row: Decision) -> None:
    writer.paragraph("Heading 3" if row.amendment else "Heading 2").add_run(row.doc.heading)
    paragraph = writer.paragraph("Normal")._p
    paragraph.append(writer.run(row.outcome, Format(bold=True)))
    shown = [text for text in (row.vote, _day(row)) if text]
    if shown:
        paragraph.append(writer.run(". " + ". ".join(shown), Format()))
    writer.paragraph("Normal").add_run(f"Submitted by {row.doc.byline}")


def _day(row: Decision) -> str:
    return long_date(getattr(row.doc.meta, "decided", None))
