"""Feeds and data: an Atom feed of motions and briefings (and one per topic), and motions.json.

Followers hear about new motions without visiting the site; other tools (and the
site's own scripts) read every motion's front matter from motions.json. Both are
written with ElementTree and json, so every value is escaped by the writer.
"""

from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ET
from collections.abc import Callable
from urllib.parse import urljoin

from motionlib import __version__
from motionlib.library.body import Parsed
from motionlib.model.addresses import newest_first
from motionlib.model.schema import Settings
from motionlib.model.votes import votes_text

ATOM = "http://www.w3.org/2005/Atom"
FEED_LIMIT = 50
EPOCH = dt.date(1970, 1, 1)


def atom_feed(
    title: str,
    feed_path: str,
    items: list[Parsed],
    settings: Settings,
    page_url: Callable[[Parsed], str],
) -> str:
    """An Atom 1.0 feed, newest first. `page_url(item)` is a page's URL from the site root."""
    ET.register_namespace("", ATOM)
    latest = sorted(items, key=_newest)[:FEED_LIMIT]
    feed = ET.Element(f"{{{ATOM}}}feed")
    _text(feed, "title", title)
    _text(feed, "id", _iri(settings, feed_path, "feed"))
    _text(feed, "updated", _stamp(max((_updated(i.doc) for i in latest), default=EPOCH)))
    _text(ET.SubElement(feed, f"{{{ATOM}}}author"), "name", settings.library_name)
    _text(feed, "generator", "Motions Library", version=__version__)
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", href=_href(settings, feed_path, feed_path))
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="alternate", href=_href(settings, "", feed_path))
    for item in latest:
        feed.append(_entry(item, settings, page_url(item), feed_path))
    ET.indent(feed)
    return ET.tostring(feed, encoding="unicode", xml_declaration=True) + "\n"


def _entry(item: Parsed, settings: Settings, url: str, feed_path: str) -> ET.Element:
    doc = item.doc
    entry = ET.Element(f"{{{ATOM}}}entry")
    _text(entry, "title", doc.title)
    _text(entry, "id", _iri(settings, url, f"{doc.kind}:{doc.slug}"))
    _text(entry, "updated", _stamp(_updated(doc)))
    ET.SubElement(entry, f"{{{ATOM}}}link", rel="alternate", href=_href(settings, url, feed_path))
    _text(ET.SubElement(entry, f"{{{ATOM}}}author"), "name", doc.byline)
    summary = getattr(doc.meta, "summary", None) or item.first_sentence
    result = votes_text(getattr(doc.meta, "votes", None))
    _text(
        entry,
        "summary",
        f"{summary} ({doc.meta.status.capitalize()}: {result})" if result else summary,
    )
    for topic in doc.topics:
        ET.SubElement(entry, f"{{{ATOM}}}category", term=topic)
    status = getattr(doc.meta, "status", None)
    if status:
        ET.SubElement(entry, f"{{{ATOM}}}category", term=status, label=f"Status: {status}")
    return entry


def _updated(doc):
    """A document's date, or its decision's when later: a decision is news."""
    decided = getattr(doc.meta, "decided", None)
    return max(decided, doc.date or decided) if decided else doc.date or EPOCH


def _newest(item: Parsed) -> tuple:
    return (-_updated(item.doc).toordinal(), item.doc.title.lower())


def _text(parent: ET.Element, tag: str, text: str, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attributes)
    element.text = text
    return element


def _stamp(date: dt.date) -> str:
    return f"{date.isoformat()}T00:00:00Z"


def _iri(settings: Settings, path: str, fallback: str) -> str:
    """A permanent id: the page's address when the site's is known, else a URN."""
    return urljoin(settings.site_url, path) if settings.site_url else f"urn:motionlib:{fallback}"


def _href(settings: Settings, path: str, feed_path: str) -> str:
    """Absolute with site_url; otherwise relative to the feed file, as Atom readers resolve it."""
    if settings.site_url:
        return urljoin(settings.site_url, path)
    depth = feed_path.count("/")
    return "../" * depth + path or "./"


def motions_json(items: list[Parsed], page_url: Callable[[Parsed], str]) -> str:
    """Every motion's and briefing's front matter, as validated, with its address and size."""
    entries = [
        {
            "kind": item.doc.kind,
            "slug": item.doc.slug,
            "source": item.doc.path,
            "url": page_url(item),
            "words": item.words,
            "front_matter": item.doc.meta.model_dump(mode="json", exclude_defaults=True),
        }
        for item in sorted(items, key=newest_first)
    ]
    return (
        json.dumps(
            {"generator": f"Motions Library {__version__}", "documents": entries},
            ensure_ascii=False,
            indent=1,
        )
        + "\n"
    )
