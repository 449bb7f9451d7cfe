"""A page's table of contents from the headings of its HTML, for both engines.

Our pages reach the engines as HTML, which Markdown's `toc` extension does not read, so the
sidebar would be empty. MkDocs gets the contents from the plugin; Zensical, which runs Markdown
extensions but no plugins, gets them from this module as a Markdown extension
(`markdown_extensions: [motionlib.engines.contents]` in the configuration the pipeline gives it).
"""

from __future__ import annotations

import re

from markdown import Extension, Markdown
from markdown.postprocessors import Postprocessor

HEADING = re.compile(r'<h([2-4]) id="([^"]+)">(.*?)</h\1>', re.S)
TAGS = re.compile(r"<[^>]+>")
MARK = re.compile(r'<mark class="placeholder">\[\[(.*?)\]\]</mark>')
PLACEHOLDER = re.compile(r"\[\[([^\[\]]+)\]\]")  # the contents name it, without brackets


def heading_tokens(html: str) -> list[dict]:
    """Python-Markdown's toc tokens (nested by level) for the h2–h4 headings that have ids."""
    tokens: list[dict] = []
    stack: list[dict] = []
    for level, anchor, inner in HEADING.findall(html):
        name = PLACEHOLDER.sub(r"\1", TAGS.sub("", inner)).strip()  # "Branch name notes"
        token = {
            "level": int(level),
            "id": anchor,
            "name": name,
            "html": MARK.sub(r"\1", inner),  # Zensical shows this one
            "data-toc-label": "",
            "children": [],
        }
        while stack and stack[-1]["level"] >= token["level"]:
            stack.pop()
        (stack[-1]["children"] if stack else tokens).append(token)
        stack.append(token)
    return tokens


class _FromHtml(Postprocessor):
    def run(self, text: str) -> str:
        if not getattr(self.md, "toc_tokens", None):  # Markdown found no headings of its own
            self.md.toc_tokens = heading_tokens(text)  # type: ignore[attr-defined]
        return text


class GeneratedContents(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        md.postprocessors.register(_FromHtml(md), "motionlib_contents", 0)


def makeExtension(**kwargs) -> GeneratedContents:
    return GeneratedContents(**kwargs)
