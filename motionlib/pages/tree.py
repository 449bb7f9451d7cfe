"""The generated tree: the whole site as paths and their contents, before any engine sees it.

The pages stage makes it (pipeline.produce, after the exports); a site engine only turns it
into a site: Zensical reads it written to a
folder, MkDocs is handed it in memory (through the plugin). Every page
is a Markdown file whose front matter the engines read (title, tags, search exclusion, our
share-card tags) and whose body is one block of HTML made by our own autoescaping templates,
with links already relative (both engines place pages the same way). Beside the pages: the
library's own docs/ pages, the downloads, feeds, motions.json, rows.json and our CSS and JS.
Because no engine event is involved, `generate.py build`, `mkdocs build` and Zensical all
publish the same pages.
"""

from __future__ import annotations

import html
import json
import logging
import os
import posixpath
import re
import shutil
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import yaml
from markupsafe import Markup

from motionlib.exports.bundles import Bundle
from motionlib.exports.formats import BUNDLES, FORMATS, OFFLINE_URI
from motionlib.exports.run import ExportResult
from motionlib.exports.templating import template
from motionlib.library.body import Parsed
from motionlib.library.docs_pages import DocsPage, docs_page_uri, walk_docs
from motionlib.model.addresses import (
    SEARCH_PAGE,
    page_address,
    page_uri,
    relative_address,
    slugify,
)
from motionlib.model.files import ASSETS
from motionlib.model.schema import Document, Settings
from motionlib.pages.decisions import meeting_folder, meetings_with_results, results_csv
from motionlib.pages.feeds import atom_feed, motions_json
from motionlib.pages.lists import PageSpec
from motionlib.pages.pictures import picture_files, picture_links
from motionlib.pages.specs import build_pages

log = logging.getLogger("mkdocs.plugins.motions")
SITE_ASSETS = ("site.css", "site.js", "adapt.js")
OFFLINE_ASSETS = ("iframe-worker-shim.js", "iframe-worker-boot.js")  # MIT, npm iframe-worker
ASSET_DIR = "assets/motionlib"
WRITERS = 4
DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml's: 10× faster, same YAML


@dataclass(frozen=True)
class SiteShape:
    """What the tree needs to know about the site: where docs/ is and how addresses look."""

    docs_dir: Path
    site_name: str
    site_url: str | None
    directory_urls: bool
    offline: bool = False
    pagefind: bool = False  # search by Pagefind: a search page, and pages marked for its index


@dataclass(frozen=True)
class Page:
    """A generated page: its front matter, its HTML, and the repository file behind it."""

    meta: dict
    body: str
    edit_url: str | None  # the motion's own file in the repository
    listed: bool  # an index page (in mkdocs.yml's nav), not one of many documents
    toc: tuple = ()  # a docs page's contents, as Markdown made them (else read off its HTML)


@dataclass
class Generated:
    """The tree, and what the build reports about it. Every path maps to its content: text
    (pages, feeds) or the file to publish (downloads from the cache, assets, docs/ files)."""

    folder: Path | None  # where the tree was written; None: kept in memory only
    settings: Settings
    pages: dict[str, Page] = field(default_factory=dict)  # src_uri → page
    entries: dict[str, str | bytes | Path] = field(default_factory=dict)  # text, bytes or a file
    exports: ExportResult = field(default_factory=ExportResult)
    bundles: list[Bundle] = field(default_factory=list)
    export_seconds: float = 0.0


def make_tree(
    library,
    rendered: list[Parsed],
    shape: SiteShape,
    folder: Path | None,
    *,
    docs: tuple[DocsPage, ...] = (),
    exports: ExportResult | None = None,
    bundles: tuple[Bundle, ...] = (),
) -> Generated:
    """Every page and file of the site, from the checked library and its exports (made by the
    export stage before), written into `folder` for an engine that reads files (Zensical), or
    kept in memory for one that is handed them (MkDocs: a thousand pages written and read
    back cost ~1 s on some file systems)."""
    out = Generated(folder, library.settings, exports=exports or ExportResult())
    out.bundles = list(bundles)
    _make_site(library, rendered, docs, shape, out)
    if folder is not None:
        _write_folder(folder, out.entries)
    return out


