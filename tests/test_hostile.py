"""Real and hostile libraries: whatever `check` accepts, `build` builds, and no command shows a
traceback. One small fixture per defect, asserting the exact message or the correct output."""

from __future__ import annotations

import os
import time

import pytest
from click.testing import CliRunner

from motionlib.commands.cli import INTERNAL_ERROR, main
from tests.conftest import GOOD_MOTION

MOTION = "---\ntitle: {title}\nsubmitter: {submitter}\ntopic: {topic}\nstatus: submitted\n---\n\n"


def motion(body="This branch resolves to act.", title="T", submitter="S", topic="Housing"):
    return MOTION.format(title=title, submitter=submitter, topic=topic) + body + "\n"


def cli(*args):
    """Run a command as an editor would; a traceback fails the test whatever the exit code."""
    result = CliRunner().invoke(main, [str(a) for a in args])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"{args[0]} raised {result.exception!r}:\n{result.output}")
    assert "Traceback" not in result.output
    assert result.exit_code != INTERNAL_ERROR, result.output
    return result.exit_code, result.output


def check_then_build(config):
    """check, and build whenever check passed: the two must agree."""
    code, output = cli("check", "-f", config)
    if code == 0:
        built, build_output = cli("build", "-f", config)
        assert built == 0, f"check passed but build failed:\n{build_output}"
    return code, output


def test_a_topic_used_only_by_briefings_gets_a_page_listing_them(project):
    briefing = "---\ntitle: Guide\nauthor: A\ntopic: Climate\n---\n\nRead this.\n"
    config = project({"motions/m.md": GOOD_MOTION, "briefings/guide.md": briefing})
    code, output = check_then_build(config)
    assert code == 0, output
    page = (config.parent / "build/site/topics/climate/index.html").read_text()
    assert "Guide" in page and "briefings/guide/" in page


def test_vertical_tab_is_a_line_break(project):
    config = project({"motions/m.md": motion("One line\x0bnext line.", title="Tab\x0bbed")})
    code, output = check_then_build(config)
    assert code == 0, output
    page = (config.parent / "build/site/motions/m/index.html").read_text()
    # the break stays, and (text-defined line numbers) the next text line starts after it
    assert 'One line<br>\n<span class="ln" data-line="2" id="L2"></span>next line.' in page
    assert "Tab bed" in page


@pytest.mark.parametrize("char", ["\x00", "\x0c", "\x1b", "\ufffe"])
def test_other_control_characters_are_errors_with_their_line(project, char):
    config = project({"motions/m.md": motion(f"Fine.\n\nNot{char}fine.")})
    code, output = check_then_build(config)
    assert code == 1
    assert (
        f"motions/m.md:10: body: contains the control character U+{ord(char):04X}, which no "
        "document can hold (it usually comes from pasting); delete it"
    ) in output


def test_control_character_in_front_matter(project):
    text = motion().replace("title: T", 'title: "Bad \\f title"')
    code, output = check_then_build(project({"motions/m.md": text}))
    assert code == 1
    assert "motions/m.md:2: title: contains the control character U+000C" in output


@pytest.mark.parametrize(
    ("body", "depth"),
    [
        ("\n".join(">" * 150 + " deep" for _ in range(1)), 150),
        ("".join(" " * 4 * n + "- item\n" for n in range(100)), 99),
    ],
    ids=["quotes", "lists"],
)
def test_nesting_deeper_than_20_is_an_error(project, body, depth):
    config = project({"motions/m.md": motion(body)})
    code, output = check_then_build(config)
    assert code == 1
    line = 8 + (depth if depth == 99 else 0)
    assert (
        f"motions/m.md:{line}: body: nests quotations and lists {depth} levels deep; "
        "at most 20 are allowed"
    ) in output


def test_nesting_of_20_builds(project):
    body = "".join(" " * 4 * n + "1. item\n" for n in range(20)) + "\n" + ">" * 20 + " q\n"
    code, output = check_then_build(project({"motions/m.md": motion(body)}))
    assert code == 0, output


def test_index_is_a_reserved_file_name(project):
    code, output = check_then_build(project({"motions/index.md": GOOD_MOTION}))
    assert code == 1
    assert (
        "motions/index.md: file name: 'index' is the address of the list of all motions; "
        "choose another name"
    ) in output


@pytest.mark.parametrize("field", ["submitter", "topic"])
def test_a_group_named_index_is_an_error(project, field):
    config = project({"motions/m.md": motion(**{field: "Index"})})
    config.write_text(config.read_text().replace("topics: [Housing, Climate, Transport]", ""))
    code, output = check_then_build(config)
    assert code == 1
    assert "'Index' would take the address of the list of all" in output


