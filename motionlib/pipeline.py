"""The stages in order, for the CLI: load → validate → render (→ export → site, in build)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from motionlib.checks import check_library
from motionlib.load import Library, load_library
from motionlib.problems import Problem
from motionlib.render import Rendered
from motionlib.settings import load_mkdocs_config, plugin_options, settings_from


@dataclass
class Report:
    """What `check` found: the library, its rendered documents and every problem."""

    library: Library
    rendered: list[Rendered]
    problems: list[Problem]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]

    @property
    def templates(self) -> list[Rendered]:
        """Template motions, whose placeholders `check` lists for branch officers."""
        return [r for r in self.rendered if getattr(r.doc.meta, "status", None) == "template"]

    def summary(self) -> str:
        topics = {t for doc in self.library.documents for t in doc.topics}
        counts = (
            plural(self.library.files.get("motion", 0), "motion"),
            plural(self.library.files.get("briefing", 0), "briefing"),
            plural(len(topics), "topic"),
        )
        return f"{', '.join(counts)}: " + ", ".join(
            (plural(len(self.errors), "error"), plural(len(self.warnings), "warning"))
        )


def check_project(config_file: Path) -> Report:
    """Load mkdocs.yml, then load, validate and render the whole library."""
    config = load_mkdocs_config(config_file)
    settings = settings_from(config, plugin_options(config))
    library = load_library(config_file.resolve().parent, settings)
    rendered, problems = check_library(library)
    return Report(library, rendered, problems)


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"
