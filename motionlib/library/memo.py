"""A sealed JSON memo beside the export cache: values that are pure functions of their keys and
worth keeping from one build to the next (a file's text by its git blob id, the word diff of
two texts), so a build in a repository with a long history reads and compares only what is new.

Data, never a pickle, sealed by `cachetrust` as every cache file is: a planted, damaged or
missing memo is an empty one, which only makes the build slower. It keeps what the last build
used, so it does not grow with the history.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from motionlib.library.cachetrust import read_json, write_json


class Memo:
    def __init__(self, path: Path | None) -> None:
        self.path = path
        found = read_json(path) if path is not None else None
        self.old: dict[str, Any] = found if isinstance(found, dict) else {}
        self.used: dict[str, Any] = {}
        self.made = 0  # values this build had to work out

    def __contains__(self, key: str) -> bool:
        return key in self.used or key in self.old

    def __getitem__(self, key: str) -> Any:
        if key not in self.used:
            self.used[key] = self.old[key]
        return self.used[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.used[key] = value
        self.made += 1

    def save(self) -> None:
        """Write what this build used, when that differs from what was read."""
        if self.path is not None and (self.made or len(self.used) != len(self.old)):
            write_json(self.path, self.used)
