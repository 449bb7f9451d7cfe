"""Footnotes at the foot of the page in the PDF: each note moves to where it is referred to, as a
`float: footnote` element (print.css), which WeasyPrint lays out at the bottom of that page and
numbers itself; the notes list at the end of the body (the site's) goes.

Works on the sanitized body HTML, whose shape the footnotes extension and nh3 fix:
`<sup id="fnref:1"><a href="#fn:1" class="footnote-ref">1</a></sup>` and `<div class="footnote">
<hr><ol><li id="fn:1"><p>…&nbsp;<a … class="footnote-backref" …>↩</a></p></li>…</ol></div>`.
"""

from __future__ import annotations

import re

NOTES = re.compile(r'<div class="footnote">\s*<hr>\s*<ol>(.*?)</ol>\s*</div>', re.S)
NOTE = re.compile(r'<li id="fn:([^"]+)">(.*?)</li>\s*(?=<li id="fn:|$)', re.S)
BACK_LINK = re.compile(
    r'(?:&nbsp;|\xa0)?<a href="#fnref\d*:[^"]+" class="footnote-backref"[^>]*>.*?</a>'
)
CALL = re.compile(r'<sup id="fnref:([^"]+)"><a href="#fn:[^"]+" class="footnote-ref">\d+</a></sup>')
PARAGRAPH = re.compile(r"</?p>")


def print_footnotes(html: str) -> str:
    """The body HTML with each note at its first reference, and no notes list."""
    found = NOTES.search(html)
    if not found:
        return html
    notes = {}
    for note_id, content in NOTE.findall(found[1].strip()):
        text = BACK_LINK.sub("", content).strip()
        paragraphs = [piece.strip() for piece in PARAGRAPH.split(text) if piece.strip()]
        notes[note_id] = "<br>".join(paragraphs)
    html = html[: found.start()] + html[found.end() :]
    placed: set[str] = set()

    def call(match: re.Match) -> str:
        note_id = match[1]
        if note_id not in notes or note_id in placed:
            return match[0]
        placed.add(note_id)
        return f'<span class="fn">{notes[note_id]}</span>'

    return CALL.sub(call, html)
