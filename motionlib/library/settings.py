"""Site-wide settings: declared as MkDocs plugin options, so MkDocs validates them like the rest.

In mkdocs.yml:

    plugins:
      - search
      - motions:
          word_limit: 250
          word_limits: {template: null}
          topics: [Housing, Climate, …]   # optional controlled list
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from mkdocs.config import base, load_config
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, ConfigurationError

from motionlib.library.config_check import check_config_file
from motionlib.library.docs_pages import DocsMarkdown
from motionlib.model.files import THEME
from motionlib.model.problems import MotionLibError
from motionlib.model.schema import ISO_DATE, Meeting, Settings

DEFAULTS = Settings()


class MotionsConfig(base.Config):
    """Options of the `motions` plugin, with Settings' defaults (written once, in the model)."""

    library_name = c.Optional(c.Type(str))
    statuses = c.ListOfItems(c.Type(str), default=list(DEFAULTS.statuses))
    # The statuses that are a meeting's outcome (votes: and decided: go with them only), and
    # the sections of a card vote (votes: {card: {CLPs: {for: 62.5, against: 37.5}}}).
    decided_statuses = c.ListOfItems(c.Type(str), default=list(DEFAULTS.decided_statuses))
    vote_sections = c.ListOfItems(c.Type(str), default=list(DEFAULTS.vote_sections))
    topics = c.Optional(c.ListOfItems(c.Type(str)))
    word_limit = c.Type(int, default=DEFAULTS.word_limit or 0)  # 0: no limit
    word_limits = c.DictOfItems(c.Optional(c.Type(int)), default=dict(DEFAULTS.word_limits))
    lang = c.Type(str, default=DEFAULTS.lang)
    # YAML 1.1 reads `off` as false, so false is accepted for "off".
    line_numbers = c.Choice(("off", "every", "fifth", False), default=DEFAULTS.line_numbers)
    # Characters per numbered line: lines are the text's, the same on the web, in PDF and Word.
    line_width = c.Type(int, default=DEFAULTS.line_width)
    motions_dir = c.Type(str, default=DEFAULTS.motions_dir)
    briefings_dir = c.Type(str, default=DEFAULTS.briefings_dir)
    exports = c.Type(bool, default=DEFAULTS.exports)
    cache_dir = c.Type(str, default=DEFAULTS.cache_dir)
    workers = c.Optional(c.Type(int))
    print_css = c.Optional(c.File(exists=True))  # the library's own PDF styles, after ours
    # Motion books (one PDF per group), assembled from the single PDFs; book_limit 0: no limit.
    books = c.ListOfItems(c.Choice(("meeting", "topic", "all")), default=list(DEFAULTS.books))
    book_limit = c.Type(int, default=DEFAULTS.book_limit)
    # How the motion texts may be reused, e.g. "CC BY 4.0": site footer, PDF and Word metadata.
    content_licence = c.Optional(c.Type(str))
    content_licence_url = c.Optional(c.Type(str))
    # Optional controlled list of meetings: [{name: Annual Conference 2026, date: 2026-09-20,
    # place: Leeds}]; a motion's `meeting` must then be one of these names.
    meetings = c.Optional(c.ListOfItems(c.Type(dict)))
    # Hand-written pages in docs/ that are meant to replace generated ones (e.g. index.md).
    overrides = c.ListOfItems(c.Type(str), default=list(DEFAULTS.overrides))
    # The site's search: Pagefind's chunked index (loads what a query needs), or Material's
    # single index of every page (fetched whole; the offline copy always uses it).
    search = c.Choice(("pagefind", "material"), default=DEFAULTS.search)
    # The site engine `generate.py build` uses: MkDocs (Material, tested) or Zensical.
    engine = c.Choice(("mkdocs", "zensical"), default=DEFAULTS.engine)
    # Hooks, plugins and Markdown extensions outside config_check's allow-lists, reviewed by the
    # library's owner; a pull request's run never honours it (config_check.py).
    trusted_config = c.Type(bool, default=False)


