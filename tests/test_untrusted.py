"""Untrusted pull requests, round three (issue 21): each way in that a red team found, as a
small fixture built in the test, with the exact message or the property of the output that
shuts it."""

from __future__ import annotations

import os
import time

import pytest

from motionlib.exports.word.reader import import_docx
from motionlib.library.check import check_project
from motionlib.model.problems import MotionLibError
from tests.conftest import GOOD_MOTION, tool, write_project
from tests.test_hostile import check_then_build, cli, motion
from tests.test_import_hostile import W, bomb


def test_pasted_line_breaks_are_checked_in_linear_time(tmp_path_factory):
    """150,000 Word line breaks in one paragraph (300 KB): marking lines was quadratic (534 s),
    and so was one inline pattern per break. Doubling the input at most ~2.5× the time."""

    def seconds(count: int) -> float:
        root = tmp_path_factory.mktemp(f"breaks{count}")
        config = write_project(root, {"motions/m.md": motion("Word\x0b" * count + "end.")})
        started = time.perf_counter()
        report = check_project(config)
        assert not report.errors, report.problems
        return time.perf_counter() - started

    seconds(1000)  # warm: imports and the parser's first run
    half = min(seconds(75_000) for _ in range(2))  # the best of two: the machine's noise
    full = min(seconds(150_000) for _ in range(2))
    assert full / half < 2.5, (half, full)


def test_paragraphs_are_counted_by_namespace_not_prefix(tmp_path):
    """Another prefix bound to Word's namespace (`q:p`) still counts as a paragraph."""
    namespace = W.replace("xmlns:w=", "xmlns:q=").encode()
    xml = b'<?xml version="1.0"?><q:document ' + namespace + b"><q:body>"
    path = bomb(tmp_path, xml + b"<q:p/>" * 60_000 + b"</q:body></q:document>")
    with pytest.raises(MotionLibError, match="the document has 60,000 paragraphs"):
        import_docx(path)


# --- Sanitized output: pages hold no script, refresh or foreign stylesheet ------------------

ACTIVE = ("<script>alert", 'http-equiv="refresh"', "<style", "onerror=", "evil.example")


def built_page(config, path: str) -> str:
    code, output = check_then_build(config)
    assert code == 0, output
    return (config.parent / "build/site" / path).read_text(encoding="utf-8")


def assert_inert(page: str) -> None:
    body = page.split("<body", 1)[1]
    for needle in ACTIVE:
        assert needle not in body, needle


@pytest.mark.parametrize("suffix", [".markdown", ".mkd", ".mdown", ".mkdn"])
def test_pages_in_other_markdown_extensions_are_checked_like_md(project, suffix):
    page = "# Guide\n\n<script>alert(1)</script>\n"
    config = project({"motions/m.md": GOOD_MOTION, f"docs/guide{suffix}": page})
    code, output = cli("check", "-f", config)
    assert code == 1
    assert f"docs/guide{suffix}:3: body: contains a <script> tag; scripts are not allowed" in output


def test_a_markdown_page_of_another_extension_is_published_sanitized(project):
    config = project(
        {"motions/m.md": GOOD_MOTION, "docs/guide.markdown": "# Guide\n\nRead *this*.\n"}
    )
    page = built_page(config, "guide/index.html")
    assert "Read <em>this</em>." in page


def test_escaped_backticks_cannot_smuggle_a_script(project):
    config = project(
        {
            "motions/m.md": GOOD_MOTION,
            "docs/about.md": "# About\n\n\\`<script>alert(1)</script>\\`\n",
        }
    )
    code, output = cli("check", "-f", config)
    assert code == 1
    assert "docs/about.md" in output and "script" in output


def test_yaml_escapes_in_a_docs_title_are_printed_as_text(project):
    page = '---\ntitle: "About\\x3cscript\\x3ealert(1)\\x3c/script\\x3e"\n---\n\nText.\n'
    config = project({"motions/m.md": GOOD_MOTION, "docs/about.md": page})
    html_page = built_page(config, "about/index.html")
    assert "<script>alert(1)" not in html_page
    assert "About&lt;script&gt;alert(1)" in html_page


