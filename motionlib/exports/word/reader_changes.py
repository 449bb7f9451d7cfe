"""An amendment's changes read back from its Word file: the "Changes" list our exports write
(and branches type the same way) — "At line 11, replace “…” with “…”", "…, delete “…”",
"…, after “…”, insert “…”" — becomes `changes:`. A sentence that cannot be read is a warning
that says how to write it."""

from __future__ import annotations

import re

OPEN, CLOSE = "[“\"‘']", "[”\"’']"
AT = r"^(?:\d+[.)]\s*)?(?:at line (\d+),?\s*)?"
FORMS = (
    (
        re.compile(AT + rf"replace {OPEN}(.+?){CLOSE} (?:with|by) {OPEN}(.*){CLOSE}\.?$", re.I),
        "replace",
    ),
    (
        re.compile(AT + rf"after {OPEN}(.+?){CLOSE},? insert {OPEN}(.*){CLOSE}\.?$", re.I),
        "insert_after",
    ),
    (re.compile(AT + rf"delete {OPEN}(.+){CLOSE}\.?$", re.I), "delete"),
)
HOW = (
    "write it as 'At line 11, replace “old words” with “new words”' (or delete “…”, or after "
    "“…”, insert “…”)"
)


def read_change(text: str) -> dict | None:
    """One sentence of the list as a change, or None when it is not one of the forms."""
    for pattern, kind in FORMS:
        match = pattern.match(text.strip())
        if not match:
            continue
        change: dict = {}
        if kind == "replace":
            change = {"replace": match[2], "with": match[3]}
        elif kind == "insert_after":
            change = {"insert_after": match[2], "text": match[3]}
        else:
            change = {"delete": match[2]}
        if match[1]:
            change["line"] = int(match[1])
        return change
    return None


def unreadable(text: str) -> str:
    return f"the change '{text[:80]}' could not be read, so it was left out: {HOW}"