def _write_folder(folder: Path, entries: dict[str, str | bytes | Path]) -> None:
    """Creating a thousand files costs ~0.7 ms each on some file systems: threads write them
    side by side (writes release the GIL)."""
    folder.mkdir(parents=True, exist_ok=True)
    with ThreadPoolExecutor(max_workers=WRITERS) as pool:
        written = [pool.submit(_write, folder / rel, content) for rel, content in entries.items()]
        for each in written:
            each.result()  # an OSError surfaces here, naming the file


def _make_site(library, rendered, docs_pages, shape: SiteShape, out: Generated) -> None:
    settings = out.settings
    docs = _add_docs(shape.docs_dir, docs_pages, out)
    made = build_pages(library, rendered, out.exports, search=shape.pagefind)
    specs = [spec for spec in made if not _overridden(spec, docs)]
    pages = [spec.src_uri for spec in specs] + sorted(docs)
    addresses = {uri: page_address(uri, shape.directory_urls) for uri in pages}
    if shape.pagefind:
        addresses["pagefind/"] = "pagefind/"  # the index Pagefind adds to the built site
    _write_downloads(rendered, out)
    for rel, data in picture_files(rendered).items():
        out.entries.setdefault(rel, data)
    _write_feeds(rendered, settings, addresses, out)
    _write_assets(shape, out)
    addresses.update({rel: page_address(rel) for rel in out.entries if rel not in addresses})
    rows_files = [spec.context.get("rows_file") for spec in specs]  # written with their pages
    addresses.update({rel: page_address(rel) for rel in rows_files if rel})
    markers = _Markers(addresses)
    for spec in specs:
        _write_page(spec, markers, shape, settings, out)
    for page in docs_pages:
        _write_docs_page(page, markers, settings, out)


def _add_docs(docs_dir: Path, pages: tuple[DocsPage, ...], out: Generated) -> set[str]:
    """The library's own files as they are, and its pages (rendered and sanitized by check):
    hidden files and folders left out, as MkDocs leaves them, and no link followed."""
    added = {page.uri for page in pages}
    if not docs_dir.is_dir():
        return added
    for source, is_link in walk_docs(docs_dir):
        rel = source.relative_to(docs_dir).as_posix()
        if not is_link and docs_page_uri(rel) is None:
            _add_file(out, rel, source=source)
            added.add(rel)
    return added


def _overridden(spec: PageSpec, docs: set[str]) -> bool:
    if spec.src_uri in docs:
        log.info(f"docs/{spec.src_uri} is used instead of the generated page")
        return True
    return False


def _doc_downloads(item: Parsed, out: Generated) -> dict:
    return out.exports.for_doc(item.doc.kind, item.doc.slug)


def _write_downloads(rendered: list[Parsed], out: Generated) -> None:
    for item in rendered:
        for fmt, download in _doc_downloads(item, out).items():
            _add_file(out, FORMATS[fmt].uri(item.doc), source=download.path)
    for bundle in out.bundles:
        for fmt, download in out.exports.bundles.get(bundle.key, {}).items():
            _add_file(out, BUNDLES[fmt].uri(bundle.stem), source=download.path)
    if out.exports.offline_copy:
        _add_file(out, OFFLINE_URI, source=out.exports.offline_copy.path)


def _write_feeds(rendered, settings: Settings, addresses: dict[str, str], out: Generated) -> None:
    """Atom feeds (all, and per topic) and motions.json, from the pages' real addresses."""

    def page_url(item: Parsed) -> str:
        return addresses[page_uri(item.doc)]

    name = settings.library_name
    outputs = {
        "feed.xml": atom_feed(name, "feed.xml", rendered, settings, page_url),
        "motions.json": motions_json(rendered, page_url),
    }
    for topic in sorted({t for item in rendered for t in item.doc.topics}):
        path = f"topics/{slugify(topic)}/feed.xml"
        members = [item for item in rendered if topic in item.doc.topics]
        outputs[path] = atom_feed(f"{name}: {topic}", path, members, settings, page_url)
    for meeting, items in meetings_with_results(rendered).items():  # once it has results
        outputs[f"{meeting_folder(meeting)}/results.csv"] = results_csv(items, page_url)
    for path, content in outputs.items():
        _add_file(out, path, text=content)


