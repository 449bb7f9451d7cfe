"""The built site: pages, metadata, links, downloads, search index, and no requests elsewhere."""

from __future__ import annotations

import json
import re
from pathlib import Path

import lxml.html
import pytest

from tests.conftest import ROOT

MOTION_PAGE_LIMIT = 30_000


@pytest.fixture(scope="module")
def site(sample_build) -> Path:
    return sample_build[1].site_dir


def page(site: Path, path: str):
    return lxml.html.fromstring((site / path / "index.html").read_text(encoding="utf-8"))


def texts(tree, xpath: str) -> list[str]:
    return [" ".join(e.text_content().split()) for e in tree.xpath(xpath)]


def meta_panel(tree) -> dict[str, str]:
    terms = texts(tree, "//dl[@class='ml-meta']/dt")
    values = texts(tree, "//dl[@class='ml-meta']/dd")
    return dict(zip(terms, values, strict=True))


def test_motion_page_metadata(site):
    tree = page(site, "motions/safe-staffing-nhs")
    panel = meta_panel(tree)
    assert panel["Submitted by"] == "Harbourside CLP"
    assert panel["Status"] == "Submitted"
    assert panel["Topics"] == "Health Workers' rights"
    assert panel["Date"] == "2 June 2026"
    assert panel["Meeting"] == "Annual Conference 2026"
    assert re.fullmatch(r"\d+ words \(limit 250\)", panel["Length"])
    assert tree.xpath("//dd/a[text()='Annual Conference 2026']/@href") == [
        "../../meetings/annual-conference-2026/"
    ]
    assert tree.xpath("//h1/text()") == ["Safe staffing on every ward"]
    badge = tree.xpath("//a[contains(@class, 'ml-badge')]")[0]
    assert "ml-badge--submitted" in badge.get("class")
    assert badge.get("href") == "../../status/submitted/"
    assert tree.xpath("//dd/a[text()='Harbourside CLP']/@href") == [
        "../../submitters/harbourside-clp/"
    ]
    assert "../../topics/workers-rights/" in tree.xpath("//a[@class='ml-topic']/@href")
    supporters = texts(tree, "//ul[@class='ml-supporters']/li")
    assert len(supporters) == 24 and "Małgorzata Wiśniewska" in supporters


def test_relations_link_both_ways(site):
    def relation(path, label):
        tree = page(site, path)
        dts = tree.xpath(f"//dl[@class='ml-meta']/dt[text()='{label}']")
        assert dts, f"{path} has no '{label}'"
        return dts[0].getnext().xpath(".//a/@href")

    assert relation("motions/warm-homes-amendment", "Amends") == ["../warm-homes-insulation/"]
    assert relation("motions/warm-homes-insulation", "Amended by") == [
        "../warm-homes-amendment/",
        "../warm-homes-report-back/",
    ]
    assert relation("motions/bus-routes-composite", "Composited into") == ["../bus-franchising/"]
    assert relation("motions/bus-franchising", "Composite of") == ["../bus-routes-composite/"]
    assert relation("motions/free-school-meals", "Supersedes") == ["../school-meals-2024/"]
    assert relation("motions/school-meals-2024", "Superseded by") == ["../free-school-meals/"]


def test_adopted_by_list(site):
    tree = page(site, "motions/empty-homes-template")
    assert texts(tree, "//ul[@class='ml-adopted']/li") == [
        "Northgate Branch — 4 March 2026",
        "Ashford Vale Ward — 18 March 2026",
        "Millbrook Branch — 22 April 2026",
    ]
    assert "[[Branch name]]" in texts(tree, "//mark[@class='placeholder']")


def test_download_buttons_point_at_real_files_with_sizes(site):
    for motion in ("motions/bus-franchising", "briefings/council-budget-guide"):
        tree = page(site, motion)
        buttons = tree.xpath("//p[@class='ml-downloads']/a")
        assert [b.text.strip() for b in buttons] == ["Download PDF", "Download Word"]
        for button in buttons:
            target = (site / motion / button.get("href")).resolve()
            assert target.is_file()
            size = button.xpath("span[@class='ml-size']/text()")[0]
            assert size == f"({max(1, round(target.stat().st_size / 1000))} KB)"


