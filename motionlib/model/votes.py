"""What a meeting decided, as data: a show of hands or ballot counted (for, against, abstain),
or a card vote as percentages by section (CLPs, affiliates…, the sections the library lists).
The outcome itself stays the motion's status; check warns when a count contradicts it.

Kept apart from schema.py (which uses it) so the schema stays readable; the text forms below
are what the site, the PDF and the Word file print, and what Word import reads back.
"""

from __future__ import annotations

import re
from typing import Annotated, ClassVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationInfo, model_validator
from pydantic_core import PydanticCustomError

DEFAULT_SECTIONS = ("CLPs", "Affiliates")
DECIDED_STATUSES = ("passed", "rejected", "remitted", "referred", "fell", "accepted")


def _whole(value: object) -> int:
    """A count as people write it: 120, never 12.5, "many" or -1."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise PydanticCustomError(
            "count", "is {found}: a count is a whole number, 0 or more", {"found": value}
        )
    return value


Count = Annotated[int, BeforeValidator(_whole)]
Share = Annotated[float, Field(ge=0, le=100)]
TOLERANCE = 0.1  # percentage points: a card vote's shares are rounded


class _Data(BaseModel):
    model_config = ConfigDict(
        extra="forbid", frozen=True, populate_by_name=True, serialize_by_alias=True
    )


class CardShare(_Data):
    """One section's share of a card vote, in per cent."""

    for_: Share = Field(alias="for")
    against: Share


class Votes(_Data):
    """`votes:` — {for: 120, against: 40, abstain: 3}, or {card: {CLPs: {for: 62.5, …}, …}}."""

    EXAMPLE: ClassVar[str] = "votes: {for: 120, against: 40, abstain: 3}"

    for_: Count | None = Field(None, alias="for")
    against: Count | None = None
    abstain: Count | None = None
    card: dict[str, CardShare] | None = None

    @model_validator(mode="after")
    def _complete(self, info: ValidationInfo) -> Votes:
        counted = self.for_ is not None or self.against is not None or self.abstain is not None
        if self.card is not None and counted:
            raise PydanticCustomError(
                "votes", "give counts (for, against) or a card vote, not both"
            )
        if self.card is None and (self.for_ is None or self.against is None):
            raise PydanticCustomError(
                "votes", "a count needs 'for' and 'against' (and may give 'abstain'): whole numbers"
            )
        for section, share in (self.card or {}).items():
            _check_section(section, share, _sections(info))
        return self

    @property
    def carried(self) -> bool | None:
        """Whether the figures carry it: for over against, in every section of a card vote
        (None when the sections disagree)."""
        if self.card is None:
            return self.for_ > self.against if self.for_ != self.against else None
        results = {share.for_ > share.against for share in self.card.values()}
        return results.pop() if len(results) == 1 else None


def _sections(info: ValidationInfo) -> tuple[str, ...]:
    settings = (info.context or {}).get("settings")
    return getattr(settings, "vote_sections", DEFAULT_SECTIONS)


def _check_section(section: str, share: CardShare, sections: tuple[str, ...]) -> None:
    if section not in sections:
        raise PydanticCustomError(
            "votes",
            "'{found}' is not a section of the card vote (allowed: {allowed})",
            {"found": section, "allowed": ", ".join(sections)},
        )
    total = share.for_ + share.against
    if abs(total - 100) > TOLERANCE:
        raise PydanticCustomError(
            "votes",
            "{section}: {for_}% for and {against}% against make {total}%, not 100",
            {
                "section": section,
                "for_": share.for_,
                "against": share.against,
                "total": round(total, 2),
            },
        )


def has_results(metas) -> bool:
    """Whether a meeting has results to report: a vote or a decision date on any item."""
    return any(getattr(m, "votes", None) or getattr(m, "decided", None) for m in metas)


def votes_text(votes: Votes | None) -> str:
    """'For 120, against 40, abstentions 3' or 'Card vote: CLPs 62.5% for, 37.5% against; …'."""
    if votes is None:
        return ""
    if votes.card is None:
        text = f"For {votes.for_}, against {votes.against}"
        return text + (f", abstentions {votes.abstain}" if votes.abstain is not None else "")
    shares = "; ".join(
        f"{section} {_number(share.for_)}% for, {_number(share.against)}% against"
        for section, share in votes.card.items()
    )
    return f"Card vote: {shares}"


def _number(value: float) -> str:
    return f"{value:g}"


COUNT = re.compile(r"For (\d+), against (\d+)(?:, abstentions (\d+))?")
SHARE = re.compile(r"\s*(.+?) ([\d.]+)% for, ([\d.]+)% against")


def read_votes(text: str) -> dict | str:
    """The printed text back to `votes:` (Word import); other text is kept for check to judge."""
    text = text.strip()
    if match := COUNT.fullmatch(text):
        found = {"for": int(match[1]), "against": int(match[2])}
        return found | ({"abstain": int(match[3])} if match[3] else {})
    if text.startswith("Card vote: "):
        shares = [SHARE.fullmatch(part) for part in text.removeprefix("Card vote: ").split(";")]
        if all(shares):
            return {"card": {m[1]: {"for": float(m[2]), "against": float(m[3])} for m in shares}}
    return text