def _write_assets(shape: SiteShape, out: Generated) -> None:
    names = SITE_ASSETS + (OFFLINE_ASSETS if shape.offline else ())
    for name in names:
        source = ASSETS / name if name in SITE_ASSETS else ASSETS / "vendor" / name
        _add_file(out, f"{ASSET_DIR}/{name}", source=source)
    for font in sorted((ASSETS / "fonts").iterdir()):  # the site's own font (site.css)
        _add_file(out, f"{ASSET_DIR}/fonts/{font.name}", source=font)


class _Markers:
    """Links as markers that hold their target's address (`_links` makes each relative to the
    page it lands on). A marker is the same on every page, so a motion's row, listed on a
    dozen pages, is rendered once per build."""

    def __init__(self, addresses: dict[str, str]) -> None:
        self.addresses = addresses
        self.rows: dict[int, tuple[dict, Markup]] = {}  # id → (the row, kept alive; its HTML)

    def url(self, target: str | Document) -> Markup:
        """A link to a file (by its path in the tree) or a document's page."""
        address = self.addresses[page_uri(target) if isinstance(target, Document) else target]
        return Markup(f"{OPEN}{address}{CLOSE}")  # not escaped: `_links` replaces it

    def row(self, row: dict) -> Markup:
        """One motion's line in a list (site/row.html)."""
        if id(row) not in self.rows:
            html_row = template("site/row.html").render(row=row, url=self.url)
            self.rows[id(row)] = (row, Markup(html_row))
        return self.rows[id(row)][1]


def _write_docs_page(page: DocsPage, markers: _Markers, settings: Settings, out) -> None:
    """A hand-written page, published like ours: its relative links resolved to the pages and
    files of the tree (as MkDocs resolves them), its front matter escaped where the theme
    prints it."""
    here = markers.addresses[page.uri]
    html_page = _DOCS_LINK.sub(lambda m: _docs_link(m, page.uri, markers), page.html)
    meta = {key: value for key, value in page.meta.items() if key != "title"}
    if page.title:
        meta["title"] = html_text(page.title)
    if "description" in meta:
        meta["description"] = html_text(meta["description"])
    edit = _edit_base(settings)
    edit_url = urljoin(edit, page.source) if edit else None
    _publish(page.uri, meta, html_page, here, out, edit_url, toc=page.toc)


_DOCS_LINK = re.compile(r'(\s(?:href|src)=")([^"]*)(")')


def _docs_link(match: re.Match, uri: str, markers: _Markers) -> str:
    """A relative link of a docs page → a marker of its target, when the tree has it."""
    url = html.unescape(match.group(2))
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path or url.startswith("/"):
        return match.group(0)
    target = posixpath.normpath(posixpath.join(posixpath.dirname(uri), parts.path))
    target = docs_page_uri(target) or target
    if target not in markers.addresses:
        return match.group(0)
    fragment = f"#{parts.fragment}" if parts.fragment else ""
    return f"{match.group(1)}{markers.url(target)}{html.escape(fragment)}{match.group(3)}"


def _write_page(spec: PageSpec, markers: _Markers, shape: SiteShape, settings, out) -> None:
    addresses = markers.addresses
    here = addresses[spec.src_uri]
    html_page = template(spec.template).render(
        **spec.context, url=markers.url, row=markers.row, page_url=here
    )
    html_page = picture_links(html_page, spec.source_path, markers.addresses, markers.url)
    body = _links(html_page, here)
    if spec.context.get("rows_file"):  # a large list: the rows the page leaves out, for site.js
        rows = template("site/rows.html").render(rows=spec.context["all_rows"], row=markers.row)
        data = json.dumps({"html": _links(rows, here)}, ensure_ascii=False)
        _add_file(out, spec.context["rows_file"], text=data)
    meta = _front_matter(spec, here, relative_address(addresses["feed.xml"], here), shape)
    listed = spec.src_uri.endswith("index.md") and spec.src_uri != SEARCH_PAGE
    _publish(spec.src_uri, meta, html_page, here, out, _edit_url(spec, settings), listed, body)


