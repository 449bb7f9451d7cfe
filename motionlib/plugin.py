"""The MkDocs plugin: hands the validated library to MkDocs as generated pages and downloads.

Thin by design: loading, checking, rendering, exporting and page planning live
in their own modules; this file only answers MkDocs' events. It works the same
under `mkdocs build`, `mkdocs serve`, `generate.py build` and `generate.py serve`.

MkDocs' Jinja environment does not autoescape and Material prints the page
title as it is, so everything from front matter that reaches MkDocs (the title,
the head tags) is escaped here first; our own templates autoescape.
"""

from __future__ import annotations

import html
import json
import logging
import re
import time
from pathlib import Path
from urllib.parse import urljoin

from markupsafe import Markup
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.toc import TableOfContents, get_toc
from mkdocs.utils import get_relative_url

from motionlib.addresses import bundle_uri, download_uri, page_uri, slugify
from motionlib.bundles import plan_bundles
from motionlib.csp import with_policy
from motionlib.export import ExportResult, export_all
from motionlib.feeds import atom_feed, motions_json
from motionlib.model import Document
from motionlib.problems import LibraryInvalid, MotionLibError
from motionlib.settings import MotionsConfig, settings_from
from motionlib.site import PageSpec, build_pages
from motionlib.templating import ASSETS, PACKAGE, template

log = logging.getLogger("mkdocs.plugins.motions")
SITE_ASSETS = ("site.css", "site.js", "adapt.js")
OFFLINE_SHIM = "assets/motionlib/iframe-worker-shim.js"  # MIT, from npm iframe-worker 1.0.4


class MotionsPlugin(BasePlugin[MotionsConfig]):
    """Registered as the `motions` plugin in mkdocs.yml."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.prepared = None  # a checked Report handed over by `generate.py build`
        self.progress = None
        self.exports = ExportResult()
        self.pages: dict[str, PageSpec] = {}
        self.urls: dict[str, str] = {}
        self.export_seconds = 0.0
        self.command = "build"
        self.extra_files: dict[str, str] = {}  # site path → text, written after the build

    def on_startup(self, *, command, dirty) -> None:
        self.command = command

    def on_config(self, config):
        try:
            self.settings = settings_from(config, self.config)
        except MotionLibError as error:
            raise PluginError(str(error)) from None
        self.root = Path(config.config_file_path).resolve().parent
        config.extra["motionlib_licence"] = {
            "name": self.settings.content_licence,
            "url": self.settings.content_licence_url,
        }
        theme_dirs = config.theme.dirs
        position = next((i for i, d in enumerate(theme_dirs) if Path(d).name == "templates"), 0)
        theme_dirs.insert(position, str(PACKAGE / "theme"))
        config.extra_css.append("assets/motionlib/site.css")
        config.extra_javascript.append("assets/motionlib/site.js")
        config.extra_javascript.append("assets/motionlib/adapt.js")
        if _offline(config):  # before Material's offline plugin would add the shim from a CDN
            config.extra["polyfills"] = [*config.extra.get("polyfills", []), OFFLINE_SHIM]
        return config

    def on_files(self, files: Files, config) -> Files:
        report, self.prepared = self.prepared, None
        if report is None:  # `mkdocs build` or `mkdocs serve`: check here, as the CLI does
            from motionlib.pipeline import check_config

            report = check_config(config)
            if report.errors:
                raise PluginError(str(LibraryInvalid(report.problems)))
        library, rendered = report.library, report.rendered
        started = time.perf_counter()
        # A live preview skips motion books: one edit would re-lay out every book holding it.
        books = self.command != "serve"
        bundles = []
        self.exports = ExportResult()  # nothing carried over from an earlier build
        if self.config.exports:
            bundles = plan_bundles(rendered, self.settings, books)
            cache = self.root / self.config.cache_dir
            self.exports = export_all(
                rendered, self.settings, cache, self.config.workers, self.progress, bundles
            )
            for warning in self.exports.warnings:
                log.warning(str(warning))
            for bundle in bundles:
                limit = self.settings.book_limit
                if books and not bundle.book and limit and len(bundle.members) > limit:
                    log.info(
                        f"{bundle.title}: {len(bundle.members)} motions, over book_limit; "
                        "its Word ZIP is made but no motion book"
                    )
        self.export_seconds = time.perf_counter() - started
        self.pages = {}
        for spec in build_pages(library, rendered, self.exports):
            if files.get_file_from_path(spec.src_uri) is not None:
                log.info(f"{config.docs_dir}/{spec.src_uri} is used instead of the generated page")
            else:
                self.pages[spec.src_uri] = spec
                files.append(
                    File.generated(config, spec.src_uri, content="", inclusion=_inclusion(spec))
                )
        self._add_downloads(files, config, rendered)
        self._add_bundles(files, config, bundles)
        self._add_feeds(files, config, rendered)
        for name in SITE_ASSETS:
            files.append(
                File.generated(config, f"assets/motionlib/{name}", abs_src_path=str(ASSETS / name))
            )
        if _offline(config):
            for name in ("iframe-worker-shim.js", "iframe-worker-boot.js"):
                source = str(ASSETS / "vendor" / name)
                uri = f"assets/motionlib/{name}"
                files.append(File.generated(config, uri, abs_src_path=source))
        self.urls = {f.src_uri: f.url for f in files}
        return files

    def _add_bundles(self, files: Files, config, bundles) -> None:
        for bundle in bundles:
            for fmt, download in self.exports.bundles.get(bundle.key, {}).items():
                uri = bundle_uri(bundle.stem, fmt)
                files.append(File.generated(config, uri, abs_src_path=str(download.path)))

    def _add_feeds(self, files: Files, config, rendered) -> None:
        """Atom feeds (all, and per topic) and motions.json, from the pages' real addresses."""
        urls = {f.src_uri: f.url for f in files}

        def page_url(item) -> str:
            return urls[page_uri(item.doc)]

        name = self.settings.library_name
        outputs = {
            "feed.xml": atom_feed(name, "feed.xml", rendered, self.settings, page_url),
            "motions.json": motions_json(rendered, page_url),
        }
        topics = sorted({t for item in rendered for t in item.doc.topics})
        for topic in topics:
            path = f"topics/{slugify(topic)}/feed.xml"
            members = [item for item in rendered if topic in item.doc.topics]
            outputs[path] = atom_feed(f"{name}: {topic}", path, members, self.settings, page_url)
        for path, content in outputs.items():
            files.append(File.generated(config, path, content=content))

    def _add_downloads(self, files: Files, config, rendered) -> None:
        for item in rendered:
            for fmt, download in self.exports.for_doc(item.doc.kind, item.doc.slug).items():
                uri = download_uri(item.doc, fmt)
                files.append(File.generated(config, uri, abs_src_path=str(download.path)))

    def on_page_markdown(self, markdown, page, config, files):
        spec = self.pages.get(page.file.src_uri)
        if spec is None:
            return markdown
        page.meta["title"] = html.escape(spec.title)
        # Material's search boosts tags (topics rank highly) and inserts them as HTML.
        page.meta["tags"] = [html.escape(tag, quote=False) for tag in spec.tags]
        if not spec.source_path:  # index pages only repeat motions: search finds the motions
            page.meta["search"] = {"exclude": True}
        feed = get_relative_url(self.urls.get("feed.xml", "feed.xml"), page.url)
        page.meta["motionlib_head"] = _head_tags(spec, page, config, feed)
        page.edit_url = self._edit_url(spec)
        return ""

    def on_page_content(self, html_content, page, config, files):
        spec = self.pages.get(page.file.src_uri)
        if spec is None:
            return html_content

        def url(target: str | Document) -> str:
            """A link from this page to a file (by its src_uri) or to a document's page."""
            src_uri = page_uri(target) if isinstance(target, Document) else target
            return get_relative_url(self.urls[src_uri], page.url)

        output = template(spec.template).render(**spec.context, url=url, page_url=page.url)
        if spec.context.get("years"):  # a large list: the rows the page leaves out, for site.js
            rows = template("site/rows.html").render(rows=spec.context["all_rows"], url=url)
            self.extra_files[page.file.dest_uri.rsplit("/", 1)[0] + "/rows.json"] = json.dumps(
                {"html": rows}, ensure_ascii=False
            )
        page.toc = contents(output)  # our pages bypass MkDocs' Markdown, so its toc is empty
        return output

    def on_post_page(self, output, page, config):
        return with_policy(output)

    def on_post_template(self, output_content, template_name, config):
        return with_policy(output_content) if template_name.endswith(".html") else output_content

    def _edit_url(self, spec: PageSpec) -> str | None:
        repo, edit = self.settings.repo_url, self.settings.edit_uri
        if not (spec.source_path and repo and edit):
            return None
        return urljoin(urljoin(repo.rstrip("/") + "/", edit), spec.source_path)

    def on_post_build(self, config):
        """Files made while pages were rendered (they depend on the pages' addresses)."""
        for dest, content in self.extra_files.items():
            path = Path(config.site_dir) / dest
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(content, encoding="utf-8")
        self.extra_files = {}

    def on_serve(self, server, config, builder):
        for folder in (self.settings.motions_dir, self.settings.briefings_dir):
            path = self.root / folder
            if path.is_dir():
                server.watch(str(path))
        if self.config.print_css:
            server.watch(self.config.print_css)
        return server


