"""Front-matter fields as every output shows them, declared once.

The schema (model.py) says what a field may hold; this table says how each output treats it:
its label, how the PDF and Word details table show it, how Word import reads that text back,
and where it goes in a file that `new` or `import` writes. Adding a field is one line in the
schema and one entry here.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


def long_date(value: dt.date | None) -> str:
    """'14 May 2026', as British party documents write dates."""
    return f"{value.day} {value:%B %Y}" if value else ""


def iso_date(text: str) -> str:
    """'9 February 2026' (how exports show dates) → '2026-02-09'; other text is kept."""
    try:
        return dt.datetime.strptime(text.strip(), "%d %B %Y").date().isoformat()
    except ValueError:
        return text.strip()


def _listed(text: str) -> list[str]:
    """Items joined by ';' (titles may hold commas), or by ',' in older exports."""
    return [s.strip() for s in re.split(";" if ";" in text else ",", text) if s.strip()]


def _adoptions(text: str) -> list[dict[str, str]]:
    records = re.findall(r"\s*(.+?) \((\d{1,2} \w+ \d{4})\)", text)
    return [{"by": by.strip("; "), "date": iso_date(date)} for by, date in records]


@dataclass(frozen=True)
class Field:
    """One front-matter field: label, how the details table shows it, how import reads it."""

    name: str
    label: str | None  # None: not in the details table (the title, the body's own fields)
    show: Callable[[Any, dict[str, str]], str] = lambda meta, titles: ""
    read: Callable[[str], Any] = str.strip  # details-table text → front-matter value


def _named(slugs: list[str], titles: dict[str, str]) -> str:
    return "; ".join(titles.get(slug, slug) for slug in slugs)


def _one(value: str | None) -> list[str]:
    return [value] if value else []


# Motion fields in the order of a new file (and of the details table, where they have a label).
MOTION_FIELDS = (
    Field("title", None),
    Field("submitter", "Submitted by", lambda m, t: m.submitter),
    Field("topic", "Topics", lambda m, t: ", ".join(m.topic), _listed),
    Field("status", "Status", lambda m, t: m.status.capitalize(), lambda s: s.strip().lower()),
    Field("date", "Date", lambda m, t: long_date(m.date), iso_date),
    Field("meeting", "Meeting", lambda m, t: m.meeting or ""),
    Field("number", None),  # shown in the title: "Motion A: …"
    Field("summary", None),
    Field("supporters", None),  # listed after the text
    Field("amends", "Amends", lambda m, t: _named(_one(m.amends), t)),
    Field("composited_into", "Composited into", lambda m, t: _named(_one(m.composited_into), t)),
    Field("supersedes", "Supersedes", lambda m, t: _named(m.supersedes, t), _listed),
    Field(
        "adopted_by",
        "Adopted by",
        lambda m, t: "; ".join(f"{a.by} ({long_date(a.date)})" for a in m.adopted_by),
        _adoptions,
    ),
    Field("line_numbers", None),
    Field("changes", None),  # shown as the motion as amended
)
BRIEFING_FIELDS = (
    Field("title", None),
    Field("author", "Author", lambda b, t: b.author),
    Field("date", "Date", lambda b, t: long_date(b.date), iso_date),
    Field("topic", "Topics", lambda b, t: ", ".join(b.topic), _listed),
    Field("summary", None),
)
FIELDS = {"motion": MOTION_FIELDS, "briefing": BRIEFING_FIELDS}
# Word import reads any details table back by its labels.
BY_LABEL = {f.label: f for fields in FIELDS.values() for f in fields if f.label}


def details(kind: str, meta: Any, titles: dict[str, str]) -> list[tuple[str, str]]:
    """The details table's rows (label, text) for one document, leaving out empty ones."""
    rows = [(f.label, f.show(meta, titles)) for f in FIELDS[kind] if f.label]
    return [(label, value) for label, value in rows if value]
