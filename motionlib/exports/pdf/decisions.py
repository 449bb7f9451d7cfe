"""A meeting's decisions as a PDF (formats.BUNDLES): laid out by WeasyPrint with the print
stylesheet, from the meeting's parsed documents (exports/decisions.py lists them)."""

from __future__ import annotations

import hashlib

from motionlib.exports.decisions import decisions as decided
from motionlib.exports.decisions import last_decided
from motionlib.exports.pdf.single import renderer, with_list_starts
from motionlib.exports.templating import template
from motionlib.model.result import Result
from motionlib.model.schema import Settings


def decisions(bundle, singles: list[bytes], settings: Settings) -> Result[bytes]:
    rows = decided(bundle.members)  # each a Decision, as the site's decisions page reads them
    day = last_decided(bundle.members)
    created = f"{day.isoformat()}T00:00:00Z" if day else None
    html = template("decisions.html").render(
        meeting=bundle.name, rows=rows, settings=settings, created=created
    )
    digest = hashlib.sha256("".join(m.doc.digest for m in bundle.members).encode()).hexdigest()
    return Result(renderer().write(with_list_starts(html), digest, settings))