HEADING = re.compile(r'<h([2-4]) id="([^"]+)">(.*?)</h\1>', re.S)


def contents(output: str) -> TableOfContents:
    """The page's table of contents (Material's sidebar) from the ids of its h2–h4 headings."""
    tokens: list[dict] = []
    stack: list[dict] = []
    for level, anchor, name in HEADING.findall(output):
        token = {"level": int(level), "id": anchor, "name": name, "children": []}
        while stack and stack[-1]["level"] >= token["level"]:
            stack.pop()
        (stack[-1]["children"] if stack else tokens).append(token)
        stack.append(token)
    return get_toc(tokens)


def _offline(config) -> bool:
    """Is Material's offline plugin on? Then search must work from file:// without a CDN."""
    return any(
        type(plugin).__name__ == "OfflinePlugin" and plugin.config.enabled
        for plugin in config.plugins.values()
    )


def _inclusion(spec: PageSpec) -> InclusionLevel:
    """Documents and single topic/meeting/… pages stay out of the nav (index pages list them)
    without MkDocs reporting each one; the index pages themselves belong in mkdocs.yml's nav."""
    listed = spec.src_uri.endswith("index.md")
    return InclusionLevel.UNDEFINED if listed else InclusionLevel.NOT_IN_NAV


def _head_tags(spec: PageSpec, page, config, feed: str) -> Markup:
    """Open Graph and Twitter card tags, escaped by our autoescaping template."""
    canonical = urljoin(config.site_url, page.url) if config.site_url else None
    return Markup(
        template("site/head.html").render(
            title=spec.title,
            description=spec.description,
            site_name=config.site_name,
            canonical=canonical,
            feed=feed,
        )
    )
