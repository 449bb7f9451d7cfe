"""The library's hand-written pages (docs/), rendered by us, as every other page is.

MkDocs would render them itself, with raw HTML passed through and the front matter printed by
the theme as it is: a pull request's page could run a script however carefully its Markdown
source was read. So a docs page in any extension MkDocs reads (.md, .markdown, .mdown, .mkdn,
.mkd) is read here: its front matter validated (title, description, hide, search, template),
its Markdown rendered with the library's own extensions, the HTML passed through the sanitizer,
and handed to the engines as HTML, like the generated pages. `check` reads each page with the
same function the build uses, so what check accepts the build publishes as checked.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import markdown

from motionlib.library.sanitize import clean
from motionlib.library.yamlsafe import YamlProblem, parse
from motionlib.model.problems import Problem

MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkdn", ".mkd")  # as MkDocs reads them
HIDE = ("navigation", "toc", "footer", "tags", "path", "feedback")
FIELDS = ("title", "description", "hide", "search", "template")
FRONT = re.compile(r"\A-{3}[ \t]*\r?\n(.*?\r?\n)?-{3}[ \t]*(?:\r?\n|\Z)", re.S)
# What would run, restyle or redirect the page if it reached it: found in the rendered HTML
# (where text is escaped, so only real tags and attributes match), it is a check error, named,
# even though the sanitizer removes it.
ACTIVE = re.compile(
    r"<(script|style|iframe|frame|object|embed|meta|link|base|form|svg|math|template)\b"
    r"|<[a-zA-Z][^>]*?\s(on[a-zA-Z]+)\s*="
    r"|<[a-zA-Z][^>]*?\s(?:href|src|action|formaction|xlink:href)\s*=\s*[\"']?\s*"
    r"((?:javascript|vbscript|data):)",
    re.I,
)


@dataclass(frozen=True)
class DocsMarkdown:
    """How docs pages are rendered: the library's Markdown extensions (mkdocs.yml's, which
    `config_check` has allowed) and the page templates the theme has."""

    extensions: tuple[str, ...] = ("toc", "tables", "fenced_code")
    configs: tuple[tuple[str, Any], ...] = ()
    templates: frozenset[str] = frozenset()


@dataclass(frozen=True)
class DocsPage:
    """A hand-written page, ready for the site tree."""

    uri: str  # its page in the tree: 'guide.md' for docs/guide.markdown
    source: str  # its file in docs/: 'guide.markdown' ("Edit this page" opens it)
    meta: dict  # the front matter, validated
    title: str | None  # the front matter's (else the engine's: the nav's, or the file name)
    html: str  # sanitized; relative links still as written (the tree resolves them)
    toc: tuple = ()  # Python-Markdown's contents tokens, as MkDocs makes the sidebar from them


def walk_docs(folder: Path, hidden: bool = False) -> Iterator[tuple[Path, bool]]:
    """(path, is a link) for every file below and every link to a folder, in order, never
    following a link; hidden files and folders are left out, as MkDocs leaves them out,
    unless `hidden`."""
    for current, folders, files in os.walk(folder, followlinks=False):
        base = Path(current)
        if not hidden:
            folders[:] = [name for name in folders if not name.startswith(".")]
            files = [name for name in files if not name.startswith(".")]
        folders.sort()
        for name in folders:
            if (base / name).is_symlink():
                yield base / name, True
        for name in sorted(files):
            yield base / name, (base / name).is_symlink()


def docs_page_uri(rel_in_docs: str) -> str | None:
    """'guide.markdown' → 'guide.md'; None for a file that is not a page."""
    path = Path(rel_in_docs)
    if path.suffix.lower() not in MARKDOWN_SUFFIXES:
        return None
    return path.with_suffix(".md").as_posix()


def read_page(
    docs_dir: Path, path: Path, rel: str, settings: DocsMarkdown
) -> tuple[DocsPage | None, list[Problem]]:
    """Read, validate and render one page (`rel`: its path in the repository, for messages);
    the problems name the file and line."""
    source = path.relative_to(docs_dir).as_posix()
    uri = docs_page_uri(source) or source
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        return None, [Problem(rel, None, None, f"cannot be read as UTF-8 text ({error})")]
    meta, body, problems = _front_matter(rel, text, settings)
    if problems:
        return None, problems
    raw, toc = _render(body, settings)
    cleaned = clean(raw)
    active = ACTIVE.search(raw)
    if active:
        found = next(group for group in active.groups() if group)
        message = (
            f"its HTML holds '{found}', which could run or restyle the page, and is removed when "
            "published; remove it from the page (and from any file it includes)"
        )
        problems.append(Problem(rel, None, "body", message))
    return DocsPage(uri, source, meta, meta.get("title"), cleaned, toc), problems


_MARKDOWN: dict[str, markdown.Markdown] = {}  # one parser per set of extensions, reused


def _render(body: str, settings: DocsMarkdown) -> tuple[str, tuple]:
    key = repr((settings.extensions, settings.configs))
    md = _MARKDOWN.get(key)
    if md is None:
        md = markdown.Markdown(
            extensions=list(settings.extensions), extension_configs=dict(settings.configs)
        )
        _MARKDOWN[key] = md
    md.reset()
    converted = md.convert(body)
    return converted, tuple(getattr(md, "toc_tokens", ()))


def _front_matter(rel: str, text: str, settings: DocsMarkdown) -> tuple[dict, str, list]:
    """MkDocs' front matter: optional, between '---' lines at the very start."""
    match = FRONT.match(text)
    if match is None:
        return {}, text, []
    try:
        data, lines = parse(match.group(1) or "", 2)
    except YamlProblem as problem:
        return {}, "", [Problem(rel, problem.line, None, problem.message)]
    if data is None:
        data = {}
    if not isinstance(data, dict):
        return {}, "", [Problem(rel, 2, None, "front matter must be 'field: value' lines")]
    problems = []
    for key, value in data.items():
        message = _field_problem(str(key), value, settings)
        if message:
            problems.append(Problem(rel, lines.get((key,)), str(key), message))
    return data, text[match.end() :], problems


def _field_problem(key: str, value: Any, settings: DocsMarkdown) -> str | None:
    """What is wrong with one front-matter field of a docs page, if anything."""
    if key not in FIELDS:
        return f"is not a field of a docs page (allowed: {', '.join(FIELDS)})"
    if key in ("title", "description") and not isinstance(value, str):
        return "must be text"
    if key == "hide" and not (
        isinstance(value, list) and all(isinstance(v, str) and v in HIDE for v in value)
    ):
        return f"must be a list of what to hide: {', '.join(HIDE)}"
    if key == "search" and not _search_ok(value):
        return "must be 'exclude: true' (or 'boost: N')"
    if key == "template" and not (isinstance(value, str) and value in settings.templates):
        names = ", ".join(sorted(settings.templates)) or "none"
        return f"'{value}' is not a template of the theme (it has: {names})"
    return None


def _search_ok(value: Any) -> bool:
    if not isinstance(value, dict) or not set(value) <= {"exclude", "boost"}:
        return False
    exclude, boost = value.get("exclude", False), value.get("boost", 1)
    return isinstance(exclude, bool) and isinstance(boost, (int, float))
