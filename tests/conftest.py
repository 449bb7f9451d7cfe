"""Shared fixtures: tiny libraries built in the test itself, as mammoth's tests build documents."""

from __future__ import annotations

import os
import re
import shutil
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

MKDOCS_YML = """\
site_name: Test Library
docs_dir: docs
site_dir: build/site
repo_url: https://github.com/example/test-library
edit_uri: edit/main/
theme:
  name: material
  font: false
plugins:
  - search
  - motions:
      word_limit: 60
      topics: [Housing, Climate, Transport]
"""

GOOD_MOTION = """\
---
title: Good motion
submitter: Test Branch
topic: Housing
status: submitted
---

This branch resolves to do good things.
"""


def write_project(root: Path, files: dict[str, str | bytes]) -> Path:
    """A minimal library at `root` with the given files (paths relative to root)."""
    (root / "docs").mkdir(parents=True, exist_ok=True)
    (root / "motions").mkdir(exist_ok=True)
    (root / "briefings").mkdir(exist_ok=True)
    config = root / "mkdocs.yml"
    if not config.exists():
        config.write_text(MKDOCS_YML)
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content), encoding="utf-8")
    return config


@pytest.fixture
def project(tmp_path):
    """Factory: project({'motions/x.md': '…'}) → path of its mkdocs.yml."""

    def make(files: dict[str, str | bytes]) -> Path:
        return write_project(tmp_path, files)

    return make


@pytest.fixture(scope="session")
def sample_copy(tmp_path_factory) -> Path:
    """A copy of the bundled sample library, so tests never write into the repository."""
    target = tmp_path_factory.mktemp("sample")
    for name in ("motions", "briefings", "docs"):
        shutil.copytree(ROOT / name, target / name)
    text = (
        (ROOT / "mkdocs.yml")
        .read_text()
        .replace("custom_dir: motionlib/theme", f"custom_dir: {ROOT / 'motionlib' / 'theme'}")
    )
    (target / "mkdocs.yml").write_text(text)
    return target


@pytest.fixture(scope="session")
def sample_build(sample_copy):
    """The sample library built once per session: (project root, build summary)."""
    from motionlib.commands.build import build

    summary = build(sample_copy / "mkdocs.yml")
    return sample_copy, summary


@pytest.fixture(scope="session")
def sample_zensical(sample_build):
    """The sample library built once more, by Zensical (after the MkDocs build, whose export
    cache it reuses): (project root, build summary)."""
    from motionlib.commands.build import build

    root = sample_build[0]
    pytest.importorskip("zensical")
    summary = build(root / "mkdocs.yml", root / "build" / "zensical", engine="zensical")
    return root, summary


def block_texts(tree) -> list[str]:
    """The text fragments of a body tree in reading order, whitespace collapsed."""
    fragments = []
    for element in tree.iter():
        for piece in (element.text, element.tail):
            text = " ".join((piece or "").split())
            if text:
                fragments.append(text)
    return fragments


def comparable(text: str) -> str:
    """Text as a PDF reader can give it back: no spaces, and no letters of the scripts whose
    text PDF readers cannot return as written (pdftotext and pypdf reorder right-to-left runs
    around their brackets and split Indic clusters into one character per glyph, WeasyPrint's
    known limit), nor the brackets and bidi marks around them. test_scripts.py checks those
    letters on their own."""
    from motionlib.library.scripts import script_of

    kept = []
    for character in text:
        if character.isspace() or character in "()\u200e\u200f\u202a\u202b\u202c\u202d\u202e":
            continue
        script = script_of(character)
        if script is None or script.slot == "eastAsia":
            kept.append(character)
    return "".join(kept)


def find_in_order(haystack: str, needles: list[str]) -> list[str]:
    """Needles not found in order in the haystack (see `comparable`)."""
    squashed = comparable(haystack)
    missing, position = [], 0
    for needle in needles:
        found = squashed.find(comparable(needle), position)
        if found < 0:
            missing.append(needle)
        else:
            position = found
    return missing


def tool(name: str) -> str:
    """Path to a Debian tool the test needs, or skip with the reason (CI installs them all)."""
    path = shutil.which(name)
    if path is None:
        if os.environ.get("CI"):
            pytest.fail(f"{name} is not installed; .ci/run should install it")
        pytest.skip(f"{name} is not installed (apt-get install the package that provides it)")
    return path


def render_motion(
    root: Path,
    body: str,
    front: str = "title: T\nsubmitter: S\ntopic: Housing\nstatus: submitted\n",
    name: str = "m",
):
    """A motion file written under `root` and rendered, as check would."""
    from motionlib.library.body import parse
    from motionlib.library.load import read_document
    from motionlib.model.schema import Settings

    source = root / "motions" / f"{name}.md"
    source.parent.mkdir(parents=True, exist_ok=True)
    source.write_text(f"---\n{front}---\n\n{body}", encoding="utf-8")
    doc, problems = read_document(root, source, "motion", Settings())
    assert doc is not None, problems
    return parse(doc)


def libreoffice_text(document: Path, folder: Path) -> str | None:
    """The text of a Word file as LibreOffice converts it to PDF, or None without LibreOffice."""
    import subprocess

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        return None
    subprocess.run(
        [soffice, "--headless", "--convert-to", "pdf", "--outdir", str(folder), str(document)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    pdf = folder / (document.stem + ".pdf")
    result = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True)
    return " ".join(result.stdout.split())


def tracked_texts(paragraphs, accept: bool) -> list[str]:
    """Word paragraphs' texts with every tracked change accepted (w:del dropped, w:ins kept) or
    rejected (the reverse), whitespace collapsed, empty paragraphs left out. A clause number
    written out before a tab (a tracked file's numbered lists) is a label, as Word's own
    numbering is: left out (numbers_of reads them)."""
    texts = []
    for paragraph in paragraphs:
        text = _tracked_text(paragraph, accept)
        text = re.sub(r"^\d+\.\t", "", text)
        if text.strip():
            texts.append(" ".join(text.split()))
    return texts


def numbers_of(paragraphs, accept: bool) -> list[str]:
    """The written-out clause numbers of a tracked file's paragraphs, accepted or rejected."""
    found = (re.match(r"^(\d+)\.\t", _tracked_text(p, accept)) for p in paragraphs)
    return [m[1] for m in found if m]


def _tracked_text(paragraph, accept: bool) -> str:
    from docx.oxml.ns import qn

    parts = []
    for element in paragraph.iter(qn("w:t"), qn("w:delText"), qn("w:tab")):
        style = element.getparent().find(f"{qn('w:rPr')}/{qn('w:rStyle')}")
        if style is not None and style.get(qn("w:val")) == "LineLabel":
            continue  # "[11] ": the motion's line, labelled in an amendment's file
        inside = {a.tag for a in element.iterancestors()}
        if (accept and qn("w:del") in inside) or (not accept and qn("w:ins") in inside):
            continue
        parts.append("\t" if element.tag == qn("w:tab") else element.text or "")
    return "".join(parts)