@pytest.mark.parametrize("name", ["evil.shtml", "evil.xht", "evil.exe", "README"])
def test_only_listed_file_types_are_published_from_docs(project, name):
    config = project({"motions/m.md": GOOD_MOTION, f"docs/{name}": "<script>alert(1)</script>"})
    code, output = cli("check", "-f", config)
    assert code == 1
    assert f"docs/{name}: " in output and "not published from docs/" in output


@pytest.mark.parametrize(
    "html",
    [
        '<meta name="<" http-equiv="refresh" content="0;url=https://evil.example/">',
        '<style title="<">body{background:url(https://evil.example/x)}</style>',
    ],
)
def test_a_less_than_sign_in_an_attribute_does_not_hide_a_tag(project, html):
    config = project({"motions/m.md": GOOD_MOTION, "docs/about.md": f"# About\n\n{html}\n"})
    code, output = cli("check", "-f", config)
    assert code == 1
    assert "docs/about.md" in output


def test_the_sanitizer_removes_what_a_source_check_missed():
    from motionlib.library.sanitize import clean

    smuggled = '<meta name="<" http-equiv="refresh" content="0;url=x"><p onclick="x()">Hi</p>'
    assert clean(smuggled + "<script>alert(1)</script><style>p{}</style>") == "<p>Hi</p>"
    assert clean('<h2 id="__config">x</h2>') == "<h2>x</h2>"  # no clobbering the theme's ids


@pytest.mark.parametrize(
    "name", ["search/index.md", "pagefind/pagefind.js", "assets/stylesheets/main.css"]
)
def test_generated_folders_and_theme_files_cannot_be_replaced(project, name):
    from motionlib.library.settings import load_mkdocs_config, theme_files

    config = project({"motions/m.md": GOOD_MOTION})
    if name.startswith("assets/stylesheets/"):  # the theme's real file name, hash and all
        name = next(f for f in theme_files(load_mkdocs_config(config)) if f.endswith(".min.css"))
    write_project(config.parent, {f"docs/{name}": "body { display: none }\n"})
    code, output = cli("check", "-f", config)
    assert code == 1
    assert f"docs/{name}: would replace the generated page or file '{name}'" in output


# --- No link is followed ----------------------------------------------------------------------


def test_a_link_inside_the_repository_is_refused_in_docs(project):
    config = project({"motions/m.md": GOOD_MOTION, "extras/leaflet.md": "<script>x</script>\n"})
    (config.parent / "docs/extras").symlink_to("../extras")
    (config.parent / "docs/repo").symlink_to("..")
    code, output = check_then_build(config)
    assert code == 1
    for name in ("docs/extras", "docs/repo"):
        assert f"{name}: is a symbolic link, and links are never followed" in output


def test_a_link_in_the_motions_folder_is_refused(project):
    config = project({"motions/m.md": GOOD_MOTION, "elsewhere/x.md": GOOD_MOTION})
    (config.parent / "motions/x.md").symlink_to("../elsewhere/x.md")
    (config.parent / "motions/more").symlink_to("../elsewhere")
    code, output = check_then_build(config)
    assert code == 1
    assert "motions/x.md: is a symbolic link" in output
    assert "motions/more: is a symbolic link" in output


@pytest.fixture
def canary(tmp_path_factory):
    folder = tmp_path_factory.mktemp("outside")
    path = folder / "canary"
    path.write_bytes(b"untouched")
    return path


def test_committed_links_under_build_are_never_written_through(project, canary):
    """A predictable temporary name, the exports folder and the lock, each a committed link to
    a file or folder outside: check refuses them, and nothing outside is written or created."""
    config = project({"motions/m.md": GOOD_MOTION})
    cache = config.parent / "build/cache"
    cache.mkdir(parents=True)
    for pid in range(os.getpid() - 5, os.getpid() + 50):
        (cache / f".render.json.{pid}.tmp").symlink_to(canary)
    (cache / "exports").symlink_to(canary.parent)
    (config.parent / "build/.site-build.lock").symlink_to(canary.parent / "created")
    code, output = check_then_build(config)
    assert code == 1
    assert "build/cache/exports: is a link to a file outside the repository" in output
    assert "build/.site-build.lock: is a link to nothing" in output
    assert canary.read_bytes() == b"untouched"
    assert sorted(p.name for p in canary.parent.iterdir()) == ["canary"]


