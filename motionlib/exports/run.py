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
import contextlib
import functools
import hashlib
import json
import multiprocessing
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from motionlib.exports.bundles import Bundle
from motionlib.exports.formats import BUNDLES, FORMATS, OFFLINE_COPY, OFFLINE_LABEL
from motionlib.exports.shards import share
from motionlib.library.body import Parsed
from motionlib.library.cachetrust import (
    is_trusted,
    read_trusted,
    sealing_settings,
    use_sealing,
    write_trusted,
)
from motionlib.model.problems import MotionLibError, Problem, Severity
from motionlib.model.result import Result
from motionlib.model.schema import Settings

# Measured on 2 cores: a pool costs ~1.2 s to start and saves ~24 ms per export.
SERIAL_LIMIT = 48
# A book of this many motions is about one export's work: a 50-motion book (its contents laid
# out, its pages copied, renumbered and retagged) took 0.3 s, three PDFs' time.
MOTIONS_PER_EXPORT = 16


@dataclass(frozen=True)
class Download:
    """One exported file in the cache, ready to be published."""

    fmt: str
    path: Path
    size: int

    @property
    def label(self) -> str:
        """How the site names it: 'PDF', 'Word', 'Motion book (PDF)'…"""
        if self.fmt == OFFLINE_COPY:
            return OFFLINE_LABEL
        table = FORMATS if self.fmt in FORMATS else BUNDLES
        return table[self.fmt].label


@dataclass
class ExportResult:
    downloads: dict[tuple[str, str], dict[str, Download]] = field(default_factory=dict)
    bundles: dict[tuple[str, str], dict[str, Download]] = field(default_factory=dict)
    rendered: int = 0  # single PDF and Word files
    cached: int = 0
    bundles_rendered: int = 0  # motion books and Word ZIPs
    bundles_cached: int = 0
    zips_made: int = 0  # of bundles_rendered: packed, not rendered
    warnings: list[Problem] = field(default_factory=list)  # what an export could not carry over
    offline_copy: Download | None = None  # build --offline-zip's, made before the site

    def for_doc(self, kind: str, slug: str) -> dict[str, Download]:
        return self.downloads.get((kind, slug), {})


def code_fingerprint(fmt: str) -> str:
    """Everything besides the document and the settings that shapes a format's files."""
    return FORMATS[fmt].fingerprint()


def cache_key(rendered: Parsed, settings: Settings, fmt: str) -> str:
    relevant = {name: getattr(settings, name) for name in FORMATS[fmt].settings}
    parts = [
        code_fingerprint(fmt),
        fmt,
        rendered.doc.kind,
        rendered.doc.digest,
        repr(relevant),
        repr(rendered.titles),  # a renamed amended motion changes this one's details table
        rendered.amended_key,  # an amendment shows the motion it amends, as amended
        *(f"{image.src}={image.digest}" for image in rendered.images),  # its pictures
    ]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def export_one(rendered: Parsed, settings: Settings, fmt: str) -> Result[bytes]:
    """The pure function the cache wraps: one document, one format → bytes and warnings."""
    return FORMATS[fmt].export(rendered, settings)


def _warm_worker(build_pid: int, sealing: dict[str, str | None]) -> None:
    """Follow the build, seal as it does, then build the per-process renderers once, before the
    first document.

    A worker busy with a long book would otherwise outlive a killed build by a minute or more.
    Workers come from a fork server that may have started before the build's environment was
    set (a test, `serve`): they take the build's cache key settings, not the server's.
    """
    use_sealing(sealing)
    threading.Thread(target=_exit_with, args=(build_pid,), daemon=True).start()
    for fmt in FORMATS.values():
        fmt.warm()


def _exit_with(build_pid: int) -> None:
    """Exit this worker within half a second of the build process going away."""
    while True:
        time.sleep(0.5)
        try:
            os.kill(build_pid, 0)
        except (ProcessLookupError, PermissionError):  # gone, or its number reused by another user
            os._exit(1)


@dataclass
class _Job:
    """One file to render in the pool, and how to record it once it exists."""

    path: Path
    function: Callable  # a module-level function, so the pool can send it to a worker
    args: tuple
    label: str  # the source file (or the book), for messages
    record: Callable[[Path], None]
    weight: int = 1  # bigger jobs start first, so one long book does not end the build alone
    bundle: bool = False
    needs: tuple[Path, ...] = ()  # a bundle's single files, made first


def export_all(
    rendered: list[Parsed],
    settings: Settings,
    cache_dir: Path,
    workers: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    bundles: list[Bundle] | tuple = (),
    shard: tuple[int, int] | None = None,
) -> ExportResult:
    """Export every document in both formats and every bundle, from cache where possible.

    Motion books are assembled from the single PDFs, so they come second; Word ZIPs last.
    `shard` (K, N): only the K-th of N shares of the work (shards.py), into the cache.
    """
    result = ExportResult()
    stages = [
        _document_jobs(rendered, settings, cache_dir, result),
        _bundle_jobs(bundles, settings, cache_dir, result, pool=True),
        _bundle_jobs(bundles, settings, cache_dir, result, pool=False),
    ]
    if shard is not None:
        stages = share(stages, *shard, cached=is_trusted)
    packed = stages.pop()  # ZIPs: packed here, after the Word files exist
    stages = [[job for job in jobs if not _from_cache(job, result)] for jobs in stages]
    total = sum(len(misses) for misses in stages)
    with _runner(sum(job.weight for misses in stages for job in misses), workers) as run:
        done = 0
        for misses in stages:  # one pool for both: starting one costs ~1.2 s
            misses.sort(key=lambda job: -job.weight)  # the longest books start first
            for job, made in run(misses):
                data, warnings = made.value, made.warnings
                if warnings:  # kept beside the file, so a cached build reports them too
                    _store(_warnings_path(job.path), json.dumps(warnings).encode())
                _store(job.path, data)
                _count(result, job, cached=False)
                _report(result, job, warnings)
                job.record(job.path)
                done += 1
                if progress:
                    progress(done, total)
    for job in packed:
        if not _from_cache(job, result):  # packed, not rendered: after the Word files exist
            _store(job.path, job.function(*job.args).value)
            _count(result, job, cached=False)
            result.zips_made += 1
            job.record(job.path)
    return result


