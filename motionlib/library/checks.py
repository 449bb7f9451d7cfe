"""Rules that look across documents or need the rendered body: references and word limits."""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path, PurePosixPath

from motionlib.library import amendments, lines
from motionlib.library.adoption import adopt
from motionlib.library.body import ParseCache, Parsed
from motionlib.library.footnotes import footnote_problems
from motionlib.library.images import check_images
from motionlib.library.load import Library
from motionlib.model import fonts
from motionlib.model.fields import details
from motionlib.model.files import TEMPLATES
from motionlib.model.problems import Problem, Severity, did_you_mean, sort_problems
from motionlib.model.schema import Document, Motion
from motionlib.model.votes import votes_text

WARNING = Severity.WARNING


def check_library(
    library: Library, cache: Path | None = None
) -> tuple[list[Parsed], list[Problem]]:
    """Render every valid document once (or take it from `cache`) and collect every problem."""
    renderer = ParseCache(cache, library.settings.line_width)
    rendered, problems = [], [*library.problems]
    for doc in library.documents:
        item, trouble = _parse_checked(renderer, doc)
        problems += trouble
        if item is not None:
            pictures, trouble = check_images(doc, item.tree, library.root)
            problems += trouble
            rendered.append(replace(item, titles=_titles(doc, library), images=tuple(pictures)))
    renderer.save()
    problems += [*reference_problems(library), *address_problems(library)]
    located: amendments.Located = {}
    rendered, trouble = apply_amendments(rendered, library, located)
    problems += trouble
    rendered, trouble = adopt(rendered, located)
    problems += trouble
    problems += same_title_problems(library)
    for item in rendered:
        problems += print_font_problems(item)
        problems += footnote_problems(item.doc, item.tree)
        problems += vote_problems(item.doc)
        problems += starter_text_problems(item.doc)
        problems += word_limit_problems(item, library)
        problems += placeholder_problems(item)
        problems += indent_problems(item.doc)
    return rendered, sort_problems(problems)


MAX_TREE_DEPTH = 60  # elements; source nesting is limited to 20 levels (text.MAX_DEPTH)


def _parse_checked(renderer: ParseCache, doc: Document) -> tuple[Parsed | None, list[Problem]]:
    """Render one document; text too deeply nested for the renderers is a problem, not a crash."""
    message = "is nested too deeply (emphasis, links, lists or quotations); simplify it"
    try:
        item = renderer.parse(doc)
    except RecursionError:
        return None, [Problem(doc.path, doc.text_line, "body", message)]
    if tree_depth(item.tree) > MAX_TREE_DEPTH:
        return None, [Problem(doc.path, doc.text_line, "body", message)]
    return item, []


def _titles(doc: Document, library: Library) -> tuple[tuple[str, str], ...]:
    if not isinstance(doc.meta, Motion):
        return ()
    found = ((name, library.motion(slug)) for name, slug in doc.meta.references())
    return tuple(  # a composite as its agenda names it: "Composited into: Composite 1: …"
        (motion.slug, motion.heading if name == "composited_into" else motion.title)
        for name, motion in found
        if motion is not None
    )


def apply_amendments(
    rendered: list[Parsed], library: Library, located: amendments.Located
) -> tuple[list[Parsed], list[Problem]]:
    """Verify every amendment's changes against the motion it amends, and give the amendment
    the marked-up motion. A change whose words are not (or no longer) in that motion, or stand
    there more than once without a `line:`, is an error naming the change. `located` gets, for
    each amendment whose changes all apply, the amended motion's blocks and where each applies
    (adoption.py applies the carried ones together from it)."""
    by_slug = {item.doc.slug: item for item in rendered if item.doc.kind == "motion"}
    width = library.settings.line_width
    blocks_of: dict[str, list[lines.Block]] = {}  # each amended motion's, made once
    problems: list[Problem] = []
    result = []
    for item in rendered:
        meta = item.doc.meta
        target = by_slug.get(getattr(meta, "amends", None) or "")
        if not getattr(meta, "changes", None) or target is None:
            result.append(item)
            continue
        if target.doc.slug not in blocks_of:
            blocks_of[target.doc.slug] = lines.blocks_of(target.tree, width)
        blocks = blocks_of[target.doc.slug]
        applied, trouble = amendments.locate_changes(item.doc, target, blocks)
        problems += trouble
        if trouble:
            result.append(item)
            continue
        located[item.doc.slug] = (blocks, applied)
        key = hashlib.sha256(
            (target.doc.digest + repr(meta.changes) + str(width)).encode("utf-8", "surrogatepass")
        ).hexdigest()
        result.append(
            replace(
                item,
                changes=tuple(amendments.describe(c, f) for c, f in applied),
                amended=amendments.marked_up(target.tree, blocks, applied),
                amended_key=key,
            )
        )
    return result, problems


