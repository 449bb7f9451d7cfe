"""The command line: check, build, serve, new. Errors for people, never tracebacks."""

from __future__ import annotations

import functools
import logging
import os
import sys
from pathlib import Path

import click

from motionlib.model.problems import MotionLibError, Problem, Severity

CONFIG_OPTION = click.option(
    "-f",
    "--config-file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("mkdocs.yml"),
    show_default=True,
    help="The library's mkdocs.yml.",
)


def show_mkdocs_log(level: int) -> None:
    """Print MkDocs' messages as its own CLI does ("WARNING -  …"); it is silent otherwise."""
    from mkdocs.__main__ import ColorFormatter

    logger = logging.getLogger("mkdocs")
    logger.setLevel(level)
    logger.propagate = False
    ours = [h for h in logger.handlers if getattr(h, "name", "") == "motionlib"]
    if ours:
        ours[0].setStream(sys.stderr)  # the stream of this run (tests swap it per command)
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.name = "motionlib"
    handler.setFormatter(ColorFormatter())
    logger.addHandler(handler)


class _NotDirtyWarning(logging.Filter):
    """`serve` builds dirty on purpose (the plugin rebuilds what an edit changed): MkDocs'
    warning about dirty builds, on every save, would only worry an editor."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "'dirty' build" not in record.getMessage()


INTERNAL_ERROR = 3  # a bug of ours, not a problem in the library: tests look for this code


def friendly(command):
    """Show MotionLibError messages as they are and exit 1, instead of a traceback.

    Anything else is our bug: say so in one paragraph (what failed, how to report it, how to
    see the details) and exit 3, so that tests can tell it from a reported problem.
    """

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except MotionLibError as error:
            click.echo(str(error), err=True)
            sys.exit(1)
        except (KeyboardInterrupt, SystemExit, click.exceptions.Exit, click.ClickException):
            raise
        except Exception as error:
            if os.environ.get("MOTIONLIB_DEBUG"):
                raise
            click.echo(
                f"motionlib {command.__name__} stopped on an internal error "
                f"({type(error).__name__}: {error}). Nothing was replaced: the last good site is "
                "kept. Please report this with the file you were working on; set "
                "MOTIONLIB_DEBUG=1 to see the details.",
                err=True,
            )
            sys.exit(INTERNAL_ERROR)

    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Motions Library: check, build and preview a library of motions and briefings."""


@main.command(short_help="Check every motion and briefing.")
@CONFIG_OPTION
@click.option("--strict", is_flag=True, help="Fail on warnings too (e.g. over the word limit).")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "github"]),
    default="text",
    help="'github' prints annotations for GitHub Actions.",
)
@friendly
def check(config_file: Path, strict: bool, output_format: str) -> None:
    """Validate every motion and briefing; print one line per problem."""
    from motionlib.library.check import check_project

    try:
        report = check_project(config_file)
    except MotionLibError as error:
        if output_format != "github":
            raise
        for line in str(error).splitlines():  # a configuration error: annotations too, escaped
            click.echo(f"::error title={_property(config_file.name)}::{_data(line)}")
        sys.exit(1)
    for problem in report.problems:
        click.echo(_github(problem) if output_format == "github" else str(problem))
    if output_format == "text":
        for rendered in report.templates:
            if rendered.placeholders:
                names = ", ".join(rendered.placeholders)
                click.echo(f"{rendered.doc.path}: placeholders to adapt: {names}")
    click.echo(report.summary())
    failed = report.errors or (strict and report.warnings)
    sys.exit(1 if failed else 0)


def _github(problem: Problem) -> str:
    """A workflow command. Every part is escaped as GitHub's toolkit does, so a file name or a
    YAML key holding a newline cannot start a command of its own (`::stop-commands::`)."""
    level = "error" if problem.is_error else "warning"
    line = f",line={problem.line}" if problem.line else ""
    title = _property(problem.field or "motionlib")
    return f"::{level} file={_property(problem.path)}{line},title={title}::{_data(problem.message)}"


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


