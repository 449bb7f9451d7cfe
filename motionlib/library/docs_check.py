"""The library's own hand-written pages (`docs/`): checked like motions, because they arrive by
pull request too.

MkDocs publishes whatever `docs/` holds: a link there publishes any file the build can read
(`/proc/self/environ` holds CI's secrets), raw HTML in a page runs as it is, and a page at
`docs/motions/<slug>.md` silently replaces the generated motion page. So no symbolic link is
followed (each one is an error, wherever it points), pages are read and rendered as the build
renders them (docs_pages.py: every Markdown extension MkDocs reads, front matter validated,
HTML sanitized), only file types that no browser runs are published (an allow-list), and a
hand-written page may replace a generated page or a theme file only where mkdocs.yml says so
(`overrides:`).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path

from motionlib.library.body import is_safe_url
from motionlib.library.docs_pages import DocsMarkdown, DocsPage, docs_page_uri, read_page, walk_docs
from motionlib.library.links import link_problem, links_below
from motionlib.library.safety import body_problems, without_code
from motionlib.library.sanitize import BODY_TAGS
from motionlib.model.problems import Problem

# What the site generates: a hand-written page here would replace (or be replaced by) ours.
GENERATED_FOLDERS = (
    "motions",
    "briefings",
    "topics",
    "meetings",
    "status",
    "submitters",
    "years",
    "downloads",
    "assets/motionlib",
    "search",  # the search page
    "pagefind",  # its index
)
GENERATED_FILES = ("index.md", "feed.xml", "motions.json", "sitemap.xml", "sitemap.xml.gz")
SAFE_TAGS = BODY_TAGS
URL_ATTRIBUTES = frozenset({"href", "src", "srcset", "action", "formaction", "xlink:href"})
TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9:-]*)((?:\s[^<>]*)?)/?>")
ATTRIBUTE = re.compile(r"([^\s=/>]+)\s*(=\s*(\"[^\"]*\"|'[^']*'|[^\s>]+))?")
# Files published from docs/ as they are: types that no browser runs as a page or a script.
# (.svg and .html can hold scripts; .shtml, .xht and the like are sent as HTML by servers.)
_PUBLISHED = """.png .jpg .jpeg .gif .webp .avif .ico .pdf .docx .doc .odt .xlsx .ods .pptx
.odp .csv .txt .zip .epub .woff .woff2 .ttf .otf .css .mp3 .mp4 .webm .ogg"""
PUBLISHED_SUFFIXES = frozenset(_PUBLISHED.split())


def docs_problems(
    root: Path,
    docs_dir: Path,
    overrides: tuple[str, ...] = (),
    markdown: DocsMarkdown | None = None,
    theme_files: frozenset[str] = frozenset(),
) -> tuple[list[Problem], list[DocsPage]]:
    """Every problem in `docs/`, and the pages that could be rendered, for the site."""
    if not docs_dir.is_dir():
        return [], []
    problems: list[Problem] = []
    pages: list[DocsPage] = []
    seen: dict[str, str] = {}  # page in the tree → the file it came from
    for path in _walk(docs_dir):
        rel = path.relative_to(root).as_posix()
        uri = path.relative_to(docs_dir).as_posix()
        if path.is_symlink():
            problems.append(link_problem(root, path))
            continue
        page_uri = docs_page_uri(uri)
        problems += _place_problems(rel, page_uri or uri, seen, overrides, theme_files)
        if page_uri:
            page, found = _page(docs_dir, path, rel, markdown or DocsMarkdown())
            problems += found
            pages += [page] if page else []
        elif path.suffix.lower() not in PUBLISHED_SUFFIXES:
            problems.append(Problem(rel, None, None, _type_message(path)))
    return problems, pages


# Said plainly for the types known to run in a browser; every other unlisted type is refused too.
ACTIVE_SUFFIXES = (".html", ".htm", ".xhtml", ".xht", ".shtml", ".js", ".mjs", ".svg", ".xml")


def _type_message(path: Path) -> str:
    if path.suffix.lower() in ACTIVE_SUFFIXES:
        return (
            f"'{path.suffix}' files can run scripts in a browser and are not published from "
            "docs/; write the page in Markdown"
        )
    kind = f"'{path.suffix}' files" if path.suffix else "files without a type (.pdf, .png…)"
    return (
        f"{kind} are not published from docs/, which publishes pages, images, PDF and office "
        "documents, fonts and style sheets only; remove it or save it as one of those"
    )


def _place_problems(rel, target, seen, overrides, theme_files) -> list[Problem]:
    """Two files for one page, or a file where the site or the theme has its own."""
    problems = []
    if target in seen:
        message = f"is the same page as {seen[target]}; keep one of the two"
        problems.append(Problem(rel, None, None, message))
    seen.setdefault(target, rel)
    if (_is_generated(target) or target in theme_files) and target not in overrides:
        message = (
            f"would replace the generated page or file '{target}'; move it, or list it under "
            "plugins: motions: overrides in mkdocs.yml if that is intended"
        )
        problems.append(Problem(rel, None, None, message))
    return problems


def _page(docs_dir: Path, path: Path, rel: str, markdown: DocsMarkdown):
    """The page as the build renders it, with the source checks' messages (which name the
    line) first; the rendered HTML's finding is added only when they found nothing."""
    source = _page_problems(path, rel)
    page, rendered = read_page(docs_dir, path, rel, markdown)
    if source:
        return page, source + [p for p in rendered if p.field != "body"]
    return page, rendered


def theme_problems(root: Path, custom_dir: Path | None) -> list[Problem]:
    """The library's theme overrides (`theme: custom_dir:`): MkDocs and Zensical publish the
    files there that are not templates as they are, so a link in it would publish any file the
    build can read, like a link in docs/."""
    if custom_dir is None or not custom_dir.is_dir():
        return []
    return links_below(root, custom_dir)


def _walk(folder: Path) -> Iterator[Path]:
    """Every link (hidden or not: MkDocs itself would walk through one) and every published
    file below, without following links."""
    for path, is_link in walk_docs(folder, hidden=True):
        if is_link or not any(part.startswith(".") for part in path.relative_to(folder).parts):
            yield path


def _page_problems(path: Path, rel: str) -> list[Problem]:
    """Hand-written pages may use HTML (MkDocs publishes it as it is), so every tag outside
    code must be a harmless one, with no event handlers and only web, mail or page links."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        return [Problem(rel, None, None, f"cannot be read as UTF-8 text ({error})")]
    problems = [p for p in body_problems(rel, text, 1) if p.is_error]
    flagged = {p.line for p in problems}
    source = without_code(text)
    for match in TAG.finditer(source):
        line = 1 + source.count("\n", 0, match.start())
        message = _tag_problem(match.group(1).lower(), match.group(2) or "")
        if message and line not in flagged:
            flagged.add(line)
            problems.append(Problem(rel, line, "body", message))
    return problems


def _tag_problem(name: str, attributes: str) -> str | None:
    if name not in SAFE_TAGS:
        return f"contains a <{name}> tag; hand-written pages may only use simple HTML"
    for attribute, _, value in ATTRIBUTE.findall(attributes):
        attribute = attribute.lower()
        if attribute.startswith("on"):
            return f"contains an event-handler attribute ({attribute}=); scripts are not allowed"
        if attribute in URL_ATTRIBUTES and not is_safe_url(html.unescape(value.strip("\"'"))):
            return f"contains a link that is not a web, mail or page link ({attribute}=)"
    return None


def _is_generated(uri: str) -> bool:
    return uri in GENERATED_FILES or any(uri.startswith(f"{f}/") for f in GENERATED_FOLDERS)
