"""The site in a real browser: search, click through, filters, phone width, axe, no injection.

Uses Debian's Chromium through Playwright (never `playwright install`). Outside CI a
missing Chromium skips these tests with the reason; in CI it is a failure.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import re
import subprocess
import threading
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.conftest import libreoffice_text, tool, write_project

ATOM = "{http://www.w3.org/2005/Atom}"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# axe-core findings that come from Material itself, not from our templates or CSS.
THEME_VIOLATIONS = {
    # Material's search overlay has role="dialog" but no accessible name (partials/search.html).
    "aria-dialog-name": ".md-search",
}


@pytest.fixture(scope="module")
def browser():
    chromium = tool("chromium")
    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as p:
        instance = p.chromium.launch(executable_path=chromium, args=ARGS)
        yield instance
        instance.close()


def serve(folder: Path):
    handler = functools.partial(QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module", params=["mkdocs", "zensical"])
def base_url(request):
    """The sample library's site, as each engine builds it: every test runs against both."""
    name = "sample_build" if request.param == "mkdocs" else "sample_zensical"
    built = request.getfixturevalue(name)
    server, url = serve(built[1].site_dir)
    yield url
    server.shutdown()


CSP_WATCH = """
window.__csp = [];
document.addEventListener("securitypolicyviolation",
  e => window.__csp.push(e.violatedDirective + " " + e.blockedURI));
"""


def watch_csp(page) -> None:
    """Collect Content-Security-Policy violations: events in the page, messages from workers."""
    page.csp = []
    page.add_init_script(CSP_WATCH)
    page.on(
        "console",
        lambda m: page.csp.append(m.text) if "Content Security Policy" in m.text else None,
    )


def csp_violations(page) -> list[str]:
    found = list(page.csp)
    with contextlib.suppress(Exception):  # the page is gone or closed
        found += page.evaluate("window.__csp || []")
    return found


@pytest.fixture
def page(browser):
    """A page that records requests to other hosts and fails the test on any CSP violation."""
    context = browser.new_context()
    page = context.new_page()
    page.outside = []
    page.on(
        "request",
        lambda r: page.outside.append(r.url) if not r.url.startswith("http://127.0.0.1") else None,
    )
    watch_csp(page)
    yield page
    assert csp_violations(page) == []
    context.close()


def search(page, query: str, opener: str = "label.md-search__icon, .md-search__input"):
    """Search as a reader does: on the search page (Pagefind, the header's search button opens
    it), in Material's search (the offline copy) or in Zensical's dialog (a shadow root, which
    Playwright's CSS locators enter); the result items, each holding its link."""
    if page.locator("a.ml-search-button").count() or page.locator("#ml-search").count():
        if not page.locator("#ml-search").count():
            page.locator("a.ml-search-button").click()
        field = page.locator("#ml-search-q")
        field.wait_for(timeout=10_000)
        field.focus()
        field.press_sequentially(query, delay=20)
        results = page.locator("#ml-search-results li")
        # Pagefind shows a placeholder while a result's fragment loads: wait for its link.
        results.first.locator("a").wait_for(timeout=10_000)
        return results
    zensical = page.locator(".md-search__button").count() > 0
    if not page.locator("dialog[open]").count():  # not opened already
        page.locator(".md-search__button" if zensical else opener).first.click()
    field = page.locator("dialog input[role=combobox]" if zensical else "input.md-search__input")
    field.focus()
    field.press_sequentially(query, delay=40)  # both listen to key presses, not fill()
    item = "dialog ol[role=listbox] > li" if zensical else ".md-search-result__item"
    results = page.locator(item)
    results.first.wait_for(timeout=10_000)
    return results


def test_search_finds_a_motion_by_supporter_and_click_through(page, base_url):
    page.goto(base_url)
    results = search(page, "Wiśniewska")
    first = results.first.locator("a").first
    assert "motions/safe-staffing-nhs/" in first.get_attribute("href")
    first.click()
    page.wait_for_url(re.compile(r"/motions/safe-staffing-nhs/(\?h=.*)?$"))  # search.highlight
    assert page.locator("h1").inner_text() == "Safe staffing on every ward"
    assert page.outside == []


