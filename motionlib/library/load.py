"""Load stage: files on disk → validated `Document`s, or problems naming file, line and field.

Validation happens before anything else reads the front matter (MkDocs would
silently ignore what it cannot parse), and every problem in every file is
collected before the caller decides to stop.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from types import UnionType
from typing import Annotated, Any, Union, get_args, get_origin

from frontmatter.default_handlers import YAMLHandler
from pydantic import BaseModel, ValidationError

from motionlib.library import yamlsafe
from motionlib.library.composites import link_composites
from motionlib.library.links import link_problem, links_below
from motionlib.library.safety import body_problems
from motionlib.library.text import field_text_problems, front_text_problems, line_for, text_problems
from motionlib.model.addresses import RESERVED, is_slug, slugify
from motionlib.model.problems import Problem, allowed_list, did_you_mean
from motionlib.model.schema import SCHEMAS, TITLE_MAX, Document, Kind, Settings

BOUNDARY = YAMLHandler.FM_BOUNDARY  # python-frontmatter's '---' line, as the ecosystem reads it
MAX_BYTES = 2_000_000  # a motion is a page or two; a briefing a few dozen


@dataclass
class Library:
    """Every valid document, and every problem found on the way."""

    settings: Settings
    root: Path
    motions: list[Document] = field(default_factory=list)
    briefings: list[Document] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    files: dict[str, int] = field(default_factory=dict)  # kind → files read, valid or not
    _by_slug: dict[str, Document] = field(default_factory=dict, repr=False)

    @property
    def documents(self) -> list[Document]:
        return [*self.motions, *self.briefings]

    def motion(self, slug: str) -> Document | None:
        """The motion with this slug (an index, so reference checks stay linear)."""
        if len(self._by_slug) != len(self.motions):
            self._by_slug = {m.slug: m for m in self.motions}
        return self._by_slug.get(slug)


def load_library(root: Path, settings: Settings) -> Library:
    """Read `motions/` and `briefings/` (recursively) under `root`."""
    library = Library(settings=settings, root=root)
    for kind, folder, bucket in (
        ("motion", settings.motions_dir, library.motions),
        ("briefing", settings.briefings_dir, library.briefings),
    ):
        if not (root / folder).is_dir():
            # A library may have no briefings; a folder named in mkdocs.yml must exist.
            if kind == "motion" or folder != Settings.briefings_dir:
                library.problems.append(_missing_folder(kind, folder))
            continue
        library.problems += [  # links to folders (rglob does not enter them): errors too
            problem
            for problem in links_below(root, root / folder)
            if not problem.path.endswith(".md")
        ]
        paths = sorted(p for p in (root / folder).rglob("*.md") if not p.is_dir())
        library.files[kind] = len(paths)
        for path in paths:
            document, problems = read_document(root, path, kind, settings)
            library.problems += problems
            if document is not None:
                bucket.append(document)
    library.problems += _duplicate_slugs(library)
    library.motions, problems = link_composites(library.motions)
    library.problems += problems
    return library


def _missing_folder(kind: str, folder: str) -> Problem:
    """A typo in motions_dir would otherwise publish an empty library without a word."""
    setting = f"{kind}s_dir"
    message = (
        f"the {kind}s folder does not exist; create it, or correct {setting} in mkdocs.yml "
        f"(plugins: motions: {setting})"
    )
    return Problem(f"{folder}/", None, None, message)


def read_document(
    root: Path, path: Path, kind: Kind, settings: Settings
) -> tuple[Document | None, list[Problem]]:
    """One file → a Document (or None) and all the problems it has."""
    rel = path.relative_to(root).as_posix()
    if path.is_symlink() and not path.exists():
        message = "is a link to a file that does not exist; remove it or add the file itself"
        return None, [Problem(rel, None, None, message)]
    if path.is_symlink():
        return None, [link_problem(root, path)]
    if not path.is_file():
        return None, [Problem(rel, None, None, "is not a regular file; add a text file instead")]
    size = path.stat().st_size
    if size > MAX_BYTES:
        megabytes = f"{size / 1e6:.1f} MB"
        message = f"is {megabytes}; at most {MAX_BYTES // 1_000_000} MB is allowed: split it up"
        return None, [Problem(rel, None, None, message)]
    try:
        raw = path.read_bytes()
    except OSError as error:
        return None, [Problem(rel, None, None, f"cannot be read: {error.strerror}")]
    problems: list[Problem] = []
    if not is_slug(path.stem):
        problems.append(Problem(rel, None, "file name", _bad_slug_message(path.stem)))
    elif path.stem in RESERVED:
        message = f"'{path.stem}' is the address of the list of all {kind}s; choose another name"
        problems.append(Problem(rel, None, "file name", message))
    try:
        text = raw.decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        byte = raw[error.start]
        message = f"is not UTF-8 text (byte 0x{byte:02x}); save the file as UTF-8"
        return None, [*problems, Problem(rel, line, None, message)]
    split = _split(rel, text)
    if isinstance(split, Problem):
        return None, [*problems, split]
    front, first_line, body, body_line = split
    problems += body_problems(rel, body, body_line)
    problems += text_problems(rel, body, body_line)
    front, control = front_text_problems(rel, front, first_line)
    if control:
        return None, [*problems, *control]
    try:
        data, lines = yamlsafe.parse(front, first_line)
    except yamlsafe.YamlProblem as problem:
        return None, [*problems, Problem(rel, problem.line, None, problem.message)]
    if not isinstance(data, dict):
        return None, [*problems, Problem(rel, first_line, None, _not_a_mapping(data, kind))]
    data, control = field_text_problems(rel, data, lines, first_line)
    problems += control
    meta, schema_problems = _validate(rel, kind, data, lines, settings, first_line)
    problems += schema_problems
    if not body.strip():
        message = f"is empty: write the {kind} below the front matter"
        problems.append(Problem(rel, body_line, "body", message))
    if meta is None or any(p.is_error for p in problems):
        return None, problems
    digest = hashlib.sha256(raw).hexdigest()
    field_lines = {str(loc[0]): line for loc, line in lines.items() if len(loc) == 1}
    document = Document(kind, path.stem, rel, meta, body, body_line, digest, field_lines)
    return document, problems


def _split(rel: str, text: str) -> tuple[str, int, str, int] | Problem:
    """Front matter text, its first file line, the body and the body's first file line."""
    boundaries = BOUNDARY.finditer(text)
    opening = next(boundaries, None)
    if opening is None or opening.start() != 0:
        return Problem(
            rel,
            1,
            None,
            "has no front matter: start the file with a line '---', "
            "then the fields (title: …), then another '---'",
        )
    closing = next(boundaries, None)
    if closing is None:
        message = "front matter is not closed: add a line '---' after the fields"
        return Problem(rel, 1, None, message)
    front = text[opening.end() : closing.start()]
    first_line = text.count("\n", 0, opening.end()) + 1
    closing_line = text.count("\n", 0, closing.start()) + 1
    end_of_line = text.find("\n", closing.start())
    body = "" if end_of_line == -1 else text[end_of_line + 1 :]
    return front, first_line, body, closing_line + 1