def test_non_latin_names_get_pages_of_their_own(project):
    config = project(
        {
            "motions/a.md": motion(submitter="Київська філія"),
            "motions/b.md": motion(submitter="Одеська філія"),
        }
    )
    code, output = check_then_build(config)
    assert code == 0, output
    site = config.parent / "build/site/submitters"
    assert (site / "київська-філія/index.html").is_file()
    assert (site / "одеська-філія/index.html").is_file()


def test_unclosed_brackets_are_refused_quickly(project):
    config = project({"motions/m.md": motion("[" * 30_000)})
    started = time.perf_counter()
    code, output = cli("check", "-f", config)
    assert time.perf_counter() - started < 20
    assert code == 1
    assert (
        "motions/m.md:8: body: has too many '[' in one paragraph (30,000); square brackets are "
        "for links and [[placeholders]]: remove the extra ones or split the paragraph"
    ) in output


def test_a_megabyte_of_brackets_in_small_paragraphs_is_checked_in_seconds(project):
    body = "\n\n".join("[a " * 30 for _ in range(10_000))
    config = project({"motions/m.md": motion(body)})
    started = time.perf_counter()
    cli("check", "-f", config)
    assert time.perf_counter() - started < 60  # generous: shared, noisy machines


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes to read-only folders")
def test_check_with_a_read_only_cache(project):
    config = project({"motions/m.md": GOOD_MOTION})
    cache = config.parent / "build" / "cache"
    cache.mkdir(parents=True)
    cache.chmod(0o500)
    try:
        code, output = cli("check", "-f", config)
    finally:
        cache.chmod(0o700)
    assert code == 0, output
    assert list(cache.iterdir()) == []


def test_check_with_a_cache_that_cannot_be_written(project):
    """A file where the cache folder should be: the same OSError as a full or read-only disk."""
    config = project({"motions/m.md": GOOD_MOTION, "build/cache": "not a folder"})
    code, output = cli("check", "-f", config)
    assert code == 0, output
    code, output = cli("build", "-f", config)
    assert code == 1
    assert "the export cache cannot be written" in output
    assert not list((config.parent / "build").glob(".*tmp"))


def test_a_missing_motions_folder_is_an_error(project):
    config = project({"motions/m.md": GOOD_MOTION})
    config.write_text(config.read_text().replace("word_limit: 60", "motions_dir: motion"))
    code, output = check_then_build(config)
    assert code == 1
    assert (
        "motion/: the motions folder does not exist; create it, or correct motions_dir in "
        "mkdocs.yml (plugins: motions: motions_dir)"
    ) in output


def test_a_dangling_link_is_reported(project):
    config = project({"motions/m.md": GOOD_MOTION})
    (config.parent / "motions" / "gone.md").symlink_to(config.parent / "nowhere.md")
    code, output = check_then_build(config)
    assert code == 1
    assert (
        "motions/gone.md: is a link to a file that does not exist; remove it or add the file itself"
    ) in output


def test_new_never_writes_through_a_link(project, tmp_path):
    config = project({"motions/m.md": GOOD_MOTION})
    outside = tmp_path.parent / f"{tmp_path.name}-outside.md"
    (config.parent / "motions" / "a-title.md").symlink_to(outside)
    code, output = cli("new", "motion", "A title", "-f", config, "--submitter", "S")
    assert code == 1
    assert "already exists" in output
    assert not outside.exists()


def test_a_300_character_title_gets_a_short_file_name(project):
    config = project({"motions/m.md": GOOD_MOTION})
    title = "Word " * 60
    code, output = cli("new", "motion", title, "-f", config, "--submitter", "S")
    assert code == 0, output
    name = output.strip().rsplit("/", 1)[1]
    assert len(name) <= 83 and name.startswith("word-word-")


def test_github_annotations_cannot_inject_workflow_commands(project):
    key = '"x\\n::stop-commands::pwned": 1\n'
    text = motion().replace("status: submitted\n", "status: submitted\n" + key)
    config = project({"motions/m.md": text, "motions/a\n::warning file=x::b.md": GOOD_MOTION})
    code, output = cli("check", "-f", config, "--format", "github")
    assert code == 1
    annotations = [line for line in output.splitlines() if line.startswith("::")]
    assert all(line.startswith(("::error ", "::warning ")) for line in annotations)
    assert not any(line.startswith("::stop-commands") for line in output.splitlines())
    assert "title=x%0A%3A%3Astop-commands%3A%3Apwned::" in output
    assert "file=motions/a%0A%3A%3Awarning file=x%3A%3Ab.md" in output


