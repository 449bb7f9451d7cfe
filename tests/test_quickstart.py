"""The README's quick start is what CI runs, on Debian's own Python, in a virtual environment."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT


def quickstart() -> list[str]:
    result = subprocess.run(
        ["bash", str(ROOT / "scripts" / "quickstart-commands.sh"), str(ROOT / "README.md")],
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.splitlines()


def test_two_commands_build_then_test_in_a_virtual_environment():
    first, second = quickstart()
    assert first.startswith('python3 -m venv .venv && .venv/bin/pip install -e ".[test]"')
    assert first.endswith(".venv/bin/python generate.py build")
    assert second == ".venv/bin/python -m pytest"


def test_ci_runs_the_readme_commands_with_the_system_python():
    script = (ROOT / ".ci" / "run").read_text()
    assert "scripts/quickstart-commands.sh README.md" in script
    assert 'bash -c "$command"' in script
    assert "export PATH=/usr/sbin:/usr/bin:/sbin:/bin" in script
    assert "pip install" not in script.replace("python3-venv", "")  # nothing but the README's


def test_the_virtual_environment_is_not_committed():
    assert ".venv/" in (ROOT / ".gitignore").read_text().splitlines()


@pytest.mark.skipif(not os.environ.get("CI"), reason="CI runs the suite from the README's .venv")
def test_ci_runs_this_suite_from_the_readme_venv_on_debian_python():
    """Proves, in CI, that the suite was started by the README's second command."""
    assert Path(sys.prefix) == ROOT / ".venv"
    assert sys.base_prefix == "/usr", f"the venv was made by {sys.base_prefix}, not Debian's Python"


def test_licence_files():
    licence = (ROOT / "LICENSE").read_text()
    assert licence.startswith("MIT License")


def test_the_readme_tables_render_as_tables():
    """Every table of the README stays one table through Python-Markdown's tables extension:
    a blank line inside one (before the zensical row) left raw pipes in the text."""
    import markdown

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    rendered = markdown.markdown(text, extensions=["tables"])
    stray = re.findall(r"<p>\|[^\n]*", rendered)  # a row that fell out of its table
    assert stray == []
