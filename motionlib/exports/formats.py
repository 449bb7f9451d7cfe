"""Export formats, declared once: the export stage, its cache and the site read this table.

Adding a format (ODT, EPUB) is one module with an `export(rendered, settings)` function
returning a Result (bytes and warnings, model/result.py), and one entry here; the cache key,
the pool, the downloads on every page and the messages follow from it.
"""

from __future__ import annotations

import functools
import hashlib
import importlib
from collections.abc import Callable
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Any

from motionlib import __version__
from motionlib.model import fonts
from motionlib.model.files import PACKAGE
from motionlib.model.votes import has_results


@dataclass(frozen=True)
class Format:
    """One download format of every motion and briefing."""

    name: str  # also the file suffix: downloads/motions/<slug>.<name>
    label: str  # as the site's buttons say it: "Download PDF"
    module: str  # motionlib.exports.<module>: export() → Result[bytes]; warm()
    inputs: tuple[str, ...]  # package files (globs, searched recursively) that shape the output
    libraries: tuple[str, ...]  # distributions whose version shapes the output
    settings: tuple[str, ...]  # Settings fields that shape the output
    fonts: bool = False  # whether the print fonts installed (model/fonts.py) shape it
    suffix: str = ""  # the file's suffix, when not the name
    stem: str = ""  # after the slug: "-tracked" is a second Word file of the same document
    applies: Callable[[Any], bool] = lambda rendered: True  # which documents get one

    def uri(self, doc) -> str:
        """Where the site publishes a document's file of this format."""
        return f"downloads/{doc.kind}s/{doc.slug}{self.stem}.{self.suffix or self.name}"

    @property
    def module_path(self) -> str:
        return f"motionlib.exports.{self.module}"

    @property
    def export(self) -> Callable:
        return importlib.import_module(self.module_path).export

    def warm(self) -> None:
        """Load what the format keeps per process (its module's `warm`)."""
        importlib.import_module(self.module_path).warm()

    def fingerprint(self) -> str:
        return _fingerprint(self.inputs, self.libraries, fonts.identity() if self.fonts else "")


# What every format's output depends on: the model, the library stage (parsing, line numbers,
# the sanitizer) and the export stage's shared modules, found recursively, so a moved or new
# module can never serve stale exports. commands/, engines/, pages/ and the site's templates
# shape no download: editing them renders nothing again.
SHARED = ("model/**/*.py", "library/**/*.py", "exports/*.py")
FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format(
            "pdf",
            "PDF",
            "pdf.single",
            (*SHARED, "exports/pdf/**/*.py", "templates/*.html", "assets/print.css", "fonts/*"),
            ("weasyprint", "pydyf", "markdown", "font-source-sans-pro"),
            (
                *("library_name", "lang", "line_numbers", "line_width", "print_css"),
                "content_licence",
            ),
            fonts=True,
        ),
        Format(
            "docx",
            "Word",
            "word.writer",
            (*SHARED, "exports/word/**/*.py", "templates/reference.docx"),
            ("python-docx", "markdown"),
            ("library_name", "lang", "line_numbers", "line_width", "content_licence"),
        ),
        Format(  # a motion carried as amended: its changes tracked against the submitted text
            "tracked",
            "Word, changes tracked",
            "word.tracked",
            (*SHARED, "exports/word/**/*.py", "templates/reference.docx"),
            ("python-docx", "markdown"),
            ("library_name", "lang", "content_licence"),
            suffix="docx",
            stem="-tracked",
            applies=lambda rendered: rendered.adopted is not None,
        ),
    )
}


@dataclass(frozen=True)
class BundleFormat:
    """One download of a group of motions (a meeting, a topic, all of them), made from the
    group's documents and their single files: a motion book from its PDFs, a ZIP of its Word
    files, a meeting's decisions. Adding one is a module with the function `function` names
    and an entry below; the export stage, its cache and the site's links follow."""

    name: str  # "book", "zip"…: the key in ExportResult.bundles
    label: str  # as the site's buttons say it
    folder: str  # downloads/<folder>/<prefix><stem>.<suffix>
    suffix: str
    source: str  # the single format whose files (and cache keys) it is made from
    function: str  # "pdf.bundle:book": (bundle, singles, settings) → Result[bytes]
    applies: Callable[[Any], bool] = lambda bundle: True  # which bundles get one
    prefix: str = ""  # "decisions-": a second download of the same bundle
    parsed: bool = False  # members are parsed documents (else Documents: cheaper to send)
    pool: bool = True  # laid out in the pool; False: packed in the build's process (a ZIP)

    def uri(self, stem: str) -> str:
        return f"downloads/{self.folder}/{self.prefix}{stem}.{self.suffix}"

    @property
    def make(self) -> Callable:
        module, name = self.function.split(":")
        return getattr(importlib.import_module(f"motionlib.exports.{module}"), name)


def _decided(bundle) -> bool:
    return bundle.kind == "meetings" and has_results(m.doc.meta for m in bundle.members)


BUNDLES: dict[str, BundleFormat] = {
    b.name: b
    for b in (
        BundleFormat(
            "book", "Motion book (PDF)", "books", "pdf", "pdf", "pdf.bundle:book",
            applies=lambda bundle: bundle.book,
        ),
        BundleFormat(
            "decisions", "Decisions (PDF)", "books", "pdf", "pdf", "pdf.decisions:decisions",
            applies=_decided, prefix="decisions-", parsed=True,
        ),
        BundleFormat(
            "decisions_docx", "Decisions (Word)", "word", "docx", "docx",
            "word.decisions:decisions", applies=_decided, prefix="decisions-", parsed=True,
        ),
        BundleFormat(
            "report_back", "report-back form for delegates (Word)", "word", "docx", "docx",
            "word.decisions:report_back", applies=_decided, prefix="report-back-", parsed=True,
        ),
        BundleFormat(
            "zip", "All Word files (ZIP)", "word", "zip", "docx", "bundles:word_zip",
            pool=False,
        ),
    )
}  # fmt: skip

OFFLINE_COPY = "offline_copy"  # the whole site for a folder or USB stick (build --offline-zip)
OFFLINE_LABEL = "Offline copy of the site (ZIP)"
OFFLINE_URI = "downloads/offline-copy.zip"


def files_of(globs: tuple[str, ...]) -> list[Path]:
    """Every file the globs name in the package (caches and compiled files left out)."""
    found = {p for pattern in globs for p in PACKAGE.glob(pattern) if p.is_file()}
    return sorted(p for p in found if "__pycache__" not in p.parts)


@functools.cache
def _fingerprint(globs: tuple[str, ...], libraries: tuple[str, ...], fonts: str) -> str:
    digest = hashlib.sha256(f"motionlib={__version__};fonts={fonts};".encode())
    for package in libraries:
        digest.update(f"{package}={version(package)};".encode())
    for path in files_of(globs):
        digest.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()
