"""Bundles: everything for a meeting (or a topic, or the library) in one download.

A motion book (one PDF: cover, contents, every motion from a new page) and a ZIP
of the Word files, per topic, per meeting and for the whole library. Members are
listed newest first, as the site's index pages list them.
"""

from __future__ import annotations

import io
import zipfile
from collections import defaultdict
from dataclasses import dataclass

from motionlib.library.body import Parsed
from motionlib.model.addresses import agenda_key, bundle_stem, newest_first, slugify
from motionlib.model.result import Result
from motionlib.model.schema import Motion, Settings

FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
KINDS = {"topic": "topics", "meeting": "meetings", "all": "all"}


@dataclass(frozen=True)
class Bundle:
    """One group of motions and the downloads made for it."""

    kind: str  # "topics", "meetings" or "all"
    name: str
    slug: str
    members: tuple[Parsed, ...]
    book: bool  # whether a motion book is made (Word ZIPs always are)

    @property
    def title(self) -> str:
        return self.name if self.kind == "all" else f"Motions: {self.name}"

    @property
    def stem(self) -> str:
        return bundle_stem(self.kind, self.slug)

    @property
    def key(self) -> tuple[str, str]:
        return (self.kind, self.slug)


def plan_bundles(rendered: list[Parsed], settings: Settings, books: bool = True) -> list[Bundle]:
    """Every bundle the library gets, in a stable order; `books=False` makes only Word ZIPs."""
    motions = sorted((r for r in rendered if isinstance(r.doc.meta, Motion)), key=newest_first)
    groups: dict[tuple[str, str], list[Parsed]] = defaultdict(list)
    for item in motions:
        for topic in item.doc.meta.topic:
            groups[("topics", topic)].append(item)
        if item.doc.meta.meeting:
            groups[("meetings", item.doc.meta.meeting)].append(item)
    for (kind, name), members in groups.items():
        if kind == "meetings":  # a meeting's book follows its agenda, amendments after motions
            members.sort(key=lambda item: agenda_key(item.doc.meta.number))
            groups[(kind, name)] = amendments_after_their_motions(members)
    wanted = {KINDS[k] for k in settings.books} if books else set()
    bundles = [
        _bundle(kind, name, slugify(name), members, settings, wanted)
        for (kind, name), members in sorted(groups.items())
    ]
    if motions:
        bundles.append(_bundle("all", settings.library_name, "all", motions, settings, wanted))
    return bundles


def amendments_after_their_motions(members: list[Parsed]) -> list[Parsed]:
    """Each amendment right after the motion it amends (when both are in the group), in the
    order the amendments had."""
    present = {item.doc.slug for item in members}
    following: dict[str, list[Parsed]] = defaultdict(list)
    for item in members:
        target = item.doc.meta.amends
        if target in present and target != item.doc.slug:
            following[target].append(item)
    placed = {item.doc.slug for items in following.values() for item in items}
    ordered: list[Parsed] = []

    def place(item: Parsed, depth: int = 0) -> None:
        ordered.append(item)
        for amendment in following.get(item.doc.slug, []) if depth < 20 else []:
            place(amendment, depth + 1)

    for item in members:
        if item.doc.slug not in placed:
            place(item)
    return ordered if len(ordered) == len(members) else members


def _bundle(
    kind: str, name: str, slug: str, members: list[Parsed], settings: Settings, wanted: set
) -> Bundle:
    limit = settings.book_limit
    book = kind in wanted and (not limit or len(members) <= limit)
    return Bundle(kind, name, slug, tuple(members), book)


def word_zip(bundle: Bundle, singles: list[bytes], settings: Settings) -> Result[bytes]:
    """A bundle's Word files in one ZIP, byte-identical to the single downloads."""
    names = [f"{doc.slug}.docx" for doc in bundle.members]
    return Result(zip_bytes(list(zip(names, singles, strict=True))))


def zip_bytes(entries: list[tuple[str, bytes]]) -> bytes:
    """A ZIP of files under stable names, with fixed timestamps: same input, same bytes.

    Word files are already compressed, so they are stored as they are.
    """
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_STORED) as archive:
        for name, data in entries:
            entry = zipfile.ZipInfo(name, FIXED_ZIP_TIME)
            entry.external_attr = 0o644 << 16
            archive.writestr(entry, data)
    return output.getvalue()
