"""The MkDocs plugin: a thin adapter that hands MkDocs the generated tree (pages/tree.py).

Under `generate.py build` the build has made the tree (pipeline.produce) and hands it over;
under `mkdocs build` or `mkdocs serve` the plugin checks the library and calls the same
produce(). Either way MkDocs is given the tree's pages and files, the library's docs/ pages as
check rendered them included (MkDocs' own reading of docs/ is dropped: it follows links and
passes raw HTML); our pages are already HTML, so MkDocs skips Markdown for them and only adds
its theme, nav and search.
"""

from __future__ import annotations

import copy
import html
import logging
import threading
from dataclasses import replace
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.toc import get_toc

from motionlib.engines.contents import heading_tokens
from motionlib.engines.csp import with_policy
from motionlib.engines.mkdocs import add_site_parts, site_shape, uses_pagefind
from motionlib.engines.search import index_site
from motionlib.library.settings import MotionsConfig, settings_from
from motionlib.model.addresses import SEARCH_PAGE
from motionlib.model.problems import LibraryInvalid, MotionLibError
from motionlib.pages.tree import Generated, Page

log = logging.getLogger("mkdocs.plugins.motions")


class MotionsPlugin(BasePlugin[MotionsConfig]):
    """Registered as the `motions` plugin in mkdocs.yml."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.generated: Generated | None = None  # handed over by `generate.py build`
        self.pages: dict[str, Page] = {}
        self.command = "build"
        self.dirty = False  # `serve`'s quick rebuilds (generate.py serve asks for them)
        self.built: dict[str, int] = {}  # page → hash of what it was last built from
        self.indexing: threading.Thread | None = None  # serve: Pagefind, behind the preview
        self.last_good: Generated | None = None  # serve: what a broken save leaves shown

    def hand_over(self, generated: Generated) -> None:
        """`generate.py build` made the tree (pipeline.produce): this build uses it as it is,
        instead of checking and producing again (MkDocs makes the plugin; it cannot be given
        the tree when it is made)."""
        self.generated = generated

    def on_startup(self, *, command, dirty) -> None:
        self.command, self.dirty = command, dirty

    def on_config(self, config):
        try:
            self.settings = settings_from(config, self.config)
        except MotionLibError as error:
            raise PluginError(str(error)) from None
        self.pagefind = uses_pagefind(config)
        add_site_parts(config, self.settings, self.pagefind)
        return config

    def on_files(self, files: Files, config) -> Files:
        self.wait_for_index()  # the last preview's indexing reads the pages about to change
        generated, self.generated = self.generated, None
        if generated is None:  # `mkdocs build` or `mkdocs serve`: check and make it here
            generated = self._generate(config)
        files = _theme_files_only(files, config)  # docs/ comes from the tree, checked
        for rel, content in generated.entries.items():
            if isinstance(content, Path):
                files.append(File.generated(config, rel, abs_src_path=str(content)))
            else:
                files.append(File.generated(config, rel, content=content))
        for uri, page in generated.pages.items():  # documents stay out of the nav, quietly
            level = InclusionLevel.UNDEFINED if page.listed else InclusionLevel.NOT_IN_NAV
            files.get_file_from_path(uri).inclusion = level
        if self.dirty:
            self._skip_unchanged(files, generated)
        self.pages = generated.pages
        return files

    def _skip_unchanged(self, files: Files, generated: Generated) -> None:
        """A live preview rebuilds only the pages whose content changed since the last build
        (MkDocs' dirty build keeps the others' HTML): one edited motion, a handful of pages.
        The plugin instance lives for the whole `serve`, so it remembers what it built."""
        built, self.built = self.built, {}
        for uri, page in generated.pages.items():
            self.built[uri] = hash((page.body, repr(page.meta), page.edit_url))
            if built.get(uri) == self.built[uri]:
                files.get_file_from_path(uri).is_modified = _unchanged

    def _generate(self, config) -> Generated:
        from motionlib.library.check import check_config
        from motionlib.pipeline import produce

        report = check_config(config)
        if report.errors and self.command == "serve" and self.last_good is not None:
            return self._last_good_with(report.problems)
        if report.errors:
            raise PluginError(str(LibraryInvalid(report.problems)))
        # A live preview skips motion books: one edit would re-lay out every book holding it.
        books = self.command != "serve"
        generated = produce(report, site_shape(config), None, books=books)
        if self.command == "serve":
            self.last_good = generated
        return generated

    def _last_good_with(self, problems) -> Generated:
        """A preview keeps serving the last good site when a save breaks the library (MkDocs'
        server would hold every request until the file is fixed): the problems go to the
        terminal and on top of every page, and the next good save replaces it all."""
        errors = [problem for problem in problems if problem.is_error]
        for problem in errors:
            log.error(str(problem))
        log.error("The preview shows the last good version until this is fixed.")
        shown = copy.copy(self.last_good)
        banner = preview_banner(errors)
        shown.pages = {
            uri: replace(page, body=banner + page.body) for uri, page in shown.pages.items()
        }
        return shown

    def on_page_read_source(self, page, config):
        """Our pages' front matter is already in memory: MkDocs need not read and parse it."""
        return "" if page.file.src_uri in self.pages else None

    def on_page_markdown(self, markdown, page, config, files):
        generated = self.pages.get(page.file.src_uri)
        if generated is None:
            return markdown
        page.meta = dict(generated.meta)  # what the file's front matter says
        page.edit_url = generated.edit_url
        return ""  # already HTML: the body is put in whole below

    def on_page_content(self, html_content, page, config, files):
        generated = self.pages.get(page.file.src_uri)
        if generated is None:
            return html_content
        tokens = list(generated.toc) or heading_tokens(generated.body)  # the sidebar
        page.toc = get_toc(tokens)
        return generated.body

    def on_post_page(self, output, page, config):
        return with_policy(output, wasm=page.file.src_uri == SEARCH_PAGE and self.pagefind)

    def on_post_build(self, config):
        """Pagefind indexes the finished site (under `mkdocs build` and `serve` as well). A live
        preview shows the rebuilt page at once and indexes behind it (~0.8 s at 1,000
        motions), one indexing at a time."""
        if not self.pagefind:
            return
        site = Path(config.site_dir)
        if not self.dirty:
            try:
                index_site(site)
            except MotionLibError as error:
                raise PluginError(str(error)) from None
            return
        self.wait_for_index()
        self.indexing = threading.Thread(target=_index_quietly, args=(site,), daemon=True)
        self.indexing.start()

    def wait_for_index(self) -> None:
        if self.indexing is not None:
            self.indexing.join()
            self.indexing = None

    def on_post_template(self, output_content, template_name, config):
        return with_policy(output_content) if template_name.endswith(".html") else output_content

    def on_serve(self, server, config, builder):
        root = Path(config.config_file_path).resolve().parent
        for folder in (self.settings.motions_dir, self.settings.briefings_dir):
            path = root / folder
            if path.is_dir():
                server.watch(str(path))
        if self.config.print_css:
            server.watch(self.config.print_css)
        return server


def preview_banner(errors) -> str:
    """The preview's notice of what a save broke, above every page's text."""
    items = "".join(f"<li><code>{html.escape(str(problem))}</code></li>" for problem in errors)
    return (
        '<div class="admonition danger ml-preview-problems" role="alert">'
        '<p class="admonition-title">This preview shows the last good version</p>'
        f"<ul>{items}</ul><p>Fix the file and save it: the preview rebuilds.</p></div>\n"
    )


def _theme_files_only(files: Files, config) -> Files:
    """What MkDocs found itself, less docs/: the tree holds the library's files and pages as
    check read and rendered them (MkDocs would follow links and render raw HTML)."""
    docs = Path(config.docs_dir).resolve()
    kept = [
        file
        for file in files
        if not (file.abs_src_path and Path(file.abs_src_path).resolve().is_relative_to(docs))
    ]
    return Files(kept)


def _unchanged() -> bool:
    return False


def _index_quietly(site: Path) -> None:
    """A preview's indexing: a failure is shown in the log, and the next save tries again."""
    try:
        index_site(site)
    except MotionLibError as error:
        log.warning(str(error))