def test_files_committed_under_build_are_reported(project):
    import subprocess

    config = project({"motions/m.md": GOOD_MOTION, "build/cache/exports/x.pdf": "%PDF-forged"})
    root = config.parent
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    subprocess.run(["git", "add", "-f", "."], cwd=root, check=True)
    code, output = cli("check", "-f", config)
    assert code == 1
    assert "build/cache/exports/x.pdf: is committed to the repository under a folder" in output


def test_a_link_at_the_cache_key_path_gives_a_random_key(tmp_path, monkeypatch, canary):
    from motionlib.library import cachetrust

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    (tmp_path / "motionlib").mkdir()
    known = b"k" * 64
    canary.write_bytes(known)
    (tmp_path / "motionlib/cache-key").symlink_to(canary)
    cachetrust.machine_key.cache_clear()
    try:
        assert cachetrust.machine_key() != known  # not read through the link
    finally:
        cachetrust.machine_key.cache_clear()
    assert canary.read_bytes() == known  # nor written


def test_writing_the_cache_replaces_a_planted_link_instead_of_writing_through_it(tmp_path, canary):
    from motionlib.library.cachetrust import read_trusted, write_trusted

    target = tmp_path / "render.json"
    target.symlink_to(canary)
    write_trusted(target, b"{}")
    assert canary.read_bytes() == b"untouched"
    assert not target.is_symlink() and read_trusted(target) == b"{}"


# --- mkdocs.yml is checked before anything runs it ----------------------------------------------


def config_with(project, extra: str):
    from tests.conftest import MKDOCS_YML

    config = project({"motions/m.md": GOOD_MOTION})
    config.write_text(MKDOCS_YML + extra)
    return config


def test_python_tags_in_mkdocs_yml_never_run(project, tmp_path):
    marker = tmp_path / "ran"
    extra = f"extra:\n  x: !!python/object/apply:os.system ['touch {marker}']\n"
    config = config_with(project, extra)
    code, output = cli("check", "-f", config)
    assert code == 1
    assert not marker.exists()
    assert (
        "mkdocs.yml:15: the YAML tag '!!python/object/apply:os.system' runs Python code when "
        "MkDocs reads the file; remove it"
    ) in output


def test_hooks_are_refused_unless_the_owner_trusts_the_config(project, tmp_path, monkeypatch):
    marker = tmp_path / "ran"
    config = config_with(project, "hooks:\n  - hook.py\n")
    (config.parent / "hook.py").write_text(f"open({str(marker)!r}, 'w').close()\n")
    code, output = cli("check", "-f", config)
    assert code == 1 and not marker.exists()
    assert "mkdocs.yml:14: hooks: runs Python files during every check and build" in output
    text = config.read_text().replace(
        "word_limit: 60", "word_limit: 60\n      trusted_config: true"
    )
    config.write_text(text)
    monkeypatch.setenv("GITHUB_EVENT_NAME", "pull_request")
    code, output = cli("check", "-f", config)
    assert code == 1 and not marker.exists()
    assert "trusted_config is not honoured in a pull request's run" in output
    monkeypatch.delenv("GITHUB_EVENT_NAME")
    code, output = cli("check", "-f", config)
    assert code == 0, output  # the owner's own run: the hook is theirs
    assert marker.exists()


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ("INHERIT: /etc/passwd\n", "mkdocs.yml:14: INHERIT: '/etc/passwd' is not a file inside"),
        ("plugins:\n  - macros\n", "plugins: 'macros' is not one of the plugins a library may use"),
        (
            "markdown_extensions:\n  - some.module\n",
            "markdown_extensions: 'some.module' is not one of the Markdown extensions",
        ),
        (
            "markdown_extensions:\n  - pymdownx.snippets\n",
            "pymdownx.snippets: set base_path to a folder of the library",
        ),
        (
            "markdown_extensions:\n  - pymdownx.snippets:\n      base_path: [.]\n",
            "pymdownx.snippets: base_path '.' must be a folder inside the library",
        ),
    ],
)
def test_mkdocs_yml_outside_the_allow_lists_is_an_error(project, extra, message):
    text = extra if not extra.startswith("plugins") else extra.replace("plugins:\n", "")
    config = config_with(project, "" if extra.startswith("plugins") else text)
    if extra.startswith("plugins"):
        config.write_text(config.read_text().replace("  - search\n", "  - search\n  - macros\n"))
    code, output = cli("check", "-f", config)
    assert code == 1
    assert message in output