def test_search_finds_motions_by_topic_and_submitter(page, base_url):
    page.goto(base_url)
    hrefs = search(page, "Transport").locator("a").evaluate_all("els => els.map(e => e.href)")
    assert any("motions/bus-franchising/" in h for h in hrefs[:4]), hrefs
    page.goto(base_url)
    hrefs = search(page, "Harbourside").locator("a").evaluate_all("els => els.map(e => e.href)")
    assert any("motions/safe-staffing-nhs/" in h for h in hrefs[:3]), hrefs


def test_filters_narrow_the_list(page, base_url):
    page.goto(base_url + "motions/")
    items = page.locator("li.ml-item")
    assert items.count() == 19
    assert page.locator(".ml-total").inner_text() == "19 motions"
    page.select_option("select[name=status]", "passed")
    visible = page.locator("li.ml-item:not([hidden])")
    assert visible.count() == 6
    assert page.locator(".ml-total").inner_text() == "6 of 19 motions shown"
    statuses = visible.evaluate_all("els => els.map(e => e.dataset.status)")
    assert set(statuses) == {"passed"}
    page.select_option("select[name=topic]", "Transport")
    assert visible.count() == 1
    page.select_option("select[name=status]", "")
    page.select_option("select[name=order]", "oldest")
    dates = visible.evaluate_all("els => els.map(e => e.dataset.date)")
    assert dates == sorted(dates) and len(dates) == 2