def _not_a_mapping(data: Any, kind: str) -> str:
    if data is None:
        return f"front matter is empty: a {kind} needs {_required(kind)}"
    return f"front matter must be 'field: value' lines, found {describe(data)}"


def _required(kind: str) -> str:
    schema = SCHEMAS[kind]
    return allowed_list(name for name, f in schema.model_fields.items() if f.is_required())


def _validate(
    rel: str, kind: str, data: dict, lines: dict, settings: Settings, first_line: int
) -> tuple[Any, list[Problem]]:
    schema = SCHEMAS[kind]
    try:
        return schema.model_validate(data, context={"settings": settings}), []
    except ValidationError as error:
        problems = [
            _problem(rel, kind, err, lines, first_line) for err in error.errors(include_url=False)
        ]
        return None, problems


def _problem(rel: str, kind: str, err: dict, lines: dict, first_line: int) -> Problem:
    """Translate one pydantic error into a sentence an editor can act on."""
    loc = tuple(err["loc"])
    field_name = str(loc[0]) if loc else None
    line = line_for(loc, lines, first_line)
    where = "".join(_step(part) for part in loc[1:])
    nested = _group_of(SCHEMAS[kind], err["type"], loc)
    if nested is not None:
        return Problem(rel, line, field_name, where + _nested_message(nested, err, loc))
    return Problem(rel, line, field_name, where + _message(kind, err, field_name))


GROUP_ERRORS = ("model_type", "model_attributes_type", "dict_type")


def _group_of(schema: type[BaseModel], kind_of_error: str, loc: tuple) -> type[BaseModel] | None:
    """The group of fields inside the front matter an error is about: the one that should
    have been a group (votes: 164–93–7), or the one holding a missing or unknown field."""
    if kind_of_error in GROUP_ERRORS and loc:
        return _model_at(schema, loc)
    if kind_of_error in ("extra_forbidden", "missing") and len(loc) > 1:
        return _model_at(schema, loc[:-1])
    return None


