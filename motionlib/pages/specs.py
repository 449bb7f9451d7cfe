"""The pages stage's specs: the validated, parsed library and its exports → every generated
page (home, motions, briefings, and through lists.py every list page), as typed specs the tree
renders. Individual motions are kept out of the navigation (index pages list them instead):
with every motion in the nav, Material's build grows quadratically with the library.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from markupsafe import Markup

from motionlib.exports.decisions import decision_of, decisions
from motionlib.exports.formats import FORMATS, OFFLINE_URI
from motionlib.exports.run import Download, ExportResult
from motionlib.exports.templating import CLOSING_FIELDS, document_context, placeholder_name
from motionlib.library.body import Parsed
from motionlib.library.history import histories
from motionlib.library.load import Library
from motionlib.model.addresses import (
    SEARCH_PAGE,
    download_uri,
    newest_first,
    page_uri,
    slugify,
)
from motionlib.model.fields import FIELDS, details
from motionlib.model.folding import folded_words
from motionlib.model.schema import Document, Motion
from motionlib.pages.comparisons import source_comparisons, version_rows
from motionlib.pages.decisions import (
    DECISION_FORMATS,
    meeting_folder,
    meetings_with_results,
)
from motionlib.pages.lists import (
    Group,
    PageSpec,
    all_motions,
    bundle_downloads,
    group_pages,
    groups_by_role,
    year_pages,
)

LATEST = 6
OPEN = ("draft", "submitted")  # statuses whose length still matters against a limit
PLACEHOLDER_TEXT = re.compile(r"\[\[[^\[\]]*\]\]|\[\[|\]\]")
NOT_NEWS = ("template", "draft", "withdrawn")  # not "latest motions" on the home page


def build_pages(
    library: Library, rendered: list[Parsed], exports: ExportResult, search: bool = False
) -> list[PageSpec]:
    """Every generated page of the site, in a stable order; `search`: a search page (Pagefind),
    which the home page's search box opens."""
    motions = sorted((r for r in rendered if r.doc.kind == "motion"), key=newest_first)
    briefings = sorted((r for r in rendered if r.doc.kind == "briefing"), key=newest_first)
    rows = [_row(r, library, exports) for r in motions]  # by date, newest first, then title
    pages = [
        _home(library, rows, briefings, exports, search),
        all_motions(rows, library.settings.statuses),
        _briefings(briefings),
    ]
    backlinks = backlinks_of(library)
    memo = library.root / library.settings.cache_dir / "history.json"  # checked: no link
    versions = histories(library.root, [r.doc.path for r in motions], memo)
    found = Found({r.doc.slug: r for r in motions}, versions)
    pages += [_motion(r, library, exports, backlinks, found) for r in motions]
    pages += [_briefing(r, library, exports) for r in briefings]
    pages += group_pages(rows, briefings, library, exports)
    pages += year_pages(rows)  # the all-motions page's
    pages += _decision_pages(motions, exports)
    if search:
        context = {"topics": sorted({t for r in rendered for t in r.doc.topics})}
        pages.append(PageSpec(SEARCH_PAGE, "site/search.html", "Search", context))
    return pages


def _decision_pages(motions: list[Parsed], exports: ExportResult) -> list[PageSpec]:
    """A decisions page for every meeting with results (pages/decisions.py), with the
    decisions' own downloads (PDF, Word, the delegate's report-back form)."""
    pages = []
    for name, items in sorted(meetings_with_results(motions).items()):
        folder = meeting_folder(name)
        context = {
            "rows": decisions(items),
            "meeting": name,
            "meeting_page": f"{folder}.md",  # the meeting's own list (lists.Group.src_uri)
            "csv": f"{folder}/results.csv",
            "downloads": [
                (uri, download)
                for uri, download in bundle_downloads(exports, "meetings", slugify(name))
                if download.fmt in DECISION_FORMATS
            ],
        }
        pages.append(
            PageSpec(f"{folder}/decisions.md", "site/decisions.html", f"Decisions: {name}", context)
        )
    return pages


