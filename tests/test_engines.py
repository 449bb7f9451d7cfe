"""One pipeline, any engine: the generated tree, `mkdocs build` ≡ `generate.py build`, Zensical."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urljoin

import markdown
import pytest
from hypothesis import given
from hypothesis import strategies as st
from mkdocs.utils import get_relative_url

from motionlib.commands.build import build
from motionlib.engines.mkdocs import site_shape
from motionlib.engines.zensical import zensical_config
from motionlib.library.check import check_project
from motionlib.library.settings import load_mkdocs_config, plugin_options, settings_from
from motionlib.model.addresses import relative_address
from motionlib.pipeline import produce
from tests.conftest import GOOD_MOTION
from tests.test_build import tree_hashes

# Each engine's own: theme assets and search (Pagefind's index and page under MkDocs, Zensical's
# search.json under Zensical).
THEME_FILES = (
    "assets/javascripts/",
    "assets/stylesheets/",
    "assets/images/",
    "search",
    "pagefind/",
)


def published(site: Path) -> set[str]:
    """What a library publishes, whatever the engine: its pages and every other file, less the
    theme's own assets, the search index (each engine names it) and the sitemap."""
    found = set()
    for path in site.rglob("*"):
        rel = path.relative_to(site).as_posix()
        if path.is_file() and not rel.startswith(THEME_FILES) and "sitemap" not in rel:
            found.add(rel)
    return found - {".motionlib-site"}


def test_mkdocs_build_and_generate_build_give_the_same_site(sample_build, tmp_path, monkeypatch):
    """Byte for byte: the plugin writes the same tree and has MkDocs read it the same way."""
    root = sample_build[0]
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # the sitemap's date
    ours = build(root / "mkdocs.yml", tmp_path / "ours")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(tmp_path / "theirs")]
    subprocess.run(command, cwd=root, env=env, check=True, capture_output=True)
    theirs = tree_hashes(tmp_path / "theirs")
    mine = tree_hashes(ours.site_dir)
    assert mine.pop(".motionlib-site")
    assert mine == theirs
    assert not list((root / "build" / "cache").glob("pages-*"))  # the plugin's tree is removed


def test_zensical_publishes_the_same_pages_and_downloads(sample_build, sample_zensical):
    """Every motion, briefing and index page, every download, feed and script, under both."""
    mkdocs_files = published(sample_build[1].site_dir)
    zensical_files = published(sample_zensical[1].site_dir)
    assert mkdocs_files == zensical_files
    assert {"motions/safe-staffing-nhs/index.html", "downloads/motions/safe-staffing-nhs.pdf"} <= (
        zensical_files
    )
    assert sum(f.endswith(".pdf") for f in zensical_files) >= 16


def test_zensical_pages_carry_the_policy_and_our_share_card(sample_zensical):
    site = sample_zensical[1].site_dir
    page = (site / "motions" / "safe-staffing-nhs" / "index.html").read_text(encoding="utf-8")
    assert 'http-equiv="Content-Security-Policy"' in page
    assert "script-src 'self' 'sha256-" in page and "unsafe-eval" not in page
    assert '<meta property="og:title" content="Safe staffing on every ward">' in page
    assert 'href="../../downloads/motions/safe-staffing-nhs.pdf"' in page


def test_every_generated_page_passes_through_markdown_unchanged(sample_copy, tmp_path):
    """Zensical runs Markdown over the page files; MkDocs is given the HTML directly. Both
    show the same only if Markdown leaves our HTML exactly as it is (links aside: the file
    writes them relative to itself, as Zensical reads them)."""
    report = check_project(sample_copy / "mkdocs.yml")
    config = load_mkdocs_config(sample_copy / "mkdocs.yml")
    tree = produce(report, site_shape(config), tmp_path / "pages")
    assert len(tree.pages) > 30
    for uri, page in tree.pages.items():
        text = (tmp_path / "pages" / uri).read_text(encoding="utf-8")
        body = text.split("\n---\n", 1)[1]
        converted = markdown.markdown(body, extensions=["toc", "tables"])
        assert converted.strip() == body.strip(), uri
        unlinked = re.sub(r'(href|src)="[^"]*"', "", body)
        assert unlinked.strip() == re.sub(r'(href|src)="[^"]*"', "", page.body).strip(), uri