def test_edit_link_points_at_the_source_file(project):
    from motionlib.commands.build import build
    from tests.conftest import GOOD_MOTION

    config = project({"motions/sub/citizens-assembly.md": GOOD_MOTION})  # repo_url is set
    text = config.read_text().replace("theme:\n", "theme:\n  features: [content.action.edit]\n")
    config.write_text(text)
    site = build(config).site_dir
    edit = page(site, "motions/citizens-assembly").xpath("//a[@title='Edit this page']/@href")
    assert edit == [
        "https://github.com/example/test-library/edit/main/motions/sub/citizens-assembly.md"
    ]
    assert page(site, "topics").xpath("//a[@title='Edit this page']") == []


def test_share_card_meta(site):
    tree = page(site, "motions/bus-franchising")
    meta = {m.get("property") or m.get("name"): m.get("content") for m in tree.xpath("//head/meta")}
    assert meta["og:title"] == "Take back control of our buses"
    assert meta["og:site_name"] == "Motions Library"
    assert meta["og:description"].startswith("Asks the combined authority")
    assert meta["twitter:card"] == "summary"
    assert tree.xpath("//button[contains(@class, 'ml-copy')]")


def test_index_pages(site):
    home = page(site, ".")
    lists = home.xpath("//ul[@class='ml-list']")
    templates = [li.get("data-status") for li in lists[0].xpath("li")]
    latest = [li.get("data-status") for li in lists[1].xpath("li")]
    assert templates == ["template", "template"]
    assert texts(home, "//h2")[:2] == ["Template motions", "Latest motions"]
    assert len(latest) == 6 and not {"template", "draft", "withdrawn"} & set(latest)
    assert home.xpath("//form[@class='ml-search-form']/@action") == ["search/"]
    assert "Passed 6" in texts(home, "//ul[@class='ml-groups']/li")
    topic = page(site, "topics/transport")
    assert texts(topic, "//a[@class='ml-item__title']") == [
        "Motion A: Restore withdrawn bus routes",
        "Take back control of our buses",
    ]
    status = page(site, "status/template")
    assert len(status.xpath("//li[@class='ml-item']")) == 2
    submitter = page(site, "submitters/ashford-vale-ward")
    assert len(submitter.xpath("//li[@class='ml-item']")) == 2
    everything = page(site, "motions")
    items = everything.xpath("//li[@class='ml-item']")
    assert len(items) == 19
    assert (
        everything.xpath("//form[@class='ml-filters']")[0].get("hidden") is not None
    )  # JS shows it
    assert {i.get("data-status") for i in items} >= {"passed", "template", "submitted"}


def test_motions_stay_out_of_the_navigation(site):
    nav = page(site, ".").xpath("//nav[contains(@class, 'md-nav--primary')]//a/@href")
    assert not [href for href in nav if re.match(r"(\.\./)*motions/[a-z0-9-]+/$", href)]


def test_search_is_a_chunked_pagefind_index_of_the_documents(site):
    """Pagefind's index replaces Material's single JSON of every page: many small fragments,
    documents only (index pages just repeat them)."""
    import gzip

    assert not (site / "search" / "search_index.json").exists()
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert entry["languages"]["en"]["page_count"] == 23  # 19 motions and 4 briefings
    fragments = sorted((site / "pagefind" / "fragment").iterdir())
    assert len(fragments) == 23
    motion = page(site, "motions/safe-staffing-nhs")
    assert motion.xpath("//article/@data-pagefind-body") == [""]
    assert not list((site / "pagefind").glob("filter/*"))  # no filters: they are not reproducible
    texts_of = [gzip.decompress(f.read_bytes()) for f in fragments]
    assert any("Emre Yıldız".encode() in text for text in texts_of)


def test_pages_are_small_and_make_no_requests_elsewhere(site):
    for path in site.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        tree = lxml.html.fromstring(html)
        loaded = tree.xpath(
            "//script/@src | //img/@src | //iframe/@src | //link[@rel!='canonical']/@href"
        )
        remote = [url for url in loaded if re.match(r"(https?:)?//", url)]
        assert remote == [], path
        assert "fonts.googleapis" not in html and "unpkg.com" not in html
        assert 'data-md-component="source"' not in html  # Material's API-calling repo widget
        if path.parent.parent.name == "motions":
            assert len(html.encode()) < MOTION_PAGE_LIMIT, path


