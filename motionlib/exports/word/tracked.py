"""The second Word download of a motion carried as amended (formats.FORMATS): its text as
submitted with every carried amendment's changes tracked, each by that amendment's submitter,
so accepting them all in Word or LibreOffice gives the text as adopted and rejecting them all
the text as submitted."""

from __future__ import annotations

from motionlib.exports.word.writer import renderer
from motionlib.library.body import Parsed
from motionlib.model.result import Result
from motionlib.model.schema import Settings


def export(rendered: Parsed, settings: Settings) -> Result[bytes]:
    return renderer().render(rendered, settings, tracked=True)


def warm() -> None:
    """The writer's renderer is warmed by the Word format (writer.warm)."""