def _model_at(model: type[BaseModel], path: tuple) -> type[BaseModel] | None:
    """The model a field inside the front matter belongs to (votes: → Votes, changes: item 2
    → Change, votes: card: CLPs: → CardShare), or None when the path leads elsewhere."""
    annotation: Any = model
    for part in path:
        annotation = _unwrap(annotation)
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            by_alias = {f.alias or n: f for n, f in annotation.model_fields.items()}
            found = by_alias.get(str(part))
            if found is None:
                return None
            annotation = found.annotation
        else:  # a list's item or a dict's value
            args = get_args(annotation)
            annotation = args[-1] if args else None
    annotation = _unwrap(annotation)
    return (
        annotation if isinstance(annotation, type) and issubclass(annotation, BaseModel) else None
    )


def _unwrap(annotation: Any) -> Any:
    """X | None → X; Annotated[X, …] → X."""
    while get_origin(annotation) in (Union, UnionType, Annotated):
        args = [a for a in get_args(annotation) if a is not type(None)]
        annotation = args[0] if args else None
    return annotation


def _nested_message(model: type[BaseModel], err: dict, loc: tuple) -> str:
    """For a group of fields (votes:, a change, an adoption record): what it may hold."""
    names = [f.alias or n for n, f in model.model_fields.items()]
    required = [f.alias or n for n, f in model.model_fields.items() if f.is_required()]
    if err["type"] == "extra_forbidden":
        return (
            f"is not a field here (allowed: {allowed_list(names)})"
            f"{did_you_mean(str(loc[-1]), names)}"
        )
    if err["type"] == "missing":
        return "is missing; here give " + " and ".join(f"'{n}:'" for n in required)
    quoted = [f"'{n}:'" for n in names]
    wanted = (
        " and ".join(f"'{n}:'" for n in required) + " fields"
        if required
        else f"a group of fields ({', '.join(quoted[:-1])} or {quoted[-1]})"
    )
    example = getattr(model, "EXAMPLE", "")
    return f"expected {wanted}, found {describe(err.get('input'))}" + (
        f"; for example {example}" if example else ""
    )


def _step(part: Any) -> str:
    return f"item {part + 1}: " if isinstance(part, int) else f"{part}: "


def _message(kind: str, err: dict, field_name: str | None) -> str:
    kind_of_error, found = err["type"], err.get("input")
    allowed_fields = list(SCHEMAS[kind].model_fields)
    if kind_of_error == "missing":
        return f"is missing; a {kind} needs {_required(kind)}"
    if kind_of_error == "extra_forbidden":
        return (
            f"is not a {kind} field (allowed: {allowed_list(allowed_fields)})"
            f"{did_you_mean(field_name or '', allowed_fields)}"
        )
    if found is None or kind_of_error == "string_too_short":
        return "is empty; give it a value or remove the line"
    if kind_of_error == "string_too_long":
        return f"is {len(str(found).strip())} characters long; at most {TITLE_MAX} are allowed"
    if kind_of_error == "string_type":
        return f"expected text, found {describe(found)}; put it in quotes if it is text"
    if kind_of_error == "list_type":
        return f"expected a list (one '- item' per line), found {describe(found)}"
    if kind_of_error in ("model_type", "model_attributes_type", "dict_type"):
        return f"expected 'by:' and 'date:' fields, found {describe(found)}"
    if kind_of_error == "literal_error":
        return f"'{found}' is not allowed ({err['msg'].removeprefix('Input should be ')})"
    return err["msg"]


def describe(value: Any) -> str:
    """How a YAML value looks to an editor: 'a number (42)', 'a list', …"""
    if isinstance(value, bool):
        return f"a yes/no value ({str(value).lower()})"
    if isinstance(value, int | float):
        return f"a number ({value})"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a group of fields"
    return f"'{value}'"


def _bad_slug_message(stem: str) -> str:
    suggestion = slugify(stem)
    return f"'{stem}' cannot be a page address: use lowercase letters, digits and hyphens" + (
        f", e.g. '{suggestion}.md'" if suggestion != stem else ""
    )


def _duplicate_slugs(library: Library) -> list[Problem]:
    problems = []
    for documents in (library.motions, library.briefings):
        seen: dict[str, Document] = {}
        for doc in documents:
            if doc.slug in seen:
                message = f"'{doc.slug}' is used by {seen[doc.slug].path} too; rename one file"
                problems.append(Problem(doc.path, None, "file name", message))
            else:
                seen[doc.slug] = doc
    return problems
