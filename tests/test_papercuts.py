"""What a new member, branch officer and editor tripped on (issue 26), each with its test: the
site's items in Chromium at a phone's and a desktop's width, with both engines."""

from __future__ import annotations

import subprocess

import pytest

from motionlib.commands.build import build
from tests.conftest import tool
from tests.test_browser import base_url, browser, page  # noqa: F401  (fixtures)

WIDTHS = [390, 1280]


@pytest.mark.parametrize("width", WIDTHS)
def test_date_lists_are_newest_first_and_the_home_page_is_titled_once(page, base_url, width):  # noqa: F811
    page.set_viewport_size({"width": width, "height": 900})
    for path in ("motions/", ""):
        page.goto(base_url + path)
        dates = page.locator("li.ml-item").evaluate_all("els => els.map(e => e.dataset.date)")
        statuses = page.locator("li.ml-item").evaluate_all("els => els.map(e => e.dataset.status)")
        dated = [d for d, s in zip(dates, statuses, strict=True) if s != "template" or path]
        assert dated == sorted(dated, reverse=True), (path, dated)
    page.goto(base_url)
    assert page.title() == "Motions Library"
    page.goto(base_url + "motions/")
    assert page.title() == "All motions - Motions Library"


def test_a_meeting_page_keeps_its_agenda_order(tmp_path, project):
    from tests.test_agenda import LETTERS, agenda_library, titles_on

    site = build(agenda_library(project)).site_dir
    assert titles_on(site, "meetings/lettered-conference") == [
        f"Motion {n}: Clause {n}" for n in LETTERS
    ]
    everything = titles_on(site, "motions")
    assert everything != sorted(everything)  # by date, not by agenda


BOOK = """\
---
title: {title}
submitter: Riverside Branch
topic: Housing
status: submitted
meeting: Annual Conference 2026
number: {number}
date: 2026-0{month}-10
{extra}---

This conference resolves {title}.
"""


def test_a_book_cover_counts_amendments_apart_and_gives_the_meeting_date(project):
    config = project(
        {
            "motions/a.md": BOOK.format(title="Homes", number="A", month=3, extra=""),
            "motions/b.md": BOOK.format(title="Buses", number="B", month=4, extra=""),
            "motions/a1.md": BOOK.format(
                title="More homes",
                number="A1",
                month=5,
                extra="amends: a\nchanges:\n  - {insert_after: 'resolves', text: 'quickly'}\n",
            ),
        }
    )
    text = config.read_text().replace("word_limit: 60", "books: [meeting]")
    config.write_text(
        text + "      meetings:\n        - {name: Annual Conference 2026, date: 2026-09-20}\n"
    )
    site = build(config).site_dir
    book = site / "downloads" / "books" / "meeting-annual-conference-2026.pdf"

    def page_text(number: int) -> str:
        run = [tool("pdftotext"), "-f", str(number), "-l", str(number), str(book), "-"]
        return " ".join(subprocess.run(run, capture_output=True, text=True).stdout.split())

    cover, contents = page_text(1), page_text(2)
    assert "2 motions and 1 amendment · 20 September 2026" in cover
    assert "10 May 2026" not in cover  # the newest motion's date is not the meeting's
    assert contents.count("Test Library") == 1  # the footer; the header names the book
    assert "Motion book" in contents and "Motions: Annual Conference 2026" in contents


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("query", ["Malgorzata", "Yildiz", "Wisniewska", "Małgorzata"])
def test_search_without_accents_finds_letters_that_do_not_decompose(
    page,  # noqa: F811
    base_url,  # noqa: F811
    query,
    width,
):
    from tests.test_browser import search

    page.set_viewport_size({"width": width, "height": 900})
    page.goto(base_url)
    if not page.locator("a.ml-search-button").count():  # Zensical's own dialog, opened at
        page.set_viewport_size({"width": 1280, "height": 900})  # its desktop button
    hrefs = search(page, query).locator("a").evaluate_all("els => els.map(e => e.href)")
    assert any("motions/safe-staffing-nhs/" in h for h in hrefs[:5]), (query, hrefs)


def test_folding_covers_the_letters_members_write():
    from motionlib.model.folding import fold, folded_words

    assert fold("Małgorzata Łukaszewski, Emre Yıldız, Søren Østergaard, Đorđe, Straße") == (
        "Malgorzata Lukaszewski, Emre Yildiz, Soren Ostergaard, Dorde, Strasse"
    )
    assert fold("Cæcilie, Œuvre, Þóra") == "Caecilie, OEuvre, Thora"
    assert folded_words("Wiśniewska and Yıldız", "Małgorzata") == "Malgorzata Yildiz"


