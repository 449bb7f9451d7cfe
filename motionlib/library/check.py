"""`check`: the whole library read, validated and parsed, with every problem, before anything
is written. The CLI's check, every build and the MkDocs plugin call `check_config`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig

from motionlib.library.body import Parsed
from motionlib.library.checks import check_library
from motionlib.library.docs_check import docs_problems, theme_problems
from motionlib.library.docs_pages import DocsPage
from motionlib.library.links import committed_below, links_below
from motionlib.library.load import Library, load_library
from motionlib.library.settings import (
    docs_markdown,
    load_mkdocs_config,
    plugin_options,
    settings_from,
    theme_files,
)
from motionlib.model.problems import Problem, sort_problems
from motionlib.model.schema import Settings


@dataclass
class Report:
    """What `check` found: the library, its rendered documents and every problem."""

    library: Library
    rendered: list[Parsed]
    problems: list[Problem]
    docs: list[DocsPage] = field(default_factory=list)  # docs/ pages, rendered and sanitized

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]

    @property
    def templates(self) -> list[Parsed]:
        """Template motions, whose placeholders `check` lists for branch officers."""
        return [r for r in self.rendered if getattr(r.doc.meta, "status", None) == "template"]

    def summary(self) -> str:
        topics = {t for doc in self.library.documents for t in doc.topics}
        counts = (
            plural(self.library.files.get("motion", 0), "motion"),
            plural(self.library.files.get("briefing", 0), "briefing"),
            plural(len(topics), "topic"),
        )
        problems = (plural(len(self.errors), "error"), plural(len(self.warnings), "warning"))
        return f"{', '.join(counts)}: {', '.join(problems)}"


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def check_config(config: MkDocsConfig) -> Report:
    """Load, validate and render the whole library described by a loaded mkdocs.yml."""
    options = plugin_options(config)
    settings = settings_from(config, options)
    root = Path(config.config_file_path).resolve().parent
    library = load_library(root, settings)
    outputs = _output_problems(config, settings, root)
    cache = None if outputs else root / settings.cache_dir / "render.json"  # never through a link
    rendered, problems = check_library(library, cache)
    problems = [*outputs, *problems]
    docs, pages = docs_problems(
        root,
        Path(config.docs_dir),
        settings.overrides,
        docs_markdown(config),
        theme_files(config),
    )
    custom_dir = config.theme.custom_dir
    theme = theme_problems(root, Path(custom_dir) if custom_dir else None)
    return Report(library, rendered, sort_problems([*problems, *docs, *theme]), pages)


def _output_problems(config: MkDocsConfig, settings: Settings, root: Path) -> list[Problem]:
    """The folders builds write (build/, the cache, the site's folder): no links in them and
    nothing committed, or a pull request could make a build write or publish through them."""
    site_parent = Path(config.site_dir).resolve().parent
    folders = [root / "build", root / settings.cache_dir]
    if site_parent.is_relative_to(root) and site_parent != root:
        folders.append(site_parent)
    # Each folder walked once: one inside another (build/cache in build/) is walked with it.
    folders = [
        f
        for f in dict.fromkeys(folders)
        if not any(f != o and f.is_relative_to(o) for o in folders)
    ]
    found = [problem for folder in folders for problem in links_below(root, folder)]
    site = Path(config.site_dir)
    if site.is_symlink():  # said as the build says it: the swap would replace what it points at
        shown = site.relative_to(root).as_posix() if site.is_relative_to(root) else str(site)
        found = [p for p in found if p.path != shown] + [Problem(shown, None, None, SITE_LINK)]
    return list(dict.fromkeys([*found, *committed_below(root, folders)]))


SITE_LINK = (
    "the site folder is a link, and building replaces the site folder; remove the link (a "
    "pull request may have committed it)"
)


def check_project(config_file: Path) -> Report:
    return check_config(load_mkdocs_config(config_file))