def tree_depth(root) -> int:
    """Depth of an element tree, without recursion."""
    deepest, stack = 0, [(root, 1)]
    while stack:
        elem, depth = stack.pop()
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in elem)
    return deepest


def reference_problems(library: Library) -> Iterator[Problem]:
    """`amends`, `composited_into` and `supersedes` must name motions that exist. A motion
    whose own file has an error is not reported missing too: its error is the real one."""
    slugs = [m.slug for m in library.motions]
    folder = library.settings.motions_dir.rstrip("/") + "/"
    broken = {
        PurePosixPath(p.path).stem
        for p in library.problems
        if p.is_error and p.path.startswith(folder)
    }
    for doc in library.motions:
        assert isinstance(doc.meta, Motion)
        for field_name, slug in doc.meta.references():
            line = doc.lines.get(field_name)
            if slug == doc.slug:
                yield Problem(doc.path, line, field_name, "a motion cannot refer to itself")
            elif library.motion(slug) is None and slug not in broken:
                message = f"there is no motion '{slug}'{did_you_mean(slug, slugs)}"
                yield Problem(doc.path, line, field_name, message)


def vote_problems(doc: Document) -> list[Problem]:
    """A result the figures contradict (rejected with more for than against, or passed with
    more against) is most often a typing slip: say so, with the figures."""
    meta = doc.meta
    votes = getattr(meta, "votes", None)
    if votes is None or votes.carried is None or meta.status not in ("passed", "rejected"):
        return []
    if votes.carried == (meta.status == "passed"):
        return []
    message = f"the motion is {meta.status}, but the vote reads: {votes_text(votes)}"
    return [Problem(doc.path, doc.lines.get("votes"), "votes", message, WARNING)]


def word_limit_problems(rendered: Parsed, library: Library) -> list[Problem]:
    doc = rendered.doc
    if not isinstance(doc.meta, Motion):
        return []
    limit = library.settings.limit_for(doc.meta.status)
    if limit is None or rendered.words <= limit:
        return []
    message = f"{rendered.words} words, over the limit of {limit} for {doc.meta.status} motions"
    return [Problem(doc.path, doc.text_line, "body", message, Severity.WARNING)]


def placeholder_problems(rendered: Parsed) -> list[Problem]:
    """Only template motions may keep `[[…]]` placeholders; elsewhere they were forgotten."""
    doc = rendered.doc
    if not isinstance(doc.meta, Motion) or doc.meta.status == "template":
        return []
    if not rendered.placeholders:
        return []
    names = ", ".join(rendered.placeholders)
    message = f"still has placeholders to replace: {names} (only template motions keep them)"
    return [Problem(doc.path, doc.text_line, "body", message, Severity.WARNING)]


def print_font_problems(rendered: Parsed) -> list[Problem]:
    """Text that no print font the project installs can draw prints as an empty box in the PDF
    (the site and the Word file show it): say so, naming the line and the characters."""
    doc = rendered.doc
    shown = [text for _, text in details(doc.kind, doc.meta, dict(rendered.titles))]  # the table
    shown += [doc.title, doc.meta.summary or "", *getattr(doc.meta, "supporters", [])]
    text = " ".join([*shown, *rendered.tree.itertext()])
    drawable = fonts.drawable()
    candidates = set(text)  # each distinct character once: a set of a long text is quick
    missing = sorted(
        ch for ch in candidates if ord(ch) not in drawable and ch.isprintable() and not ch.isspace()
    )
    if not missing:
        return []
    listed = " ".join(f"{ch} (U+{ord(ch):04X})" for ch in missing[:8])
    listed += " …" if len(missing) > 8 else ""
    message = f"no print font can draw {listed}: they print as empty boxes in the PDF"
    lacking = fonts.missing_sources()
    if lacking:
        message += f"; this machine lacks {', '.join(lacking)} (install as the README says)"
    else:
        message += " (the site and the Word file show them)"
    return [Problem(doc.path, _line_of(doc, missing[0]), "pdf", message, WARNING)]


