"""Motion books assembled from the motions' single PDFs (pikepdf's internals live here only).

Laying a 150-motion book out as one WeasyPrint job took ≈22 s on one core, growing faster than
its length; the singles are already rendered and cached. So WeasyPrint lays out only the cover
and contents (page numbers computed from the singles' page counts); pikepdf appends the singles'
pages, writes the book's page number into each motion's own footer (book_numbers.py), carries
each motion's tag tree over (book_tags.py), links the contents and writes the outline.

The front (cover and contents) is numbered i, ii… and the motions from 1, as printed books are,
and the PDF's page labels say so: the contents' numbers then do not depend on the contents'
own length, so the front is laid out once, and a viewer's "go to page 17" finds printed page 17.
"""

from __future__ import annotations

import io
import itertools
import re
from collections.abc import Callable

import pikepdf

from motionlib.exports.pdf.book_numbers import PageNumbers
from motionlib.exports.pdf.book_tags import BookTags
from motionlib.exports.templating import template
from motionlib.model.schema import Document, Settings

PAGE_LINK = re.compile(r"^motionlib-page:(\d+)$")


Render = Callable[[str], bytes]  # HTML → PDF with the print stylesheet and fonts


def assemble(
    title: str,
    docs: list[Document],
    singles: list[bytes],
    settings: Settings,
    render: Render,
    calibration: bytes,
) -> bytes:
    """The book's PDF. `render(html) -> bytes` lays out HTML with the print stylesheet;
    `calibration` is book_numbers' footer sample laid out with it."""
    pdfs = [pikepdf.open(io.BytesIO(data)) for data in singles]
    counts = [len(pdf.pages) for pdf in pdfs]
    starts = [0, *itertools.accumulate(counts)][:-1]  # each motion's first page, 0-based
    book = pikepdf.open(io.BytesIO(render(_front(title, docs, starts, settings))))
    front_pages = len(book.pages)
    numbers = PageNumbers.calibrate(book, calibration)
    tags = BookTags(book)
    for doc, pdf in zip(docs, pdfs, strict=True):
        first = len(book.pages)
        book.pages.extend(pdf.pages)
        tags.add(pdf, list(book.pages[first:]), doc.heading)
    tags.finish()
    for number, page in enumerate(book.pages[front_pages:], 1):
        numbers.stamp(book, page, f"Page {number} of {sum(counts)}")
    _link_contents(book, front_pages)
    with book.open_outline() as outline:
        outline.root.extend(
            pikepdf.OutlineItem(doc.heading, front_pages + start)
            for doc, start in zip(docs, starts, strict=True)
        )
    roman, decimal = pikepdf.Dictionary(S=pikepdf.Name.r), pikepdf.Dictionary(S=pikepdf.Name.D)
    book.Root.PageLabels = pikepdf.Dictionary(Nums=[0, roman, front_pages, decimal])
    output = io.BytesIO()
    book.save(
        output,
        deterministic_id=True,
        compress_streams=True,
        object_stream_mode=pikepdf.ObjectStreamMode.generate,
    )
    return output.getvalue()


def _front(title: str, docs: list[Document], starts: list[int], settings: Settings) -> str:
    """Cover and contents, numbered i, ii…; the contents give each motion's page from 1. The
    cover counts motions and amendments apart, and is dated only by its meeting (from
    `meetings:`), never by its newest motion, which reads like the meeting's date."""
    amendments = sum(1 for doc in docs if getattr(doc.meta, "amends", None))
    day = _meeting_day(docs, settings)
    return template("book_front.html").render(
        title=title,
        settings=settings,
        day=day,
        motions=len(docs) - amendments,
        amendments=amendments,
        keywords=", ".join(sorted({t for d in docs for t in d.topics})),
        created=day.isoformat() + "T00:00:00Z" if day else None,
        entries=[(doc, start + 1) for doc, start in zip(docs, starts, strict=True)],
    )


def _meeting_day(docs: list[Document], settings: Settings):
    """The date of the one meeting every document belongs to, when `meetings:` gives it."""
    names = {getattr(doc.meta, "meeting", None) for doc in docs}
    if len(names) != 1 or None in names:
        return None
    meeting = next((m for m in settings.meetings or () if m.name in names), None)
    return meeting.day if meeting else None


def _link_contents(book: pikepdf.Pdf, front_pages: int) -> None:
    """Contents entries point at motionlib-page:N; make them links to the motions' page N."""
    for page in book.pages[:front_pages]:
        for annotation in page.obj.get("/Annots", []):
            action = annotation.get("/A")
            uri = str(action.get("/URI", "")) if action is not None else ""
            match = PAGE_LINK.match(uri)
            if match:
                target = book.pages[front_pages + int(match.group(1)) - 1].obj
                del annotation["/A"]
                annotation.Dest = pikepdf.Array([target, pikepdf.Name.Fit])