def _row(item: Parsed, library: Library, exports: ExportResult) -> dict[str, Any]:
    """What an index line shows about a motion, its downloads included."""
    meta = item.doc.meta
    assert isinstance(meta, Motion)
    decided = decision_of(item)  # where it went: "Composited into …", "Remitted to …"
    return {
        **groups_by_role(meta),
        "doc": item.doc,
        "meta": meta,
        "group": item.doc.date.toordinal() if item.doc.date else 0,  # site.js sorts by it
        "summary": meta.summary or item.first_sentence,
        "result": decided.vote,  # the meeting's count or card vote, once decided
        "outcome": decided.outcome if decided.detail else "",
        "downloads": _downloads(item, exports),
    }


def _home(
    library: Library,
    rows: list[dict],
    briefings: list[Parsed],
    exports: ExportResult,
    search: bool,
) -> PageSpec:
    statuses = Counter(row["meta"].status for row in rows)
    topics = Counter(t for row in rows for t in row["meta"].topic)
    templates = [row for row in rows if row["meta"].status == "template"]
    news = [row for row in rows if row["meta"].status not in NOT_NEWS]
    context = {
        "templates": templates[:LATEST],
        "more_templates": len(templates) > LATEST,
        "latest": news[:LATEST],
        "statuses": [
            (Group("status", s, slugify(s)), statuses[s])
            for s in library.settings.statuses
            if statuses[s]
        ],
        "topics": [(Group("topics", t, slugify(t)), n) for t, n in sorted(topics.items())],
        "briefings": briefings[:3],
        "counts": {"motions": len(rows), "briefings": len(briefings)},
        "settings": library.settings,
        "bundle": bundle_downloads(exports, "all", "all") + _offline_copy(exports),
        "feed": "feed.xml",
        "search_page": SEARCH_PAGE if search else None,
    }
    return PageSpec("index.md", "site/home.html", library.settings.library_name, context)


def _offline_copy(exports: ExportResult) -> list[tuple[str, Download]]:
    found = exports.offline_copy
    return [(OFFLINE_URI, found)] if found else []


def _briefings(briefings: list[Parsed]) -> PageSpec:
    context = {"briefings": briefings}
    return PageSpec("briefings/index.md", "site/briefings.html", "Briefings", context)


def _downloads(item: Parsed, exports: ExportResult) -> list[tuple[str, Download]]:
    found = exports.for_doc(item.doc.kind, item.doc.slug)
    return [(f.uri(item.doc), found[name]) for name, f in FORMATS.items() if name in found]


@dataclass(frozen=True)
class Found:
    """What a motion's page reads about the others: the parsed motions by file name (a
    composite's sources) and the library's git history (library/history.py)."""

    by_slug: dict[str, Parsed]
    versions: dict[str, list]


def _motion(
    item: Parsed, library: Library, exports: ExportResult, backlinks: Backlinks, found: Found
) -> PageSpec:
    doc, meta = item.doc, item.doc.meta
    assert isinstance(meta, Motion)
    template = meta.status == "template"
    context = {
        **document_context(item, library.settings),
        **groups_by_role(meta),
        "meta": meta,
        "words": item.words,
        # The word limit is for editors of motions still open; not a public mark on the rest.
        "limit": library.settings.limit_for(meta.status) if meta.status in OPEN else None,
        "relations": _relations(doc, library, backlinks),
        "more_fields": details("motion", meta, dict(item.titles), site="text"),
        "downloads": _downloads(item, exports),
        # The form fills the published Word file in: only where there is one (exports: true).
        "adapt": _adapt_form(item)
        if template and "docx" in exports.for_doc("motion", doc.slug)
        else None,
        "adopted_link": _adopted_link(item, library.settings) if template else None,
        "folded": _folded(item),
        "amends_doc": library.motion(meta.amends) if meta.amends else None,  # its line links
        "comparisons": source_comparisons(item, found.by_slug),
        "versions": version_rows(found.versions.get(doc.path, [])),
    }
    if item.adopted is not None:  # its headings are the adopted text's: the copies lose ids
        for name in ("body", "adopted_changes"):  # str(): Markup's own sub would escape them
            context[name] = Markup(HEADING_ID.sub(r"\1", str(context[name])))
    return PageSpec(
        page_uri(doc),
        "site/motion.html",
        doc.heading,
        context,
        source_path=doc.path,
        tags=list(meta.topic),
        description=context["summary"],
    )


# A heading's id, as our serializer writes it (text is escaped, so only our markup matches):
# the contents sidebar lists each heading with an id, and an id must be unique on the page.
HEADING_ID = re.compile(r'(<h[1-6]) id="[^"]*"')


