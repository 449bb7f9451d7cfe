"""The stages in order: load → check → export → generated tree → engine, as the CLI runs them.

`build` reads like MkDocs' own: everything is checked before anything is
written, and the new site is assembled beside the old one and swapped in only
when complete, so a failed or interrupted build leaves the last good site.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import secrets
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException

from motionlib.checks import check_library
from motionlib.docs_check import docs_problems, theme_problems
from motionlib.docs_pages import DocsPage
from motionlib.engines import build_with_mkdocs, build_with_zensical, site_shape
from motionlib.links import committed_below, links_below
from motionlib.load import Library, load_library
from motionlib.problems import LibraryInvalid, MotionLibError, Problem, sort_problems
from motionlib.render import Rendered
from motionlib.settings import (
    docs_markdown,
    load_mkdocs_config,
    plugin_options,
    settings_from,
    theme_files,
)
from motionlib.tree import write_tree

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # Material's banner is noise for editors


@dataclass
class Report:
    """What `check` found: the library, its rendered documents and every problem."""

    library: Library
    rendered: list[Rendered]
    problems: list[Problem]
    docs: list[DocsPage] = field(default_factory=list)  # docs/ pages, rendered and sanitized

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]

    @property
    def templates(self) -> list[Rendered]:
        """Template motions, whose placeholders `check` lists for branch officers."""
        return [r for r in self.rendered if getattr(r.doc.meta, "status", None) == "template"]

    def summary(self) -> str:
        topics = {t for doc in self.library.documents for t in doc.topics}
        counts = (
            plural(self.library.files.get("motion", 0), "motion"),
            plural(self.library.files.get("briefing", 0), "briefing"),
            plural(len(topics), "topic"),
        )
        problems = (plural(len(self.errors), "error"), plural(len(self.warnings), "warning"))
        return f"{', '.join(counts)}: {', '.join(problems)}"


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def check_config(config: MkDocsConfig) -> Report:
    """Load, validate and render the whole library described by a loaded mkdocs.yml."""
    options = plugin_options(config)
    settings = settings_from(config, options)
    root = Path(config.config_file_path).resolve().parent
    library = load_library(root, settings)
    outputs = _output_problems(config, options, root)
    cache = None if outputs else root / options.cache_dir / "render.json"  # never through a link
    rendered, problems = check_library(library, cache)
    problems = [*outputs, *problems]
    docs, pages = docs_problems(
        root,
        Path(config.docs_dir),
        tuple(options.overrides),
        docs_markdown(config),
        theme_files(config),
    )
    custom_dir = config.theme.custom_dir
    theme = theme_problems(root, Path(custom_dir) if custom_dir else None)
    return Report(library, rendered, sort_problems([*problems, *docs, *theme]), pages)


def _output_problems(config: MkDocsConfig, options, root: Path) -> list[Problem]:
    """The folders builds write (build/, the cache, the site's folder): no links in them and
    nothing committed, or a pull request could make a build write or publish through them."""
    site_parent = Path(config.site_dir).resolve().parent
    folders = [root / "build", root / options.cache_dir]
    if site_parent.is_relative_to(root) and site_parent != root:
        folders.append(site_parent)
    # Each folder walked once: one inside another (build/cache in build/) is walked with it.
    folders = [
        f
        for f in dict.fromkeys(folders)
        if not any(f != o and f.is_relative_to(o) for o in folders)
    ]
    found = [problem for folder in folders for problem in links_below(root, folder)]
    site = Path(config.site_dir)
    if site.is_symlink():  # said as the build says it: the swap would replace what it points at
        shown = site.relative_to(root).as_posix() if site.is_relative_to(root) else str(site)
        found = [p for p in found if p.path != shown] + [Problem(shown, None, None, SITE_LINK)]
    return list(dict.fromkeys([*found, *committed_below(root, folders)]))


SITE_LINK = (
    "the site folder is a link, and building replaces the site folder; remove the link (a "
    "pull request may have committed it)"
)


def check_project(config_file: Path) -> Report:
    return check_config(load_mkdocs_config(config_file))


@dataclass
class BuildSummary:
    report: Report
    rendered: int
    cached: int
    seconds: float
    site_dir: Path
    stages: dict[str, float]
    bundles: tuple[int, int] = (0, 0)  # made, from cache
    warnings: list[Problem] = field(default_factory=list)  # what the exports could not carry
    zips: int = 0  # Word ZIPs packed (part of bundles[0])

    def __str__(self) -> str:
        """One count, the same the progress line counts: files rendered (PDF, Word, books),
        Word ZIPs packed, and files taken from the cache, adding up to every download."""
        library = self.report.library
        rendered = self.rendered + self.bundles[0] - self.zips
        cached = self.cached + self.bundles[1]
        return (
            f"{plural(len(library.motions), 'motion')}, "
            f"{plural(len(library.briefings), 'briefing')}"
            f" — {plural(rendered + self.zips + cached, 'download')}: {rendered} rendered, "
            f"{self.zips} Word ZIPs packed, {cached} from cache"
            f" — {self.seconds:.1f} s → {self.site_dir}"
        )


def build(
    config_file: Path,
    site_dir: Path | None = None,
    progress: Callable[[int, int], None] | None = None,
    on_report: Callable[[Report], None] | None = None,
    engine: str | None = None,
) -> BuildSummary:
    """check → export → generated tree → engine → swap the new site in. Nothing is written
    if check fails. The engine is `engine`, else mkdocs.yml's `engine:` option, else MkDocs."""
    started = time.perf_counter()
    config = load_mkdocs_config(config_file)
    engine = engine or plugin_options(config).engine
    report = check_config(config)  # files → validated, rendered documents
    checked = time.perf_counter()
    if on_report:
        on_report(report)
    if report.errors:
        raise LibraryInvalid(report.problems)
    root = Path(config.config_file_path).resolve().parent
    if Path(site_dir or config.site_dir).is_symlink():  # say so, before resolving it elsewhere
        raise MotionLibError(f"{site_dir or config.site_dir}: {SITE_LINK}")
    final = Path(site_dir or config.site_dir).resolve()
    if site_dir is None and not final.is_relative_to(root):
        raise MotionLibError(
            f"{config.config_file_path}: site_dir: '{config.site_dir}' is outside the project "
            "folder, and building replaces the site folder; use a folder inside it, or give "
            "--site-dir on the command line"
        )
    _refuse_project_folder(final, root)
    with site_lock(final):
        return _build_into(config, report, final, started, checked, progress, engine)


def _build_into(config, report, final, started, checked, progress, engine) -> BuildSummary:
    """Write the generated tree, let the engine build it, then swap the site in (the caller
    holds the lock). Everything happens in one work folder beside the site."""
    _refuse_foreign_folder(final)
    work = _prepare(final)
    site = work / "site"
    _reproducible_dates(Path(config.config_file_path).parent)
    try:
        shape = site_shape(config, engine)
        options = plugin_options(config)
        library, rendered = report.library, report.rendered
        folder = work / "pages" if engine == "zensical" else None  # MkDocs is handed it
        docs = tuple(report.docs)
        tree = write_tree(library, rendered, options, shape, folder, docs=docs, progress=progress)
        exported = time.perf_counter()
        if engine == "zensical":
            build_with_zensical(config, library.settings, tree, site)
        else:
            build_with_mkdocs(config, tree, site)
    except (MkDocsException, OSError) as error:
        shutil.rmtree(work, ignore_errors=True)
        raise MotionLibError(
            f"The site could not be built; the last good site is kept.\n{error}"
        ) from None
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    (site / SITE_MARKER).write_text("Made by motionlib build; replaced by the next build.\n")
    _swap(site, final)  # atomic enough: two renames
    shutil.rmtree(work, ignore_errors=True)
    finished = time.perf_counter()
    stages = {
        "check": checked - started,
        "export": tree.export_seconds,
        "pages": exported - checked - tree.export_seconds,
        "site": finished - exported,
    }
    exports = tree.exports
    bundles = (exports.bundles_rendered, exports.bundles_cached)
    return BuildSummary(
        report,
        exports.rendered,
        exports.cached,
        finished - started,
        final,
        stages,
        bundles,
        list(exports.warnings),
        exports.zips_made,
    )


def _refuse_project_folder(final: Path, root: Path) -> None:
    """The swap replaces the site folder wholesale: never let that folder hold the project."""
    if root.is_relative_to(final):
        raise MotionLibError(
            f"{final}: the site folder would contain the project itself, and building replaces "
            "the site folder; choose a folder of its own, such as build/site"
        )


SITE_MARKER = ".motionlib-site"


@contextlib.contextmanager
def site_lock(final: Path) -> Iterator[None]:
    """One build of a site at a time: two would delete each other's staging folders."""
    final.parent.mkdir(parents=True, exist_ok=True)
    lock_path = final.parent / f".{final.name}-build.lock"
    try:  # never through a link: a committed one would create a file wherever it pointed
        descriptor = os.open(lock_path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o644)
    except OSError as error:
        raise MotionLibError(
            f"{lock_path}: cannot be opened ({error.strerror}); if it is a link, remove it"
        ) from None
    with os.fdopen(descriptor, "r+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise MotionLibError(
                f"{final}: another build of this site is running; wait for it to finish, "
                "then build again"
            ) from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _refuse_foreign_folder(final: Path) -> None:
    """Only ever replace a folder that a build made: it holds our marker file (or, made before
    the marker existed, our own stylesheet)."""
    ours = (final / SITE_MARKER).is_file() or (final / "assets/motionlib/site.css").is_file()
    if final.is_symlink() or (final.exists() and any(final.iterdir()) and not ours):
        raise MotionLibError(
            f"{final}: this folder was not made by `generate.py build`, and building replaces "
            "the site folder; move it away or choose another --site-dir"
        )


def _prepare(final: Path) -> Path:
    """Recover from an interrupted swap, clear stale work folders, return a fresh one (the
    generated tree and the new site are made in it)."""
    final.parent.mkdir(parents=True, exist_ok=True)
    leftovers = sorted(final.parent.glob(f".{final.name}.old-*"))
    if leftovers and not final.exists():
        leftovers.pop().rename(final)
    for stale in [*leftovers, *final.parent.glob(f".{final.name}.new-*")]:
        shutil.rmtree(stale, ignore_errors=True)
    return Path(tempfile.mkdtemp(prefix=f".{final.name}.new-", dir=final.parent))


def _swap(staging: Path, final: Path) -> None:
    old = final.parent / f".{final.name}.old-{secrets.token_hex(8)}"
    if final.exists():
        final.rename(old)
    staging.rename(final)
    shutil.rmtree(old, ignore_errors=True)


def _reproducible_dates(root: Path) -> None:
    """Date the sitemap by the last commit, not the clock: two builds of a commit are identical."""
    if "SOURCE_DATE_EPOCH" in os.environ:
        return
    try:
        stamp = subprocess.run(
            ["git", "log", "-1", "--format=%ct"],
            cwd=root,
            capture_output=True,
            text=True,
            timeout=10,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return
    if stamp.isdigit():
        os.environ["SOURCE_DATE_EPOCH"] = stamp
