"""`generate.py build`: cached, atomic, reproducible; `new` scaffolds files that pass check."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from motionlib.commands.build import build
from motionlib.commands.cli import main
from motionlib.model.problems import LibraryInvalid
from tests.conftest import GOOD_MOTION, ROOT

MOTION = """\
---
title: Motion number {n}
submitter: Branch {n}
topic: Housing
status: submitted
date: 2026-01-{day:02d}
supporters: [Ana Núñez, Bo Li]
---

## This branch notes

1. That item {n} matters.
2. That lists are numbered.

This branch resolves to act on [item {n}](https://example.org/{n}).
"""


def make_library(root: Path, count: int) -> Path:
    from tests.conftest import write_project

    files = {f"motions/motion-{n}.md": MOTION.format(n=n, day=1 + n % 28) for n in range(count)}
    return write_project(root, files)


def tree_hashes(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_cache_renders_only_what_changed(tmp_path):
    config = make_library(tmp_path, 3)
    first = build(config)
    assert (first.rendered, first.cached) == (6, 0)
    second = build(config)
    assert (second.rendered, second.cached) == (0, 6)
    edited = tmp_path / "motions" / "motion-1.md"
    edited.write_text(edited.read_text().replace("matters", "matters a lot"))
    third = build(config)
    assert (third.rendered, third.cached) == (2, 4)


def test_each_format_renders_again_only_for_what_shapes_it(tmp_path, monkeypatch):
    """The fingerprint is per format, from its own code and templates found recursively: the
    site's code and templates render no download again; the PDF's render PDFs (and books)
    only; Word's, Word files only; the shared stages, both."""
    from motionlib.exports import formats

    config = make_library(tmp_path, 2)
    package = tmp_path / "package"
    shutil.copytree(ROOT / "motionlib", package, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(formats, "PACKAGE", package)

    def edit(rel: str, text: str) -> None:
        path = package / rel
        path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")
        formats._fingerprint.cache_clear()

    formats._fingerprint.cache_clear()
    try:
        assert build(config).rendered == 4
        assert build(config).rendered == 0
        for rel in ("commands/cli.py", "engines/plugin.py", "pages/tree.py", "pipeline.py"):
            edit(rel, "\n# edited\n")
        edit("templates/site/motion.html", "\n")
        assert build(config).rendered == 0  # the site's code and templates shape no download
        edit("assets/print.css", "\nh1 { color: black; }\n")
        summary = build(config)
        assert summary.rendered == 2 and summary.bundles[0] >= 1  # both PDFs, and the book
        edit("exports/pdf/single.py", "\n# edited\n")
        assert build(config).rendered == 2  # the PDF's code: PDFs only
        reference = package / "templates" / "reference.docx"
        reference.write_bytes(reference.read_bytes() + b"\0")
        formats._fingerprint.cache_clear()
        assert build(config).rendered == 2  # Word's template: Word files only
        (package / "library" / "new_module.py").write_text("# a module nobody listed\n")
        formats._fingerprint.cache_clear()
        assert build(config).rendered == 4  # a new module of a shared stage counts for both
    finally:
        formats._fingerprint.cache_clear()


SITE_ONLY = ("theme", "commands", "engines", "pages", "pipeline.py", "__init__.py")


def test_every_package_file_shapes_an_export_or_only_the_site():
    """A file that shapes an export must be in its fingerprint: every file of the package is in
    one, except the site's own (theme, site templates and assets, the stages above exports)."""
    from motionlib.exports.formats import FORMATS, PACKAGE, files_of

    every = {p for p in PACKAGE.rglob("*") if p.is_file() and "__pycache__" not in p.parts}
    covered = {p for f in FORMATS.values() for p in files_of(f.inputs)}

    def site_only(path: Path) -> bool:
        rel = path.relative_to(PACKAGE)
        if rel.parts[0] in SITE_ONLY or rel.parts[:2] in (
            ("templates", "site"),
            ("templates", "new"),
            ("templates", "library"),  # what `init` writes into a new library
        ):
            return True
        return rel.parts[0] == "assets" and rel.name != "print.css"

    assert every - covered == {p for p in every if site_only(p)}
    pdf, docx = set(files_of(FORMATS["pdf"].inputs)), set(files_of(FORMATS["docx"].inputs))
    assert PACKAGE / "templates" / "print.html" in pdf - docx
    assert PACKAGE / "exports" / "word" / "writer.py" in docx - pdf
    assert PACKAGE / "exports" / "pdf" / "single.py" in pdf - docx
    assert PACKAGE / "library" / "body.py" in pdf & docx


def test_failed_check_writes_nothing_and_keeps_the_site(tmp_path):
    config = make_library(tmp_path, 1)
    summary = build(config)
    before = tree_hashes(summary.site_dir)
    (tmp_path / "motions" / "broken.md").write_text("---\ntitle: [unclosed\n---\n\nBody\n")
    with pytest.raises(LibraryInvalid) as error:
        build(config)
    assert "motions/broken.md:2: YAML syntax error: " in str(error.value)  # wording: test_check
    assert tree_hashes(summary.site_dir) == before


def test_killed_build_leaves_the_last_good_site(tmp_path):
    config = make_library(tmp_path, 40)
    site = build(config).site_dir
    before = tree_hashes(site)
    shutil.rmtree(tmp_path / "build" / "cache")  # so the next build has real work to do
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "generate.py"), "build", "-f", str(config)],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:  # wait until it is exporting, then kill it mid-way
        if list((tmp_path / "build" / "cache").glob("exports/*")):
            break
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    assert tree_hashes(site) == before
    assert build(config).site_dir == site  # the next build recovers and tidies up
    assert not list(site.parent.glob(".site.*"))