def hand_typed(path):
    """A motion as a branch secretary types it: bold part headings, proposer and seconder."""
    import docx

    document = docx.Document()
    document.add_paragraph("Save Eastfield's libraries", style="Title")
    document.add_paragraph().add_run("This branch notes:").bold = True
    document.add_paragraph("That two of the ward's three libraries are to close.")
    document.add_paragraph().add_run("This branch resolves").bold = True
    document.add_paragraph("To oppose the closures.")
    document.add_paragraph().add_run("A bold sentence that is text.").bold = True
    document.add_paragraph("Proposer: Amina Yusuf")
    document.add_paragraph("Seconder: Tom Briggs")
    document.save(path)
    return path


def test_word_import_reads_what_branches_type(project, tmp_path):
    from click.testing import CliRunner

    from motionlib.commands.cli import main

    config = project({})
    source = hand_typed(tmp_path / "eastfield.docx")
    result = CliRunner().invoke(main, ["import", str(source), "-f", str(config)])
    assert result.exit_code == 1  # written, but check needs a topic
    path = config.parent / "motions" / "save-eastfields-libraries.md"
    assert "topic: is missing" in result.output and str(path) in result.output
    text = path.read_text()
    assert "\n## This branch notes\n" in text and "\n## This branch resolves\n" in text
    assert "**A bold sentence that is text.**" in text
    assert "submitter: Amina Yusuf\n" in text
    assert "supporters:\n- Amina Yusuf\n- Tom Briggs\n" in text
    assert "Proposer" not in text and "Seconder" not in text
    path.unlink()
    result = CliRunner().invoke(
        main, ["import", str(source), "-f", str(config), "--topic", "Housing"]
    )
    assert result.exit_code == 0, result.output
    assert "topic:\n- Housing\n" in path.read_text()


def test_a_missing_dependency_is_one_line_not_a_traceback():
    """generate.py run by a Python without the dependencies (-S: no site-packages, as the
    system's Python outside the virtual environment) says what to do in one line."""
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    run = subprocess.run(
        [sys.executable, "-S", str(root / "generate.py"), "check"],
        capture_output=True,
        text=True,
        cwd=root,
    )
    assert run.returncode == 1
    assert "Traceback" not in run.stderr
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("generate.py: ") and "has no '" in lines[0]
    assert "`.venv/bin/python generate.py …`" in lines[0]


SERVED = """\
---
title: {title}
submitter: Riverside Branch
topic: Housing
status: {status}
{extra}---

This branch resolves to act on {title}.
"""


def _get(url: str, timeout: float = 10) -> str:
    import urllib.request

    with urllib.request.urlopen(url, timeout=timeout) as response:  # a hang fails the test
        return response.read().decode("utf-8")


def _until(check, seconds: float = 60):
    import time

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            found = check()
        except OSError:
            found = None
        if found:
            return found
        time.sleep(0.3)
    raise AssertionError("the preview never got there")