def _line_of(doc, character: str) -> int | None:
    """The file line where a character first appears: in the body, else in a field."""
    at = doc.body.find(character)
    if at >= 0:
        return doc.line_at(at)
    for name, line in sorted(doc.lines.items(), key=lambda item: item[1]):
        if character in str(getattr(doc.meta, name, "")):
            return line
    return None


def same_title_problems(library: Library) -> list[Problem]:
    """Two motions with one title are usually one imported or written twice."""
    problems, seen = [], {}
    for doc in library.motions:
        key = " ".join(doc.title.casefold().split())
        if key in seen:
            message = f"'{doc.title}' is also the title of {seen[key].path}; is it the same motion?"
            problems.append(Problem(doc.path, doc.lines.get("title"), "title", message, WARNING))
        else:
            seen[key] = doc
    return problems


@functools.cache
def starter_lines(kind: str) -> frozenset[str]:
    """The example lines of `generate.py new`'s starter file, which an editor must replace."""
    text = (TEMPLATES / "new" / f"{kind}.md").read_text(encoding="utf-8")
    body = text.split("\n---\n", 1)[-1]
    lines = (STARTER_MARK.sub("", line).strip() for line in body.splitlines())
    return frozenset(line for line in lines if line and not line.startswith("#"))


STARTER_MARK = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")


def starter_text_problems(doc: Document) -> list[Problem]:
    starters, problems = starter_lines(doc.kind), []
    for offset, line in enumerate(doc.body.split("\n")):
        text = STARTER_MARK.sub("", line).strip()
        if text in starters:
            message = f"still holds the starter text '{text}'; write the {doc.kind}'s own words"
            problems.append(Problem(doc.path, doc.body_line + offset, "body", message, WARNING))
    return problems


LIST_ITEM = re.compile(r"^( *)(?:[-*+]|\d+[.)])\s+\S")


def indent_problems(doc: Document) -> list[Problem]:
    """A sub-item indented by 1–3 spaces is not nested: Markdown folds it into the item above
    as text ("2. two - sub a - sub b"). GitHub's editor habit is 2 spaces; ours needs 4."""
    problems, previous = [], ""
    for offset, line in enumerate(doc.body.split("\n")):
        match = LIST_ITEM.match(line)
        if match and 0 < len(match.group(1)) < 4 and LIST_ITEM.match(previous):
            message = (
                f"this list item is indented by {len(match.group(1))} space(s), so it is not "
                "nested: indent sub-items by 4 spaces"
            )
            problems.append(Problem(doc.path, doc.body_line + offset, "body", message))
        if line.strip():
            previous = line
    return problems


GROUPED_FIELDS = (("topic", "topics"), ("submitter", "submitters"), ("meeting", "meetings"))


def address_problems(library: Library) -> list[Problem]:
    """Two spellings that make one page address ('Riverside CLP', 'Riverside Clp') would
    put two index pages at one place, and one of them would be lost."""
    from motionlib.model.addresses import RESERVED, slugify

    problems: list[Problem] = []
    seen: dict[tuple[str, str], tuple[str, Document]] = {}
    for doc, field_name, folder, name in _grouped_names(library):
        key = (folder, slugify(name))
        if key[1] in RESERVED:
            message = (
                f"'{name}' would take the address of the list of all {folder} "
                f"({folder}/{key[1]}/); name it differently"
            )
            problems.append(Problem(doc.path, doc.lines.get(field_name), field_name, message))
            continue
        first_name, first_doc = seen.setdefault(key, (name, doc))
        if first_name != name:
            message = (
                f"'{name}' and '{first_name}' ({first_doc.path}) would share the page "
                f"{folder}/{key[1]}/; spell them the same way"
            )
            problems.append(Problem(doc.path, doc.lines.get(field_name), field_name, message))
    return problems


def _grouped_names(library: Library) -> Iterator[tuple[Document, str, str, str]]:
    """(document, field, index folder, name) for every topic, submitter and meeting named."""
    for doc in library.documents:
        for field_name, folder in GROUPED_FIELDS:
            value = getattr(doc.meta, field_name, None) or []
            for name in [value] if isinstance(value, str) else value:
                yield doc, field_name, folder, name
