"""Addresses: how names become page and file addresses. A leaf module: it imports nothing of ours.

Slugs keep the letters of every script (a Cyrillic or Greek name gets its own page instead of
every such name sharing one), fold Latin accents so 'Wiśniewska' and 'Wisniewska' meet, and are
short enough for any file system.
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from urllib.parse import quote

SEARCH_PAGE = "search/index.md"  # the search page (Pagefind), in the site tree
SLUG_MAX = 80  # characters: file names stay far below the 255-byte limit of common systems
RESERVED = frozenset({"index"})  # names the site's own list pages use in every folder
_WORD = re.compile(r"[^\W_]+")
_SLUG = re.compile(r"^[^\W_]+(?:-[^\W_]+)*$")


APOSTROPHE = re.compile(r"(?<=\w)['\u2019](?=\w)")


@functools.lru_cache(maxsize=16384)  # a site asks for the same few hundred names many times
def slugify(text: str, limit: int = SLUG_MAX) -> str:
    """'Workers' rights' → 'workers-rights', 'Save Eastfield's libraries' →
    'save-eastfields-libraries', 'Łódź Branch' → 'łodz-branch', 'Мир' → 'мир'.

    A name with no letters or digits at all gets a short digest of itself, so two such names
    never share an address.
    """
    folded = "".join(_fold(ch) for ch in unicodedata.normalize("NFKC", text))
    folded = APOSTROPHE.sub("", folded)  # "Eastfield's" is one word: eastfields
    slug = "-".join(_WORD.findall(folded.lower()))
    if len(slug) > limit:
        slug = slug[:limit].rsplit("-", 1)[0] or slug[:limit]
    if not slug:
        slug = "n-" + hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    return slug


def _fold(char: str) -> str:
    """Latin letters lose their accents (ś → s); other scripts keep theirs (й is not и)."""
    if not unicodedata.name(char, "").startswith("LATIN"):
        return char
    decomposed = unicodedata.normalize("NFKD", char)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def is_slug(name: str) -> bool:
    """Lowercase letters (any script) and digits joined by single hyphens."""
    return bool(_SLUG.match(name)) and name == name.lower() and len(name) <= SLUG_MAX


_CHUNK = re.compile(r"(\d+)")


def agenda_key(number: str | None) -> tuple:
    """Natural agenda order: '2' before '10', 'A' before 'B', 'C2' before 'C12'; motions
    without a number come after those with one."""
    if not number:
        return (1, ())
    parts = _CHUNK.split(number.strip().casefold())
    return (0, tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in parts if p))


# Where things live on the site (src_uri as MkDocs names them), and the order of lists. They
# take any document with .kind, .slug (and .date, .title): this module imports nothing of ours.


def page_uri(doc) -> str:
    """Where a document's page lives: motions/<slug>.md or briefings/<slug>.md."""
    return f"{doc.kind}s/{doc.slug}.md"


def download_uri(doc, fmt: str) -> str:
    return f"downloads/{doc.kind}s/{doc.slug}.{fmt}"


def bundle_stem(kind: str, slug: str) -> str:
    """Stable file name: topic-housing, meeting-annual-conference-2026, all-motions."""
    return "all-motions" if kind == "all" else f"{kind.rstrip('s')}-{slug}"


def newest_first(item) -> tuple:
    date = item.doc.date.toordinal() if item.doc.date else 0
    return (-date, item.doc.title.lower())


def page_address(src_uri: str, directory_urls: bool = True) -> str:
    """Where a page or file is published, as MkDocs and Zensical both place it: 'motions/x.md' →
    'motions/x/' (or 'motions/x.html'), 'motions/index.md' → 'motions/', a file → itself;
    percent-encoded as MkDocs writes its URLs."""
    if not src_uri.endswith(".md"):
        return quote(src_uri)
    stem = src_uri[:-3]
    if stem == "index" or stem.endswith("/index"):
        folder = stem[:-5]
        return quote(folder if directory_urls else f"{folder}index.html")
    return quote(f"{stem}/" if directory_urls else f"{stem}.html")


@functools.lru_cache(maxsize=65536)
def relative_address(target: str, page: str) -> str:
    """A link from the page at address `page` to the address `target`, as MkDocs writes it
    (posixpath.relpath, without its cost: a site has tens of thousands of links)."""
    base = page.split("/")  # the page's folder: 'motions/x/' and 'motions/x' → motions, x
    base = [part for part in (base[:-1] if "." in base[-1] else base) if part]
    parts = target.split("/")
    folder, name = parts[:-1], parts[-1]
    common = 0
    while common < min(len(base), len(folder)) and base[common] == folder[common]:
        common += 1
    rel = "/".join([".."] * (len(base) - common) + folder[common:] + ([name] if name else []))
    if not rel:
        return "./" if target.endswith("/") else "."
    return rel + "/" if target.endswith("/") else rel
