"""The recipe: check → export → pages. `produce()` is what the CLI's build, the MkDocs plugin and
Zensical all call; an engine only turns what it returns (the site tree) into a site.

    report = check_config(config)                # files → validated, parsed documents (or errors)
    exports = export_all(report, …)              # PDF, Word, books, ZIPs: cached, in parallel
    tree = make_tree(report, exports, …)          # every page and file of the site
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path

from motionlib.exports.bundles import plan_bundles
from motionlib.exports.formats import OFFLINE_COPY
from motionlib.exports.run import Download, ExportResult, export_all
from motionlib.library.check import Report
from motionlib.pages.tree import Generated, SiteShape, make_tree

log = logging.getLogger("mkdocs.plugins.motions")


def produce(
    report: Report,
    shape: SiteShape,
    folder: Path | None,
    *,
    books: bool = True,
    progress: Callable[[int, int], None] | None = None,
    offline_copy: Path | None = None,
) -> Generated:
    """The export stage, then the pages stage, from a report without errors; `offline_copy`
    (a ZIP made before) is published and linked with the library's own downloads."""
    library, rendered, settings = report.library, report.rendered, report.library.settings
    started = time.perf_counter()
    exports, bundles = None, []
    if settings.exports:
        bundles = plan_bundles(rendered, settings, books)
        cache = library.root / settings.cache_dir
        exports = export_all(rendered, settings, cache, settings.workers, progress, bundles)
        _log_exports(exports, bundles, settings, books)
    exported = time.perf_counter()
    exports = exports or ExportResult()
    if offline_copy is not None:
        exports.offline_copy = Download(OFFLINE_COPY, offline_copy, offline_copy.stat().st_size)
    docs = tuple(report.docs)
    tree = make_tree(library, rendered, shape, folder, docs=docs, exports=exports, bundles=bundles)
    tree.export_seconds = exported - started
    return tree


def export_share(
    report: Report, shard: tuple[int, int], progress: Callable[[int, int], None] | None = None
) -> ExportResult:
    """The export stage alone, for shard K of N (exports/shards.py): into the cache, no site."""
    settings = report.library.settings
    bundles = plan_bundles(report.rendered, settings)
    cache = report.library.root / settings.cache_dir
    return export_all(report.rendered, settings, cache, settings.workers, progress, bundles, shard)


def _log_exports(exports, bundles, settings, books: bool) -> None:
    for warning in exports.warnings:
        log.warning(str(warning))
    limit = settings.book_limit
    for bundle in bundles:
        if books and not bundle.book and limit and len(bundle.members) > limit:
            log.info(
                f"{bundle.title}: {len(bundle.members)} motions, over book_limit; "
                "its Word ZIP is made but no motion book"
            )