def test_plain_output_keeps_each_problem_on_one_line(project):
    text = motion().replace("status: submitted\n", 'status: submitted\n"x\\n::error::y": 1\n')
    code, output = cli("check", "-f", project({"motions/m.md": text}))
    assert code == 1
    assert not any(line.startswith("::") for line in output.splitlines())
    assert "motions/m.md:6: x\\n::error::y: is not a motion field" in output


def test_a_site_dir_outside_the_project_is_refused(project, tmp_path):
    config = project({"motions/m.md": GOOD_MOTION})
    precious = tmp_path.parent / f"{tmp_path.name}-precious"
    precious.mkdir()
    (precious / "thesis.txt").write_text("years of work")
    config.write_text(config.read_text().replace("site_dir: build/site", f"site_dir: {precious}"))
    code, output = cli("build", "-f", config)
    assert code == 1
    assert "is outside the project folder, and building replaces the site folder" in output
    assert (precious / "thesis.txt").read_text() == "years of work"


def test_a_folder_the_build_did_not_make_is_never_replaced(project):
    config = project({"motions/m.md": GOOD_MOTION, "build/site/notes.txt": "mine"})
    code, output = cli("build", "-f", config)
    assert code == 1
    assert "this folder was not made by `generate.py build`" in output
    assert (config.parent / "build/site/notes.txt").read_text() == "mine"
    (config.parent / "build/site/notes.txt").unlink()
    assert cli("build", "-f", config)[0] == 0  # an empty folder is fine, and so is our own
    assert cli("build", "-f", config)[0] == 0


def test_docs_dir_outside_the_project_is_refused(project):
    config = project({"motions/m.md": GOOD_MOTION})
    config.write_text(config.read_text().replace("docs_dir: docs", "docs_dir: /etc"))
    code, output = cli("check", "-f", config)
    assert code == 1
    assert "docs_dir: '/etc' is outside the project folder; use a folder inside it" in output


