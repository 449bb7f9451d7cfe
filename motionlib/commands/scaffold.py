"""`generate.py new`: a correctly named file with every field filled in or explained."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import yaml

from motionlib.exports.templating import template
from motionlib.library.settings import load_mkdocs_config, plugin_options, settings_from
from motionlib.model.addresses import slugify
from motionlib.model.fields import FIELDS, examples
from motionlib.model.problems import MotionLibError, allowed_list, did_you_mean


def create(
    config_file: Path, kind: str, title: str, byline: str | None, topics: list[str], status: str
) -> Path:
    """Write motions/<slug>.md (or briefings/…); never overwrite an existing file."""
    config = load_mkdocs_config(config_file)
    settings = settings_from(config, plugin_options(config))
    _refuse_unknown("--topic", "a topic", topics, settings.topics)
    if kind == "motion":
        _refuse_unknown("--status", "a status", [status], settings.statuses)
    slug = slugify(title)
    folder = settings.motions_dir if kind == "motion" else settings.briefings_dir
    path = config_file.resolve().parent / folder / f"{slug}.md"
    today = dt.date.today()
    allowed_topics = ", ".join(settings.topics) if settings.topics else "any text"
    lines = [_field("title", title)]
    if kind == "motion":
        lines += [
            _field("submitter", byline, "the branch or person submitting it"),
            _field("topic", topics or None, f"one or a list of: {allowed_topics}"),
            _field("status", status, "one of: " + ", ".join(settings.statuses)),
        ]
    else:
        lines += [
            _field("author", byline, "who wrote it"),
            _field("date", today.isoformat()),
        ]
        hint = f"optional; one or a list of: {allowed_topics}"
        topic_line = _field("topic", topics or None, hint)
        lines.append(topic_line if topics else f"# {topic_line}")
    front = "\n".join(lines)
    text = template(f"new/{kind}.md").render(front_matter=front, optional=examples(kind, today))
    advice = "choose another title or edit that file"
    write_new(config_file.resolve().parent, path, text + "\n", advice)
    return path


def _refuse_unknown(
    option: str, what: str, values: list[str], allowed: tuple[str, ...] | None
) -> None:
    """Say at once that a topic or status is not the library's, rather than at the next check."""
    for value in values:
        if allowed is not None and value not in allowed:
            raise MotionLibError(
                f"{option}: '{value}' is not {what} of this library (allowed: "
                f"{allowed_list(allowed)}){did_you_mean(value, allowed)}; nothing was written"
            )


def _field(name: str, value: object, comment: str = "") -> str:
    """One front-matter line, the value quoted by YAML itself; blank when not known yet."""
    text = "" if value is None or value == "" else _scalar(value)
    note = f"  # {comment}" if comment else ""
    return f"{name}: {text}{note}".rstrip() if text or not note else f"{name}:{note}"


def _scalar(value: object) -> str:
    dumped = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=1000)
    return dumped.strip().removesuffix("...").strip()


def write_imported(
    config_file: Path, source: Path, status: str | None, topics: list[str] | None = None
) -> tuple[Path, list[str]]:
    """Import a Word file as motions/<slug>.md; returns the path and the import's warnings.
    `topics` replace the file's own (its keywords)."""
    from motionlib.exports.word.reader import import_docx

    config = load_mkdocs_config(config_file)
    settings = settings_from(config, plugin_options(config))
    imported = import_docx(source)
    fields = dict(imported.fields)
    fields.setdefault("title", source.stem.replace("-", " ").replace("_", " "))
    _titles_to_slugs(fields, config_file.resolve().parent, settings)
    if status or "status" not in fields:
        fields["status"] = status or "draft"
    if topics:
        fields["topic"] = topics
    order = [field.name for field in FIELDS["motion"]]  # as the field table lists them
    ordered = {name: fields[name] for name in order if name in fields}
    path = (
        config_file.resolve().parent / settings.motions_dir / f"{slugify(str(fields['title']))}.md"
    )
    front = yaml.safe_dump(ordered, sort_keys=False, allow_unicode=True, width=100).strip()
    body, pictures = _picture_names(imported.body, imported.pictures, path.stem)
    text = f"---\n{front}\n---\n\n{body}"
    advice = "rename the Word file's title or remove the file"
    write_new(config_file.resolve().parent, path, text, advice)
    for name, data in pictures.items():  # beside the motion, or in the folder it names
        write_new(config_file.resolve().parent, path.parent / name, data, advice)
    return path, imported.warnings


def _picture_names(body: str, pictures: dict[str, bytes], stem: str) -> tuple[str, dict]:
    """picture-1.png → <slug>-1.png, in the body and for the files."""
    renamed = {}
    for name, data in pictures.items():
        new = stem + name.removeprefix("picture") if name.startswith("picture-") else name
        body = body.replace(f"]({name})", f"]({new})")
        renamed[new] = data
    return body, renamed


REFERENCES = ("amends", "composited_into", "composite_of", "supersedes")


def _titles_to_slugs(fields: dict, root: Path, settings) -> None:
    """Our exports print the titles of the motions a motion refers to; the file needs their
    file names. Titles that match no motion stay as they are, for check to point out."""
    if not any(name in fields for name in REFERENCES):
        return
    from motionlib.library.load import load_library

    library = load_library(root, settings)
    by_title = {  # a composite is shown by its agenda heading: "Composite 1: …"
        " ".join(name.casefold().split()): m.slug
        for m in library.motions
        for name in (m.title, m.heading)
    }

    def slug(value: str) -> str:
        return by_title.get(" ".join(str(value).casefold().split()), value)

    for name in REFERENCES:
        if isinstance(fields.get(name), list):
            fields[name] = [slug(value) for value in fields[name]]
        elif name in fields:
            fields[name] = slug(fields[name])


def write_new(root: Path, path: Path, text: str | bytes, advice: str) -> None:
    """Create a file that did not exist, inside the project: never overwrite, never follow a link
    (O_EXCL refuses even a dangling one), never leave the project through a linked folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.parent.resolve().is_relative_to(root.resolve()):
        raise MotionLibError(f"{path.parent}: is a link out of the project; nothing was written")
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
    except FileExistsError:
        raise MotionLibError(f"{path}: already exists; {advice}") from None
    except OSError as error:
        raise MotionLibError(f"{path}: cannot be written ({error.strerror})") from None
    if isinstance(text, bytes):
        with os.fdopen(descriptor, "wb") as binary:
            binary.write(text)
        return
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(text)