def test_serve_keeps_the_last_good_site_and_shows_the_real_error(project, tmp_path):
    import socket
    import sys
    from pathlib import Path

    config = project(
        {
            "motions/buses.md": SERVED.format(title="Buses", status="submitted", extra=""),
            "motions/routes.md": SERVED.format(
                title="Routes", status="submitted", extra="composited_into: buses\n"
            ),
        }
    )
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    root = Path(__file__).resolve().parent.parent
    log = open(tmp_path / "serve.log", "w+")  # noqa: SIM115
    process = subprocess.Popen(
        [
            sys.executable,
            str(root / "generate.py"),
            "serve",
            "-f",
            str(config),
            "-a",
            f"127.0.0.1:{port}",
        ],
        cwd=config.parent,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}/motions/routes/"
    try:
        _until(lambda: "Routes" in _get(url))
        broken = config.parent / "motions" / "buses.md"
        broken.write_text(SERVED.format(title="Buses", status="pased", extra=""))
        page = _until(lambda: (text := _get(url)) and "ml-preview-problems" in text and text)
        assert "This preview shows the last good version" in page
        assert "motions/buses.md:5: status:" in page and "Routes" in page
        log.seek(0)
        output = log.read()
        assert "motions/buses.md:5: status:" in output
        assert "there is no motion" not in output  # only the real error
        broken.write_text(SERVED.format(title="Buses", status="submitted", extra=""))
        _until(lambda: "ml-preview-problems" not in _get(url))
    finally:
        process.terminate()
        process.wait(timeout=20)
        log.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_adapt_print_gives_what_the_word_file_gives(browser, base_url, width):  # noqa: F811
    from tests.test_browser import ADAPTED

    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()  # noqa: F811  (its own context: a print stub, a width)
    page.add_init_script("window.print = () => { window.__printed = true; };")
    page.goto(base_url + "motions/empty-homes-template/")
    form = page.locator("form.ml-adapt")
    for label, value in ADAPTED.items():
        form.get_by_label(label, exact=True).fill(value)
    context_of = page.locator(
        "#" + form.get_by_label("Number", exact=True).get_attribute("aria-describedby")
    )
    assert context_of.inner_text() == "“That there are ___ homes in … that…”"  # which number
    filled = page.locator(".ml-body mark.ml-filled").first
    assert filled.evaluate("m => getComputedStyle(m).paddingLeft") == "0px"  # no extra spaces
    form.get_by_role("button", name="Print").click()
    assert page.evaluate("window.__printed") is True
    page.emulate_media(media="print")
    for hidden in (".ml-kind", ".ml-meta", ".ml-lines-switch", ".ml-adopted", "form.ml-adapt"):
        assert not page.locator(hidden).first.is_visible(), hidden
    assert not page.get_by_role("heading", name="Adopted by").is_visible()
    assert page.locator("h1").first.is_visible()
    assert "Kirkby North Branch notes" in page.locator(".ml-body").inner_text()
    closing = page.locator(".ml-closing")
    assert closing.is_visible()
    for dt, dd in zip(closing.locator("dt").all(), closing.locator("dd").all(), strict=True):
        top_dt, top_dd = dt.bounding_box()["y"], dd.bounding_box()["y"]
        assert abs(top_dt - top_dd) < 4, (dt.inner_text(), top_dt, top_dd)  # on one line
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    page.emulate_media(media="screen")
    assert page.locator(".ml-meta").is_visible()
    context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_the_contents_name_a_placeholder_heading_without_brackets(page, base_url, width):  # noqa: F811
    page.set_viewport_size({"width": width, "height": 900})  # a phone: in the drawer
    page.goto(base_url + "motions/empty-homes-template/")
    names = page.locator("nav.md-nav--secondary a").all_text_contents()
    names = [" ".join(name.split()) for name in names]
    assert "Branch name notes" in names and not [n for n in names if "[[" in n], names


def test_a_word_file_prints_a_links_address(tmp_path):
    import io
    import zipfile

    from motionlib.exports.word.writer import docx_bytes
    from motionlib.model.schema import Settings
    from tests.conftest import libreoffice_text, render_motion

    item = render_motion(tmp_path, "See [the campaign's page](https://example.org/housing).\n")
    data = docx_bytes(item, Settings()).value
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    assert (
        'w:val="LinkAddress"/></w:rPr><w:t xml:space="preserve"> (https://example.org/housing)'
        in xml
    )
    path = tmp_path / "m.docx"
    path.write_bytes(data)
    printed = libreoffice_text(path, tmp_path)
    if printed is not None:
        assert "See the campaign's page (https://example.org/housing)." in printed


def _contrast(locator) -> float:
    """WCAG contrast of an element's text colour on its own background colour."""
    return locator.evaluate(
        """e => {
          const rgb = c => c.match(/[\\d.]+/g).slice(0, 3).map(Number);
          const lum = c => { const [r, g, b] = rgb(c).map(v => { v /= 255;
            return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
            return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
          const s = getComputedStyle(e), a = lum(s.color), b = lum(s.backgroundColor);
          return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
        }"""
    )


@pytest.mark.parametrize("width", WIDTHS)
def test_the_site_is_in_the_librarys_font_and_the_pressed_button_reads_when_hovered(
    page,  # noqa: F811
    base_url,  # noqa: F811
    width,
):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(base_url + "motions/safe-staffing-nhs/")
    family = page.locator("body").evaluate("e => getComputedStyle(e).fontFamily")
    assert family.startswith('"Source Sans Pro"'), family
    page.wait_for_function("document.fonts.check('16px \"Source Sans Pro\"')")
    button = page.locator(".ml-lines-switch button")
    if button.get_attribute("aria-pressed") != "true":
        button.click()
    assert button.get_attribute("aria-pressed") == "true"
    button.hover()
    page.wait_for_timeout(400)  # Material's transition
    assert _contrast(button) >= 4.5


