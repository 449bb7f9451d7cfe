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
    fields: dict[str, object] = {"title": title}
    if kind == "motion":
        fields |= {"submitter": byline or "", "topic": topics or [""], "status": status}
    else:
        fields |= {"author": byline or "", "date": dt.date.today().isoformat()}
        if topics:
            fields["topic"] = topics
    front = yaml.safe_dump(fields, sort_keys=False, allow_unicode=True, width=1000).strip()
    today = dt.date.today()
    text = template(f"new/{kind}.md").render(
        front_matter=front, today=today.isoformat(), year=today.year
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text + "\n", encoding="utf-8")
    return path
