"""Problems found in the library, and the one error type whose message is shown as-is.

Every stage reports problems as values rather than raising, so an editor sees
every mistake in one run (as MkDocs does for its config), and the CLI decides
once whether to stop.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one file: where, which field, and what is allowed."""

    path: str
    line: int | None
    field: str | None
    message: str
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        field = f" {self.field}:" if self.field else ""
        prefix = "" if self.severity is Severity.ERROR else " warning:"
        return one_line(f"{where}:{prefix}{field} {self.message}")

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


def one_line(text: str) -> str:
    """A problem is one line of output, whatever a file name or a YAML key holds: CI systems
    read lines starting with '::' as commands."""
    return text.replace("\r", "\\r").replace("\n", "\\n")


class MotionLibError(Exception):
    """An error for people: its message is printed as it is, without a traceback."""


class LibraryInvalid(MotionLibError):
    """Raised when the library has errors; carries every problem found."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = sorted(problems, key=_sort_key)
        errors = [p for p in self.problems if p.is_error]
        lines = "\n".join(str(p) for p in self.problems)
        super().__init__(f"{lines}\n{len(errors)} error(s) in the library; nothing was built.")


def _sort_key(problem: Problem) -> tuple[str, int, str]:
    return (problem.path, problem.line or 0, problem.field or "")


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Order problems by file then line, so output reads top to bottom like the files."""
    return sorted(problems, key=_sort_key)


def did_you_mean(found: str, allowed: Iterable[str]) -> str:
    """A '; did you mean …?' suffix for near misses only, or '' when nothing is close.

    Case differences and unambiguous beginnings ('Party org') count as close; otherwise the
    spelling must be 80 % alike, so 'Internal elections' is not offered 'International'.
    """
    folded = {name.casefold(): name for name in allowed}
    key = str(found).strip().casefold()
    if not key:
        return ""
    if key in folded:
        return f"; did you mean '{folded[key]}'?"
    starts = [name for fold, name in folded.items() if len(key) >= 4 and fold.startswith(key)]
    if len(starts) == 1:
        return f"; did you mean '{starts[0]}'?"
    matches = difflib.get_close_matches(key, list(folded), n=1, cutoff=0.8)
    return f"; did you mean '{folded[matches[0]]}'?" if matches else ""


def allowed_list(allowed: Iterable[str]) -> str:
    return ", ".join(allowed)