@pytest.mark.parametrize("width", WIDTHS)
def test_an_amendments_line_link_opens_the_motion_at_that_line_numbered(
    page,  # noqa: F811
    base_url,  # noqa: F811
    width,
):
    """Issue 24, point 7: 'At line 11' links to the motion's line 11, line numbers shown."""
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(base_url + "motions/warm-homes-amendment/")
    link = page.locator("ol.ml-changes a").first
    target = link.inner_text()
    quoted = link.locator("xpath=..").inner_text().split("“")[1].split("”")[0]
    assert target.startswith("At line ")
    number = target.removeprefix("At line ")
    link.click()
    page.wait_for_url(f"**/motions/warm-homes-insulation/#L{number}")
    assert page.locator(".ml-lines-switch button").get_attribute("aria-pressed") == "true"
    line = page.locator(f"#L{number}")
    assert line.get_attribute("data-line") == number
    shown = line.evaluate("e => getComputedStyle(e, '::before').content")
    assert shown == f'"{number}"', shown  # its number is shown beside it
    assert page.locator("#ml-body").evaluate("b => b.classList.contains('ml-lines')")
    box = line.bounding_box()
    assert box is not None and 0 <= box["y"] <= 900  # in view
    assert quoted in page.locator("#ml-body").inner_text()  # the words the change quotes


def test_zensicals_search_shows_titles_and_text_not_buttons(sample_zensical):
    """Issue 26, item 2: no &#x27; in its titles, no download sizes or button labels in its
    excerpts (data-search-exclude, which Zensical's index honours)."""
    import json

    site = sample_zensical[1].site_dir
    items = json.loads((site / "search.json").read_text(encoding="utf-8"))["items"]
    pages = {item["location"]: item for item in items if item["level"] == 1}
    assert (
        pages["motions/tenants-union-support/"]["title"] == "Support the renters' union in our town"
    )
    assert not [item for item in items if "&#x27;" in item["title"]]
    text = pages["motions/safe-staffing-nhs/"]["text"]
    for label in ("Download PDF", "Download Word", "Line numbers", "Copy link"):
        assert label not in text, label
    assert "Harbourside CLP" in text and "Małgorzata Wiśniewska" in text  # still searchable


@pytest.mark.parametrize("width", WIDTHS)
def test_search_results_show_the_matching_text_with_the_facts_on_their_own_line(
    page,  # noqa: F811
    base_url,  # noqa: F811
    width,
):
    """Issue 26, item 3: the excerpt is the motion's words, not its details run together; who
    submitted it and its status are the result's own line (Pagefind; Zensical: its excerpt)."""
    from tests.test_browser import search

    page.set_viewport_size({"width": width, "height": 900})
    page.goto(base_url)
    if not page.locator("a.ml-search-button").count():  # Zensical's own dialog, opened at
        page.set_viewport_size({"width": 1280, "height": 900})  # its desktop button
    results = search(page, "nurses")
    first = results.first
    text = " ".join(first.inner_text().split())
    assert "nurses" in text.lower() and "Submitted by" not in text and "Length" not in text
    if page.locator("#ml-search-results").count():  # Pagefind's list: the facts line
        facts = first.locator(".ml-search-result__facts").inner_text()
        assert facts == "Harbourside CLP · Submitted · 2 June 2026"
    page.goto(base_url)
    hrefs = search(page, "Harbourside").locator("a").evaluate_all("els => els.map(e => e.href)")
    assert any("motions/safe-staffing-nhs/" in h for h in hrefs[:3])  # still found by submitter


def test_word_import_reads_an_amendments_changes_back(project, tmp_path):
    """Issue 26, item 12: the 'Changes' list our Word files write becomes changes: again, and
    the imported amendment checks against the motion it amends; a sentence that cannot be read
    is a warning that says how to write it."""
    import docx

    from motionlib.exports.word.reader import import_docx
    from tests.test_amendments import library

    config = library(project)
    site = build(config).site_dir
    imported = import_docx(site / "downloads" / "motions" / "faster.docx")
    mayor = "the mayor and the combined authority"
    publish = "To publish the results of the assessment."
    assert imported.fields["changes"] == [
        {"delete": "within five years", "line": 2},  # as the schema holds it (stripped)
        {"replace": "the combined authority", "with": mayor, "line": 2},
        {"insert_after": "a fare cap for under-25s.", "text": publish, "line": 5},
    ]
    assert imported.warnings == []
    typed = docx.Document(str(site / "downloads" / "motions" / "faster.docx"))
    typed.add_paragraph("Change the tone of the whole motion.")  # not one of the forms
    path = tmp_path / "typed.docx"
    heading = next(p for p in typed.paragraphs if p.text == "Changes")
    heading._p.addnext(typed.paragraphs[-1]._p)  # the typed sentence, first in the list
    typed.save(path)
    warned = import_docx(path).warnings
    assert any(
        "the change 'Change the tone of the whole motion.' could not be read, so it was left out"
        in w
        for w in warned
    ), warned
