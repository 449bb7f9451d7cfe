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
        return (
            f"{len(self.library.motions)} motions, {len(self.library.briefings)} briefings, "
            f"{len(topics)} topics: {len(self.errors)} errors, {len(self.warnings)} warnings"
        )


def check_project(config_file: Path) -> Report:
    """Load mkdocs.yml, then load, validate and render the whole library."""
    config = load_mkdocs_config(config_file)
    settings = settings_from(config, plugin_options(config))
    library = load_library(config_file.resolve().parent, settings)
    rendered, problems = check_library(library)
    return Report(library, rendered, problems)
