"""Motion books assembled from the motions' single PDFs (pikepdf's internals live here only).

Laying a 150-motion book out as one WeasyPrint job took ≈22 s on one core, growing faster than
its length; the singles are already rendered and cached. So WeasyPrint lays out only the cover,
the contents (page numbers computed from the singles' page counts) and a sheet of page-number
stamps; pikepdf appends the singles' pages, stamps each with the book's page number over the
motion's own "Page n of m" footer, links the contents and writes the outline.

What is lost against a single WeasyPrint job: the motions' tag trees (pikepdf copies pages, not
structure), so the book is not PDF/UA tagged; its reading order is the content order, which is
the text order, and the outline names every motion.
"""

from __future__ import annotations

import io
import itertools
import re
from collections.abc import Callable

import pikepdf

from motionlib.model import Document, Settings
from motionlib.templating import template

PAGE_LINK = re.compile(r"^motionlib-page:(\d+)$")


Render = Callable[[str], bytes]  # HTML → PDF with the print stylesheet and fonts


def assemble(
    title: str, docs: list[Document], singles: list[bytes], settings: Settings, render: Render
) -> bytes:
    """The book's PDF. `render(html) -> bytes` lays out HTML with the print stylesheet."""
    pdfs = [pikepdf.open(io.BytesIO(data)) for data in singles]
    counts = [len(pdf.pages) for pdf in pdfs]
    front, starts = _front(title, docs, counts, settings, render)
    book = pikepdf.open(io.BytesIO(front))
    front_pages = len(book.pages)
    total = front_pages + sum(counts)
    stamps = pikepdf.open(io.BytesIO(render(_stamps(front_pages, total, settings))))
    for pdf in pdfs:
        book.pages.extend(pdf.pages)
    for index in range(front_pages, total):
        page = book.pages[index]
        _drop(page.obj, "/StructParents")  # the singles' tag trees are not carried over
        _overlay(book, page, stamps.pages[index - front_pages], f"/MotionlibStamp{index}")
    _link_contents(book, front_pages)
    with book.open_outline() as outline:
        outline.root.extend(
            pikepdf.OutlineItem(doc.heading, front_pages + start)
            for doc, start in zip(docs, starts, strict=True)
        )
    _drop(book.Root, "/StructTreeRoot")  # the front's tags would describe its own pages only
    _drop(book.Root, "/Metadata")  # its XMP would claim PDF/UA; the Info title stays
    book.Root.MarkInfo = pikepdf.Dictionary(Marked=False)
    output = io.BytesIO()
    book.save(output, deterministic_id=True, compress_streams=True)
    return output.getvalue()


def _front(
    title: str, docs: list[Document], counts: list[int], settings: Settings, render: Render
) -> tuple[bytes, list[int]]:
    """Cover and contents; laid out again if its own length moves the page numbers."""
    starts = [0, *itertools.accumulate(counts)][:-1]  # each motion's first page, 0-based
    newest = max((d.date for d in docs if d.date), default=None)
    book = {
        "title": title,
        "settings": settings,
        "newest": newest,
        "keywords": ", ".join(sorted({t for d in docs for t in d.topics})),
        "created": newest.isoformat() + "T00:00:00Z" if newest else None,
    }
    front_pages, front = 2, b""
    for _ in range(3):
        entries = [(doc, front_pages + start + 1) for doc, start in zip(docs, starts, strict=True)]
        html = template("book_front.html").render(
            **book, entries=entries, total=front_pages + sum(counts)
        )
        front = render(html)
        pages = len(pikepdf.open(io.BytesIO(front)).pages)
        if pages == front_pages:
            break
        front_pages = pages
    return front, starts


def _stamps(first: int, total: int, settings: Settings) -> str:
    """One page per motion page, blank but for its book page number over the old footer."""
    pages = "".join(
        f'<div class="page-stamp"><div class="stamp">Page {n} of {total}</div></div>'
        for n in range(first + 1, total + 1)
    )
    return f'<!DOCTYPE html><html lang="{settings.lang}"><body>{pages}</body></html>'


def _link_contents(book: pikepdf.Pdf, front_pages: int) -> None:
    """Contents entries point at motionlib-page:N; make them links to page N of the book."""
    for page in book.pages[:front_pages]:
        for annotation in page.obj.get("/Annots", []):
            action = annotation.get("/A")
            uri = str(action.get("/URI", "")) if action is not None else ""
            match = PAGE_LINK.match(uri)
            if match:
                target = book.pages[int(match.group(1)) - 1].obj
                del annotation["/A"]
                annotation.Dest = pikepdf.Array([target, pikepdf.Name.Fit])


def _overlay(book: pikepdf.Pdf, page: pikepdf.Page, stamp: pikepdf.Page, name: str) -> None:
    """Draw `stamp` (a page of the same size) over `page`. The name is ours and per page:
    pikepdf's add_overlay picks a random one (the book must be the same bytes every time), and
    a motion's pages share one resources dictionary, so one name would stamp one number."""
    form = book.copy_foreign(stamp.as_form_xobject())
    page.add_resource(form, pikepdf.Name.XObject, pikepdf.Name(name))
    page.contents_add(pikepdf.Stream(book, b"q\n"), prepend=True)
    page.contents_add(pikepdf.Stream(book, f"\nQ\nq {name} Do Q\n".encode()))


def _drop(dictionary: pikepdf.Dictionary, key: str) -> None:
    if key in dictionary:
        del dictionary[key]
