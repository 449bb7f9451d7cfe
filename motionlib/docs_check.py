"""The library's own hand-written pages (`docs/`): checked like motions, because they arrive by
pull request too.

MkDocs publishes whatever `docs/` holds: a link there publishes any file the build can read
(`/proc/self/environ` holds CI's secrets), raw HTML in a page runs as it is, and a page at
`docs/motions/<slug>.md` silently replaces the generated motion page. So links must stay in
the project, pages may hold no scripts, files that run in a browser are refused, and a
hand-written page may replace a generated one only where mkdocs.yml says so (`overrides:`).
"""

from __future__ import annotations

import html
import os
import re
from collections.abc import Iterator
from pathlib import Path

from motionlib.problems import Problem
from motionlib.render import is_safe_url
from motionlib.safety import CODE, body_problems

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
)
GENERATED_FILES = ("index.md", "feed.xml", "motions.json")
_SIMPLE_HTML = """a abbr b blockquote br caption cite code dd del details dfn div dl dt em
figcaption
figure h1 h2 h3 h4 h5 h6 hr i img ins kbd li mark ol p pre q s samp small span strong sub
summary sup table tbody td tfoot th thead time tr u ul"""
SAFE_TAGS = frozenset(_SIMPLE_HTML.split())
URL_ATTRIBUTES = frozenset({"href", "src", "srcset", "action", "formaction", "xlink:href"})
TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9:-]*)((?:\s[^<>]*)?)/?>")
ATTRIBUTE = re.compile(r"([^\s=/>]+)\s*(=\s*(\"[^\"]*\"|'[^']*'|[^\s>]+))?")
ACTIVE_SUFFIXES = (".html", ".htm", ".xhtml", ".js", ".mjs", ".svg", ".xml", ".swf")


def docs_problems(root: Path, docs_dir: Path, overrides: tuple[str, ...] = ()) -> list[Problem]:
    """Every problem in `docs/`: links out, scripts, active files, unannounced replacements."""
    if not docs_dir.is_dir():
        return []
    problems = []
    for path in _walk(docs_dir):
        rel = path.relative_to(root).as_posix()
        uri = path.relative_to(docs_dir).as_posix()
        problem = _link_problem(root, path, rel)
        if problem:
            problems.append(problem)
            continue
        if path.is_dir():
            continue
        if path.suffix.lower() in ACTIVE_SUFFIXES:
            message = (
                f"'{path.suffix}' files can run scripts in a browser and are not published "
                "from docs/; write the page in Markdown"
            )
            problems.append(Problem(rel, None, None, message))
        elif path.suffix.lower() == ".md":
            problems += _page_problems(path, rel)
        if _is_generated(uri) and uri not in overrides:
            message = (
                f"would replace the generated page or file '{uri}'; move it, or list it under "
                "plugins: motions: overrides in mkdocs.yml if that is intended"
            )
            problems.append(Problem(rel, None, None, message))
    return problems


def theme_problems(root: Path, custom_dir: Path | None) -> list[Problem]:
    """The library's theme overrides (`theme: custom_dir:`): MkDocs and Zensical publish the
    files there that are not templates as they are, so a link in it would publish any file the
    build can read, like a link in docs/."""
    if custom_dir is None or not custom_dir.is_dir():
        return []
    found = (
        _link_problem(root, path, path.relative_to(root).as_posix()) for path in _walk(custom_dir)
    )
    return [problem for problem in found if problem]


def _walk(folder: Path) -> Iterator[Path]:
    """Every file and folder below, without following links (each link is judged itself)."""
    for current, folders, files in os.walk(folder, followlinks=False):
        base = Path(current)
        for name in sorted(folders):
            if (base / name).is_symlink():
                yield base / name
        for name in sorted(files):
            yield base / name


def _link_problem(root: Path, path: Path, rel: str) -> Problem | None:
    if not path.is_symlink():
        return None
    if not path.exists():
        return Problem(rel, None, None, "is a link to nothing; remove it or add the file itself")
    if not path.resolve().is_relative_to(root.resolve()):
        message = "is a link to a file outside the repository; add the file itself instead"
        return Problem(rel, None, None, message)
    return None


def _page_problems(path: Path, rel: str) -> list[Problem]:
    """Hand-written pages may use HTML (MkDocs publishes it as it is), so every tag outside
    code must be a harmless one, with no event handlers and only web, mail or page links."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        return [Problem(rel, None, None, f"cannot be read as UTF-8 text ({error})")]
    problems = [p for p in body_problems(rel, text, 1) if p.is_error]
    flagged = {p.line for p in problems}
    source = CODE.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)
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
