"""`preview --base REF`: what a pull request would publish, for its reviewers. After `build`,
it copies the PDF and Word files of the motions and briefings the pull request adds or changes
into one folder (the workflow uploads it as an artifact) and writes a summary in Markdown:
each changed file with its check results and a word diff of its text against the base.

Everything it reads comes from the pull request, so every name and word it writes into the
summary is escaped: the summary is Markdown rendered by GitHub, and a title holding "<img>" or
"](javascript:" must stay text.
"""

from __future__ import annotations

import html
import shutil
from pathlib import Path

from motionlib.exports.formats import FORMATS
from motionlib.library.check import Report
from motionlib.library.history import body_of, git_output
from motionlib.library.worddiff import BREAK, changed, word_diff

MAX_LISTED = 200  # files in one summary: a pull request of thousands is summarised by count


def changed_files(root: Path, base: str) -> list[str] | None:
    """Paths (relative to `root`) of the Markdown files added or changed since `base`, or None
    when git cannot say (no repository, an unknown base)."""
    found = git_output(
        root, "diff", "--name-only", "--relative", "--diff-filter=AMR", "-z", f"{base}...HEAD"
    )
    if found is None:
        return None
    return sorted(p for p in found.decode("utf-8", "replace").split("\0") if p.endswith(".md"))


def preview(report: Report, site: Path, out: Path, base: str) -> str:
    """Copy the changed documents' downloads from the built `site` into `out`; the summary."""
    root = report.library.root
    changed = changed_files(root, base)
    if changed is None:
        return f"Could not compare with `{_code(base)}`: no git history here to compare with.\n"
    by_path = {item.doc.path: item for item in report.rendered}
    items = [by_path[path] for path in changed if path in by_path]
    out.mkdir(parents=True, exist_ok=True)
    lines = [f"## What this pull request would publish ({len(items)} changed)", ""]
    for item in items[:MAX_LISTED]:
        lines += _entry(report, item, site, out, _old_text(root, base, item.doc.path))
    if len(items) > MAX_LISTED:
        lines.append(f"… and {len(items) - MAX_LISTED} more.")
    return "\n".join(lines) + "\n"


def _old_text(root: Path, base: str, path: str) -> str | None:
    """The file's body at `base` (`path` relative to `root`: git reads "./" from there)."""
    found = git_output(root, "show", f"{base}:./{path}")
    return None if found is None else body_of(found.decode("utf-8", "replace"))


def _entry(report: Report, item, site: Path, out: Path, old: str | None) -> list[str]:
    doc = item.doc
    files = []
    for fmt in FORMATS.values():
        source = site / fmt.uri(doc)
        if source.is_file() and not source.is_symlink():
            shutil.copyfile(source, out / source.name)
            files.append(source.name)
    problems = [p for p in report.problems if p.path == doc.path]
    named = f"`{_code(doc.path)}`" + (" (new)" if old is None else "")
    shown = ", ".join(f"`{_code(f)}`" for f in files) or "none (exports are off)"
    checked = "no problems" if not problems else f"{len(problems)} problem(s)"
    lines = [
        f"### {_text(doc.heading)}",
        "",
        f"- {named}",
        f"- Files: {shown}",
        f"- Check: {checked}",
    ]
    lines += [f"  - {_text(str(p))}" for p in problems]
    if old is not None and not changed(word_diff(old, doc.body)):
        lines.append("- Text: unchanged (only its front matter changed)")
    elif old is not None:
        lines += ["", "<details><summary>What changed in the text</summary>", ""]
        lines += [_diff(old, doc.body), "", "</details>"]
    return [*lines, ""]


def _diff(old: str, new: str) -> str:
    pieces = word_diff(old, new)
    if pieces is None:
        return "Too long to compare word by word."
    paragraphs: list[list[str]] = [[]]
    for op, text in pieces:
        if text == BREAK:
            paragraphs.append([])
        else:
            tag = {"=": "", "-": "del", "+": "ins"}[op]
            shown = html.escape(text, quote=False)
            paragraphs[-1].append(f"<{tag}>{shown}</{tag}>" if tag else shown)
    return "\n".join(f"<p>{' '.join(p)}</p>" for p in paragraphs if p) or "(no words changed)"


def _text(value: str) -> str:
    """Text as Markdown shows it literally: HTML escaped, Markdown's punctuation backslashed."""
    escaped = html.escape(" ".join(value.split()), quote=False)
    return "".join("\\" + c if c in "\\`*_[]|~" else c for c in escaped)


def _code(value: str) -> str:
    return html.escape(value.replace("`", "'").replace("\n", " "))