def test_phone_width_has_no_horizontal_scroll(browser, base_url, tmp_path):
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=1)
    page = context.new_page()
    for path in ("", "motions/", "motions/safe-staffing-nhs/", "motions/citizens-assembly/"):
        page.goto(base_url + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, (path, width)
    page.screenshot(path=tmp_path / "phone.png", full_page=True)
    context.close()


@pytest.mark.parametrize("path", ["", "motions/empty-homes-template/", "topics/", "motions/"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_nothing_of_ours(page, base_url, path, scheme):
    axe_module = pytest.importorskip("axe_playwright_python.sync_playwright")
    page.emulate_media(color_scheme=scheme)
    page.goto(base_url + path)
    violations = axe_module.Axe().run(page).response["violations"]
    ours = [
        (v["id"], [n["target"] for n in v["nodes"]])
        for v in violations
        if not all(THEME_VIOLATIONS.get(v["id"]) in n["target"] for n in v["nodes"])
    ]
    assert ours == []


PAYLOAD = "window.__xss = (window.__xss || 0) + 1"
HOSTILE = f"""\
---
title: "<img src=x onerror=\\"{PAYLOAD}\\">Hostile <script>{PAYLOAD}</script> title"
submitter: "<script>{PAYLOAD}</script>Evil Branch"
topic:
  - "\\"><svg onload={PAYLOAD.replace(" ", "")}>"
  - "<img src=x onerror='{PAYLOAD}'> Tagged"
  - Housing
status: submitted
meeting: "<a href='javascript:{PAYLOAD}'>click</a>"
summary: "'><img src=x onerror={PAYLOAD.replace(" ", "")}> summary"
supporters:
  - "<img src=x onerror='{PAYLOAD}'>"
  - "javascript:{PAYLOAD}"
  - "Hostile Supporter"
---

This body is clean; the front matter is not.
"""


def built_and_served(
    tmp_path_factory, name: str, files: dict, setting: tuple[str, str], engine: str = "mkdocs"
):
    """A small library built once, with one line of its mkdocs.yml changed, and served:
    (site folder, address, server)."""
    from motionlib.commands.build import build

    config = write_project(tmp_path_factory.mktemp(name), files)
    config.write_text(config.read_text().replace(*setting))
    site = build(config, engine=engine).site_dir
    server, url = serve(site)
    return site, url, server


@pytest.fixture(scope="module", params=["mkdocs", "zensical"])
def hostile_site(tmp_path_factory, request):
    no_topic_list = ("      topics: [Housing, Climate, Transport]\n", "")
    site, url, server = built_and_served(
        tmp_path_factory, "hostile", {"motions/hostile.md": HOSTILE}, no_topic_list, request.param
    )
    yield site, url
    server.shutdown()


def test_front_matter_payloads_never_run(page, hostile_site):
    site, url = hostile_site
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    pages = sorted(p.relative_to(site).parent.as_posix() for p in site.rglob("index.html"))
    assert "motions/hostile" in pages and len(pages) > 8
    for path in pages:
        page.goto(url + ("" if path == "." else path + "/"))
        page.wait_for_load_state("load")
        assert page.evaluate("window.__xss") is None, path
    page.goto(url)
    results = search(page, "Hostile")
    assert results.count() >= 1
    search(page, " Supporter")
    page.wait_for_timeout(300)
    assert page.evaluate("window.__xss") is None
    page.goto(url)
    search(page, "Tagged")  # a topic: Material shows it as a tag in the result
    page.wait_for_timeout(500)
    assert page.evaluate("window.__xss") is None
    page.goto(url + "motions/hostile/")
    assert "Hostile" in page.locator("h1").inner_text()
    assert "<script>" in page.locator("h1").inner_text()  # shown as text, not run
    assert page.title().startswith("<img src=x")
    assert dialogs == []
    feed = ET.parse(site / "feed.xml").getroot()  # well-formed: the payload is text in XML
    assert feed.find(f"{ATOM}entry/{ATOM}title").text.startswith("<img src=x onerror=")
    data = json.loads((site / "motions.json").read_text(encoding="utf-8"))
    assert data["documents"][0]["front_matter"]["submitter"].startswith("<script>")


def test_offline_copy_works_from_a_folder(browser, sample_copy, tmp_path):
    """--offline: open index.html from disk, search, follow a result, touch no network."""
    import sys

    from tests.conftest import ROOT

    target = tmp_path / "offline"
    command = [sys.executable, str(ROOT / "generate.py"), "build", "--offline"]
    command += ["-f", str(sample_copy / "mkdocs.yml"), "--site-dir", str(target)]
    subprocess.run(command, check=True, capture_output=True)
    html = (target / "index.html").read_text(encoding="utf-8")
    assert "iframe-worker-shim.js" in html and "unpkg.com" not in html
    context = browser.new_context()
    page = context.new_page()
    outside = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith("file://") else None)
    watch_csp(page)
    page.goto((target / "index.html").as_uri())
    results = search(page, "Wiśniewska")
    results.first.locator("a").first.click()
    page.wait_for_url(re.compile(r"motions/safe-staffing-nhs\.html"))
    assert page.locator("h1").inner_text() == "Safe staffing on every ward"
    assert outside == []
    assert csp_violations(page) == []
    context.close()


def test_status_badges_have_their_own_colours(page, base_url):
    page.goto(base_url + "motions/")
    colours = page.evaluate(
        """() => Object.fromEntries([...document.querySelectorAll('.ml-badge')].map(
            b => [b.textContent.trim(), getComputedStyle(b).color]))"""
    )
    link = page.evaluate("getComputedStyle(document.querySelector('.ml-item__title')).color")
    assert set(colours) >= {"Passed", "Submitted", "Template", "Withdrawn"}
    assert len(set(colours.values())) == len(colours)  # each status its own colour
    assert link not in colours.values()


def test_the_policy_stops_an_injected_inline_script(page, base_url):
    """Were a payload ever to reach a page, the browser would refuse to run it."""
    page.goto(base_url + "motions/bus-franchising/")
    page.evaluate(
        """() => { const s = document.createElement("script");
                   s.textContent = "window.__ran = 1"; document.body.append(s); }"""
    )
    page.wait_for_timeout(200)
    assert page.evaluate("window.__ran") is None
    assert any("script-src" in v for v in csp_violations(page))
    page.csp.clear()
    page.evaluate("window.__csp = []")


def test_home_page_leads_with_templates_and_a_search_box(page, base_url):
    page.goto(base_url)
    headings = page.locator("article h2").all_inner_texts()
    assert headings[:2] == ["Template motions", "Latest motions"]
    first_list = page.locator("ul.ml-list").first.locator("li.ml-item")
    assert set(first_list.evaluate_all("els => els.map(e => e.dataset.status)")) == {"template"}
    if page.locator("form.ml-search-form").count():  # Pagefind: a plain form, the search page
        page.fill("#ml-q", "Wisniewska")  # without the accent
        page.locator("form.ml-search-form button").click()
        page.wait_for_url(re.compile(r"/search/\?q=Wisniewska$"))
        results = page.locator("#ml-search-results li")
        # Pagefind shows a placeholder while a result's fragment loads: wait for its link.
        results.first.locator("a").wait_for(timeout=10_000)
        assert results.count() == 1
        assert page.locator("#ml-search-summary").inner_text() == "1 result for Wisniewska"
        assert "Wiśniewska" in results.first.inner_text()  # the snippet shows the match
        assert "Renée Dubois" not in results.first.inner_text()  # not another motion's names
    else:  # the box opens the engine's own search, with no script of ours
        if page.locator(".md-search__button").count():  # Zensical: its dialog, from a button
            page.locator("label.ml-searchbox").click()
            assert page.locator("dialog[open] input[role=combobox]").count() == 1
        results = search(page, "Wiśniewska", opener="label.ml-searchbox")
    assert "motions/safe-staffing-nhs/" in results.first.locator("a").first.get_attribute("href")


def test_a_long_briefing_has_a_contents_sidebar(page, base_url):
    page.set_viewport_size({"width": 1400, "height": 900})
    page.goto(base_url + "briefings/council-budget-guide/")
    toc = page.locator(".md-sidebar--secondary .md-nav__link")
    names = [" ".join(t.split()) for t in toc.all_inner_texts()]
    assert "Where the money comes from" in names and len(names) >= 3
    toc.filter(has_text="Questions to ask").first.click()
    page.wait_for_url(re.compile(r"#questions-to-ask$"))


def test_filters_round_trip_through_the_address(page, base_url):
    page.goto(base_url + "motions/")
    page.select_option("select[name=status]", "passed")
    page.select_option("select[name=topic]", "Transport")
    assert re.search(r"\?status=passed&topic=Transport$", page.url)
    assert page.locator(".ml-total").inner_text() == "1 of 19 motions shown"
    page.goto(page.url)  # reload, or a link shared by someone else
    assert page.locator("select[name=status]").input_value() == "passed"
    assert page.locator("select[name=topic]").input_value() == "Transport"
    assert page.locator("li.ml-item:not([hidden])").count() == 1
    options = page.locator("select[name=status] option").evaluate_all("os => os.map(o => o.value)")
    assert options[1:3] == ["template", "draft"]  # the library's order, not the alphabet


@pytest.mark.parametrize("width", [390, 1280])
def test_badges_and_topic_chips_are_readable(browser, base_url, width):
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    page.goto(base_url + "motions/")
    sizes = page.locator(".ml-badge, .ml-topic").evaluate_all(
        "els => els.map(e => parseFloat(getComputedStyle(e).fontSize))"
    )
    context.close()
    assert sizes and min(sizes) >= 12


ADAPTED = {
    "Branch name": "Kirkby North Branch",
    "Number": "412",
    "Council area": "Westbrook",
    "Proposed by": "A. Secretary",
    "Seconded by": "B. Member",
    "Branch / CLP": "Kirkby North Branch",
    "Date of meeting": "14 March 2027",
}


def test_adapt_a_template_motion_and_download_it_filled_in(browser, base_url, tmp_path):
    """A branch secretary fills the form: the page, the copied text and the Word file all carry
    the values; nothing of the placeholders is left; the values are remembered on reload."""
    import docx
    from docx.oxml.ns import qn

    context = browser.new_context(accept_downloads=True)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base_url.rstrip("/"))
    page = context.new_page()
    watch_csp(page)
    page.goto(base_url + "motions/empty-homes-template/")
    form = page.locator("form.ml-adapt")
    assert form.is_visible()
    labels = form.locator("label").all_inner_texts()
    assert labels == list(ADAPTED)
    for label, value in ADAPTED.items():
        form.get_by_label(label, exact=True).fill(value)
    body = page.locator(".ml-body").inner_text()
    assert "Kirkby North Branch notes" in body and "[[" not in body
    with page.expect_download() as download_info:
        form.get_by_role("button", name="Download Word, filled in").click()
    path = tmp_path / "adapted.docx"
    download_info.value.save_as(path)
    document = docx.Document(str(path))
    xml = document.element.body.xml
    text = "".join(t.text or "" for t in document.element.body.iter(qn("w:t")))
    assert "[[" not in text
    assert "Kirkby North Branch notes" in text and "412 homes in Westbrook" in text
    assert "Proposed by: A. Secretary" in text and "Date of meeting: 14 March 2027" in text
    assert "showingPlcHdr" not in xml
    placeholder = document.styles["Placeholder"].style_id
    assert f'w:val="{placeholder}"' not in xml  # no highlight left
    form.get_by_role("button", name="Copy text").click()
    page.locator(".ml-adapt__status").filter(has_text="Text copied.").wait_for()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("Bring empty homes back into use\n\nKirkby North Branch notes")
    assert "Seconded by: B. Member" in copied
    page.reload()
    assert form.get_by_label("Council area").input_value() == "Westbrook"
    assert "412 homes in Westbrook" in page.locator(".ml-body").inner_text()
    assert csp_violations(page) == []
    context.close()
    converted = libreoffice_text(path, tmp_path)  # LibreOffice opens it; the text is all there
    if converted is not None:
        assert "Kirkby North Branch notes" in converted and "[[" not in converted


def test_the_adapt_form_is_accessible_and_fits_a_phone(browser, base_url):
    axe_module = pytest.importorskip("axe_playwright_python.sync_playwright")
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(base_url + "motions/empty-homes-template/")
    assert page.locator("form.ml-adapt").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    violations = axe_module.Axe().run(page).response["violations"]
    ours = [
        v["id"]
        for v in violations
        if not all(THEME_VIOLATIONS.get(v["id"]) in n["target"] for n in v["nodes"])
    ]
    context.close()
    assert ours == []


def test_without_javascript_the_plain_downloads_remain(browser, base_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base_url + "motions/empty-homes-template/")
    assert not page.locator("form.ml-adapt").is_visible()
    assert page.locator("a[download]", has_text="Download Word").count() == 1
    context.close()


def many_motions(count: int) -> dict[str, str]:
    statuses = ["passed", "submitted", "rejected"]
    return {
        f"motions/m-{n:03d}.md": (
            f"---\ntitle: Motion number {n}\nsubmitter: Branch {n % 7}\ntopic: "
            f"{['Housing', 'Climate', 'Transport'][n % 3]}\nstatus: {statuses[n % 3]}\n"
            f"date: {2020 + n % 6}-03-{1 + n % 28:02d}\n---\n\nThis branch resolves {n}.\n"
        )
        for n in range(count)
    }


@pytest.fixture(scope="module")
def large_site(tmp_path_factory):
    no_exports = ("word_limit: 60", "exports: false")
    site, url, server = built_and_served(tmp_path_factory, "large", many_motions(130), no_exports)
    yield site, url
    server.shutdown()


def test_a_large_list_loads_its_rows_on_demand(page, large_site):
    site, url = large_site
    html = (site / "motions/index.html").read_text(encoding="utf-8")
    assert html.count('class="ml-item"') == 50
    page.goto(url + "motions/")
    assert page.locator(".ml-total").inner_text() == "130 motions: the newest 50 below"
    page.select_option("select[name=status]", "passed")
    page.locator(".ml-total").filter(has_text="of 130 motions shown").wait_for()
    assert page.locator(".ml-total").inner_text() == "44 of 130 motions shown"
    assert page.locator("li.ml-item:not([hidden])").count() == 44
    page.goto(url + "motions/?topic=Climate")  # a shared filtered address loads them too
    page.locator(".ml-total").filter(has_text="43 of 130 motions shown").wait_for()
    page.goto(url + "motions/")
    page.get_by_role("button", name="Show all 130 motions").click()
    page.locator("li.ml-item").nth(129).wait_for(state="attached")
    assert page.locator("li.ml-item").count() == 130


def test_without_javascript_every_motion_is_reached_by_year(browser, large_site):
    _, url = large_site
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(url + "motions/")
    years = page.locator("nav.ml-years a")
    assert years.all_inner_texts() == ["2025", "2024", "2023", "2022", "2021", "2020"]
    reached = set()
    for href in years.evaluate_all("els => els.map(e => e.href)"):
        page.goto(href)
        reached |= set(page.locator("a.ml-item__title").all_inner_texts())
    context.close()
    assert len(reached) == 130


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_a_large_topic_page_loads_its_own_rows_on_demand(page, tmp_path_factory, engine):
    """A topic page of more than 50 motions works as the all-motions page does, from its own
    rows file: filters and "Show all" reach every motion of the topic and no other."""
    files = {
        path: re.sub(r"topic: \w+", "topic: Housing", text)
        for path, text in many_motions(60).items()
    }
    files["motions/other.md"] = many_motions(1)["motions/m-000.md"].replace(
        "topic: Housing", "topic: Climate"
    )
    no_exports = ("word_limit: 60", "exports: false")
    _, url, server = built_and_served(tmp_path_factory, "topic", files, no_exports, engine)
    try:
        page.goto(url + "topics/housing/")
        assert page.locator(".ml-total").inner_text() == "60 motions: the newest 50 below"
        page.select_option("select[name=status]", "passed")
        page.locator(".ml-total").filter(has_text="of 60 motions shown").wait_for()
        assert page.locator(".ml-total").inner_text() == "20 of 60 motions shown"
        page.goto(url + "topics/housing/")
        page.get_by_role("button", name="Show all 60 motions").click()
        page.locator("li.ml-item").nth(59).wait_for(state="attached")
        assert page.locator("li.ml-item").count() == 60
    finally:
        server.shutdown()


def test_line_numbers_can_be_shown_and_match_the_text_lines(page, base_url, sample_build):
    """The switch shows the motion's text lines (the PDF's and Word file's), the text as adopted's
    too, remembered for the next motion opened; hidden, the text reflows as usual."""
    from motionlib.library.lines import lines_of

    item = next(r for r in sample_build[1].report.rendered if r.doc.slug == "warm-homes-insulation")
    page.goto(base_url + "motions/warm-homes-insulation/")
    page.locator("summary", has_text="The text as submitted").click()  # carried as amended
    button = page.locator(".ml-lines-switch button")
    assert button.get_attribute("aria-pressed") == "false"
    breaks = page.locator("#ml-body br.lb")
    assert breaks.first.evaluate("b => getComputedStyle(b).display") == "none"
    button.click()
    assert button.get_attribute("aria-pressed") == "true"
    assert breaks.first.evaluate("b => getComputedStyle(b).display") != "none"
    shown = page.locator("#ml-body .ln").evaluate_all(
        "els => els.map(e => getComputedStyle(e, '::before').content.replace(/\"/g, ''))"
    )
    assert shown == [str(n) for n, _ in lines_of(item.tree)]
    adopted = page.locator("#ml-adopted .ln").evaluate_all(  # above it, with lines of its own
        "els => els.map(e => getComputedStyle(e, '::before').content.replace(/\"/g, ''))"
    )
    assert adopted == [str(n) for n, _ in lines_of(item.adopted)] and len(adopted) > 5
    ids = page.locator("[id]").evaluate_all("els => els.map(e => e.id)")
    assert len(ids) == len(set(ids)) and "A1" in ids and "L1" in ids  # #L12 is the submitted
    button.click()
    assert "ml-lines" not in page.locator("#ml-adopted").get_attribute("class")
    button.click()
    page.goto(base_url + "motions/bus-franchising/")
    assert page.locator(".ml-lines-switch button").get_attribute("aria-pressed") == "true"
    assert "ml-lines" in page.locator("#ml-body").get_attribute("class")


def test_search_results_lead_into_a_site_hosted_below_the_root(page, sample_build):
    """Published at https://example.org/motions/, results must lead to /motions/…, not /…."""
    site = sample_build[1].site_dir
    server, url = serve(site.parent)
    try:
        page.goto(f"{url}{site.name}/search/?q=Harbourside")
        link = page.locator("#ml-search-results li a").first
        link.wait_for(timeout=10_000)
        assert link.get_attribute("href") == f"/{site.name}/motions/safe-staffing-nhs/"
        link.click()
        assert page.locator("h1").inner_text() == "Safe staffing on every ward"
    finally:
        server.shutdown()