def test_snippets_from_a_library_folder_are_sanitized_and_named(project):
    config = config_with(
        project, "markdown_extensions:\n  - pymdownx.snippets:\n      base_path: [docs/snippets]\n"
    )
    write_project(
        config.parent,
        {
            "docs/snippets/notes.txt": "<script>alert(1)</script>\n",
            "docs/about.md": '# About\n\n--8<-- "notes.txt"\n',
        },
    )
    code, output = cli("check", "-f", config)
    assert code == 1
    assert "docs/about.md: body: its HTML holds 'script', which could run or restyle" in output


def test_a_config_error_reaches_github_escaped(project):
    config = config_with(project, "")
    config.write_text(
        config.read_text().replace("name: material", 'name: "x\\n::stop-commands::pwned"')
    )
    code, output = cli("check", "-f", config, "--format", "github")
    assert code == 1
    lines = output.splitlines()
    assert lines and all(line.startswith("::error ") for line in lines)
    assert not any(line.startswith("::stop-commands") for line in lines)


@pytest.mark.parametrize(
    ("front", "message"),
    [
        (
            "template: nonexistent.html",
            "template: 'nonexistent.html' is not a template of the theme",
        ),
        ("hide: 5", "hide: must be a list of what to hide: navigation, toc, footer"),
        ("motionlib_head: <script>x</script>", "motionlib_head: is not a field of a docs page"),
    ],
)
def test_docs_front_matter_is_validated(project, front, message):
    page = f"---\n{front}\n---\n\n# About\n"
    config = project({"motions/m.md": GOOD_MOTION, "docs/about.md": page})
    code, output = check_then_build(config)
    assert code == 1
    assert f"docs/about.md:2: {message}" in output


# --- The policy allows only the scripts we ship --------------------------------------------


@pytest.mark.parametrize("engine", ["sample_build", "sample_zensical"])
def test_every_inline_script_of_the_theme_is_allowed_and_nothing_else(request, engine):
    """Fails on an upgrade of Material that changes its inline scripts in a way our reading
    of its templates misses: then a page's own script would be blocked."""
    from motionlib.engines.csp import INLINE_SCRIPT, script_hashes

    site = request.getfixturevalue(engine)[1].site_dir
    for page in sorted(site.rglob("*.html"))[:40]:
        text = page.read_text(encoding="utf-8")
        scripts = [m for m in INLINE_SCRIPT.finditer(text) if not (m.group(1) or "").strip()]
        assert len(script_hashes(text)) == len({m.group(2) for m in scripts}), page
    planted = "<html><head></head><body><script>alert(1)</script></body></html>"
    assert script_hashes(planted) == []


def test_a_script_past_the_sanitizer_is_blocked_by_the_policy(project, monkeypatch):
    """The sanitizer patched out: the script reaches the page, and the policy has no hash for
    it, so Chromium refuses to run it."""
    from motionlib.library import body as render

    monkeypatch.setattr(
        render, "clean", lambda fragment: fragment + "<script>document.title='ran'</script>"
    )
    config = project({"motions/m.md": GOOD_MOTION})
    page = built_page(config, "motions/m/index.html")
    assert "<script>document.title='ran'</script>" in page
    title = browser_title(config.parent / "build/site", "motions/m/")
    assert title != "ran"


def browser_title(site, path: str) -> str:
    """The page's title after its scripts ran, in Chromium, from a local server."""
    from tests.test_browser import ARGS, serve

    chromium = tool("chromium")
    playwright = pytest.importorskip("playwright.sync_api")
    server, url = serve(site)
    try:
        with playwright.sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=ARGS)
            page = browser.new_page()
            blocked = []
            page.on("console", lambda m: blocked.append(m.text))
            page.goto(url + path)
            page.wait_for_load_state("load")
            title = page.title()
            browser.close()
    finally:
        server.shutdown()
    assert any("Content Security Policy" in text for text in blocked), blocked
    return title
