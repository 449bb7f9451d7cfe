"""PDF export: a rendered document → PDF bytes, with WeasyPrint and our own print template.

The print CSS and font configuration are built once per process and reused:
measured, fresh ones per document are 25–30 % slower and leak memory. The URL
fetcher serves only the declared print fonts (model/fonts.py), so rendering can never
reach the network or any other file, whatever a motion links to.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import re

from markupsafe import Markup
from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from motionlib.exports.pdf.fonts import font_css, font_file, isolated_font_configuration
from motionlib.exports.pdf.footnotes import print_footnotes
from motionlib.exports.templating import amended_lines, document_context, template
from motionlib.library.body import Parsed, tree_to_html
from motionlib.library.lines import INSERTED, numbered
from motionlib.model.files import ASSETS
from motionlib.model.result import Result
from motionlib.model.schema import Settings

DOC_BASE = "motionlib-doc:/"  # a picture's address, relative to its document, is read against it


class RefusedFetch(ValueError):
    """A URL the renderer was asked to load and refused (anything but our own fonts)."""


class PackageOnlyFetcher(URLFetcher):
    """Serves the declared print fonts (fonts.py); refuses everything else."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols=())
        self.refused: list[str] = []
        self.images: dict[str, tuple[bytes, str]] = {}  # the document's pictures (bytes, type)

    def fetch(self, url, headers=None):
        path = font_file(url)
        if path is not None:
            headers = {"Content-Type": "font/ttf"}
            return URLFetcherResponse(url, body=path.read_bytes(), headers=headers)
        if url in self.images:
            data, media_type = self.images[url]
            headers = {"Content-Type": media_type}
            return URLFetcherResponse(url, body=data, headers=headers)
        self.refused.append(url)
        raise RefusedFetch(
            f"refused to fetch {url!r}: PDFs load only the print fonts and the document's pictures"
        )


class PdfRenderer:
    """One per worker process: the CSS and FontConfiguration stay warm between documents."""

    def __init__(self) -> None:
        self.fetcher = PackageOnlyFetcher()
        self.font_config = isolated_font_configuration()
        self.fonts = self.stylesheet(font_css())
        self.css = self.stylesheet((ASSETS / "print.css").read_text(encoding="utf-8"))
        self.library_css: dict[str, CSS] = {}

    def stylesheet(self, text: str) -> CSS:
        return CSS(string=text, font_config=self.font_config, url_fetcher=self.fetcher)

    def render(self, rendered: Parsed, settings: Settings) -> bytes:
        """Line numbers are in the HTML already (lines.py), printed in the margin by print.css;
        the document's pictures (checked, in the library) are the only files it may load."""
        pictures = {image.src: (image.data(), image.media_type) for image in rendered.images}
        # WeasyPrint joins an address to a base of our own scheme, or leaves it as written
        self.fetcher.images = pictures | {DOC_BASE + src: data for src, data in pictures.items()}
        try:
            return self.write(print_html(rendered, settings), rendered.doc.digest, settings)
        finally:
            self.fetcher.images = {}

    def write(self, html: str, digest: str, settings: Settings) -> bytes:
        """Lay out our HTML with the warm stylesheets; `digest` fixes the PDF's identifier."""
        document = HTML(string=html, url_fetcher=self.fetcher, base_url=DOC_BASE)
        stylesheets = [self.fonts, self.css]
        if settings.print_css:
            if settings.print_css not in self.library_css:
                self.library_css[settings.print_css] = self.stylesheet(settings.print_css)
            stylesheets.append(self.library_css[settings.print_css])
        return document.write_pdf(
            stylesheets=stylesheets,
            font_config=self.font_config,
            pdf_variant="pdf/ua-1",
            pdf_identifier=digest[:32].encode(),
            custom_metadata=True,  # <meta name="rights">: the texts' licence
        )


def print_html(rendered: Parsed, settings: Settings) -> str:
    """The HTML WeasyPrint lays out: our print template around the shared body HTML."""
    context = document_context(rendered, settings)
    if context["lines"] == "off":  # no line marks: WeasyPrint cannot wrap a long word across them
        context["body"] = Markup(rendered.html)
        if rendered.adopted is not None:
            context["adopted"] = Markup(tree_to_html(rendered.adopted))
    if rendered.amended is not None:  # "at line 12" has the motion's line 12 beside it
        amended = numbered(rendered.amended, settings.line_width, INSERTED)
        context["amended"] = Markup(tree_to_html(amended))
        context["amended_lines"] = amended_lines(context["lines"])
    html = template("print.html").render(**context, created=_created(rendered), settings=settings)
    return print_footnotes(with_list_starts(html))


OL_START = re.compile(r'<ol start="(\d+)">')


def with_list_starts(html: str) -> str:
    """`<ol start="5">` numbers from 5: our clause numbers are CSS counters, which WeasyPrint
    does not start from the attribute (the site's HTML stays free of inline styles)."""
    return OL_START.sub(
        lambda m: f'<ol start="{m[1]}" style="counter-reset: list-item {int(m[1]) - 1}">', html
    )


def book_bytes(title: str, docs: list, singles: list[bytes], settings: Settings) -> bytes:
    """Motion book → PDF bytes: cover and contents laid out here, the motions' pages taken from
    their single PDFs (book.py), so a book costs about a second, not a second per ten pages."""
    from motionlib.exports.pdf.book import assemble

    digest = hashlib.sha256("".join(d.digest for d in docs).encode()).hexdigest()
    warm_renderer = renderer()
    return assemble(
        title,
        docs,
        singles,
        settings,
        lambda html: warm_renderer.write(html, digest, settings),
        _calibration(settings.print_css, settings.lang),
    )


@functools.lru_cache(maxsize=4)
def _calibration(print_css: str, lang: str) -> bytes:
    """book_numbers' footer sample, laid out once per process and stylesheet."""
    from motionlib.exports.pdf.book_numbers import calibration_html

    settings = Settings(print_css=print_css, lang=lang)
    return renderer().write(calibration_html(lang), "0" * 32, settings)


def _created(rendered: Parsed) -> str | None:
    """The document's own date, never the clock: the same input gives the same bytes."""
    return rendered.doc.date.isoformat() + "T00:00:00Z" if rendered.doc.date else None


def warm() -> None:
    """Load WeasyPrint's stylesheet and fonts once per process,
    before the first document (each worker of the pool calls it)."""
    renderer()


@functools.cache
def renderer() -> PdfRenderer:
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    return PdfRenderer()


def pdf_bytes(rendered: Parsed, settings: Settings) -> bytes:
    """motion or briefing → PDF bytes, using this process's warm renderer."""
    return renderer().render(rendered, settings)


def export(rendered: Parsed, settings: Settings) -> Result[bytes]:
    """The format registry's entry point (formats.py): PDF bytes, no warnings."""
    return Result(pdf_bytes(rendered, settings))