@main.command(short_help="Build the site with every PDF and Word file.")
@CONFIG_OPTION
@click.option(
    "--site-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Where to write the site (default: site_dir in mkdocs.yml, build/site).",
)
@click.option(
    "--offline",
    is_flag=True,
    help="Build a copy that works from a folder or USB stick (default: build/offline).",
)
@click.option(
    "--engine",
    type=click.Choice(["mkdocs", "zensical"]),
    help="The site engine (default: mkdocs.yml's motions: engine:, else mkdocs).",
)
@click.option(
    "--offline-zip",
    is_flag=True,
    help="Also build the offline copy and publish it on the site as a ZIP, linked from the "
    "home page (downloads/offline-copy.zip).",
)
@click.option("--timings", is_flag=True, help="Also print how long each stage took.")
@click.option("--strict", is_flag=True, help="Fail on warnings too, from check or the exports.")
@click.option(
    "--shard",
    metavar="K/N",
    help="Render only the K-th of N shares of the exports into the cache, and no site "
    "(a workflow matrix of N runners; see the README).",
)
@friendly
def build(
    config_file: Path,
    site_dir: Path | None,
    offline: bool,
    offline_zip: bool,
    engine: str | None,
    timings: bool,
    strict: bool,
    shard: str | None,
) -> None:
    """Check, export every PDF and Word file, build the site; on failure keep the last good site."""
    from motionlib.commands.build import build as build_library
    from motionlib.commands.build import build_shard
    from motionlib.exports.shards import parse_shard

    show_mkdocs_log(logging.WARNING)
    _one_of(offline=offline, offline_zip=offline_zip, shard=shard is not None)
    if shard is not None:
        click.echo(build_shard(config_file, parse_shard(shard), progress=_progress()))
        return
    if offline:
        os.environ["MOTIONLIB_OFFLINE"] = "true"  # read by mkdocs.yml: offline: enabled: !ENV
        site_dir = site_dir or config_file.resolve().parent / "build" / "offline"
    on_report = functools.partial(_warnings, strict=strict)
    copy = offline_summary = None
    if offline_zip:
        from motionlib.commands.offline_copy import build_offline_zip
        from motionlib.exports.templating import filesize

        copy, offline_summary = build_offline_zip(config_file, engine, _progress(), on_report)
        click.echo(f"Offline copy: {offline_summary}")
        on_report = None  # its warnings are shown once, before the offline copy
    summary = build_library(
        config_file,
        site_dir,
        progress=_progress(),
        on_report=on_report,
        engine=engine,
        offline_copy=copy,
        after=offline_summary,
    )
    click.echo(str(summary))
    if copy:
        click.echo(
            f"Offline copy zipped: {copy} ({filesize(copy.stat().st_size)}), on the home page"
        )
    if timings:
        click.echo("stages: " + ", ".join(f"{k} {v:.2f} s" for k, v in summary.stages.items()))
    if strict and summary.warnings:
        raise MotionLibError(f"{len(summary.warnings)} export warning(s) above (--strict)")


def _one_of(**given: bool) -> None:
    """--offline, --offline-zip and --shard each build something else: at most one."""
    chosen = [f"--{name.replace('_', '-')}" for name, on in given.items() if on]
    if len(chosen) > 1:
        raise MotionLibError(
            f"{' and '.join(chosen)}: give one of them (each builds another thing)"
        )


def _warnings(report, strict: bool = False) -> None:
    """Before a build, show warnings (errors stop the build and are shown with it); with
    --strict, warnings stop it too, before anything is written."""
    if not report.errors:
        for problem in report.warnings:
            click.echo(str(problem), err=True)
    if strict and report.warnings and not report.errors:
        raise MotionLibError(f"{report.summary()}; nothing was built (--strict)")


def _progress():
    """A live counter on a terminal; a line every 10 % in CI logs."""
    interactive = sys.stderr.isatty()
    state = {"step": 0}

    def report(done: int, total: int) -> None:
        if interactive:
            end = "\n" if done == total else ""
            click.echo(f"\rRendering PDF, Word and book files: {done}/{total}", err=True, nl=False)
            click.echo(end, err=True, nl=False)
        elif done * 10 // total > state["step"] or done == total:
            state["step"] = done * 10 // total
            click.echo(f"Rendered {done}/{total} PDF, Word and book files", err=True)

    return report