def test_every_page_carries_a_content_security_policy(sample_build):
    from motionlib.engines.csp import script_hashes

    site = sample_build[1].site_dir
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 30
    for path in pages:
        html = path.read_text(encoding="utf-8")
        head = html[html.index("<head") : html.index("<head") + 2000]
        match = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', head)
        assert match, path
        policy = match.group(1)
        wasm = "'wasm-unsafe-eval'"  # compiles WebAssembly (Pagefind) only: no JavaScript eval
        search_page = path.relative_to(site).as_posix() == "search/index.html"
        assert (wasm in policy) == search_page, path
        policy = policy.replace(wasm, "")
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
        assert "default-src 'none'" in policy and "script-src 'self' 'sha256-" in policy
        assert html.index("Content-Security-Policy") < html.index("<script")  # before any script
        for source in script_hashes(html):
            assert source in policy


def test_the_content_licence_is_in_the_footer_pdf_and_word(sample_build):
    import io
    import zipfile

    import pypdf

    site = sample_build[1].site_dir
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'Motion texts:\n      <a href="https://creativecommons.org/licenses/by/4.0/" ' in home
    assert 'rel="license">CC BY 4.0</a>' in home
    pdf = pypdf.PdfReader(site / "downloads/motions/bus-franchising.pdf")
    assert pdf.metadata["/rights"] == "CC BY 4.0"
    word = (site / "downloads/motions/bus-franchising.docx").read_bytes()
    with zipfile.ZipFile(io.BytesIO(word)) as archive:
        custom = archive.read("docProps/custom.xml").decode()
        assert 'name="Rights"><vt:lpwstr>CC BY 4.0</vt:lpwstr>' in custom
        assert "docProps/custom.xml" in archive.read("_rels/.rels").decode()


def test_no_repository_link_or_edit_button_without_repo_url(sample_build):
    site = sample_build[1].site_dir
    page = (site / "motions/bus-franchising/index.html").read_text(encoding="utf-8")
    assert "md-source" not in page and "/edit/" not in page and "example/" not in page


def test_the_word_limit_is_shown_only_while_a_motion_is_open(site):
    assert re.fullmatch(r"\d+ words", meta_panel(page(site, "motions/bus-franchising"))["Length"])


def test_an_amendment_is_labelled_as_one(site):
    tree = page(site, "motions/warm-homes-amendment")
    assert texts(tree, "//p[@class='ml-kind']") == ["Amendment"]


def test_template_pages_link_to_the_adopted_issue_form(project):
    import yaml

    from motionlib.commands.build import build
    from tests.conftest import GOOD_MOTION

    template = GOOD_MOTION.replace("status: submitted", "status: template")
    site = build(project({"motions/homes.md": template})).site_dir
    links = page(site, "motions/homes").xpath("//p[@class='ml-passed']/a/@href")
    assert links == [
        "https://github.com/example/test-library/issues/new?template=adopted.yml"
        "&title=Adopted%3A+Good+motion&motion=homes"
    ]
    form = yaml.safe_load((ROOT / ".github/ISSUE_TEMPLATE/adopted.yml").read_text())
    assert [field.get("id") for field in form["body"]][1:] == ["motion", "branch", "date", "notes"]


def test_a_busy_year_is_listed_month_by_month(project):
    """A year of more motions than one page should hold lists its months, and every motion is
    still reached without JavaScript: all motions → year → month."""
    from motionlib.commands.build import build
    from tests.conftest import GOOD_MOTION

    files = {}
    for n in range(230):
        date = f"date: 2026-{1 + n % 12:02d}-{1 + n % 28:02d}"
        files[f"motions/m{n}.md"] = GOOD_MOTION.replace(
            "title: Good motion", f"title: Motion {n}\n{date}"
        )
    config = project(files)
    options = "  - motions:\n      exports: false\n"
    config.write_text(config.read_text().replace("  - motions:\n", options))
    site = build(config).site_dir
    year = page(site, "years/2026")
    months = year.xpath("//nav[contains(@class, 'ml-months')]//a/text()")
    assert months[:3] == ["December", "November", "October"] and len(months) == 12
    assert not year.xpath("//li[@class='ml-item']")
    reached = set()
    for href in year.xpath("//nav[contains(@class, 'ml-months')]//a/@href"):
        month = lxml.html.parse(str(site / "years" / "2026" / href / "index.html"))
        reached |= set(month.xpath("//a[@class='ml-item__title']/text()"))
    assert len(reached) == 230
    assert len((site / "years" / "2026" / "index.html").read_bytes()) < 60_000


