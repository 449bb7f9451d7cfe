"""Templates and assets shipped in the package, and the facts every output shows about a document.

Site pages, PDFs and Word files all take their metadata rows from
`document_fields`, so the three outputs can never disagree about a motion.
"""

from __future__ import annotations

import functools
import re
from typing import Any

import jinja2
from markupsafe import Markup, escape

from motionlib.library.body import Parsed, tree_to_html
from motionlib.library.lines import numbered
from motionlib.model.fields import details, long_date
from motionlib.model.files import TEMPLATES
from motionlib.model.schema import Motion, Settings


@functools.cache
def environment() -> jinja2.Environment:
    """Autoescaping for HTML: every front-matter value reaches a page as text, never markup."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=jinja2.select_autoescape(["html", "xml"]),  # .md scaffolds are not HTML
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["long_date"] = long_date
    env.filters["filesize"] = filesize
    env.filters["line_link"] = line_link
    return env


def template(name: str) -> jinja2.Template:
    return environment().get_template(name)


def filesize(size: int) -> str:
    """'20 KB', '1.4 MB': how download buttons show sizes."""
    if size < 1000 * 1000:
        return f"{max(1, round(size / 1000))} KB"
    return f"{size / 1000 / 1000:.1f} MB"


def kind_label(rendered: Parsed) -> str:
    meta = rendered.doc.meta
    if not isinstance(meta, Motion):
        return "Briefing"
    if meta.amends:
        return "Amendment"
    return "Template motion" if meta.status == "template" else "Motion"


def document_fields(rendered: Parsed) -> list[tuple[str, str]]:
    """The metadata rows shown at the top of every output, in reading order (fields.py)."""
    return details(rendered.doc.kind, rendered.doc.meta, dict(rendered.titles))


# The closing block of a template motion's Word file, which a branch fills in before submitting
# (label, what the empty field shows). The site's "Adapt this motion" form asks for the same.
CLOSING_FIELDS = (
    ("Proposed by", "[[name]]"),
    ("Seconded by", "[[name]]"),
    ("Branch / CLP", "[[branch or CLP]]"),
    ("Date of meeting", "[[date]]"),
)


def placeholder_name(placeholder: str) -> str:
    """'[[Branch name]]' → 'Branch name': the label of its field and the tag of its control."""
    return placeholder.strip("[] ")


def line_numbering(rendered: Parsed, settings: Settings) -> str:
    """'off', 'every' or 'fifth': the motion's own choice wins over the library's."""
    return getattr(rendered.doc.meta, "line_numbers", None) or settings.line_numbers


def amended_lines(lines: str) -> str:
    """How the motion as amended is numbered in an amendment's PDF and Word file: its changes
    say "at line 12", so its lines are numbered even where the library numbers none."""
    return "every" if lines == "off" else lines


def body_html(rendered: Parsed, settings: Settings) -> str:
    """The body as every output shows it: a motion's with its text lines marked (lines.py),
    so that the web page, the PDF and the Word file number the same lines. `check` makes it with
    the tree and the render cache keeps it; a body rendered elsewhere is marked here."""
    if rendered.doc.kind != "motion":
        return rendered.html
    if rendered.numbered_html and rendered.numbered_width == settings.line_width:
        return rendered.numbered_html
    return tree_to_html(numbered(rendered.tree, settings.line_width))


AT_LINE = re.compile(r"^At line (\d+)")


def line_link(change: str, address: str | None) -> Markup:
    """'At line 12, replace …' with 'At line 12' a link to that line of the amended motion."""
    text = str(escape(change))
    if not address:
        return Markup(text)
    return Markup(AT_LINE.sub(lambda m: f'<a href="{address}#L{m[1]}">{m[0]}</a>', text, count=1))


def document_context(rendered: Parsed, settings: Settings) -> dict[str, Any]:
    """What the print template (and the site page) needs about one document."""
    meta = rendered.doc.meta
    return {
        "lines": line_numbering(rendered, settings),
        "doc": rendered.doc,
        "kind_label": kind_label(rendered),
        "fields": document_fields(rendered),
        "summary": meta.summary or rendered.first_sentence,
        "supporters": list(getattr(meta, "supporters", [])),
        "body": Markup(body_html(rendered, settings)),
        "changes": list(rendered.changes),
        "amended": Markup(tree_to_html(rendered.amended)) if rendered.amended is not None else None,
        **adoption_context(rendered, settings),
    }


def adoption_context(rendered: Parsed, settings: Settings) -> dict[str, Any]:
    """After the vote (library/adoption.py): the text as adopted, with lines of its own (ids
    A1, A2…: the page's L1, L2… are the text as submitted, which amendments refer to), its
    changes, who carried them."""
    adopted = rendered.adopted is not None
    lines = numbered(rendered.adopted, settings.line_width, ids="A") if adopted else None
    return {
        "adopted": Markup(tree_to_html(lines)) if lines is not None else None,
        "adopted_changes": Markup(tree_to_html(rendered.adopted_changes)) if adopted else None,
        "adopted_by": " and ".join(rendered.adopted_by),
        "lost": list(rendered.lost),
    }
