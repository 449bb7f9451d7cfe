"""Word-level comparisons on a motion's page (library/worddiff.py): a composite against each of
its sources, and each published version against the one before it. Shown as paragraphs of
kept, <del>eted and <ins>erted words; the site's sanitizer and style sheet already know both."""

from __future__ import annotations

from markupsafe import Markup, escape

from motionlib.library.worddiff import BREAK, Piece, changed, tree_text, word_diff

TOO_LONG = Markup("<p>Too long to compare word by word here.</p>")


def diff_html(pieces: list[Piece] | None) -> Markup:
    """Paragraphs of words, deletions and insertions, spaced as text reads."""
    if pieces is None:
        return TOO_LONG
    paragraphs: list[list[str]] = [[]]
    for op, text in pieces:
        if text == BREAK:
            paragraphs.append([])
        elif op == "=":
            paragraphs[-1].append(str(escape(text)))
        else:
            tag = "del" if op == "-" else "ins"
            paragraphs[-1].append(f"<{tag}>{escape(text)}</{tag}>")
    return Markup("".join(f"<p>{' '.join(p)}</p>" for p in paragraphs if p))


def compared(source, composite) -> Markup:
    """A source motion's text turned into its composite's, word by word."""
    return diff_html(word_diff(tree_text(source.tree), tree_text(composite.tree)))


MESSAGE = 160  # characters of a commit's first line shown beside its date


def _short(message: str) -> str:
    return message if len(message) <= MESSAGE else message[: MESSAGE - 1].rstrip() + "…"


def source_comparisons(item, by_slug: dict) -> list[tuple]:
    """A composite's sources, each with its text turned into the composite's."""
    sources = [by_slug[s] for s in getattr(item.doc.meta, "composite_of", []) if s in by_slug]
    return [(source.doc, compared(source, item)) for source in sources]


def version_rows(versions: list) -> list[dict]:
    """Each published version (newest first) with what changed since the one before it; the
    oldest listed has none shown (its predecessor is past the limit, or there is none)."""
    rows = []
    for index, version in enumerate(versions):
        before = versions[index + 1] if index + 1 < len(versions) else None
        pieces = version.changes if before is not None else []
        rows.append(
            {
                "date": version.date,
                "message": _short(version.message),
                "commit": version.commit[:7],
                "diff": diff_html(pieces) if before is not None else None,
                "same": pieces is not None and not changed(pieces),  # front matter only
            }
        )
    return rows