def test_a_second_build_at_once_stops_with_a_message(project):
    import fcntl

    config = project({"motions/m.md": GOOD_MOTION})
    lock = config.parent / "build" / ".site-build.lock"
    lock.parent.mkdir(parents=True, exist_ok=True)
    with open(lock, "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)  # as a running build holds it
        code, output = cli("build", "-f", config)
    assert code == 1
    assert "another build of this site is running; wait for it to finish" in output
    assert not (config.parent / "build" / "site").exists()


def test_a_link_in_docs_to_a_file_outside_is_refused(project):
    config = project({"motions/m.md": GOOD_MOTION})
    (config.parent / "docs" / "environ.md").symlink_to("/proc/self/environ")
    code, output = cli("build", "-f", config)
    assert code == 1
    assert (
        "docs/environ.md: is a link to a file outside the repository; add the file itself instead"
    ) in output
    assert not (config.parent / "build" / "site").exists()


def test_a_link_in_the_theme_overrides_to_a_file_outside_is_refused(project):
    """Theme folders are published too (their static files): a link there would publish
    /etc/passwd as well as one in docs/ would."""
    config = project({"motions/m.md": GOOD_MOTION})
    overrides = config.parent / "overrides"
    (overrides / "assets").mkdir(parents=True)
    (overrides / "assets" / "pw.txt").symlink_to("/etc/passwd")
    config.write_text(config.read_text().replace("theme:\n", "theme:\n  custom_dir: overrides\n"))
    code, output = cli("build", "-f", config)
    assert code == 1
    assert (
        "overrides/assets/pw.txt: is a link to a file outside the repository; add the file "
        "itself instead"
    ) in output
    assert not (config.parent / "build" / "site").exists()


def test_a_docs_page_replacing_a_generated_one_is_an_error(project):
    page = "# Mine\n\n<script>alert(1)</script>\n"
    config = project({"motions/m.md": GOOD_MOTION, "docs/motions/m.md": page})
    code, output = cli("check", "-f", config)
    assert code == 1
    assert (
        "docs/motions/m.md: would replace the generated page or file 'motions/m.md'; move it, or "
        "list it under plugins: motions: overrides in mkdocs.yml if that is intended"
    ) in output
    assert "docs/motions/m.md:3: body: contains a <script> tag; scripts are not allowed" in output


def test_an_announced_override_is_allowed(project):
    config = project({"motions/m.md": GOOD_MOTION, "docs/index.md": "# Our own home page\n"})
    config.write_text(config.read_text().replace("word_limit: 60", "overrides: [index.md]"))
    code, output = check_then_build(config)
    assert code == 0, output
    assert "Our own home page" in (config.parent / "build/site/index.html").read_text()


@pytest.mark.parametrize(
    ("html", "message"),
    [
        ('<a href="jav&#x61;script:alert(1)">x</a>', "a link that is not a web, mail or page link"),
        ("<form action=javascript:alert(1)><button>x</button></form>", "a <form> tag"),
        ('<meta http-equiv="refresh" content="0;url=https://evil.example">', "a <meta> tag"),
        ("<details open ontoggle=alert(1)>x</details>", "an event-handler attribute (ontoggle=)"),
        ("<style>body{display:none}</style>", "a <style> tag"),
    ],
)
def test_docs_pages_may_hold_only_simple_html(project, html, message):
    config = project({"motions/m.md": GOOD_MOTION, "docs/about.md": f"# About\n\n{html}\n"})
    code, output = cli("check", "-f", config)
    assert code == 1
    assert f"docs/about.md:3: body: contains {message}" in output


def test_files_that_run_in_a_browser_are_refused_in_docs(project):
    config = project({"motions/m.md": GOOD_MOTION, "docs/x.svg": "<svg onload=alert(1)/>"})
    code, output = cli("check", "-f", config)
    assert code == 1
    assert "docs/x.svg: '.svg' files can run scripts in a browser" in output


def test_simple_html_in_docs_is_fine(project):
    page = (
        '# About\n\n<details><summary>More</summary><a href="https://example.org">x</a></details>\n'
    )
    config = project({"motions/m.md": GOOD_MOTION, "docs/about.md": page})
    assert cli("check", "-f", config)[0] == 0


def test_export_warnings_name_their_file_and_fail_a_strict_build(project):
    config = project({"motions/m.md": motion("Above.\n\n---\n\nBelow.")})
    code, output = cli("build", "-f", config)
    assert code == 0, output
    assert "motions/m.md: warning: docx: <hr> has no Word equivalent; left out" in output
    code, output = cli("build", "-f", config)  # from the cache: the warning is still reported
    assert "0 rendered" in output
    assert "motions/m.md: warning: docx: <hr> has no Word equivalent; left out" in output
    code, output = cli("build", "-f", config, "--strict")
    assert code == 1
    assert "1 export warning(s) above (--strict)" in output


def test_a_strict_build_stops_on_check_warnings_before_writing(project):
    config = project({"motions/m.md": motion("word " * 70)})  # over the fixture's limit of 60
    code, output = cli("build", "-f", config, "--strict")
    assert code == 1
    assert "nothing was built (--strict)" in output
    assert not (config.parent / "build" / "site").exists()


def test_serve_refuses_a_broken_library_in_words(project):
    config = project({"motions/index.md": GOOD_MOTION})
    code, output = cli("serve", "-f", config)
    assert code == 1
    assert "fix the errors above to preview the site" in output


def test_planted_cache_files_are_never_published_or_used(project):
    import hashlib
    import json

    from motionlib.library import body as render_module

    config = project({"motions/m.md": GOOD_MOTION})
    assert cli("build", "-f", config)[0] == 0
    cache = config.parent / "build" / "cache"
    for cached in (cache / "exports").glob("*.pdf"):
        cached.write_bytes(b"%PDF-1.7 planted")  # as a pull request could commit it
        cached.with_name(cached.name + ".seal").write_text("0" * 64)
    body = (config.parent / "motions" / "m.md").read_text().split("---\n", 2)[2]
    key = hashlib.sha256(render_module._CODE_KEY + body.encode()).hexdigest()
    planted = {key: [["div", {}, "PLANTED", None, []], "<p>PLANTED</p>", 1, []]}
    (cache / "render.json").write_text(json.dumps(planted))
    (cache / "render.json.seal").unlink()
    assert cli("build", "-f", config)[0] == 0
    site = config.parent / "build" / "site"
    assert b"planted" not in (site / "downloads/motions/m.pdf").read_bytes()
    assert "PLANTED" not in (site / "motions/m/index.html").read_text()


def test_a_template_builds_without_exports(project):
    """exports: false (a quick site): no Word file, so no "Adapt this motion" form to fill it."""
    template = GOOD_MOTION.replace("status: submitted", "status: template")
    config = project({"motions/t.md": template})
    config.write_text(config.read_text().replace("word_limit: 60", "exports: false"))
    code, output = check_then_build(config)
    assert code == 0, output
    page = (config.parent / "build/site/motions/t/index.html").read_text()
    assert "ml-adapt" not in page


def test_a_site_folder_that_is_a_link_is_refused(project, tmp_path):
    config = project({"motions/m.md": GOOD_MOTION})
    precious = tmp_path.parent / f"{tmp_path.name}-linked"
    precious.mkdir()
    (precious / "thesis.txt").write_text("years of work")
    (config.parent / "build").mkdir(exist_ok=True)
    (config.parent / "build" / "site").symlink_to(precious)
    code, output = cli("build", "-f", config)
    assert code == 1
    assert "the site folder is a link, and building replaces the site folder" in output
    assert (precious / "thesis.txt").read_text() == "years of work"