def test_two_clean_builds_are_byte_identical(tmp_path):
    config = make_library(tmp_path / "one", 3)
    shutil.copytree(tmp_path / "one", tmp_path / "two")
    first = build(config).site_dir
    second = build(tmp_path / "two" / "mkdocs.yml").site_dir
    assert tree_hashes(first) == tree_hashes(second)


def test_mkdocs_build_works_directly(tmp_path):
    config = make_library(tmp_path, 1)
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config)],
        cwd=tmp_path,
        check=True,
        capture_output=True,
    )
    assert (tmp_path / "build" / "site" / "motions" / "motion-0" / "index.html").is_file()
    assert (tmp_path / "build" / "site" / "downloads" / "motions" / "motion-0.docx").is_file()


def test_mkdocs_build_refuses_an_invalid_library(tmp_path):
    config = make_library(tmp_path, 1)
    (tmp_path / "motions" / "bad.md").write_text(
        GOOD_MOTION.replace("status: submitted", "status: x")
    )
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "motions/bad.md:5: status: 'x' is not a status" in result.stderr
    assert "Traceback" not in result.stderr


def test_cli_build_reports_errors_without_traceback(tmp_path):
    config = make_library(tmp_path, 1)
    (tmp_path / "motions" / "bad.md").write_text("no front matter\n")
    result = CliRunner().invoke(main, ["build", "-f", str(config)])
    assert result.exit_code == 1
    assert "motions/bad.md:1: has no front matter" in result.output
    assert "1 error(s) in the library; nothing was built." in result.output
    assert not (tmp_path / "build" / "site").exists()


def test_new_motion_passes_check_once_filled(tmp_path):
    config = make_library(tmp_path, 0)
    runner = CliRunner()
    result = runner.invoke(
        main,
        [
            "new",
            "motion",
            "Save Our Libraries!",
            "-f",
            str(config),
            "--submitter",
            "Eastwick Branch",
        ],
    )
    assert result.exit_code == 0, result.output
    path = Path(result.output.strip())
    assert path == tmp_path / "motions" / "save-our-libraries.md"
    check = runner.invoke(main, ["check", "-f", str(config)])
    assert "motions/save-our-libraries.md:4: topic: is empty; give it a value" in check.output
    path.write_text(path.read_text().replace("topic:  #", "topic: Housing  #"))
    check = runner.invoke(main, ["check", "-f", str(config)])
    assert check.exit_code == 0, check.output
    again = runner.invoke(main, ["new", "motion", "Save our libraries", "-f", str(config)])
    assert again.exit_code == 1 and "already exists" in again.output