def links(site: Path, page: str) -> set[str]:
    """Where the page's links and sources lead, less the theme's files (each engine names
    its own)."""
    text = (site / page / "index.html").read_text(encoding="utf-8")
    found = {urljoin(f"http://site/{page}/", link) for link in LINK.findall(text)}
    return {link for link in found if "/assets/" not in link and link.startswith("http://site/")}


LINK = re.compile(r'(?:href|src)="([^"#]*)"')


def test_both_engines_link_the_same_places(sample_build, sample_zensical):
    mkdocs_site, zensical_site = sample_build[1].site_dir, sample_zensical[1].site_dir
    for page in ("motions/safe-staffing-nhs", "topics/housing", "briefings", "meetings"):
        ours = links(mkdocs_site, page) - {"http://site/search/"}  # Pagefind's page: MkDocs only
        assert ours <= links(zensical_site, page), page
        assert len(ours) > 5, page


def test_the_zensical_configuration_keeps_the_library_settings(sample_copy, tmp_path):
    config = load_mkdocs_config(sample_copy / "mkdocs.yml")
    settings = settings_from(config, plugin_options(config))
    derived = zensical_config(config, settings, tmp_path / "pages", tmp_path / "site", tmp_path)
    assert derived["docs_dir"] == "pages" and derived["site_dir"] == "site"
    assert derived["plugins"] == ["search"]  # none of MkDocs' plugins: Zensical ignores them
    assert derived["nav"][0] == {"Home": "index.md"}
    assert derived["theme"]["palette"][0]["scheme"] == "default"
    assert derived["theme"]["variant"] == "classic"
    assert "assets/motionlib/site.css" in derived["extra_css"]
    assert derived["markdown_extensions"][-1] == "motionlib.engines.contents"
    assert derived["extra"]["motionlib_licence"]["name"] == "CC BY 4.0"


def test_engine_can_be_chosen_in_mkdocs_yml(project):
    config = project({"motions/a.md": GOOD_MOTION})
    text = config.read_text().replace("  - motions:\n", "  - motions:\n      engine: zensical\n")
    config.write_text(text)
    assert plugin_options(load_mkdocs_config(config)).engine == "zensical"


def test_without_zensical_the_build_says_how_to_install_it(sample_copy, tmp_path, monkeypatch):
    """A missing optional engine is a message, and the last good site is kept."""
    from motionlib.engines import zensical as engines
    from motionlib.model.problems import MotionLibError

    monkeypatch.setattr(engines.sys, "executable", sys.executable + "-missing")
    with pytest.raises(MotionLibError, match="Zensical could not be run"):
        build(sample_copy / "mkdocs.yml", tmp_path / "site", engine="zensical")
    assert not (tmp_path / "site").exists()


FOLDER = st.lists(st.sampled_from(["motions", "topics", "a", "b", "%D0%BA"]), max_size=4)
LEAF = st.sampled_from(["", "index.html", "x.pdf", "feed.xml"])  # "": a folder's address


@given(FOLDER, LEAF, FOLDER, LEAF)
def test_links_are_what_mkdocs_writes(target, target_leaf, page, page_leaf):
    """Our fast relative addresses equal MkDocs' own for every address a site has: a folder
    ('motions/x/', or '' for the home page) or a file in one."""
    target_url = "".join(f"{part}/" for part in target) + target_leaf
    page_url = "".join(f"{part}/" for part in page) + (page_leaf if page_leaf != "x.pdf" else "")
    assert relative_address(target_url, page_url) == get_relative_url(target_url, page_url)


def test_text_that_looks_like_a_link_marker_stays_text(project):
    """Links are placed through markers; a motion holding the marker's characters (private-use
    code points, valid in XML) must not be taken for one."""
    marker_text = "Plan \ue0000\ue001 and <\ue0001\ue001> for homes"
    motion = GOOD_MOTION.replace("title: Good motion", f'title: "{marker_text}"')
    motion += f"\n{marker_text}\n\n[a link](https://example.org) \ue0000\ue001\n"
    site = build(project({"motions/odd.md": motion})).site_dir
    page = (site / "motions" / "odd" / "index.html").read_text(encoding="utf-8")
    assert "Plan \ue0000\ue001 and &lt;\ue0001\ue001&gt; for homes" in page