def settings_from(config: MkDocsConfig, options: MotionsConfig) -> Settings:
    """The immutable Settings every stage receives (and the export cache hashes)."""
    _inside_project(config, options)
    return Settings(
        library_name=options.library_name or config.site_name,
        statuses=tuple(options.statuses),
        decided_statuses=tuple(options.decided_statuses),
        vote_sections=tuple(options.vote_sections),
        topics=tuple(options.topics) if options.topics is not None else None,
        word_limit=options.word_limit or None,
        word_limits=tuple(sorted(options.word_limits.items())),
        lang=options.lang,
        line_numbers=options.line_numbers or "off",
        line_width=_line_width(config, options.line_width),
        motions_dir=options.motions_dir,
        briefings_dir=options.briefings_dir,
        repo_url=config.repo_url,
        edit_uri=config.edit_uri,
        site_url=config.site_url,
        print_css=Path(options.print_css).read_text(encoding="utf-8") if options.print_css else "",
        books=tuple(options.books),
        meetings=_meetings(config, options.meetings),
        content_licence=options.content_licence,
        content_licence_url=options.content_licence_url or _licence_url(options.content_licence),
        book_limit=options.book_limit,
        exports=options.exports,
        cache_dir=options.cache_dir,
        workers=options.workers,
        overrides=tuple(options.overrides),
        search=options.search,
        engine=options.engine,
    )


def docs_markdown(config: MkDocsConfig) -> DocsMarkdown:
    """How docs pages are rendered: mkdocs.yml's Markdown extensions (which `config_check`
    allowed before anything ran), and the page templates the theme and its overrides have."""
    root = Path(config.config_file_path).resolve().parent
    configs = tuple(
        sorted((name, _rooted(name, config.mdx_configs[name], root)) for name in config.mdx_configs)
    )
    names = {
        path.name
        for folder in theme_folders(config)
        for path in folder.glob("*.html")
        if not path.name.startswith(("_", "."))
    }
    return DocsMarkdown(tuple(config.markdown_extensions), configs, frozenset(names))


def _rooted(name: str, options: dict, root: Path) -> dict:
    """Snippets' base paths, relative to the library (config_check allowed only folders in it),
    not to wherever the command was started."""
    if name != "pymdownx.snippets" or "base_path" not in options:
        return options
    bases = options["base_path"]
    bases = [bases] if isinstance(bases, str) else list(bases)
    return {**options, "base_path": [str(root / base) for base in bases]}


def theme_folders(config: MkDocsConfig) -> list[Path]:
    """The theme's folders as MkDocs searches them: the library's overrides, ours, the theme."""
    return [Path(folder) for folder in [*config.theme.dirs, str(THEME)] if Path(folder).is_dir()]


def theme_files(config: MkDocsConfig) -> frozenset[str]:
    """The files the theme publishes beside the pages (stylesheets, scripts, images): a docs
    file at one of these paths would replace it on every page."""
    found = set()
    for folder in theme_folders(config):
        for current, folders, files in os.walk(folder):
            # Hidden folders (Material's .icons: thousands of files) are not published.
            folders[:] = [f for f in folders if not f.startswith(".") and f != "__pycache__"]
            base = Path(current).relative_to(folder)
            for name in files:
                if not name.startswith(".") and not name.endswith((".html", ".py", ".pyc")):
                    found.add((base / name).as_posix())
    found.discard("mkdocs_theme.yml")
    return frozenset(found)


def _meetings(config: MkDocsConfig, entries: list[dict] | None) -> tuple[Meeting, ...] | None:
    """The controlled list of meetings, each with a name and, optionally, a date and a place."""
    if entries is None:
        return None
    meetings = []
    for index, entry in enumerate(entries, 1):
        unknown = set(entry) - {"name", "date", "place"}
        name, date = entry.get("name"), str(entry.get("date") or "")
        if (
            not isinstance(name, str)
            or not name.strip()
            or unknown
            or (date and not ISO_DATE.match(date))
        ):
            raise MotionLibError(
                f"{config.config_file_path}: plugins: motions: meetings: item {index}: write "
                "'name: …' and, if you like, 'date: YYYY-MM-DD' and 'place: …'"
            )
        meetings.append(Meeting(name.strip(), date or None, str(entry.get("place") or "") or None))
    return tuple(meetings)


