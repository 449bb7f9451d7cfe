"""Unsafe input in a body: scripts, frames, event handlers and script links.

The renderer already makes such input harmless (raw HTML is shown as text and
unsafe links are dropped); these rules tell the editor, so that a pull request
carrying a script is refused rather than quietly defused.
"""

from __future__ import annotations

import re

from motionlib.model.problems import Problem, Severity

CODE = re.compile(r"^(```|~~~).*?^\1|`[^`\n]+`", re.MULTILINE | re.DOTALL)
FORBIDDEN_HTML = [
    (re.compile(r"<\s*script\b", re.I), "a <script> tag; scripts are not allowed"),
    (
        re.compile(r"<\s*(iframe|frame|object|embed)\b", re.I),
        "an <{0}> tag; embedded pages and objects are not allowed",
    ),
    (
        re.compile(r"<[a-z][^<>]*?\s(on[a-z]+)\s*=", re.I),
        "an event-handler attribute ({0}=); scripts are not allowed",
    ),
    (
        re.compile(
            # A link's address may follow on the next line, not after a blank line: that
            # starts a new paragraph, where "](" and the word before it are only text.
            r"(?:\]\([^\S\n]*\n?[^\S\n]*<?|^[^\S\n]*\[[^\]]+\]:[^\S\n]*\n?[^\S\n]*<?"
            r"|href\s*=\s*[\"']?\s*|<)"
            r"((?:javascript|vbscript|data):)",
            re.I | re.M,
        ),
        "a '{0}' link; links must be web (https://…), mail or page links",
    ),
]
RAW_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9-]*(?:\s[^<>]*)?/?>")
AUTOLINK = re.compile(r"<(?:https?://|mailto:)[^<>\s]+>|<[^<>\s@]+@[^<>\s]+>")


def without_code(text: str) -> str:
    """The text with its code spans and fenced blocks blanked to spaces (their line breaks kept,
    so offsets and line numbers stay those of the text): what is shown as code is no markup."""
    return CODE.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)


def body_problems(path: str, source: str, body_line: int) -> list[Problem]:
    """Scripts, frames, event handlers and script links are errors; other raw HTML is a warning.

    Code spans and fenced blocks are blanked first: HTML shown as code is fine.
    """
    body = without_code(source)
    problems = []
    for pattern, message in FORBIDDEN_HTML:
        for match in pattern.finditer(body):
            found = match.group(1) if match.groups() else ""
            line = body_line + body.count("\n", 0, match.start())
            problems.append(Problem(path, line, "body", "contains " + message.format(found)))
    flagged = {p.line for p in problems}
    for match in RAW_TAG.finditer(body):
        line = body_line + body.count("\n", 0, match.start())
        if line not in flagged and not AUTOLINK.fullmatch(match.group(0)):
            flagged.add(line)
            message = f"raw HTML ({match.group(0)[:40]}) is shown as text; use Markdown instead"
            problems.append(Problem(path, line, "body", message, Severity.WARNING))
    return problems
