"""The wall before publishing: every piece of HTML that comes from the library passes an
allow-list sanitizer after Markdown, before it reaches a page or a PDF.

nh3 (the Python binding of ammonia, the Rust sanitizer crates.io renders READMEs through):
it parses the HTML as a browser would (html5ever), keeps only the tags and attributes listed
here, only web, mail and phone links, and writes well-formed HTML back. What a pattern over the
Markdown source missed (escaped backticks, YAML escapes, a `<` inside an attribute, a file a
Markdown extension pulled in) is removed here, because here the HTML is what a browser reads.
The source checks stay, for messages that name the line; they are no longer the only wall.
"""

from __future__ import annotations

import nh3

# What our Markdown dialect writes into a motion or briefing body (render.py, lines.py,
# amendments.py), and what a hand-written docs/ page may hold besides.
_TAGS = """a abbr b blockquote br caption cite code dd del details dfn div dl dt em figcaption
figure h1 h2 h3 h4 h5 h6 hr i img ins kbd li mark ol p pre q s samp small span strong sub
summary sup table tbody td tfoot th thead time tr u ul"""
BODY_TAGS = frozenset(_TAGS.split())
ATTRIBUTES = {
    "*": {"id", "title", "lang", "dir"},
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height"},
    "ol": {"start", "type"},
    "td": {"colspan", "rowspan", "align", "style"},
    "th": {"colspan", "rowspan", "align", "style", "scope"},
    "time": {"datetime"},
    "span": {"data-line"},  # a text line's number (lines.py)
}
# Classes our renderer and the theme's Markdown extensions give meaning to; others are dropped.
CLASSES = {
    "br": {"lb"},
    "span": {"ln"},
    "mark": {"placeholder"},
    "div": {
        "admonition",
        "note",
        "tip",
        "warning",
        "info",
        "danger",
        "example",
        "quote",
        "footnote",
    },
    "p": {"admonition-title"},
    "a": {"headerlink", "footnote-ref", "footnote-backref"},
    "sup": {"footnote-ref"},
}
SCHEMES = {"http", "https", "mailto", "tel"}
# A table cell's alignment is the one style the tables extension writes; nothing else passes.
STYLES = {"text-align"}
# These go with everything inside them; other refused tags are removed and their text kept.
DROPPED_WITH_CONTENT = {"script", "style", "template", "iframe", "object", "noscript", "title"}


def _attribute(tag: str, name: str, value: str) -> str | None:
    """The theme's own elements have ids starting "__" (`__config`, `__search`): a page's id may
    not take one, or the theme's script would find the page's element instead (DOM clobbering)."""
    if name == "id" and value.startswith("__"):
        return None
    return value


_CLEANER = nh3.Cleaner(
    tags=set(BODY_TAGS),
    clean_content_tags=DROPPED_WITH_CONTENT,
    attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
    allowed_classes={tag: set(names) for tag, names in CLASSES.items()},
    url_schemes=set(SCHEMES),
    filter_style_properties=set(STYLES),
    attribute_filter=_attribute,
    link_rel=None,
    strip_comments=True,
)


def clean(fragment: str) -> str:
    """The fragment with everything outside the allow-list removed (scripts with their text)."""
    return _CLEANER.clean(fragment)
