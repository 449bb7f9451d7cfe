"""The tool as a package (issue 25): the wheel carries everything it needs — templates, the
reference document, print CSS, fonts, theme, the new library's files — and a library made by
`motionlib init` checks and builds with the installed package alone, no repository around it."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(out), str(ROOT)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    return next(out.glob("motionlib-*.whl"))


def test_the_wheel_holds_every_file_the_tool_reads(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in (
        "motionlib/templates/reference.docx",
        "motionlib/templates/print.html",
        "motionlib/assets/print.css",
        "motionlib/assets/fonts/SourceSansPro-Regular.woff2",
        "motionlib/fonts/NotoEmoji-Regular.ttf",
        "motionlib/theme/main.html",
        "motionlib/templates/library/mkdocs.yml",
        "motionlib/templates/library/github/workflows/publish.yml",
        "motionlib/templates/library/gitignore",
    ):
        assert needed in names, needed
    assert not [n for n in names if n.startswith(("tests/", "motions/", "briefings/"))]


def test_init_then_check_and_build_with_the_installed_wheel(wheel, tmp_path):
    target = tmp_path / "installed"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target),
         str(wheel)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    env = {**os.environ, "PYTHONPATH": str(target)}
    where = subprocess.run(
        [sys.executable, "-c", "import motionlib; print(motionlib.__file__)"],
        cwd=tmp_path, env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert where.stdout.startswith(str(target))  # the wheel's copy, not this repository's
    command = [sys.executable, str(target / "bin" / "motionlib")]
    library = tmp_path / "our-library"
    made = subprocess.run(
        [*command, "init", str(library), "--name", "Eastfield Housing Group"],
        cwd=tmp_path, env=env, capture_output=True, text=True,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    requirements = (library / "requirements.txt").read_text()
    from motionlib import __version__

    assert requirements == f"motionlib=={__version__}\n"
    assert "site_name: Eastfield Housing Group" in (library / "mkdocs.yml").read_text()
    assert (library / ".github" / "workflows" / "pull-request.yml").is_file()
    for step in (["check"], ["build"]):
        run = subprocess.run(
            [*command, *step], cwd=library, env=env, capture_output=True, text=True
        )
        assert run.returncode == 0, (step, run.stdout, run.stderr)
    site = library / "build" / "site"
    assert (site / "motions" / "example-template-motion" / "index.html").is_file()
    assert (site / "downloads" / "motions" / "example-template-motion.pdf").is_file()
    again = subprocess.run(
        [*command, "init", str(library), "--name", "X"], cwd=tmp_path, env=env,
        capture_output=True, text=True,
    )  # fmt: skip
    assert again.returncode == 1 and "already holds files" in again.stderr
