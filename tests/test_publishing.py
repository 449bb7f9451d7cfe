"""Publishing in seconds (issue 25): a cache sealed with the workflow's key is trusted by the
next build with that key and by no other; shards render the exports in parallel; the
pull-request preview lists the changed motions with their files and word diffs."""

from __future__ import annotations

import hashlib
import shutil
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from motionlib.commands.build import build, build_shard
from motionlib.commands.cli import main
from motionlib.commands.offline_copy import zip_folder
from motionlib.library import cachetrust
from tests.test_after_vote import git

KEY = "k" * 40
OTHER = "o" * 40
MOTION = "---\ntitle: {title}\nsubmitter: S\ntopic: Housing\nstatus: submitted\n---\n\n{text}\n"


def library(project, count: int) -> Path:
    return project(
        {
            f"motions/m{n:02}.md": MOTION.format(title=f"Motion {n}", text=f"Text {n}, for all.")
            for n in range(count)
        }
    )


def exports(root: Path) -> dict[str, str]:
    """Each export in the cache (seals left out), by name, as a digest of its bytes."""
    folder = root / "build/cache/exports"
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in folder.iterdir()
        if p.suffix not in (".seal", ".json")
    }


def test_a_cache_sealed_with_the_key_is_trusted_only_with_that_key(project, monkeypatch):
    config = library(project, 3)
    monkeypatch.setenv("MOTIONLIB_CACHE_KEY", KEY)
    first = build(config)
    assert first.rendered == 6
    assert build(config).rendered == 0  # the same key: every file from the cache
    (config.parent / "motions/m01.md").write_text(MOTION.format(title="Motion 1", text="New."))
    again = build(config)
    assert again.rendered == 2  # the edited motion's PDF and Word file, nothing else
    monkeypatch.delenv("MOTIONLIB_CACHE_KEY")
    assert build(config).rendered == 6  # this machine's own key: the workflow's cache is not
    monkeypatch.setenv("MOTIONLIB_CACHE_KEY", OTHER)
    assert build(config).rendered == 6  # another key: nothing sealed under others is trusted


def test_a_planted_file_is_not_trusted_under_the_key(project, monkeypatch):
    config = library(project, 1)
    monkeypatch.setenv("MOTIONLIB_CACHE_KEY", KEY)
    single = (build(config).site_dir / "downloads/motions/m00.pdf").read_bytes()
    folder = config.parent / "build/cache/exports"
    pdf = next(p for p in folder.glob("*.pdf") if p.read_bytes() == single)
    pdf.write_bytes(b"%PDF-1.7 planted")  # its seal no longer matches
    summary = build(config)
    assert summary.rendered == 1
    published = summary.site_dir / "downloads/motions/m00.pdf"
    assert published.read_bytes() != b"%PDF-1.7 planted"


def test_a_pull_request_never_uses_the_key(project, monkeypatch):
    """MOTIONLIB_UNTRUSTED (the pull-request workflow's) refuses the key even if given."""
    monkeypatch.setenv("MOTIONLIB_CACHE_KEY", KEY)
    sealed = cachetrust.seal(b"data")
    monkeypatch.setenv("MOTIONLIB_UNTRUSTED", "1")
    assert cachetrust.seal(b"data") != sealed


def test_a_short_key_is_refused_with_a_message(project, monkeypatch):
    config = library(project, 1)
    monkeypatch.setenv("MOTIONLIB_CACHE_KEY", "short")
    result = CliRunner().invoke(main, ["build", "-f", str(config)])
    assert result.exit_code == 1
    assert "MOTIONLIB_CACHE_KEY is 5 characters; a cache key needs 32 or more" in result.output
    assert "Traceback" not in result.output


def test_shards_render_what_one_build_renders_and_the_last_build_renders_nothing(
    project, tmp_path, monkeypatch
):
    config = library(project, 40)
    root = config.parent
    runs = tmp_path / "runs"  # every runner's checkout, beside the library
    warm = checkout(root, runs / "warm")  # a pool started before the key is set: its fork
    assert build(warm / "mkdocs.yml").rendered == 80  # server has none
    monkeypatch.setenv("MOTIONLIB_CACHE_KEY", KEY)
    whole = checkout(root, runs / "whole")
    build(whole / "mkdocs.yml")
    expected = exports(whole)
    first = shard_round(root, runs / "first", [])  # three runners, each with no cache
    assert all(26 <= len(made) <= 28 for made in first)  # a third of the 80 singles each
    assert union(first).items() <= expected.items()  # byte for byte
    assert len(union(first)) == 80  # the singles: no book or ZIP is at hand in this round
    runners = sorted((runs / "first").iterdir())
    second = shard_round(root, runs / "second", runners)  # given the first round's caches
    assert sorted(len(made) for made in second) == [1, 1, 2]  # 2 books, 2 ZIPs, no single
    assert union(first) | union(second) == expected  # byte for byte
    give(root, [*runners, *sorted((runs / "second").iterdir())])  # the last job's
    final = build(config)
    assert (final.rendered, final.bundles[0]) == (0, 0)  # nothing rendered, assembled or packed
    assert exports(root) == expected


