"""Parse stage: a document's Markdown, parsed once, into one tree shared by site, PDF and Word.

The tree is Python-Markdown's ElementTree after every inline pattern has run,
with the library's rules applied: raw HTML is never passed through (it is
shown as text), links may only use safe schemes, pictures from outside the
library become links (no remote fetches; images.py checks the library's own),
and `[[Branch name]]` placeholders are marked so every output can highlight them.
"""

from __future__ import annotations

import hashlib
import html
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import urlsplit

import markdown
import nh3
from markdown import util
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from motionlib.library import footnotes, images, lines, sanitize, scripts
from motionlib.library.cachetrust import read_json, write_json
from motionlib.library.footnotes import finish_footnotes
from motionlib.library.images import Image, is_local
from motionlib.library.lines import LINE_WIDTH, numbered
from motionlib.library.sanitize import clean
from motionlib.library.scripts import mark_directions
from motionlib.model.addresses import slugify
from motionlib.model.schema import Document

ENTITY = r"&(?:\#[0-9]+|\#x[0-9a-fA-F]+|[a-zA-Z0-9]+);"
PLACEHOLDER = re.compile(r"\[\[([^\[\]\n]{1,80})\]\]")
SAFE_SCHEMES = {"", "http", "https", "mailto", "tel"}
WORD = re.compile(r"[^\W_](?:[\w'\u2019.-]*[^\W_])?")  # apostrophes and hyphens join


@dataclass(frozen=True)
class Parsed:
    """A document with its body parsed: the tree, its HTML, and facts read from it."""

    doc: Document
    tree: ET.Element  # a <div> whose children are the body's blocks
    html: str
    words: int
    placeholders: tuple[str, ...]
    # (slug, title) of the motions this one refers to (amends, supersedes…), so the PDF and Word
    # files print titles, not file names; set by `check`, which knows the library.
    titles: tuple[tuple[str, str], ...] = ()
    # Amendments: what each change does ("At line 4, delete …"), the amended motion as it would
    # read (a tree with <del>/<ins>), and a key of everything that shaped them (set by `check`).
    changes: tuple[str, ...] = ()
    amended: ET.Element | None = None
    amended_key: str = ""
    # A motion's body with its text lines marked (lines.py), as every output shows it, for
    # `numbered_width` characters a line; kept in the render cache with the tree.
    numbered_html: str = ""
    numbered_width: int = 0
    images: tuple[Image, ...] = ()  # its pictures, checked and found in the library (by check)
    # A motion after the vote (adoption.py): its text with the carried amendments applied, the
    # same marked up (<del>/<ins>, data-by: whose), the amendments carried and those lost.
    adopted: ET.Element | None = None
    adopted_changes: ET.Element | None = None
    adopted_by: tuple[str, ...] = ()
    lost: tuple[str, ...] = ()

    @property
    def first_sentence(self) -> str:
        """The opening sentence of the body, for share cards when there is no summary."""
        text = " ".join("".join(self.tree.itertext()).split())
        match = re.match(r"(.{20,300}?[.!?])(\s|$)", text)
        return match.group(1) if match else text[:200]


class _Text(InlineProcessor):
    """Turn an HTML entity such as `&eacute;` into its character, never into markup."""

    def handleMatch(self, m, data):
        return util.AtomicString(html.unescape(m.group(0))), m.start(0), m.end(0)


class _Placeholder(InlineProcessor):
    def handleMatch(self, m, data):
        mark = ET.Element("mark", {"class": "placeholder"})
        mark.text = util.AtomicString(m.group(0))
        return mark, m.start(0), m.end(0)


class _Fences(Preprocessor):
    """``` and ~~~ blocks become indented code blocks, which parse straight into the tree.

    Python-Markdown's fenced_code renders to an HTML string outside the tree; this keeps
    one tree for every output. The info string (a language, attributes) is dropped.
    """

    FENCE = re.compile(r"^(```+|~~~+)")

    def run(self, lines: list[str]) -> list[str]:
        output: list[str] = []
        fence = None
        for line in lines:
            match = self.FENCE.match(line)
            if fence is None and match:
                fence = match.group(1)
                output.append("")
            elif fence is not None and line.startswith(fence) and not line.strip(fence[0]).strip():
                fence = None
                output.append("")
            else:
                output.append("    " + line if fence is not None else line)
        return output


class _Finish(Treeprocessor):
    """Last pass: plain text everywhere, safe links, outside images as links; keep the root."""

    def run(self, root):
        for elem in list(root.iter()):
            _plain_text(elem)
            if elem.tag == "a":
                _safe_link(elem)
        for elem in list(root.iter()):
            _hard_breaks(elem)
        _images_to_links(root)
        _heading_ids(root)
        _loose_items(root)
        finish_footnotes(root)
        mark_directions(root)
        self.md.motion_tree = root  # type: ignore[attr-defined]


