"""List pages: the typed page spec, the groups a motion is listed in (topics, status,
submitters, meetings), and the lists themselves, paged when large (the newest rows, the rest on
demand, a page per year or month for the way without JavaScript).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from motionlib.exports.formats import BUNDLES
from motionlib.exports.run import Download, ExportResult
from motionlib.library.body import Parsed
from motionlib.library.load import Library
from motionlib.model.addresses import agenda_key, bundle_stem, slugify
from motionlib.model.schema import Document, Meeting, Motion
from motionlib.model.votes import has_results

PAGE_ROWS = 50  # the all-motions page lists this many; measured: ~0.7 KB a row
MONTHS = (  # the site's words are English (strftime's names would follow the machine's locale)
    *("January", "February", "March", "April", "May", "June", "July", "August"),
    *("September", "October", "November", "December"),
)
YEAR_ROWS = 200  # a year with more motions than this is listed month by month (≈140 KB a page)


@dataclass
class PageSpec:
    """One generated page: where it lives, which template renders it, and with what."""

    src_uri: str
    template: str
    title: str
    context: dict[str, Any]
    source_path: str | None = None  # the repository file behind it, for "Edit this page"
    tags: list[str] = field(default_factory=list)
    description: str = ""


@dataclass(frozen=True)
class Group:
    """An index page's subject: one topic, status or submitter."""

    kind: str  # "topics", "status" or "submitters"
    name: str
    slug: str

    @property
    def src_uri(self) -> str:
        return f"{self.kind}/{self.slug}.md"


def groups_by_role(meta: Motion) -> dict[str, Any]:
    """The index pages a motion appears on, by role, for its page and its index lines."""
    return {
        "topics": [Group("topics", topic, slugify(topic)) for topic in meta.topic],
        "status": Group("status", meta.status, slugify(meta.status)),
        "submitter": Group("submitters", meta.submitter, slugify(meta.submitter)),
        "meeting": Group("meetings", meta.meeting, slugify(meta.meeting)) if meta.meeting else None,
    }


def groups_of(doc: Document) -> list[Group]:
    """Every index page a motion appears on."""
    assert isinstance(doc.meta, Motion)
    roles = groups_by_role(doc.meta)
    others = (roles["status"], roles["submitter"], roles["meeting"])
    return [*roles["topics"], *(group for group in others if group)]


def bundle_downloads(exports: ExportResult, kind: str, slug: str) -> list[tuple[str, Download]]:
    """Links to a group's motion book and Word ZIP, where they were made."""
    found = exports.bundles.get((kind, slug), {})
    stem = bundle_stem(kind, slug)
    return [(fmt.uri(stem), found[name]) for name, fmt in BUNDLES.items() if name in found]


def all_motions(rows: list[dict], order: tuple[str, ...]) -> PageSpec:
    """The list of every motion (large: see `_paged`)."""
    context = _paged("All motions", rows, "years", "motions/rows.json", order, feed="feed.xml")
    return PageSpec("motions/index.md", "site/motions.html", "All motions", context)


def _paged(
    heading: str, rows: list[dict], years: str, rows_file: str, order: tuple[str, ...], **more
) -> dict[str, Any]:
    """A list page's context. A large list shows its newest PAGE_ROWS, loads the rest
    (`rows_file`, written with the page) when a filter or "Show all" asks, and links a page per
    year (in the folder `years`), so every motion is reachable without JavaScript and the page
    stays small."""
    used = {row["meta"].status for row in rows}
    statuses = [s for s in order if s in used] + sorted(used - set(order))  # the library's order
    topics = sorted({t for row in rows for t in row["meta"].topic})
    paged = len(rows) > PAGE_ROWS
    return _listing(
        heading,
        rows[:PAGE_ROWS] if paged else rows,
        all_rows=rows,
        rows_file=rows_file if paged else None,
        total=len(rows),
        years=_years(rows, years) if paged else [],
        filters={"status": statuses, "topic": topics},
        **more,
    )


def _by_year(rows: list[dict]) -> dict[str, list[dict]]:
    """Motions by the year of their date, newest year first; undated ones last."""
    groups: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        groups[str(row["doc"].date.year) if row["doc"].date else "undated"].append(row)
    years = sorted((y for y in groups if y != "undated"), reverse=True)
    return {y: groups[y] for y in [*years, *(["undated"] if "undated" in groups else [])]}


def _years(rows: list[dict], folder: str) -> list[tuple[str, str, int]]:
    """(label, page, count) per year, for a large list's links."""
    return [(y.capitalize(), f"{folder}/{y}.md", len(m)) for y, m in _by_year(rows).items()]