LICENCE_URLS = {
    "CC BY 4.0": "https://creativecommons.org/licenses/by/4.0/",
    "CC BY-SA 4.0": "https://creativecommons.org/licenses/by-sa/4.0/",
    "CC BY-NC 4.0": "https://creativecommons.org/licenses/by-nc/4.0/",
    "CC BY-NC-SA 4.0": "https://creativecommons.org/licenses/by-nc-sa/4.0/",
    "CC0 1.0": "https://creativecommons.org/publicdomain/zero/1.0/",
}


def _line_width(config: MkDocsConfig, width: int) -> int:
    """Narrower lines number a motion by the word; wider ones than 80 stop fitting the Word
    file's measure (measured: 90 characters of Arial at 11 pt overflow its 166 mm)."""
    if not 40 <= width <= 80:
        raise MotionLibError(
            f"{config.config_file_path}: plugins: motions: line_width: {width} is not allowed; "
            "use 40 to 80 characters (80 by default)"
        )
    return width


def _licence_url(name: str | None) -> str | None:
    return LICENCE_URLS.get(" ".join((name or "").split()))


def _inside_project(config: MkDocsConfig, options: MotionsConfig) -> None:
    """Folders and files named in mkdocs.yml may not lead out of the project (it comes by pull
    request: `cache_dir: ../..` would write elsewhere, `print_css: /etc/…` read elsewhere)."""
    root = Path(config.config_file_path).resolve().parent
    for name in ("motions_dir", "briefings_dir", "cache_dir", "print_css"):
        value = options[name]
        if value and not (root / value).resolve().is_relative_to(root):
            raise MotionLibError(
                f"{config.config_file_path}: plugins: motions: {name}: '{value}' is outside "
                "the project folder; use a path inside it"
            )
    custom_dir = config.theme.custom_dir if config.theme else None
    for name, value in (("docs_dir", config.docs_dir), ("theme: custom_dir", custom_dir)):
        if value and not Path(value).resolve().is_relative_to(root):
            raise MotionLibError(
                f"{config.config_file_path}: {name}: '{value}' is outside the project folder; "
                "use a folder inside it"
            )


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def load_mkdocs_config(config_file: Path, **overrides) -> MkDocsConfig:
    """Load and validate mkdocs.yml; configuration errors become one readable MotionLibError."""
    if not config_file.is_file():
        message = "no such file; run this in the library's folder or pass -f"
        raise MotionLibError(f"{config_file}: {message}")
    check_config_file(config_file)  # before MkDocs' own loader, which runs Python tags
    collector = _Collect()
    logger = logging.getLogger("mkdocs")
    handlers, previous = logger.handlers, logger.propagate
    logger.handlers, logger.propagate = [collector], False  # config problems: reported once, below
    try:
        config = load_config(str(config_file), **overrides)
    except (Abort, ConfigurationError) as error:
        # One line per problem: a value holding a new line (a theme named "x\n::error …")
        # must not start a line of its own, which a CI log would read as a command.
        messages = [_one_line(m) for m in collector.messages] or [_one_line(str(error))]
        raise MotionLibError("\n".join(f"{config_file}: {m}" for m in messages)) from None
    finally:
        logger.handlers, logger.propagate = handlers, previous
    return config


def _one_line(message: str) -> str:
    return message.replace("\r", "\\r").replace("\n", "\\n")


def plugin_options(config: MkDocsConfig) -> MotionsConfig:
    plugin = config.plugins.get("motions")
    if plugin is None:
        raise MotionLibError("mkdocs.yml: plugins: add '- motions' so the library is built")
    return plugin.config