def test_new_briefing(tmp_path):
    config = make_library(tmp_path, 0)
    args = ["new", "briefing", "Running a stall", "-f", str(config), "--author", "Zoë"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert CliRunner().invoke(main, ["check", "-f", str(config)]).exit_code == 0


def test_render_cache_parses_only_changed_bodies(tmp_path):
    from motionlib.library.body import ParseCache
    from motionlib.library.load import read_document
    from motionlib.model.schema import Settings

    make_library(tmp_path, 2)
    docs = [
        read_document(tmp_path, tmp_path / "motions" / f"motion-{n}.md", "motion", Settings())[0]
        for n in range(2)
    ]
    cache_file = tmp_path / "render.json"
    first = ParseCache(cache_file)
    fresh = [first.parse(doc) for doc in docs]
    first.save()
    assert first.parsed == 2
    second = ParseCache(cache_file)
    cached = [second.parse(doc) for doc in docs]
    assert second.parsed == 0 and second.marked == 0
    assert [c.html for c in cached] == [f.html for f in fresh]
    assert [c.numbered_html for c in cached] == [f.numbered_html for f in fresh]
    assert 'data-line="1"' in cached[0].numbered_html
    narrower = ParseCache(cache_file, line_width=60)  # a new line_width marks the lines again
    assert narrower.parse(docs[0]).numbered_width == 60 and narrower.marked == 1
    edited = tmp_path / "motions" / "motion-1.md"
    edited.write_text(edited.read_text().replace("matters", "matters more"))
    changed = read_document(tmp_path, edited, "motion", Settings())[0]
    third = ParseCache(cache_file)
    assert "matters more" in third.parse(changed).html
    assert third.parsed == 1
    cache_file.write_bytes(b"not json")
    assert ParseCache(cache_file).parse(docs[0]).html == fresh[0].html  # damaged: parse again


def test_a_link_out_of_the_repository_is_refused(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    secret = outside / "secret.md"
    secret.write_text(GOOD_MOTION.replace("do good things", "TOP SECRET"))
    project_root = tmp_path / "project"
    config = make_library(project_root, 1)
    (project_root / "motions" / "leak.md").symlink_to(secret)
    result = CliRunner().invoke(main, ["check", "-f", str(config)])
    assert result.exit_code == 1
    assert (
        "motions/leak.md: is a link to a file outside the repository; add the file itself instead"
        in result.output.splitlines()
    )
    with pytest.raises(LibraryInvalid):
        build(config)


@pytest.mark.parametrize("option", ["cache_dir: ../elsewhere", "print_css: /etc/hostname"])
def test_config_paths_may_not_leave_the_project(tmp_path, option):
    config = make_library(tmp_path, 1)
    config.write_text(config.read_text() + f"      {option}\n")
    name, value = option.split(": ")
    result = CliRunner().invoke(main, ["check", "-f", str(config)])
    assert result.exit_code == 1
    assert f"plugins: motions: {name}: '{value}' is outside the project folder" in result.output
    mkdocs = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config)],
        capture_output=True,
        text=True,
    )
    assert mkdocs.returncode != 0 and "is outside the project folder" in mkdocs.stderr
    assert not (tmp_path.parent / "elsewhere").exists()


def test_the_site_folder_may_not_hold_the_project(tmp_path):
    config = make_library(tmp_path, 1)
    result = CliRunner().invoke(main, ["build", "-f", str(config), "--site-dir", str(tmp_path)])
    assert result.exit_code == 1
    assert "the site folder would contain the project itself" in result.output
    assert (tmp_path / "motions" / "motion-0.md").is_file()  # nothing was touched


def _descendants(pid: int) -> set[int]:
    parents = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        parents[int(stat.parent.name)] = int(fields[1])
    family, grown = {pid}, True
    while grown:
        more = {child for child, parent in parents.items() if parent in family} - family
        family |= more
        grown = bool(more)
    return family - {pid}


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads the process table from /proc")
def test_pool_workers_exit_when_the_build_is_killed(tmp_path):
    config = make_library(tmp_path, 40)  # 80 exports: over the pool's threshold
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "generate.py"), "build", "-f", str(config)],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    workers: set[int] = set()
    while time.monotonic() < deadline and len(workers) < 3:  # forkserver + 2 workers
        workers = _descendants(process.pid)
        time.sleep(0.05)
    assert len(workers) >= 2, "the build never started its pool"
    process.kill()  # the build alone, as an OOM killer or a CI timeout would
    process.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(_alive(pid) for pid in workers):
        time.sleep(0.1)
    assert not [pid for pid in workers if _alive(pid)]


def test_a_live_preview_rebuilds_only_what_an_edit_changed(tmp_path, monkeypatch):
    """`serve` builds dirty: after an edit, the edited motion's page (and the lists showing it)
    are rebuilt, other motions' pages are kept, and the search index still holds every page."""
    import json

    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    config_file = make_library(tmp_path, 4)
    site = tmp_path / "preview"

    def rebuild(first: bool = False) -> None:
        config = load_config(str(config_file), site_dir=str(site))  # as serve does each time
        if first:
            config.plugins.on_startup(command="serve", dirty=True)
        mkdocs_build(config, dirty=True)
        config.plugins["motions"].wait_for_index()  # made behind the preview

    rebuild(first=True)
    pages = {p: p.stat().st_mtime_ns for p in site.glob("motions/motion-*/index.html")}
    time.sleep(0.05)
    edited = tmp_path / "motions" / "motion-1.md"
    edited.write_text(edited.read_text() + "\nA new sentence.\n", encoding="utf-8")
    rebuild()
    changed = {p for p, before in pages.items() if p.stat().st_mtime_ns != before}
    assert changed == {site / "motions" / "motion-1" / "index.html"}
    assert "A new sentence." in (site / "motions/motion-1/index.html").read_text()
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text())
    assert entry["languages"]["en"]["page_count"] == 4
