"""Word's runs and paragraphs as Markdown text: formatting grouped and marked up, what Markdown
would read as markup escaped, list items joined into lists. Word import's writing half.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ESCAPE = re.compile(r"([\\`*_\[\]])")
PLACEHOLDER_ESCAPED = re.compile(r"\\\[\\\[([^\[\]\n]{1,80}?)\\\]\\\]")
ENTITY_LIKE = re.compile(r"&(?=#?[0-9a-zA-Z]+;)")
LINE_START = re.compile(r"^(#|>|[-+*] |\d+[.)] )")
RULE_LINE = re.compile(r"^\s*([-*_])(\s*\1){2,}\s*$")
LIST_CONTINUE = "\x00continue\x00"
HEADING_MARK = "\x00heading\x00"


@dataclass
class Span:
    text: str
    bold: bool = False
    italic: bool = False
    code: bool = False
    link: str | None = None
    raw: bool = False  # Markdown already (a footnote reference): written as it is


def markdown_of(spans: list[Span]) -> str:
    """Group runs of the same formatting (Word splits runs anywhere), then mark them up."""
    groups: list[Span] = []
    for span in spans:
        if not span.text:
            continue
        last = groups[-1] if groups else None
        if (
            last
            and not (last.raw or span.raw)
            and (last.bold, last.italic, last.code, last.link)
            == (
                span.bold,
                span.italic,
                span.code,
                span.link,
            )
        ):
            last.text += span.text
        else:
            groups.append(Span(span.text, span.bold, span.italic, span.code, span.link, span.raw))
    return "".join(_markup(group) for group in groups)


def _markup(span: Span) -> str:
    text = span.text.replace("\n", "  \n")
    if span.raw:
        return text
    if span.code:
        return f"`{text}`"
    lead = text[: len(text) - len(text.lstrip())]
    trail = text[len(text.rstrip()) :]
    core = escape_markdown(text.strip())
    marks = ("**" if span.bold else "") + ("*" if span.italic else "")
    if core and marks:
        core = f"{marks}{core}{marks[::-1]}"
    if span.link and core:
        core = f"[{core}]({span.link})"
    return lead + core + trail


def escape_markdown(text: str) -> str:
    """Backslash-escape what Markdown would read as markup ([x](url), `code`, *stars*, <tags>,
    &entities;); [[placeholders]] stay as they are."""
    # '<' has no backslash escape in Python-Markdown; as an entity it is shown as text.
    escaped = ESCAPE.sub(r"\\\1", ENTITY_LIKE.sub("&amp;", text)).replace("<", "&lt;")
    return PLACEHOLDER_ESCAPED.sub(r"[[\1]]", escaped)


def protect_line_start(text: str) -> str:
    """A paragraph starting '1. ' or '# ' is text, not a list or heading; '---' is not a rule."""
    if text.startswith("~~~"):  # a code fence; '~' has no backslash escape
        return "&#126;" + text[1:]
    if RULE_LINE.match(text):
        return "".join("\\" + ch if ch in "-*_" else ch for ch in text)
    match = LINE_START.match(text)
    if not match:
        return text
    token = match.group(1)
    if token[0].isdigit():
        return token[:-2] + "\\" + token[-2:] + text[len(token) :]
    return "\\" + text


def join_lists(blocks: list[str]) -> list[str]:
    """Consecutive list items (and their continuation paragraphs) form one Markdown list."""
    joined: list[str] = []
    for block in blocks:
        is_item = is_list_line(block)
        if block.startswith(LIST_CONTINUE):
            joined.append(block.removeprefix(LIST_CONTINUE))
        elif is_item and joined and is_list_line(joined[-1].rsplit("\n", 1)[-1]):
            joined[-1] += "\n" + block
        else:
            joined.append(block)
    return joined


def is_list_line(line: str) -> bool:
    return bool(re.match(r"^(> )?( {4})*(- |\d+\. )", line))


def heading_levels(blocks: list[str]) -> list[str]:
    """The shallowest heading in the body becomes '##' (the title is the page's '#')."""
    pattern = re.compile(f"^{HEADING_MARK}(\\d){HEADING_MARK}")
    levels = [int(m.group(1)) for b in blocks if (m := pattern.match(b))]
    top = min(levels, default=1)
    return [
        pattern.sub(lambda m: "#" * min(int(m.group(1)) - top + 2, 6) + " ", block)
        for block in blocks
    ]