def shard_round(root: Path, folder: Path, given: list[Path]) -> list[dict[str, str]]:
    """`build --shard K/3` on three checkouts of `root`, each given the caches of the runners
    `given`: what each made, by name and digest."""
    made = []
    for k in (1, 2, 3):
        runner = checkout(root, folder / f"shard{k}")
        give(runner, given)
        before = exports(runner)
        line = build_shard(runner / "mkdocs.yml", (k, 3))
        assert line.startswith(f"Shard {k}/3: ") and "(no site built)" in line
        assert not (runner / "build/site").exists()
        made.append({n: d for n, d in exports(runner).items() if n not in before})
    names = [name for files in made for name in files]
    assert len(names) == len(set(names))  # each file made by one runner only
    return made


def checkout(root: Path, target: Path) -> Path:
    """A copy of the library at `root`, as a runner checks it out: no cache, no runs."""
    shutil.copytree(
        root, target, ignore=lambda d, names: ["runs", "build"] if d == str(root) else []
    )
    return target


def give(runner: Path, sources: list[Path]) -> None:
    """Copy the caches of the runners `sources` into `runner`'s, as a workflow's next job is
    given them (download-artifact with merge-multiple)."""
    target = runner / "build/cache/exports"
    target.mkdir(parents=True, exist_ok=True)
    for source in sources:
        for path in (source / "build/cache/exports").iterdir():
            shutil.copyfile(path, target / path.name)


def union(made: list[dict[str, str]]) -> dict[str, str]:
    return {name: digest for files in made for name, digest in files.items()}


def test_a_bad_shard_is_a_message(project):
    config = library(project, 1)
    result = CliRunner().invoke(main, ["build", "-f", str(config), "--shard", "4/3"])
    assert result.exit_code == 1
    assert "--shard 4/3: give K/N" in result.output


def test_the_preview_lists_changed_motions_with_files_and_word_diffs(project, tmp_path):
    config = library(project, 2)
    root = config.parent
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Base")
    (root / "motions/m01.md").write_text(
        MOTION.format(title="Motion <img src=x onerror=alert(1)>", text="Text 1, for everyone.")
    )
    (root / "motions/new.md").write_text(MOTION.format(title="New one", text="Fresh words."))
    git(root, "checkout", "-q", "-b", "change")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Change")
    build(config)
    summary = tmp_path / "summary.md"
    out = tmp_path / "preview"
    args = ["preview", "-f", str(config), "--base", "main", "--out", str(out), "--summary"]
    result = CliRunner().invoke(main, [*args, str(summary)])
    assert result.exit_code == 0, result.output
    text = summary.read_text()
    assert "## What this pull request would publish (2 changed)" in text
    assert "<img" not in text and "&lt;img src=x onerror=alert(1)&gt;" in text
    assert "<del>all.</del> <ins>everyone.</ins>" in text
    assert "- `motions/new.md` (new)" in text
    assert sorted(p.name for p in out.iterdir()) == ["m01.docx", "m01.pdf", "new.docx", "new.pdf"]


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_the_preview_without_history_says_so(project, tmp_path):
    config = library(project, 1)
    build(config)  # a plain folder: no repository to compare with
    args = ["preview", "-f", str(config), "--base", "main", "--out", str(tmp_path / "p")]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0
    assert "Could not compare with `main`" in result.output


def test_a_ci_log_says_the_files_are_rendered(project):
    """Outside a terminal the progress is a line every tenth, and says what happens: the
    files are rendered ("Parsed 4/4 …" came from a rename of parsing, issue 22)."""
    config = library(project, 1)
    result = CliRunner().invoke(main, ["build", "-f", str(config)])
    assert result.exit_code == 0, result.output
    assert "Rendered 4/4 PDF, Word and book files" in result.output  # its PDF, Word, 2 books
    assert "Parsed" not in result.output


def test_offline_zip_and_offline_are_one_or_the_other(project):
    config = library(project, 1)
    result = CliRunner().invoke(main, ["build", "-f", str(config), "--offline", "--offline-zip"])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "--offline and --offline-zip: give one of them" in result.output
    assert not (config.parent / "build").exists()  # nothing built


def test_the_offline_zip_follows_no_link_and_writes_through_none(tmp_path):
    """A link inside the copy is left out; a link planted where the ZIP goes is replaced."""
    folder = tmp_path / "offline"
    (folder / "sub").mkdir(parents=True)
    (folder / "index.html").write_text("<p>home</p>")
    (folder / "sub" / "page.html").write_text("<p>page</p>")
    secret = tmp_path / "secret.txt"
    secret.write_text("not for the site")
    (folder / "leak.txt").symlink_to(secret)
    (folder / "linked").symlink_to(tmp_path, target_is_directory=True)
    target = tmp_path / "offline-copy.zip"
    elsewhere = tmp_path / "elsewhere.zip"
    elsewhere.write_bytes(b"kept")
    target.symlink_to(elsewhere)
    zip_folder(folder, target, "lib")
    assert not target.is_symlink() and elsewhere.read_bytes() == b"kept"
    with zipfile.ZipFile(target) as archive:
        assert archive.namelist() == ["lib/index.html", "lib/sub/page.html"]
    first = target.read_bytes()
    zip_folder(folder, target, "lib")
    assert target.read_bytes() == first  # the same copy, the same bytes
