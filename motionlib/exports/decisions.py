"""A meeting's decisions, as every output lists them (the site's decisions page, its PDF, its
Word file and the delegate's report-back form): each motion and amendment in agenda order, each
amendment after its motion, with its outcome, its vote, where it went (remitted or referred to
whom, composited into which composite) and, for a motion carried as amended, its text as
adopted."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from motionlib.exports.bundles import amendments_after_their_motions
from motionlib.library.body import Parsed, tree_to_html
from motionlib.model.addresses import agenda_key
from motionlib.model.votes import votes_text


@dataclass(frozen=True)
class Decision:
    """One item of the decisions: what the meeting did with it."""

    item: Parsed
    amendment: bool
    status: str
    vote: str  # "For 212, against 38, abstentions 11", or ""
    detail: str  # after the status: ", as amended by Amendment C1", " to …", " into …"

    @property
    def doc(self):
        return self.item.doc

    @property
    def outcome(self) -> str:
        """'Passed, as amended by Amendment C1', 'Remitted to …', 'Composited into …'."""
        return self.status.capitalize() + self.detail

    @property
    def adopted(self) -> Markup | None:
        """A motion carried as amended: its text as adopted, as the page and the PDF show it."""
        return Markup(tree_to_html(self.item.adopted)) if self.item.adopted is not None else None

    @property
    def adopted_by(self) -> str:
        return " and ".join(self.item.adopted_by)


def last_decided(items):
    """The day of the meeting's last decision, which dates its decisions files (never the
    clock: the same input gives the same bytes), or None."""
    return max(
        (i.doc.meta.decided for i in items if getattr(i.doc.meta, "decided", None)), default=None
    )


def in_agenda_order(items) -> list[Parsed]:
    """As the meeting's book orders them: by agenda number, each amendment after its motion."""
    ordered = sorted(items, key=lambda item: agenda_key(item.doc.meta.number))
    return amendments_after_their_motions(ordered)


def decisions(items) -> list[Decision]:
    """Every item's decision, in agenda order."""
    return [decision_of(item) for item in in_agenda_order(items)]


def decision_of(item: Parsed) -> Decision:
    """What the meeting did with one motion or amendment (a list row says it too)."""
    meta, headings = item.doc.meta, dict(item.titles)  # a composite's heading (checks._titles)
    outcome = ""
    if item.adopted_by:
        outcome += f", as amended by {' and '.join(item.adopted_by)}"
    if meta.referred_to:
        outcome += f" to {meta.referred_to}"
    if meta.composited_into:
        outcome += f" into {headings.get(meta.composited_into, meta.composited_into)}"
    if item.lost:
        outcome += f" (lost: {', '.join(item.lost)})"
    return Decision(item, bool(meta.amends), meta.status, votes_text(meta.votes), outcome)
