"""A meeting's decisions, once it has results: a page listing every motion and amendment in
agenda order with its outcome, its vote and (for a motion carried as amended) its text as
adopted, and results.csv, one row per motion and amendment, for the arrangements committee's
report and the branches' records.

results.csv columns: number, kind (motion, amendment or composite), title, amends (the
amended motion's file name), status, for, against, abstain (a count), card_vote (a card vote,
as printed), decided (YYYY-MM-DD), as_amended_by (the amendments carried into a motion),
referred_to (who a remitted or referred motion went to), composited_into (the composite's file
name), address (its page).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable

from motionlib.exports.decisions import in_agenda_order
from motionlib.library.body import Parsed
from motionlib.model.addresses import slugify
from motionlib.model.votes import has_results, votes_text

COLUMNS = (
    "number", "kind", "title", "amends", "status", "for", "against", "abstain", "card_vote",
    "decided", "as_amended_by", "referred_to", "composited_into", "address",
)  # fmt: skip
DECISION_FORMATS = ("decisions", "decisions_docx", "report_back")  # formats.BUNDLES' names


def meetings_with_results(rendered: list[Parsed]) -> dict[str, list[Parsed]]:
    """Each meeting that has results, with its motions and amendments."""
    grouped: dict[str, list[Parsed]] = {}
    for item in rendered:
        meeting = getattr(item.doc.meta, "meeting", None)
        if meeting:
            grouped.setdefault(meeting, []).append(item)
    return {m: items for m, items in grouped.items() if has_results(i.doc.meta for i in items)}


def results_csv(items: list[Parsed], page_url: Callable[[Parsed], str]) -> str:
    output = io.StringIO()
    writer = csv.writer(output, lineterminator="\n")
    writer.writerow(COLUMNS)
    for item in in_agenda_order(items):
        meta, votes = item.doc.meta, item.doc.meta.votes
        counted = votes is not None and votes.card is None
        writer.writerow(
            [
                meta.number or "",
                "amendment" if meta.amends else "composite" if meta.composite_of else "motion",
                item.doc.title,
                meta.amends or "",
                meta.status,
                votes.for_ if counted else "",
                votes.against if counted else "",
                votes.abstain if counted and votes.abstain is not None else "",
                votes_text(votes) if votes is not None and votes.card is not None else "",
                meta.decided.isoformat() if meta.decided else "",
                " and ".join(item.adopted_by),
                meta.referred_to or "",
                meta.composited_into or "",
                page_url(item),
            ]
        )
    return output.getvalue()


def meeting_folder(name: str) -> str:
    return f"meetings/{slugify(name)}"
