"""`generate.py new`: a correctly named file with every field filled in or explained."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml

from motionlib.problems import MotionLibError
from motionlib.settings import load_mkdocs_config, plugin_options, settings_from
from motionlib.site import slugify
from motionlib.templating import template


def create(
    config_file: Path, kind: str, title: str, byline: str | None, topics: list[str], status: str
) -> Path:
    """Write motions/<slug>.md (or briefings/…); never overwrite an existing file."""
    config = load_mkdocs_config(config_file)
    settings = settings_from(config, plugin_options(config))
    slug = slugify(title)
    folder = settings.motions_dir if kind == "motion" else settings.briefings_dir
    path = config_file.resolve().parent / folder / f"{slug}.md"
    if path.exists():
        raise MotionLibError(f"{path}: already exists; choose another title or edit that file")
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
    text = template(f"new/{kind}.md").render(
        front_matter=front, today=today.isoformat(), year=today.year
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text + "\n", encoding="utf-8")
    return path


def _field(name: str, value: object, comment: str = "") -> str:
    """One front-matter line, the value quoted by YAML itself; blank when not known yet."""
    text = "" if value is None or value == "" else _scalar(value)
    note = f"  # {comment}" if comment else ""
    return f"{name}: {text}{note}".rstrip() if text or not note else f"{name}:{note}"


def _scalar(value: object) -> str:
    dumped = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=1000)
    return dumped.strip().removesuffix("...").strip()