@main.command(short_help="After build: a pull request's changed files, for its reviewers.")
@CONFIG_OPTION
@click.option("--base", required=True, help="What the pull request is compared with (origin/main).")
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("build/preview"),
    show_default=True,
    help="Where to copy the changed motions' PDF and Word files.",
)
@click.option(
    "--summary",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Add the summary to this file (in GitHub Actions: $GITHUB_STEP_SUMMARY); else print it.",
)
@friendly
def preview(config_file: Path, base: str, out: Path, summary: Path | None) -> None:
    """List the motions a pull request adds or changes, with their check results and a word diff
    of each against --base, and copy their files from the built site into --out."""
    from motionlib.commands.preview import preview as write_preview
    from motionlib.library.check import check_project
    from motionlib.library.settings import load_mkdocs_config

    report = check_project(config_file)
    site = Path(load_mkdocs_config(config_file).site_dir)
    text = write_preview(report, site, out, base)
    if summary is None:
        click.echo(text)
    else:
        with summary.open("a", encoding="utf-8") as handle:
            handle.write(text)


@main.command(short_help="Preview the site with live reload.")
@CONFIG_OPTION
@click.option(
    "-a", "--dev-addr", default="127.0.0.1:8000", show_default=True, help="Address to serve on."
)
@friendly
def serve(config_file: Path, dev_addr: str) -> None:
    """Preview the site with live reload; editing a motion rebuilds its page and downloads."""
    from mkdocs.commands.serve import serve as mkdocs_serve

    from motionlib.library.check import check_project

    report = check_project(config_file)
    for problem in report.problems:
        click.echo(str(problem), err=True)
    if report.errors:
        raise MotionLibError(f"{report.summary()}; fix the errors above to preview the site.")
    show_mkdocs_log(logging.INFO)
    logging.getLogger("mkdocs.commands.build").addFilter(_NotDirtyWarning())
    # Dirty rebuilds: the plugin has MkDocs rebuild only the pages an edit changed.
    mkdocs_serve(
        config_file=str(config_file), dev_addr=dev_addr, livereload=True, build_type="dirty"
    )


@main.command(short_help="Start a new motion or briefing.")
@click.argument("kind", type=click.Choice(["motion", "briefing"]))
@click.argument("title")
@CONFIG_OPTION
@click.option("--submitter", help="Motions: the branch or person submitting it.")
@click.option("--author", help="Briefings: who wrote it.")
@click.option("--topic", "topics", multiple=True, help="A topic; repeat for several.")
@click.option("--status", default="draft", show_default=True, help="Motions: its status.")
@friendly
def new(kind, title, config_file, submitter, author, topics, status) -> None:
    """Start a new motion or briefing file with every field filled in or explained."""
    from motionlib.commands.scaffold import create

    path = create(config_file, kind, title, submitter or author, list(topics), status)
    click.echo(path)


@main.command(short_help="Start a new library repository.")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option("--name", prompt="The library's name", help="Shown on every page, PDF and Word file.")
@click.option("--force", is_flag=True, help="Write into a folder that has files (never over them).")
@friendly
def init(folder: Path, name: str, force: bool) -> None:
    """Write a new library: mkdocs.yml, an example motion and briefing, docs/about.md, the
    publish and pull-request workflows, the issue form, a README for editors, CONTRIBUTING,
    requirements.txt pinning this motionlib and .gitignore. Then `motionlib check` and
    `motionlib build` in it."""
    from motionlib.commands.init import init_library

    for path in init_library(folder, name, force):
        click.echo(path)
    click.echo(f"Next: cd {folder} && motionlib check && motionlib build", err=True)


@main.command("import", short_help="Import a motion from a Word file.")
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@CONFIG_OPTION
@click.option("--status", help="The motion's status (default: from the file, else draft).")
@click.option(
    "--topic", "topics", multiple=True, help="A topic (repeat for more); else the file's."
)
@friendly
def import_command(source: Path, config_file: Path, status: str | None, topics) -> None:
    """Turn a motion in a Word file into motions/<slug>.md, then check it: exit 1 while it
    still lacks what check needs (the file is written; fill in what is listed)."""
    from motionlib.commands.scaffold import write_imported
    from motionlib.library.load import read_document
    from motionlib.library.settings import load_mkdocs_config, plugin_options, settings_from

    path, warnings = write_imported(config_file, source, status, list(topics))
    for warning in warnings:
        click.echo(str(Problem(str(source), None, None, warning, Severity.WARNING)), err=True)
    config = load_mkdocs_config(config_file)
    settings = settings_from(config, plugin_options(config))
    _, problems = read_document(path.parent.parent, path, "motion", settings)
    for problem in problems:
        click.echo(str(problem), err=True)
    click.echo(path)
    if problems:
        click.echo("Fill in what is listed above, then run check again.", err=True)
    if any(problem.is_error for problem in problems):
        sys.exit(1)