def _folded(item: Parsed) -> str:
    """What a search without accents must find on the page (model/folding.py)."""
    meta = item.doc.meta
    names = [item.doc.title, item.doc.byline, *getattr(meta, "supporters", [])]
    return folded_words(*names, "".join(item.tree.itertext()))


def _adapt_form(item: Parsed) -> dict[str, Any]:
    """The fields of "Adapt this motion": one per placeholder, then the closing block's."""
    names = list(dict.fromkeys(placeholder_name(p) for p in item.placeholders))
    closing = [label for label, _ in CLOSING_FIELDS]
    blocks = [
        " ".join("".join(elem.itertext()).split())
        for elem in item.tree.iter()
        if elem.tag in ("p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th")
    ]
    fields = [(name, name[:1].upper() + name[1:], _context(blocks, name)) for name in names]
    return {
        "placeholders": fields,
        "closing": [(label, label) for label in closing],
        "docx": download_uri(item.doc, "docx"),
    }


def _context(blocks: list[str], name: str, width: int = 32) -> str:
    """Where a placeholder first stands in the motion ("…there are ___ homes in…"), so a label
    such as "Number" says which number it means."""
    pattern = re.compile(r"\[\[\s*" + re.escape(name) + r"\s*\]\]")
    for text in blocks:
        if found := pattern.search(text):
            start, end = max(0, found.start() - width), found.end() + width
            before = PLACEHOLDER_TEXT.sub("…", text[start : found.start()])
            after = PLACEHOLDER_TEXT.sub("…", text[found.end() : end])
            before = before.split(" ", 1)[-1] if start else before  # whole words only
            after = after.rsplit(" ", 1)[0] if end < len(text) else after
            return f"“{'…' if start else ''}{before}___{after}{'…' if end < len(text) else ''}”"
    return ""


def _adopted_link(item: Parsed, settings) -> str | None:
    """A pre-filled issue form on GitHub (.github/ISSUE_TEMPLATE/adopted.yml) where a branch
    says it passed the motion, so editors can add an `adopted_by` record."""
    repo = (settings.repo_url or "").rstrip("/")
    if not repo.startswith("https://github.com/"):
        return None
    query = urlencode(
        {"template": "adopted.yml", "title": f"Adopted: {item.doc.title}", "motion": item.doc.slug}
    )
    return f"{repo}/issues/new?{query}"


def _briefing(item: Parsed, library: Library, exports: ExportResult) -> PageSpec:
    doc = item.doc
    context = {
        **document_context(item, library.settings),
        "topics": [Group("topics", t, slugify(t)) for t in doc.topics],
        "downloads": _downloads(item, exports),
        "more_fields": details("briefing", doc.meta, dict(item.titles), site="text"),
        "folded": _folded(item),
    }
    return PageSpec(
        page_uri(doc),
        "site/briefing.html",
        doc.title,
        context,
        source_path=doc.path,
        tags=doc.topics,
        description=context["summary"],
    )


Backlinks = dict[tuple[str, str], list[Document]]


def backlinks_of(library: Library) -> Backlinks:
    """(field, slug) → the motions whose `field` names `slug`: built once, not per page."""
    found: Backlinks = defaultdict(list)
    for motion in library.motions:
        for field_name, slug in motion.meta.references():
            found[(field_name, slug)].append(motion)
    return found


def _relations(
    doc: Document, library: Library, backlinks: Backlinks
) -> list[tuple[str, list[Document]]]:
    """Links both ways: what this motion amends, and which motions amend it, and so on. A
    composite link is held both ways (composites.py): each label is shown once."""
    meta = doc.meta
    assert isinstance(meta, Motion)
    found: dict[str, list[Document]] = {}

    def linked(slugs: list[str]) -> list[Document]:
        return [m for m in (library.motion(s) for s in slugs) if m is not None]

    def pointing(field_name: str) -> list[Document]:
        return backlinks.get((field_name, doc.slug), [])

    for field in FIELDS["motion"]:  # the table's link fields, each both ways
        if field.site != "link":
            continue
        for label, docs in (
            (field.label, linked(field.links(meta))),
            (field.backlink, pointing(field.name)),
        ):
            if docs:
                shown = found.setdefault(label, [])
                shown += [d for d in docs if d not in shown]
    return list(found.items())
