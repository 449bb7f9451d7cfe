"""Composites, linked both ways from one declaration: a composite lists its sources
(`composite_of:`) or each source names its composite (`composited_into:`), never both for the
same pair, so the two can never disagree. Once loaded, every motion holds both directions, and
every output (page, list row, PDF, Word file, book) reads the link from the motion it shows.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

from motionlib.model.problems import Problem
from motionlib.model.schema import Document, Motion


def link_composites(motions: list[Document]) -> tuple[list[Document], list[Problem]]:
    """The motions with each composite link filled in both ways, and what cannot stand: a pair
    declared both ways, a source in two composites, composites in a circle (a motion naming
    itself is the reference check's: checks.reference_problems)."""
    by_slug = {doc.slug: doc for doc in motions}
    into: dict[str, list[tuple[str, Document]]] = defaultdict(list)  # source → (composite, says)
    problems: list[Problem] = []
    for doc in motions:
        meta = doc.meta
        assert isinstance(meta, Motion)
        if meta.composited_into and meta.composited_into != doc.slug:
            into[doc.slug].append((meta.composited_into, doc))
        for source in meta.composite_of:  # itself: checks.reference_problems says so
            if source in by_slug and source != doc.slug:
                into[source].append((doc.slug, doc))
    for source, found in into.items():
        problems += _conflicts(by_slug[source], found)
    first = {source: found[0][0] for source, found in into.items()}  # source → its composite
    problems += _circles(by_slug, first)
    sources: dict[str, list[str]] = defaultdict(list)
    for source, composite in first.items():
        sources[composite].append(source)
    linked = [_linked(doc, first, sources) for doc in motions]
    return linked, problems


def _conflicts(source: Document, found: list[tuple[str, Document]]) -> list[Problem]:
    composites = list(dict.fromkeys(slug for slug, _ in found))
    if len(composites) > 1:
        message = (
            f"is a source of {len(composites)} composites ({', '.join(composites)}); a motion "
            "can be composited into one only"
        )
        return [
            Problem(source.path, source.lines.get("composited_into"), "composited_into", message)
        ]
    if len(found) > 1:  # the source names the composite and the composite lists the source
        composite = next(doc for _, doc in found if doc.slug != source.slug)
        message = (
            f"{composite.slug} lists this motion in composite_of, and this motion says "
            "composited_into: declare the link once, in one of the two files"
        )
        return [
            Problem(source.path, source.lines.get("composited_into"), "composited_into", message)
        ]
    return []


def _circles(by_slug: dict[str, Document], into: dict[str, str]) -> list[Problem]:
    """A composite that is, through its sources, composited into itself. Each motion has one
    composite at most, so following them visits each motion once: linear."""
    problems, done = [], set()
    for start in into:
        path, seen = [], set()
        slug = start
        while slug in into and slug not in seen and slug not in done:
            seen.add(slug)
            path.append(slug)
            slug = into[slug]
        if slug in seen:  # a circle of two or more: a motion naming itself is never followed
            circle = " → ".join([*path[path.index(slug) :], slug])
            doc = by_slug[slug]
            message = f"composites form a circle ({circle}); a composite cannot be its own source"
            problems.append(
                Problem(doc.path, doc.lines.get("composite_of"), "composite_of", message)
            )
        done |= seen
    return problems


def _linked(doc: Document, first: dict[str, str], sources: dict[str, list[str]]) -> Document:
    meta = doc.meta
    update = {}
    if doc.slug in first and not meta.composited_into:
        update["composited_into"] = first[doc.slug]
    derived = [s for s in sources.get(doc.slug, []) if s not in meta.composite_of]
    if derived:
        update["composite_of"] = [*meta.composite_of, *sorted(derived)]
    return replace(doc, meta=meta.model_copy(update=update)) if update else doc