def _loose_items(root: ET.Element) -> None:
    """A loose list item starts with its paragraph, not with the line break Python-Markdown
    puts before it: the PDF runs the clause number and the first paragraph together, and the
    break showed there as a space after the number."""
    for item in root.iter("li"):
        if len(item) and item[0].tag == "p" and item.text and not item.text.strip():
            item.text = None


HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")


def _heading_ids(root: ET.Element) -> None:
    """Every heading gets an id from its words, so long pages have anchors and contents."""
    taken: set[str] = set()
    for elem in root.iter():
        if elem.tag in HEADINGS:
            base = slugify(" ".join("".join(elem.itertext()).split()), limit=60)
            anchor, number = base, 1
            while anchor in taken:
                number += 1
                anchor = f"{base}-{number}"
            taken.add(anchor)
            elem.set("id", anchor)


def _plain_text(elem: ET.Element) -> None:
    if elem.tag == "code" and elem.text:
        # Python-Markdown stores code pre-escaped; a pasted line break in code is a new line.
        elem.text = html.unescape(elem.text).replace("\x0b", "\n")
    for name in ("text", "tail"):
        value = getattr(elem, name)
        if value and util.AMP_SUBSTITUTE in value:
            setattr(elem, name, html.unescape(value.replace(util.AMP_SUBSTITUTE, "&")))
    for key, value in elem.items():
        if util.AMP_SUBSTITUTE in value:
            value = html.unescape(value.replace(util.AMP_SUBSTITUTE, "&"))
        elem.set(key, value.replace("\x0b", " "))


def _hard_breaks(elem: ET.Element) -> None:
    """Word's manual line break, pasted as a vertical tab, becomes a <br> in the text and
    tails of `elem`'s own content: the inline patterns let it through as a plain character, so
    bold or a link may span it, and each element's children are laid out once (an inline
    pattern per break re-copied the paragraph per break: 150,000 breaks took minutes)."""
    if elem.tag in ("code", "pre"):
        return
    text, children = _broken(elem.text)
    elem.text = text
    for child in list(elem):
        child.tail, pieces = _broken(child.tail)
        children += [child, *pieces]
    if len(children) != len(elem):
        elem[:] = children


def _broken(text: str | None) -> tuple[str | None, list[ET.Element]]:
    """The text before the first vertical tab, and a <br> per tab whose tail is the text after
    it (after a new line, as Python-Markdown's prettifier writes one after every <br>)."""
    if not text or "\x0b" not in text:
        return text, []
    first, *rest = text.split("\x0b")
    breaks = []
    for piece in rest:
        br = ET.Element("br")
        br.tail = "\n" + piece
        breaks.append(br)
    return first, breaks


def _safe_link(elem: ET.Element) -> None:
    if not is_safe_url(elem.get("href", "")):
        elem.attrib.pop("href", None)
        elem.tag = "span"


def is_safe_url(url: str) -> bool:
    """Only web, mail and phone links, or links within the site (no javascript:, data:, file:)."""
    cleaned = "".join(ch for ch in url if ch.isprintable() and not ch.isspace())
    try:
        scheme = urlsplit(cleaned).scheme.lower()
    except ValueError:
        return False
    return scheme in SAFE_SCHEMES


def _images_to_links(root: ET.Element) -> None:
    """A picture in the library stays a picture (images.py checks it); any other (a remote
    address, a path out of the library) becomes a link, so nothing is ever fetched."""
    for parent in list(root.iter()):
        for index, child in enumerate(list(parent)):
            if child.tag != "img" or is_local(child.get("src", "")):
                continue
            src, alt = child.get("src", ""), child.get("alt") or "image"
            link = ET.Element("a" if is_safe_url(src) and parent.tag != "a" else "span")
            if link.tag == "a":
                link.set("href", src)
            link.text, link.tail = alt, child.tail
            link.set("data-image", src)  # for check, which refuses it (the sanitizer drops it)
            parent.remove(child)
            parent.insert(index, link)


class MotionMarkdown(Extension):
    """The library's Markdown dialect: CommonMark-ish lists and tables, no raw HTML."""

    def extendMarkdown(self, md):
        md.preprocessors.deregister("html_block")
        md.preprocessors.register(_Fences(md), "motion_fences", 25)
        md.inlinePatterns.deregister("html")
        md.inlinePatterns.register(_Text(ENTITY, md), "entity", 80)
        md.inlinePatterns.register(_Placeholder(PLACEHOLDER.pattern, md), "placeholder", 175)
        md.treeprocessors.register(_Finish(md), "motion_finish", -100)


