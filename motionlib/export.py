"""Export stage: every document → PDF and Word, cached by content hash, rendered in parallel.

An export is a pure function of (document, templates, settings), so its cache
key hashes exactly those: the source bytes, every template, stylesheet and
font, the relevant settings, and the versions of the code that renders. An
unchanged document is never rendered twice; a changed template renders all.
Misses go to a process pool whose workers keep WeasyPrint's CSS and font
configuration and the Word reference document warm.
"""

from __future__ import annotations

import concurrent.futures as futures
import functools
import hashlib
import multiprocessing
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path

from motionlib import __version__
from motionlib.model import Settings
from motionlib.render import Rendered
from motionlib.templating import ASSETS, FONT_DIR, TEMPLATES

FORMATS = ("pdf", "docx")
# Measured on 2 cores: a pool costs ~1.2 s to start and saves ~24 ms per export.
SERIAL_LIMIT = 48
# The settings each format's output depends on: a new print stylesheet re-renders PDFs only.
RENDER_SETTINGS = {
    "pdf": ("library_name", "lang", "line_numbers", "print_css"),
    "docx": ("library_name", "lang"),
}


@dataclass(frozen=True)
class Download:
    """One exported file in the cache, ready to be published."""

    fmt: str
    path: Path
    size: int


@dataclass
class ExportResult:
    downloads: dict[tuple[str, str], dict[str, Download]] = field(default_factory=dict)
    rendered: int = 0
    cached: int = 0
    warnings: list[str] = field(default_factory=list)

    def for_doc(self, kind: str, slug: str) -> dict[str, Download]:
        return self.downloads.get((kind, slug), {})


PACKAGE = Path(__file__).resolve().parent
# Everything besides the document that shapes an export (site templates do not).
EXPORT_INPUTS = (
    TEMPLATES / "print.html",
    ASSETS / "print.css",
    TEMPLATES / "reference.docx",
    *(PACKAGE / f"{module}.py" for module in ("model", "render", "templating", "pdf", "word")),
)


def fingerprint(paths: tuple[Path, ...]) -> str:
    """Hash of the given files (and the fonts and library versions that render them)."""
    digest = hashlib.sha256()
    for package in ("weasyprint", "python-docx", "markdown", "pydyf"):
        digest.update(f"{package}={version(package)};".encode())
    digest.update(f"motionlib={__version__};".encode())
    for path in (*paths, *sorted(FONT_DIR.glob("*.ttf"))):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


@functools.cache
def code_fingerprint() -> str:
    return fingerprint(EXPORT_INPUTS)


def cache_key(rendered: Rendered, settings: Settings, fmt: str) -> str:
    relevant = {name: getattr(settings, name) for name in RENDER_SETTINGS[fmt]}
    parts = [code_fingerprint(), fmt, rendered.doc.kind, rendered.doc.digest, repr(relevant)]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def render_export(rendered: Rendered, settings: Settings, fmt: str) -> tuple[bytes, list[str]]:
    """The pure function the cache wraps: one document, one format → bytes and warnings."""
    if fmt == "pdf":
        from motionlib.pdf import pdf_bytes

        return pdf_bytes(rendered, settings), []
    from motionlib.word import docx_bytes

    result = docx_bytes(rendered, settings)
    return result.data, result.warnings


def _warm_worker() -> None:
    """Build the per-process renderers once, before the first document arrives."""
    from motionlib.pdf import _renderer as pdf_renderer
    from motionlib.word import _renderer as word_renderer

    pdf_renderer()
    word_renderer()


def export_all(
    rendered: list[Rendered],
    settings: Settings,
    cache_dir: Path,
    workers: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ExportResult:
    """Export every document in both formats, from cache where possible."""
    result = ExportResult()
    misses: list[tuple[Rendered, str, Path]] = []
    for item in rendered:
        for fmt in FORMATS:
            path = cache_dir / "exports" / f"{cache_key(item, settings, fmt)}.{fmt}"
            if path.is_file():
                result.cached += 1
                _record(result, item, fmt, path)
            else:
                misses.append((item, fmt, path))
    for (item, fmt, path), (data, warnings) in _run(misses, settings, workers, progress):
        _store(path, data)
        result.rendered += 1
        result.warnings += [f"{item.doc.path}: {fmt}: {w}" for w in warnings]
        _record(result, item, fmt, path)
    return result


def _record(result: ExportResult, item: Rendered, fmt: str, path: Path) -> None:
    key = (item.doc.kind, item.doc.slug)
    result.downloads.setdefault(key, {})[fmt] = Download(fmt, path, path.stat().st_size)


def _store(path: Path, data: bytes) -> None:
    """Write via a temporary name, so an interrupted build never leaves half a file in the cache."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_bytes(data)
    temporary.replace(path)


def _run(misses, settings, workers, progress):
    """Yield ((item, fmt, path), (bytes, warnings)) for every miss, in a pool when it pays."""
    total = len(misses)
    workers = max(1, min(workers or os.cpu_count() or 1, total))
    if total <= SERIAL_LIMIT or workers == 1:
        for done, (item, fmt, path) in enumerate(misses, 1):
            yield (item, fmt, path), render_export(item, settings, fmt)
            if progress:
                progress(done, total)
        return
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["motionlib.pdf", "motionlib.word"])
    with futures.ProcessPoolExecutor(workers, mp_context=context, initializer=_warm_worker) as pool:
        jobs = {
            pool.submit(render_export, item, settings, fmt): (item, fmt, path)
            for item, fmt, path in misses
        }
        for done, job in enumerate(futures.as_completed(jobs), 1):
            yield jobs[job], job.result()
            if progress:
                progress(done, total)
