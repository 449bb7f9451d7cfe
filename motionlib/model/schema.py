"""The content model: what a motion and a briefing are, declared once.

Everything downstream receives these validated objects; nothing else checks
types by hand. Site-wide choices (statuses, topics, word limits) arrive as
`Settings` in the validation context, so the same schema serves any library.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from motionlib.model.addresses import is_slug, slugify
from motionlib.model.problems import did_you_mean
from motionlib.model.votes import DECIDED_STATUSES, DEFAULT_SECTIONS, Votes

DEFAULT_STATUSES = (
    "template",
    "draft",
    "submitted",
    "passed",
    "rejected",
    "remitted",
    "composited",
    "withdrawn",
    "referred",  # to the executive or a committee
    "fell",  # not put: an earlier decision made it fall
    "accepted",  # as a drafting change, without a vote
)
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
TITLE_MAX = 200


@dataclass(frozen=True)
class Meeting:
    """A meeting of the controlled list in mkdocs.yml (`meetings:`)."""

    name: str
    date: str | None = None  # YYYY-MM-DD
    place: str | None = None

    @property
    def day(self) -> dt.date | None:
        return dt.date.fromisoformat(self.date) if self.date else None


@dataclass(frozen=True)
class Settings:
    """Library-wide settings: the one configuration object every stage receives. Its defaults
    are the only ones written down: the MkDocs plugin's options (library/settings.py) take
    theirs from here, validate mkdocs.yml, and `settings_from` makes this from them."""

    library_name: str = "Motions Library"
    statuses: tuple[str, ...] = DEFAULT_STATUSES
    decided_statuses: tuple[str, ...] = DECIDED_STATUSES  # outcomes a motion's votes may give
    vote_sections: tuple[str, ...] = DEFAULT_SECTIONS  # a card vote's sections
    topics: tuple[str, ...] | None = None
    meetings: tuple[Meeting, ...] | None = None  # a controlled list, when mkdocs.yml gives one
    word_limit: int | None = 250
    word_limits: tuple[tuple[str, int | None], ...] = (("template", None),)
    lang: str = "en-GB"
    line_numbers: Literal["off", "every", "fifth"] = "off"
    line_width: int = 80  # characters per numbered text line (lines.py)
    motions_dir: str = "motions"
    briefings_dir: str = "briefings"
    repo_url: str | None = None
    edit_uri: str | None = None
    site_url: str | None = None
    print_css: str = ""  # the library's own PDF stylesheet (its text, so exports stay pure)
    books: tuple[str, ...] = ("meeting", "topic", "all")
    book_limit: int = 0  # 0: a motion book for every group, however large
    content_licence: str | None = None  # how the texts may be reused: "CC BY 4.0"
    content_licence_url: str | None = None
    # How the build runs (they shape no download; no format's cache key reads them).
    exports: bool = True  # false: the site without PDF and Word files (previews, tests)
    cache_dir: str = "build/cache"
    workers: int | None = None  # export processes; None: one per core
    overrides: tuple[str, ...] = ()  # docs/ pages meant to replace generated ones
    search: Literal["pagefind", "material"] = "pagefind"
    engine: Literal["mkdocs", "zensical"] = "mkdocs"
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def limit_for(self, status: str) -> int | None:
        """The word limit for a motion of this status (per-status limits win)."""
        return dict(self.word_limits).get(status, self.word_limit)


def _iso_date(value: Any) -> Any:
    """Accept only YYYY-MM-DD text: free text and impossible dates get a clear message."""
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and ISO_DATE.match(value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            raise PydanticCustomError(
                "impossible_date", "'{found}' is not a real date", {"found": value}
            ) from None
    raise PydanticCustomError(
        "date_format",
        "'{found}' is not a date; write it as YYYY-MM-DD, e.g. 2026-03-14",
        {"found": value},
    )


def _one_or_many(value: Any) -> Any:
    """Let editors write `topic: Housing` as well as a list."""
    return [value] if isinstance(value, str) else value


def _switch(value: Any) -> Any:
    """YAML 1.1 reads `off` as false: `line_numbers: off` means what the editor wrote."""
    return "off" if value is False else value


def _slug(value: Any) -> Any:
    """A motion named by its file name; a title or a file name with .md is shown as its slug."""
    if isinstance(value, str) and not is_slug(value):
        slug = slugify(value.removesuffix(".md")) if any(c.isalnum() for c in value) else ""
        raise PydanticCustomError(
            "slug",
            "'{found}' is not a motion slug (the file name without .md: "
            "lowercase letters, digits and hyphens){hint}",
            {"found": value, "hint": f"; did you mean '{slug}'?" if is_slug(slug) else ""},
        )
    return value


Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
# An agenda number: "A", "C12", "3" (YAML reads 3 as a number; it is text here).
AgendaNumber = Annotated[
    str,
    BeforeValidator(lambda v: str(v) if isinstance(v, int) and not isinstance(v, bool) else v),
    StringConstraints(strip_whitespace=True, min_length=1, max_length=20),
]
Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=TITLE_MAX)]
Date = Annotated[dt.date, BeforeValidator(_iso_date)]
Slug = Annotated[str, BeforeValidator(_slug)]


def _distinct(slugs: list[str]) -> list[str]:
    """A motion named twice in one list is a slip (a composite's two sources pasted as one)."""
    twice = sorted(slug for slug, n in Counter(slugs).items() if n > 1)  # linear
    if twice:
        raise PydanticCustomError(
            "twice", "lists '{found}' twice; name each motion once", {"found": "', '".join(twice)}
        )
    return slugs


Slugs = Annotated[list[Slug], BeforeValidator(_one_or_many), AfterValidator(_distinct)]
Topics = Annotated[  # a topic given twice is shown, listed and counted once
    list[Text], BeforeValidator(_one_or_many), AfterValidator(lambda ts: list(dict.fromkeys(ts)))
]
LineNumbers = Annotated[Literal["off", "every", "fifth"], BeforeValidator(_switch)]


class _Schema(BaseModel):
    """Shared strictness: unknown fields are errors, objects are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Change(_Schema):
    """One change an amendment makes, quoting the words of the motion it amends."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    delete: Text | None = None
    replace: Text | None = None
    with_: Annotated[str, StringConstraints(strip_whitespace=True)] | None = Field(
        None, alias="with"
    )
    insert_after: Text | None = None
    insert_clause_after: Text | None = None  # a new clause (list item) after the one quoted
    text: Text | None = None
    line: int | None = None  # which occurrence, where the quoted words stand more than once

    @model_validator(mode="after")
    def _one_kind(self) -> Change:
        kinds = [self.delete, self.replace, self.insert_after, self.insert_clause_after]
        inserting = self.insert_after is not None or self.insert_clause_after is not None
        complete = (
            sum(k is not None for k in kinds) == 1
            and (self.replace is None) == (self.with_ is None)
            and inserting == (self.text is not None)
        )
        if not complete:
            raise PydanticCustomError(
                "change",
                "a change is one of 'delete: …', 'replace: …' with 'with: …', "
                "'insert_after: …' with 'text: …', or 'insert_clause_after: …' with 'text: …' "
                "(and 'line:' if the words stand twice)",
            )
        return self


class Adoption(_Schema):
    """A branch that passed a template motion, and when."""

    by: Text
    date: Date


def _settings(info: ValidationInfo) -> Settings:
    return (info.context or {}).get("settings") or Settings()


def _check_topics(topics: list[str], info: ValidationInfo) -> list[str]:
    allowed = _settings(info).topics
    for topic in topics:
        if allowed is not None and topic not in allowed:
            raise PydanticCustomError(
                "unknown_topic",
                "'{found}' is not a topic (allowed: {allowed}){hint}",
                {"found": topic, "allowed": ", ".join(allowed), "hint": _hint(topic, allowed)},
            )
    return topics


def _hint(found: str, allowed: tuple[str, ...]) -> str:
    return did_you_mean(found, allowed)


class Motion(_Schema):
    """Front matter of a motion (template or conference)."""

    title: Title
    submitter: Text
    topic: Topics
    status: Text
    date: Date | None = None
    supporters: list[Text] = []
    meeting: Text | None = None
    number: AgendaNumber | None = None  # on the meeting's agenda: "A", "C12", "3"
    summary: Text | None = None
    amends: Slug | None = None
    composited_into: Slug | None = None
    composite_of: Slugs = []  # a composite's sources (or each source says composited_into)
    supersedes: Slugs = []
    adopted_by: list[Adoption] = []
    line_numbers: LineNumbers | None = None
    changes: list[Change] = []  # amendments: what they change in the motion they amend
    votes: Votes | None = None  # the meeting's count or card vote (votes.py)
    decided: Date | None = None  # when the meeting decided it
    referred_to: Text | None = None  # who a remitted or referred motion went to

    @model_validator(mode="after")
    def _votes_need_a_decision(self, info: ValidationInfo) -> Motion:
        decided = _settings(info).decided_statuses
        if (self.votes or self.decided) and self.status not in decided:
            raise PydanticCustomError(
                "votes_undecided",
                "votes: a result goes with a decided status ({allowed}); this motion's is "
                "'{status}'",
                {"allowed": ", ".join(decided), "status": self.status},
            )
        return self

    @model_validator(mode="after")
    def _changes_need_amends(self) -> Motion:
        if self.changes and not self.amends:
            raise PydanticCustomError(
                "changes_without_amends",
                "changes: an amendment with changes needs 'amends:', the motion it changes",
            )
        return self

    @field_validator("topic")
    @classmethod
    def _topic_known(cls, topics: list[str], info: ValidationInfo) -> list[str]:
        if not topics:
            raise PydanticCustomError("empty_list", "needs at least one topic")
        return _check_topics(topics, info)

    @field_validator("status")
    @classmethod
    def _status_known(cls, status: str, info: ValidationInfo) -> str:
        allowed = _settings(info).statuses
        if status not in allowed:
            raise PydanticCustomError(
                "unknown_status",
                "'{found}' is not a status (allowed: {allowed}){hint}",
                {"found": status, "allowed": ", ".join(allowed), "hint": _hint(status, allowed)},
            )
        return status

    @field_validator("meeting")
    @classmethod
    def _meeting_known(cls, meeting: str | None, info: ValidationInfo) -> str | None:
        meetings = _settings(info).meetings
        names = tuple(m.name for m in meetings or ())
        if meeting is not None and meetings is not None and meeting not in names:
            raise PydanticCustomError(
                "unknown_meeting",
                "'{found}' is not one of the library's meetings (allowed: {allowed}){hint}",
                {"found": meeting, "allowed": ", ".join(names), "hint": _hint(meeting, names)},
            )
        return meeting

    def references(self) -> list[tuple[str, str]]:
        """(field, slug) pairs naming other motions, for the library to check and link."""
        pairs = [("amends", self.amends), ("composited_into", self.composited_into)]
        pairs += [("composite_of", slug) for slug in self.composite_of]
        pairs += [("supersedes", slug) for slug in self.supersedes]
        return [(name, slug) for name, slug in pairs if slug]


class Briefing(_Schema):
    """Front matter of a briefing: a longer guide for local officers."""

    title: Title
    author: Text
    date: Date | None = None
    topic: Topics = []
    summary: Text | None = None

    @field_validator("topic")
    @classmethod
    def _topic_known(cls, topics: list[str], info: ValidationInfo) -> list[str]:
        return _check_topics(topics, info)


Kind = Literal["motion", "briefing"]
SCHEMAS: dict[str, type[_Schema]] = {"motion": Motion, "briefing": Briefing}


@dataclass(frozen=True)
class Document:
    """A validated source file: its front matter, its Markdown body and where it came from."""

    kind: Kind
    slug: str
    path: str  # relative to the project root, with forward slashes
    meta: Motion | Briefing
    body: str
    body_line: int  # file line on which the body starts
    digest: str  # sha256 of the source bytes, for the export cache
    lines: dict[str, int] = field(default_factory=dict, compare=False)  # field → file line

    @property
    def title(self) -> str:
        return self.meta.title

    @property
    def text_line(self) -> int:
        """The file line of the body's first non-blank line, where body warnings point."""
        leading = self.body[: len(self.body) - len(self.body.lstrip())]
        return self.body_line + leading.count("\n")

    def line_at(self, offset: int) -> int:
        """The file line of a place in the body (an offset into `body`)."""
        return self.body_line + self.body.count("\n", 0, offset)

    @property
    def heading(self) -> str:
        """The title as an agenda shows it: 'Motion A: Housing', 'Amendment A1: …'."""
        number = getattr(self.meta, "number", None)
        if not number:
            return self.title
        label = "Amendment" if getattr(self.meta, "amends", None) else "Motion"
        if getattr(self.meta, "composite_of", None):
            label = "Composite"
        if number.casefold().startswith(label.casefold()):
            return f"{number}: {self.title}"  # "Composite 3" written out in full
        return f"{label} {number}: {self.title}"

    @property
    def byline(self) -> str:
        """Who it is from: the submitter of a motion, the author of a briefing."""
        return self.meta.submitter if isinstance(self.meta, Motion) else self.meta.author

    @property
    def topics(self) -> list[str]:
        return list(self.meta.topic)

    @property
    def date(self) -> dt.date | None:
        return self.meta.date