def _new_markdown() -> markdown.Markdown:
    return markdown.Markdown(extensions=["sane_lists", "tables", "footnotes", MotionMarkdown()])


_MARKDOWN = _new_markdown()


def parse_markdown(text: str) -> ET.Element:
    """Markdown → the body tree (a <div>). One parse; every output reads this tree."""
    _MARKDOWN.reset()
    _MARKDOWN.convert(text)
    tree = _MARKDOWN.motion_tree  # type: ignore[attr-defined]
    tree.tag = "div"
    return tree


def tree_to_html(tree: ET.Element) -> str:
    """Serialise the body tree (ElementTree escapes every text and attribute), then pass it
    through the sanitizer: what is published is what the allow-list allows, whatever the
    parser let through."""
    parts = [html.escape(tree.text or "", quote=False)]
    parts += [ET.tostring(child, encoding="unicode", method="html") for child in tree]
    return clean("".join(parts).strip())


def count_words(tree: ET.Element) -> int:
    """Words as a person counts them: 'branch's', 'co-operative' and '2026' are one word each."""
    return len(WORD.findall(" ".join(tree.itertext())))


def parse(doc: Document) -> Parsed:
    tree = parse_markdown(doc.body)
    placeholders = tuple(dict.fromkeys(m.text or "" for m in tree.iter("mark")))
    return Parsed(doc, tree, tree_to_html(tree), count_words(tree), placeholders)


class ParseCache:
    """Parsed bodies from the last build, by hash of the body and of this module.

    A no-op build of 1,000 motions spent ~1 s re-parsing Markdown that had not
    changed. One JSON file under build/cache (data, never a pickle), sealed by
    `cachetrust` so a planted file is ignored; a missing, planted or unwritable
    file just means parsing again.
    """

    def __init__(self, path: Path | None, line_width: int = LINE_WIDTH) -> None:
        self.path = path
        self.line_width = line_width
        self.entries: dict[str, list] = {}
        self.used: dict[str, list] = {}
        self.parsed = 0  # bodies parsed: the rest came from the cache
        self.marked = 0  # bodies whose text lines were marked (lines.py)
        found = read_json(path) if path is not None else None  # damaged: only slower
        self.entries = found if isinstance(found, dict) else {}

    def parse(self, doc: Document) -> Parsed:
        key = hashlib.sha256(_CODE_KEY + doc.body.encode("utf-8", "surrogatepass")).hexdigest()
        if key not in self.entries:
            self.parsed += 1
            item = parse(doc)
            data = [_to_data(item.tree), item.html, item.words, item.placeholders, {}]
            self.entries[key] = data
        self.used[key] = entry = self.entries[key]
        tree_data, html_text, words, placeholders, numbered_by_width = entry
        tree = _from_data(tree_data)
        item = Parsed(doc, tree, html_text, words, tuple(placeholders))
        if doc.kind != "motion":
            return item
        width = str(self.line_width)
        if width not in numbered_by_width:  # a new body, or a new line_width
            self.marked += 1
            numbered_by_width[width] = tree_to_html(numbered(tree, self.line_width))
        return replace(item, numbered_html=numbered_by_width[width], numbered_width=self.line_width)

    def save(self) -> None:
        """Keep what this build used (so the file does not grow forever). A read-only or full
        disk only costs the next build its head start, so it is not an error."""
        unchanged = not self.parsed and not self.marked and len(self.used) == len(self.entries)
        if self.path is not None and not unchanged:
            write_json(self.path, self.used)


def _to_data(elem: ET.Element) -> list:
    """An element as JSON-ready data: [tag, attributes, text, tail, children]."""
    children = [_to_data(child) for child in elem]
    return [elem.tag, dict(elem.attrib), elem.text, elem.tail, children]


def _from_data(data: list) -> ET.Element:
    tag, attributes, text, tail, children = data
    elem = ET.Element(tag, attributes)
    elem.text, elem.tail = text, tail
    elem.extend(_from_data(child) for child in children)
    return elem


_CODE_KEY = (  # what shapes a cached entry besides the body: parser, line marks, sanitizer
    Path(__file__).read_bytes()
    + Path(lines.__file__).read_bytes()
    + Path(sanitize.__file__).read_bytes()
    + Path(scripts.__file__).read_bytes()
    + Path(footnotes.__file__).read_bytes()
    + Path(images.__file__).read_bytes()
    + markdown.__version__.encode()
    + nh3.__version__.encode()
)
