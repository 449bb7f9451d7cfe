"""What an export or an import made, and what it could not carry over: one type for both, as
mammoth's Result (value + messages). Every single-file and bundle export returns Result[bytes];
Word import returns Imported, a Result of the draft it read (exports/word/imported.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass
class Result(Generic[T]):
    value: T
    warnings: list[str] = field(default_factory=list)  # one sentence each, for the editor