def _publish(uri, meta, html_page, here, out, edit, listed=True, body=None, toc=()) -> None:
    """A page into the tree: as a file (front matter, then its HTML with links in the file's
    own form) and as a page MkDocs is handed (links relative to its address)."""
    text = "---\n" + yaml.dump(
        meta, Dumper=DUMPER, allow_unicode=True, sort_keys=False, width=10**6
    )
    folder = page_address(posixpath.dirname(uri) + "/") if "/" in uri else ""
    as_file = _links(html_page, here, file_folder=folder)
    _add_file(out, uri, text=f"{text}---\n\n{as_file}\n")
    body = body if body is not None else _links(html_page, here)
    out.pages[uri] = Page(meta, body, edit, listed, toc)


# A link marker starts with a raw "<", which no text can: autoescaping and the body's own
# serialiser write it as &lt;, so a motion that contains these private-use characters is safe.
OPEN, CLOSE = "<\ue000", "\ue001>"


def _links(text: str, here: str, file_folder: str | None = None) -> str:
    """Markers → links relative to the page's address (what a browser resolves, and what
    MkDocs shows as it is). With `file_folder`, the page file's own form: Zensical, like
    Markdown, reads href and src relative to the source file and rewrites them, so those are
    written relative to the file's folder (other attributes it leaves alone)."""
    pieces = text.split(OPEN)
    out = [pieces[0]]
    for piece in pieces[1:]:
        target, _, rest = piece.partition(CLOSE)
        in_link = out[-1].endswith(('href="', 'src="'))
        base = file_folder if file_folder is not None and in_link else here
        out.append(relative_address(target, base))
        out.append(rest)
    return "".join(out)


def _front_matter(spec: PageSpec, here: str, feed: str, shape: SiteShape) -> dict:
    """What the engines read: Material prints titles and tags as HTML, so they are escaped (not
    apostrophes: Zensical's search shows them as text, and Material quotes attributes with ").
    The home page has none: both themes then title it with the site's name alone."""
    home = spec.src_uri == "index.md"
    meta: dict = {"motionlib_home": True} if home else {"title": html_text(spec.title)}
    if spec.tags:  # Material's search boosts tags (topics rank highly) and inserts them as HTML
        meta["tags"] = [html_text(tag) for tag in spec.tags]
    if not spec.source_path:  # index pages only repeat motions: search finds the motions
        meta["search"] = {"exclude": True}
    canonical = urljoin(shape.site_url, here) if shape.site_url else None
    head = template("site/head.html").render(
        title=spec.title,
        description=spec.description,
        site_name=shape.site_name,
        canonical=canonical,
        feed=feed,
    )
    meta["motionlib_head"] = str(Markup(head))  # our theme's main.html prints it in <head>
    return meta


def html_text(text: str) -> str:
    """Text for a theme that prints it as HTML, in elements or in double-quoted attributes."""
    return html.escape(text, quote=False).replace('"', "&quot;")


def _edit_url(spec: PageSpec, settings: Settings) -> str | None:
    """ "Edit this page" opens the motion's own file in the repository, not the generated page."""
    base = _edit_base(settings)
    return urljoin(base, spec.source_path) if base and spec.source_path else None


def _edit_base(settings: Settings) -> str | None:
    repo, edit = settings.repo_url, settings.edit_uri
    return urljoin(repo.rstrip("/") + "/", edit) if repo and edit else None


def _add_file(out: Generated, rel: str, *, text: str | None = None, source: Path | None = None):
    content = text if text is not None else source
    assert content is not None
    out.entries[rel] = content


def _write(path: Path, content: str | bytes | Path) -> None:
    """Text as a file; a file (a download, an asset) as a hard link where the file system
    allows it (downloads are large), else a copy."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
        return
    if isinstance(content, bytes):
        path.write_bytes(content)
        return
    try:
        os.link(content, path)
    except OSError:
        shutil.copyfile(content, path)
