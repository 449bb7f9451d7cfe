"""The command line: check, build, serve, new. Errors for people, never tracebacks."""

from __future__ import annotations

import functools
import sys
from pathlib import Path

import click

from motionlib.problems import MotionLibError, Problem

CONFIG_OPTION = click.option(
    "-f",
    "--config-file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("mkdocs.yml"),
    show_default=True,
    help="The library's mkdocs.yml.",
)


def friendly(command):
    """Show MotionLibError messages as they are and exit 1, instead of a traceback."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except MotionLibError as error:
            click.echo(str(error), err=True)
            sys.exit(1)

    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Motions Library: check, build and preview a library of motions and briefings."""


@main.command()
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
    from motionlib.pipeline import check_project

    report = check_project(config_file)
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
    level = "error" if problem.is_error else "warning"
    line = f",line={problem.line}" if problem.line else ""
    title = f"{problem.field}" if problem.field else "motionlib"
    message = problem.message.replace("%", "%25").replace("\n", "%0A")
    return f"::{level} file={problem.path}{line},title={title}::{message}"