def _from_cache(job: _Job, result: ExportResult) -> bool:
    if not is_trusted(job.path):
        return False
    stored = read_trusted(_warnings_path(job.path))
    try:
        warnings = json.loads(stored) if stored else []
    except ValueError:
        return False  # damaged: render it again
    _count(result, job, cached=True)
    _report(result, job, warnings)
    job.record(job.path)
    return True


def _warnings_path(path: Path) -> Path:
    return path.with_name(path.name + ".warnings.json")


def _report(result: ExportResult, job: _Job, warnings: list[str]) -> None:
    fmt = job.path.suffix.lstrip(".")
    result.warnings += [
        Problem(job.label, None, fmt, str(warning), Severity.WARNING) for warning in warnings
    ]


def _document_jobs(rendered, settings, cache_dir, result) -> list[_Job]:
    jobs = []
    for item in rendered:
        for fmt in (name for name, f in FORMATS.items() if f.applies(item)):
            path = cache_dir / "exports" / f"{cache_key(item, settings, fmt)}.{fmt}"
            record = functools.partial(_record, result, (item.doc.kind, item.doc.slug), fmt)
            jobs.append(_Job(path, export_one, (item, settings, fmt), item.doc.path, record))
    return jobs


def _bundle_jobs(bundles, settings, cache_dir, result, pool: bool) -> list[_Job]:
    """A job per bundle download (formats.BUNDLES), its singles named by their cache paths: the
    pool's run after the singles they need, in the same pool; the others (ZIPs) are packed
    here, after every single exists."""
    jobs = []
    for bundle in bundles:
        for fmt in BUNDLES.values():
            if fmt.pool == pool and fmt.applies(bundle):
                jobs.append(_bundle_job(bundle, fmt, settings, cache_dir, result))
    return jobs


def _bundle_job(bundle: Bundle, fmt, settings, cache_dir: Path, result: ExportResult) -> _Job:
    members = [cache_key(item, settings, fmt.source) for item in bundle.members]
    key = hashlib.sha256(
        "\0".join([fmt.name, code_fingerprint(fmt.source), bundle.title, *members]).encode()
    ).hexdigest()
    record = functools.partial(_record_bundle, result, bundle.key, fmt.name)
    singles = [cache_dir / "exports" / f"{member}.{fmt.source}" for member in members]
    sent = bundle.members if fmt.parsed else [m.doc for m in bundle.members]
    args = (fmt.make, replace(bundle, members=tuple(sent)), singles, settings)
    path = cache_dir / "exports" / f"{key}.{fmt.suffix}"
    weight = 1 + len(bundle.members) // MOTIONS_PER_EXPORT
    label = f"{fmt.name} {bundle.stem}"
    return _Job(path, export_bundle, args, label, record, weight, True, tuple(singles))


def _count(result: ExportResult, job: _Job, cached: bool) -> None:
    name = ("bundles_" if job.bundle else "") + ("cached" if cached else "rendered")
    setattr(result, name, getattr(result, name) + 1)


def export_bundle(
    make: Callable, bundle: Bundle, singles: list[Path], settings: Settings
) -> Result[bytes]:
    """One bundle download from its members and their cached single files (read_trusted:
    sealed by us)."""
    data = [read_trusted(path) for path in singles]
    if any(item is None for item in data):
        raise MotionLibError("a motion's file left the export cache during the build; build again")
    return make(bundle, data, settings)


def _record(result: ExportResult, key: tuple[str, str], fmt: str, path: Path) -> None:
    result.downloads.setdefault(key, {})[fmt] = Download(fmt, path, path.stat().st_size)


def _record_bundle(result: ExportResult, key: tuple[str, str], fmt: str, path: Path) -> None:
    result.bundles.setdefault(key, {})[fmt] = Download(fmt, path, path.stat().st_size)


def _store(path: Path, data: bytes) -> None:
    """Write via a temporary name, so an interrupted build never leaves half a file in the cache,
    and seal it, so the next build knows this machine made it."""
    try:
        write_trusted(path, data)
    except OSError as error:
        raise MotionLibError(
            f"{path.parent}: the export cache cannot be written ({error.strerror}); free "
            "some space or make the folder writable (cache_dir in mkdocs.yml); "
            "the last good site is kept"
        ) from None


@contextlib.contextmanager
def _runner(work: int, workers: int | None):
    """A function that yields (job, Result) for each job given, as each is done: in
    a pool when the work pays for it, counted in exports' worth, not jobs (twenty 50-motion
    books are eighty exports' work, and once ran one after another as twenty small jobs)."""
    workers = max(1, min(workers or os.cpu_count() or 1, work))
    if work <= SERIAL_LIMIT or workers == 1:
        yield lambda misses: ((job, job.function(*job.args)) for job in misses)
        return
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([fmt.module_path for fmt in FORMATS.values()])
    with futures.ProcessPoolExecutor(
        workers,
        mp_context=context,
        initializer=_warm_worker,
        initargs=(os.getpid(), sealing_settings()),
    ) as pool:

        def run(misses: list[_Job]):
            running = {pool.submit(job.function, *job.args): job for job in misses}
            for future in futures.as_completed(running):
                yield running[future], future.result()

        yield run
