"""The package's shape: stages as folders with arrows only downward, no import cycles, the
private parts of other libraries in one place each, formats and fields declared once.

    model → library → exports → pages → pipeline → engines → commands

A module may import its own stage and the stages before it, never one after it.
"""

from __future__ import annotations

import ast
import re

from motionlib.exports.formats import FORMATS, PACKAGE

STAGES = ("model", "library", "exports", "pages", "pipeline", "engines", "commands")
MAX_LINES = 400


def modules() -> dict[str, object]:
    """Every module of the package by dotted name (motionlib.library.load → library.load)."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        if "__pycache__" in path.parts:
            continue
        name = ".".join(path.relative_to(PACKAGE).with_suffix("").parts)
        found[name.removesuffix(".__init__")] = path
    return found


def stage_of(module: str) -> str | None:
    first = module.split(".")[0]
    return first if first in STAGES else None


def imports_of(path) -> set[str]:
    """Modules of ours a module imports, at the top or inside a function."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("motionlib"):
            base = node.module.removeprefix("motionlib").lstrip(".")
            for alias in node.names:  # `from motionlib.library import body` names a module
                candidate = f"{base}.{alias.name}" if base else alias.name
                found.add(candidate if candidate in MODULES else base)
        elif isinstance(node, ast.Import):
            found |= {
                a.name.removeprefix("motionlib.")
                for a in node.names
                if a.name.startswith("motionlib.")
            }
    return {name for name in found if name} - {_name(path)}


def _name(path) -> str:
    return ".".join(path.relative_to(PACKAGE).with_suffix("").parts).removesuffix(".__init__")


MODULES = modules()


def test_every_module_is_in_a_stage():
    loose = [m for m in MODULES if stage_of(m) is None and m not in ("__init__", "")]
    assert loose == []


def test_arrows_only_point_downward():
    wrong = []
    for module, path in MODULES.items():
        here = stage_of(module)
        for imported in imports_of(path):
            there = stage_of(imported)
            if here and there and STAGES.index(there) > STAGES.index(here):
                wrong.append(f"{module} → {imported}")
    assert wrong == []


def text_of(stage: str) -> dict[str, str]:
    return {m: p.read_text(encoding="utf-8") for m, p in MODULES.items() if stage_of(m) == stage}


def test_exports_and_pages_know_no_mkdocs():
    """Exports and pages are pure: no MkDocs (nor the model); the engines adapt to it."""
    for stage in ("model", "exports", "pages"):
        for module, text in text_of(stage).items():
            assert not re.search(r"^\s*(from|import) mkdocs\b", text, re.M), module


def test_the_pipeline_calls_no_engine_and_no_command():
    assert not any(
        stage_of(name) in ("engines", "commands") for name in imports_of(MODULES["pipeline"])
    )


def test_other_libraries_private_parts_stay_in_their_folder():
    """python-docx's private attributes only in exports/word/, pikepdf only in exports/pdf/."""
    private_docx = re.compile(r"\.(_p|_r|_body|_element|_parent|_tbl|_tc|_part)\b")
    for module, path in MODULES.items():
        text = path.read_text(encoding="utf-8")
        if not module.startswith("exports.word"):
            assert not private_docx.search(text), module
        if not module.startswith("exports.pdf"):
            assert not re.search(r"^\s*(from|import) pikepdf\b", text, re.M), module


def test_no_import_cycles():
    graph = {module: imports_of(path) for module, path in MODULES.items()}
    cycles = []

    def visit(module: str, path: list[str]) -> None:
        for imported in sorted(graph.get(module, ())):
            if imported in path:
                cycles.append([*path[path.index(imported) :], imported])
            else:
                visit(imported, [*path, imported])

    for module in sorted(graph):
        visit(module, [module])
    assert cycles == []


def test_no_module_is_over_400_lines():
    long = {m: n for m, p in MODULES.items() if (n := len(p.read_text().splitlines())) > MAX_LINES}
    assert long == {}


def test_the_addresses_module_is_a_leaf():
    assert imports_of(MODULES["model.addresses"]) == set()


def test_every_format_has_its_module_and_label():
    for fmt in FORMATS.values():
        assert callable(fmt.export) and fmt.label and fmt.settings


def test_every_front_matter_field_is_in_the_field_table():
    """Adding a field is one line in the schema and one entry in fields.py: this test fails
    until both are there (the table's order is a new file's order)."""
    from motionlib.model.fields import FIELDS
    from motionlib.model.schema import SCHEMAS

    for kind, schema in SCHEMAS.items():
        names = [f.name for f in FIELDS[kind]]
        assert sorted(names) == sorted(schema.model_fields), kind
        assert len(set(names)) == len(names)