def year_pages(rows: list[dict], folder: str = "years", name: str = "Motions") -> list[PageSpec]:
    """One page per year listing a large list's motions (in `folder`, headed "{name} of 2026"):
    the way to every motion without JavaScript. A year of more than YEAR_ROWS motions lists its
    months instead, each with a page of its own (measured: a year of 6,000 motions on one page
    was 5.5 MB)."""
    if len(rows) <= PAGE_ROWS:
        return []
    pages = []
    for year, members in _by_year(rows).items():
        undated = "Undated motions" if name == "Motions" else f"{name}, undated"
        heading = f"{name} of {year}" if year != "undated" else undated
        uri = f"{folder}/{year}.md"
        if year == "undated" or len(members) <= YEAR_ROWS:
            pages.append(PageSpec(uri, "site/motions.html", heading, _listing(heading, members)))
            continue
        months = []
        for (number, month), month_rows in _by_month(members).items():
            month_heading = f"{name} of {month} {year}"
            month_uri = f"{folder}/{year}-{number:02d}.md"
            months.append((month, month_uri, len(month_rows)))
            listing = _listing(month_heading, month_rows)
            pages.append(PageSpec(month_uri, "site/motions.html", month_heading, listing))
        context = _listing(heading, [], total=len(members), months=months)
        pages.append(PageSpec(uri, "site/motions.html", heading, context))
    return pages


def _listing(heading: str, rows: list[dict], **more: Any) -> dict[str, Any]:
    """The context of a list page (site/motions.html): a heading and its motions; no
    briefings, filters, downloads or feed unless `more` gives them."""
    base = {
        "rows": rows,
        "briefings": [],
        "meeting": None,
        "filters": None,
        "heading": heading,
        "bundle": [],
        "feed": None,
    }
    return {**base, **more}


def _by_month(rows: list[dict]) -> dict[tuple[int, str], list[dict]]:
    """A year's motions by month, newest month first."""
    groups: dict[tuple[int, str], list[dict]] = defaultdict(list)
    for row in rows:
        date = row["doc"].date
        groups[(date.month, MONTHS[date.month - 1])].append(row)
    return dict(sorted(groups.items(), reverse=True))


GROUP_TITLES = {
    "topics": "Topics",
    "meetings": "Meetings",
    "status": "Status",
    "submitters": "Submitters",
}
GROUP_LABELS = {
    "topics": "Topic",
    "meetings": "Meeting",
    "status": "Status",
    "submitters": "Submitted by",
}


def group_pages(
    rows: list[dict], briefings: list[Parsed], library: Library, exports: ExportResult
) -> list[PageSpec]:
    """Index pages per topic, meeting, status and submitter; topic pages list briefings too."""
    members: dict[Group, list[dict]] = defaultdict(list)
    for row in rows:
        for group in groups_of(row["doc"]):
            members[group].append(row)
    guides: dict[Group, list[Parsed]] = defaultdict(list)
    for item in briefings:
        for topic in item.doc.topics:
            group = Group("topics", topic, slugify(topic))
            guides[group].append(item)
            members.setdefault(group, [])
    pages = []
    for kind, title in GROUP_TITLES.items():
        groups = sorted(
            (g for g in members if g.kind == kind), key=lambda g: _group_order(g, library)
        )
        listing = [(g, len(members[g]) + len(guides[g])) for g in groups]
        context = {"groups": listing, "heading": title, "kind": kind}
        pages.append(PageSpec(f"{kind}/index.md", "site/groups.html", title, context))
        for group in groups:
            label = GROUP_LABELS[kind]
            rows_of = members[group]
            more = {
                "briefings": guides[group],
                "group": group,
                "bundle": bundle_downloads(exports, kind, group.slug),
                "feed": f"topics/{group.slug}/feed.xml" if kind == "topics" else None,
            }
            if kind == "meetings":  # an agenda is listed whole, in its order
                meeting = _meeting(library, group.name)
                context = _listing(group.name, agenda_order(rows_of), meeting=meeting, **more)
                results = has_results(row["meta"] for row in rows_of)
                context["decisions"] = f"{kind}/{group.slug}/decisions.md" if results else None
            else:  # large: its newest rows, the rest on demand, and a page per year
                folder = f"{kind}/{group.slug}"
                order = library.settings.statuses
                context = _paged(group.name, rows_of, folder, f"{folder}/rows.json", order, **more)
                if len(rows_of) <= PAGE_ROWS:
                    context["filters"] = None
                pages += year_pages(rows_of, folder, f"{label}: {group.name}, motions")
            pages.append(
                PageSpec(group.src_uri, "site/motions.html", f"{label}: {group.name}", context)
            )
    return pages


def agenda_order(rows: list[dict]) -> list[dict]:
    """A meeting's motions in agenda order (A, B, … 2, 10), unnumbered ones after them by date;
    every other list is by date, newest first (its rows come so)."""
    ordered = sorted(rows, key=lambda row: agenda_key(row["meta"].number))
    return [{**row, "group": 0} for row in ordered]  # one group: "oldest first" keeps the agenda


def _meeting(library: Library, name: str) -> Meeting | None:
    return next((m for m in library.settings.meetings or () if m.name == name), None)


def _group_order(group: Group, library: Library) -> tuple:
    """Statuses in the library's order; meetings of the controlled list newest first; names."""
    if group.kind == "status" and group.name in library.settings.statuses:
        return (library.settings.statuses.index(group.name), "")
    meeting = _meeting(library, group.name) if group.kind == "meetings" else None
    if meeting and meeting.day:
        return (-meeting.day.toordinal(), group.name.lower())
    return (0, group.name.lower())