def test_a_large_topic_lists_its_newest_rows_and_every_motion_by_year(project):
    """A topic, status or submitter of more motions than one page holds is listed like all
    motions: the newest 50, the rest in its own rows file, and a page per year of the topic
    that reaches each of its motions without JavaScript. A meeting's agenda stays whole."""
    from motionlib.commands.build import build
    from tests.conftest import GOOD_MOTION

    files = {}
    for n in range(130):
        date = f"date: {2020 + n % 6}-03-{1 + n % 28:02d}\nmeeting: Big Conference"
        topic = "topic: Housing" if n % 5 else "topic: Climate"
        text = GOOD_MOTION.replace("title: Good motion", f"title: Motion {n}\n{date}")
        files[f"motions/m{n}.md"] = re.sub(r"(?m)^topic:.*$", topic, text)
    config = project(files)
    options = "  - motions:\n      exports: false\n"
    config.write_text(config.read_text().replace("  - motions:\n", options))
    site = build(config).site_dir
    housing = page(site, "topics/housing")
    assert len(housing.xpath("//li[@class='ml-item']")) == 50
    assert housing.xpath("//p[@class='ml-total']/text()")[0].startswith("104 motions")
    assert housing.xpath("//div[@class='ml-listing']/a[@class='ml-rows']/@href") == ["rows.json"]
    rows = json.loads((site / "topics/housing/rows.json").read_text(encoding="utf-8"))["html"]
    assert rows.count('class="ml-item"') == 104
    reached = set()
    for href in housing.xpath("//nav[contains(@class, 'ml-years')]//a/@href"):
        year = lxml.html.parse(str(site / "topics" / "housing" / href / "index.html"))
        assert year.xpath("//h1/text()")[0].startswith("Topic: Housing, motions of 20")
        reached |= set(year.xpath("//a[@class='ml-item__title']/text()"))
    assert len(reached) == 104 and all(int(t.split()[-1]) % 5 for t in reached)
    climate = page(site, "topics/climate")  # 26: one page, as before
    assert len(climate.xpath("//li[@class='ml-item']")) == 26 and not climate.xpath("//form")
    agenda = page(site, "meetings/big-conference")
    assert len(agenda.xpath("//li[@class='ml-item']")) == 130
    assert len((site / "topics/housing/index.html").read_bytes()) < 60_000


@pytest.mark.parametrize("built", ["sample_build", "sample_zensical"])
def test_no_page_has_an_id_twice_and_the_contents_list_each_heading_once(built, request):
    """A carried motion shows its text three times (as adopted, as submitted, the changes):
    only the adopted text's headings keep their ids, so #L12, #A3 and the sidebar's links each
    lead to one place."""
    site = request.getfixturevalue(built)[1].site_dir
    for path in site.rglob("*.html"):
        page = lxml.html.parse(str(path))
        ids = page.xpath("//@id")
        assert len(ids) == len(set(ids)), (path, sorted(i for i in ids if ids.count(i) > 1))
    page = lxml.html.parse(str(site / "motions/warm-homes-insulation/index.html"))
    toc = page.xpath("//nav[contains(@class, 'md-nav--secondary')]//a/@href")
    assert toc and len(toc) == len(set(toc)), toc
    assert page.xpath("//*[@id='ml-adopted']//h2[@id='conference-notes']")
    for copy in (
        "details[contains(@class, 'ml-as-submitted')]",
        "*[contains(@class, 'ml-amended')]",
    ):
        headings = page.xpath(f"//{copy}//h2")  # still headings, without ids
        assert [" ".join(h.text_content().split()) for h in headings] == [
            "Conference notes", "Conference believes", "Conference resolves"
        ] and not any(h.get("id") for h in headings)  # fmt: skip
    assert "<h2" not in page.getroot().text_content()  # none escaped into text
