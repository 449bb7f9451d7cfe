"""mkdocs.yml is read safely and checked before anything executes it.

MkDocs reads its configuration with PyYAML's full loader, so a `!!python/object/apply:` tag runs
code as the file is read; `hooks:` runs Python files, any plugin or Markdown extension runs its
code, `INHERIT:` reads another file, and `pymdownx.snippets` pulls files into pages. A pull
request may change mkdocs.yml, and the pull-request job runs `check` first. So the file is read
here first with a safe loader that knows MkDocs' own tags (`!ENV`, `!relative`) and the few
Python names that Material's documented settings use, and everything outside the allow-lists
below is an error naming its line, before MkDocs sees the file.

A library owner who needs more (a hook, another plugin) says so with `trusted_config: true`
under `plugins: - motions:`, after review; a pull-request run (GitHub's `pull_request` events,
or MOTIONLIB_UNTRUSTED=1) never honours it.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from motionlib.model.problems import MotionLibError

_PLUGINS = "search material/search motions offline material/offline tags material/tags"
PLUGINS = frozenset(_PLUGINS.split())
_MARKDOWN = """abbr admonition attr_list codehilite def_list extra fenced_code footnotes
legacy_attrs legacy_em md_in_html meta nl2br sane_lists smarty tables toc wikilinks"""
_PYMDOWNX = """arithmatex betterem blocks.admonition blocks.caption blocks.definition
blocks.details blocks.html blocks.tab caret critic details emoji escapeall fancylists highlight
inlinehilite keys magiclink mark progressbar quotes saneheaders smartsymbols snippets striphtml
superfences tabbed tasklist tilde"""
EXTENSIONS = frozenset(
    [*_MARKDOWN.split(), *(f"markdown.extensions.{n}" for n in _MARKDOWN.split())]
    + [f"pymdownx.{name}" for name in _PYMDOWNX.split()]
    + ["motionlib.engines.contents"]
)
# Functions Material's and pymdownx's documented settings name with !!python/name: (or, for
# slugs, !!python/object/apply:): they format or look up, and run nothing else.
_PYTHON = """material.extensions.emoji.twemoji material.extensions.emoji.to_svg
pymdownx.emoji.twemoji pymdownx.emoji.gemoji pymdownx.emoji.emojione pymdownx.emoji.to_svg
pymdownx.emoji.to_png pymdownx.emoji.to_alt pymdownx.superfences.fence_code_format
pymdownx.superfences.fence_div_format pymdownx.arithmatex.arithmatex_inline_format
pymdownx.arithmatex.arithmatex_fenced_format pymdownx.slugs.slugify
markdown.extensions.toc.slugify markdown.extensions.toc.slugify_unicode"""
PYTHON_NAMES = frozenset(_PYTHON.split())
PYTHON_TAG = "tag:yaml.org,2002:python/"
MAX_INHERIT = 5  # INHERIT chains: a loop must stop


def untrusted_run() -> bool:
    """A pull request's run: GitHub's pull_request events, or MOTIONLIB_UNTRUSTED set."""
    event = os.environ.get("GITHUB_EVENT_NAME", "")
    return event.startswith("pull_request") or bool(os.environ.get("MOTIONLIB_UNTRUSTED"))


def check_config_file(config_file: Path) -> None:
    """Raise one MotionLibError listing every problem (file:line: what to do), or return."""
    root = config_file.resolve().parent
    problems: list[str] = []
    _check_file(config_file, root, problems, depth=0)
    if problems:
        raise MotionLibError("\n".join(dict.fromkeys(problems)))


def _check_file(path: Path, root: Path, problems: list[str], depth: int) -> None:
    shown = _shown(path, root)
    node, data = _read(path, shown, problems)
    if not isinstance(data, dict) or not isinstance(node, MappingNode):
        return
    lines = {key.value: key.start_mark.line + 1 for key, _ in node.value if hasattr(key, "value")}
    trusted = _trusted(data, shown, lines, problems)

    def problem(key: str, message: str) -> None:
        problems.append(f"{shown}:{lines.get(key, 1)}: {key}: {message}")

    if "hooks" in data and not trusted:
        problem(
            "hooks",
            "runs Python files during every check and build; remove it (or see "
            "trusted_config in SECURITY.md)",
        )
    for name in _names(data.get("plugins")):
        if name not in PLUGINS and not trusted:
            problem(
                "plugins",
                f"'{name}' is not one of the plugins a library may use "
                f"({', '.join(sorted(PLUGINS))}); plugins run code during every build",
            )
    for name, options in _entries(data.get("markdown_extensions")):
        if name not in EXTENSIONS and not trusted:
            problem(
                "markdown_extensions",
                f"'{name}' is not one of the Markdown extensions a "
                "library may use (Python-Markdown's own and pymdownx's); extensions run code",
            )
        elif name == "pymdownx.snippets" and not trusted:
            message = _snippets_problem(options, root)
            if message:
                problem("markdown_extensions", message)
    if "INHERIT" in data:
        _inherit(path, root, data["INHERIT"], problem, problems, depth)


def _read(path: Path, shown: str, problems: list[str]) -> tuple[Node | None, Any]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        problems.append(f"{shown}: cannot be read as UTF-8 text ({error})")
        return None, None
    loader = _SafeConfigLoader(text)
    loader.found = problems  # type: ignore[attr-defined]
    loader.shown = shown  # type: ignore[attr-defined]
    try:
        node = loader.get_single_node()
        return node, (loader.construct_document(node) if node is not None else None)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        problems.append(f"{shown}:{line}: {error.problem or error}; write plain YAML here")
    except yaml.YAMLError as error:
        problems.append(f"{shown}: YAML could not be read ({error})")
    finally:
        loader.dispose()
    return None, None


def _trusted(data: dict, shown: str, lines: dict, problems: list[str]) -> bool:
    """The owner's `trusted_config: true` (under the motions plugin), unless this is a pull
    request's run, which says it ignores it."""
    asked = any(
        isinstance(options, dict) and options.get("trusted_config") is True
        for name, options in _entries(data.get("plugins"))
        if name == "motions"
    )
    if asked and untrusted_run():
        problems.append(
            f"{shown}:{lines.get('plugins', 1)}: plugins: motions: trusted_config is not "
            "honoured in a pull request's run; everything below is checked as untrusted"
        )
        return False
    return asked


