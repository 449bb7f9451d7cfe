"""Front-matter fields as every output shows them, declared once.

The schema (schema.py) says what a field may hold; this table says how every output treats it:
its label, how the details table of the PDF and the Word file shows it, how the site's panel
shows it (as that text, unless the page template writes it itself or it links to other
motions), how Word import reads the text back, what the check of the print font reads, and
the commented example `new` writes for it. Adding a field is one line in the schema and one
entry here (tests/test_fields.py adds one this way and finds it on the page, in the PDF, in
the Word file and read back by import).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from motionlib.model.votes import read_votes, votes_text


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
    # The site's panel: "text" shows `show`'s text; "own": the page template writes it (with
    # links to its group's page, a badge…); "link": links to the motions it names.
    site: str = "text"
    links: Callable[[Any], list[str]] = lambda meta: []  # "link": the slugs it names
    backlink: str | None = None  # "link": the label on the named motion's page ("Amended by")
    example: str = ""  # `new`'s commented example, "{today}" and "{year}" filled in


def _named(slugs: list[str], titles: dict[str, str]) -> str:
    return "; ".join(titles.get(slug, slug) for slug in slugs)


def _one(value: str | None) -> list[str]:
    return [value] if value else []


# Motion fields in the order of a new file (and of the details table, where they have a label).
MOTION_FIELDS = (
    Field("title", None),
    Field("submitter", "Submitted by", lambda m, t: m.submitter, site="own"),
    Field("topic", "Topics", lambda m, t: ", ".join(m.topic), _listed, site="own"),
    Field(
        "status",
        "Status",
        lambda m, t: m.status.capitalize(),
        lambda s: s.strip().lower(),
        site="own",
    ),
    Field(
        "date",
        "Date",
        lambda m, t: long_date(m.date),
        iso_date,
        site="own",
        example="date: {today}                # YYYY-MM-DD",
    ),
    Field(
        "meeting",
        "Meeting",
        lambda m, t: m.meeting or "",
        site="own",
        example="meeting: Annual Conference {year}",
    ),
    Field(
        "votes",
        "Vote",
        lambda m, t: votes_text(m.votes),
        read_votes,
        example="votes:                            # once decided: the count, or a card vote by "
        "section (see the README)\n  for: 120\n  against: 40\n  abstain: 3",
    ),
    Field(
        "decided",
        "Decided",
        lambda m, t: long_date(m.decided),
        iso_date,
        example="decided: {today}             # the day the meeting decided it",
    ),
    Field(
        "referred_to",
        "Referred to",
        lambda m, t: m.referred_to or "",
        example="referred_to: the Regional Executive Committee  # remitted or referred: to whom",
    ),
    Field(  # shown in the title: "Motion A: …"
        "number", None, example="number: A                     # its number on the meeting's agenda"
    ),
    Field("summary", None, example="summary: One sentence saying what the motion asks for."),
    Field(  # listed after the text
        "supporters", None, example="supporters:\n  - First Supporter\n  - Second Supporter"
    ),
    Field(
        "amends",
        "Amends",
        lambda m, t: _named(_one(m.amends), t),
        site="link",
        links=lambda m: _one(m.amends),
        backlink="Amended by",
        example="amends: other-motion-slug         # the file name of the motion this amends, "
        "without .md",
    ),
    Field(
        "composited_into",
        "Composited into",
        lambda m, t: _named(_one(m.composited_into), t),
        site="link",
        links=lambda m: _one(m.composited_into),
        backlink="Composite of",
        example="composited_into: composite-slug  # the composite this motion became part of",
    ),
    Field(
        "composite_of",
        "Composite of",
        lambda m, t: _named(m.composite_of, t),
        _listed,
        site="link",
        links=lambda m: list(m.composite_of),
        backlink="Composited into",
        example="composite_of: [first-source, second-source]  # a composite: its sources (or "
        "each source says composited_into)",
    ),
    Field(
        "supersedes",
        "Supersedes",
        lambda m, t: _named(m.supersedes, t),
        _listed,
        site="link",
        links=lambda m: list(m.supersedes),
        backlink="Superseded by",
        example="supersedes: older-motion-slug    # one or a list: the motions this replaces",
    ),
    Field(
        "adopted_by",
        "Adopted by",
        lambda m, t: "; ".join(f"{a.by} ({long_date(a.date)})" for a in m.adopted_by),
        _adoptions,
        site="own",
        example="adopted_by:                       # template motions: branches that passed it\n"
        "  - by: Northgate Branch\n    date: {today}",
    ),
    Field(
        "line_numbers",
        None,
        example="line_numbers: every              # or fifth: numbered lines in PDF and Word",
    ),
    Field(  # shown as the motion as amended
        "changes",
        None,
        example="changes:                          # an amendment's changes (see the README)\n"
        '  - replace: "words of the motion"\n    with: "the new words"',
    ),
)
BRIEFING_FIELDS = (
    Field("title", None),
    Field("author", "Author", lambda b, t: b.author, site="own"),
    Field("date", "Date", lambda b, t: long_date(b.date), iso_date, site="own"),
    Field("topic", "Topics", lambda b, t: ", ".join(b.topic), _listed, site="own"),
    Field(
        "summary",
        None,
        example="summary: One sentence saying who this briefing is for and what it covers.",
    ),
)
FIELDS = {"motion": MOTION_FIELDS, "briefing": BRIEFING_FIELDS}
# Word import reads any details table back by its labels.
BY_LABEL = {f.label: f for fields in FIELDS.values() for f in fields if f.label}


def details(
    kind: str, meta: Any, titles: dict[str, str], site: str | None = None
) -> list[tuple[str, str]]:
    """The details table's rows (label, text) for one document, leaving out empty ones; with
    `site`, only the fields the site's panel shows that way."""
    fields = [f for f in FIELDS[kind] if f.label and (site is None or f.site == site)]
    rows = [(f.label, f.show(meta, titles)) for f in fields]
    return [(label, value) for label, value in rows if value]


def examples(kind: str, today: dt.date) -> str:
    """The commented examples of a new file, in the table's order."""
    lines = []
    for f in FIELDS[kind]:
        if f.example:
            text = f.example.format(today=today.isoformat(), year=today.year)
            lines += [f"# {line}" for line in text.split("\n")]
    return "\n".join(lines)
