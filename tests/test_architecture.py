"""The package's shape: no import cycles, formats declared once."""

from __future__ import annotations

import ast

from motionlib.formats import FORMATS, PACKAGE


def imports_of(path) -> set[str]:
    """Modules of ours a module imports, at the top or inside a function."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if (
            isinstance(node, ast.ImportFrom)
            and node.module
            and node.module.startswith("motionlib.")
        ):
            found.add(node.module.split(".")[1])
        elif isinstance(node, ast.Import):
            found |= {a.name.split(".")[1] for a in node.names if a.name.startswith("motionlib.")}
    return found - {path.stem}


def test_no_import_cycles():
    graph = {path.stem: imports_of(path) for path in PACKAGE.glob("*.py")}
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


def test_the_addresses_module_is_a_leaf():
    assert imports_of(PACKAGE / "addresses.py") == set()


def test_every_format_has_its_module_and_label():
    for fmt in FORMATS.values():
        assert callable(fmt.render) and fmt.label and fmt.settings


def test_every_front_matter_field_is_in_the_field_table():
    """Adding a field is one line in the schema and one entry in fields.py: this test fails
    until both are there (the table's order is a new file's order)."""
    from motionlib.fields import FIELDS
    from motionlib.model import SCHEMAS

    for kind, schema in SCHEMAS.items():
        names = [f.name for f in FIELDS[kind]]
        assert sorted(names) == sorted(schema.model_fields), kind
        assert len(set(names)) == len(names)