def _inherit(path, root, value, problem, problems, depth) -> None:
    parent = (path.parent / str(value)).resolve() if isinstance(value, str) else None
    if parent is None or not parent.is_relative_to(root) or parent.is_symlink():
        problem(
            "INHERIT",
            f"'{value}' is not a file inside the project; inherit from a file "
            "in the library's own folder",
        )
    elif not parent.is_file():
        problem("INHERIT", f"'{value}' does not exist; create it or remove INHERIT")
    elif depth >= MAX_INHERIT:
        problem("INHERIT", f"inherits more than {MAX_INHERIT} files deep (a loop?)")
    else:
        _check_file(parent, root, problems, depth + 1)


def _snippets_problem(options: Any, root: Path) -> str | None:
    """Snippets read files into pages: only from folders inside the library (never the whole
    project, where build/ and the cache live), never from the network, never through a link."""
    options = options if isinstance(options, dict) else {}
    if options.get("url_download"):
        return "pymdownx.snippets: url_download fetches pages during the build; set it to false"
    if options.get("restrict_base_path") is False:
        return "pymdownx.snippets: restrict_base_path must stay true"
    bases = options.get("base_path")
    bases = [bases] if isinstance(bases, str) else bases
    if not bases or not isinstance(bases, list):
        return "pymdownx.snippets: set base_path to a folder of the library (e.g. docs/snippets)"
    for base in bases:
        folder = (root / str(base)).resolve()
        if (
            folder == root
            or not folder.is_relative_to(root)
            or folder.is_relative_to(root / "build")
        ):
            return (
                f"pymdownx.snippets: base_path '{base}' must be a folder inside the library, "
                "not the project itself, build/ or anywhere outside"
            )
        if (root / str(base)).is_symlink() or any(p.is_symlink() for p in folder.rglob("*")):
            return f"pymdownx.snippets: base_path '{base}' holds a symbolic link; remove it"
    return None


def _names(value: Any) -> list[str]:
    return [name for name, _ in _entries(value)]


def _entries(value: Any) -> list[tuple[str, Any]]:
    """A plugin or extension list (names, or one-key mappings of name to options; MkDocs also
    takes one mapping of names)."""
    if isinstance(value, dict):
        return [(str(name), options) for name, options in value.items()]
    found = []
    for item in value if isinstance(value, list) else []:
        if isinstance(item, dict):
            found += [(str(name), options) for name, options in item.items()]
        else:
            found.append((str(item), None))
    return found


def _shown(path: Path, root: Path) -> str:
    resolved = path.resolve()
    return resolved.relative_to(root).as_posix() if resolved.is_relative_to(root) else str(path)


class _SafeConfigLoader(yaml.SafeLoader):
    """PyYAML's safe loader plus MkDocs' tags; Python tags are refused unless allow-listed."""


def _env(loader: _SafeConfigLoader, node: Node) -> Any:
    """!ENV VAR or !ENV [VAR, …, default]: the variable's value, as MkDocs reads it."""
    if isinstance(node, ScalarNode):
        names, default = [loader.construct_scalar(node)], None
    elif isinstance(node, SequenceNode):
        items = loader.construct_sequence(node)
        names, default = (
            items[:-1] if len(items) > 1 else items,
            items[-1] if len(items) > 1 else None,
        )
    else:
        return None
    for name in names:
        if isinstance(name, str) and name in os.environ:
            return yaml.safe_load(os.environ[name])
    return default


def _relative(loader: _SafeConfigLoader, node: Node) -> str:
    return "!relative"  # the folder of the page being rendered: inside docs/ by definition


def _python(loader: _SafeConfigLoader, suffix: str, node: Node) -> None:
    kind, _, name = suffix.partition(":")
    if kind in ("name", "object/apply") and name in PYTHON_NAMES:
        return None
    line = node.start_mark.line + 1
    loader.found.append(  # type: ignore[attr-defined]
        f"{loader.shown}:{line}: the YAML tag '!!python/{suffix}' runs Python code when "  # type: ignore[attr-defined]
        "MkDocs reads the file; remove it (only the emoji, fence and slug functions "
        "Material documents may be named)"
    )
    return None


_SafeConfigLoader.add_constructor("!ENV", _env)
_SafeConfigLoader.add_constructor("!relative", _relative)
_SafeConfigLoader.add_multi_constructor(PYTHON_TAG, _python)
