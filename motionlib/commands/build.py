"""`build`: check → produce (exports, the site tree) → engine → swap the new site in.

It reads like MkDocs' own: everything is checked before anything is written, and the new site
is assembled beside the old one and swapped in only when complete, so a failed or interrupted
build leaves the last good site.
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
from dataclasses import dataclass, field, replace
from pathlib import Path

from mkdocs.exceptions import MkDocsException

from motionlib.engines.mkdocs import build_with_mkdocs, site_shape
from motionlib.engines.zensical import build_with_zensical
from motionlib.library.check import SITE_LINK, Report, check_config, plural
from motionlib.library.settings import load_mkdocs_config, plugin_options, settings_from
from motionlib.model.problems import LibraryInvalid, MotionLibError, Problem
from motionlib.pipeline import export_share, produce

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # Material's banner is noise for editors


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
    inputs: tuple = ()  # what check read besides the files (check_inputs)

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
    offline_copy: Path | None = None,
    after: BuildSummary | None = None,
) -> BuildSummary:
    """check → export → generated tree → engine → swap the new site in. Nothing is written
    if check fails. The engine is `engine`, else mkdocs.yml's `engine:` option, else MkDocs;
    `offline_copy`: a ZIP of the offline copy to publish and link (commands/offline_copy.py);
    `after`: that copy's build, a moment before, whose check is used again when this
    configuration gives check the same inputs (at 1,000 motions check takes ≈1 s with its
    render cache warm, ≈5 s cold)."""
    started = time.perf_counter()
    config = load_mkdocs_config(config_file)
    engine = engine or plugin_options(config).engine
    inputs = check_inputs(config)
    same = after is not None and after.inputs == inputs
    report = after.report if same else check_config(config)  # files → validated documents
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
        steps = (started, checked)
        summary = _build_into(config, report, final, steps, progress, engine, offline_copy)
    return replace(summary, inputs=inputs)


def check_inputs(config) -> tuple:
    """What check reads besides the library's files: the motions settings, where docs/ is and
    how its pages are rendered, the theme's overrides."""
    settings = settings_from(config, plugin_options(config))
    extensions = (config.markdown_extensions, config.mdx_configs)
    return (repr(settings), config.docs_dir, repr(extensions), config.theme.custom_dir)


def build_shard(
    config_file: Path, shard: tuple[int, int], progress: Callable[[int, int], None] | None = None
) -> str:
    """Render the K-th of N shares of the exports into the cache; no site is written. What it
    did, as one line."""
    report = check_config(load_mkdocs_config(config_file))
    if report.errors:
        raise LibraryInvalid(report.problems)
    if not report.library.settings.exports:
        return f"Shard {shard[0]}/{shard[1]}: exports are off in mkdocs.yml; nothing to render"
    _reproducible_dates(report.library.root)
    result = export_share(report, shard, progress)
    rendered = result.rendered + result.bundles_rendered
    cached = result.cached + result.bundles_cached
    return f"Shard {shard[0]}/{shard[1]}: {rendered} rendered, {cached} from cache (no site built)"


def _build_into(config, report, final, steps, progress, engine, offline_copy) -> BuildSummary:
    """Write the generated tree, let the engine build it, then swap the site in (the caller
    holds the lock). Everything happens in one work folder beside the site."""
    started, checked = steps
    _refuse_foreign_folder(final)
    work = _prepare(final)
    site = work / "site"
    _reproducible_dates(Path(config.config_file_path).parent)
    try:
        shape = site_shape(config, engine)
        folder = work / "pages" if engine == "zensical" else None  # MkDocs is handed it
        tree = produce(report, shape, folder, progress=progress, offline_copy=offline_copy)
        exported = time.perf_counter()
        if engine == "zensical":
            build_with_zensical(config, report.library.settings, tree, site)
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
