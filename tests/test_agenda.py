"""Agenda numbers: meetings list their motions in agenda order, titles carry the number, and a
library may keep a controlled list of meetings."""

from __future__ import annotations

import random
import subprocess

import docx
import lxml.html
from click.testing import CliRunner

from motionlib.commands.build import build
from motionlib.commands.cli import main
from motionlib.model.addresses import agenda_key
from tests.conftest import tool

LETTERS = list("ABCDEFGHI")
NUMBERS = [str(n) for n in range(1, 13)]


def motion(number: str, meeting: str, day: int) -> str:
    return (
        f"---\ntitle: Clause {number}\nsubmitter: Branch {number}\ntopic: Housing\n"
        f"status: submitted\nmeeting: {meeting}\nnumber: {number}\ndate: 2026-03-{day:02d}\n"
        f"---\n\nThis conference resolves {number}.\n"
    )


def agenda_library(project):
    rng = random.Random(7)
    files = {}
    for meeting, numbers in (("Lettered Conference", LETTERS), ("Numbered Conference", NUMBERS)):
        for number in numbers:
            slug = f"{meeting.split()[0].lower()}-{number.lower()}"
            files[f"motions/{slug}.md"] = motion(number, meeting, rng.randint(1, 28))
    config = project(files)
    config.write_text(config.read_text().replace("word_limit: 60", "books: [meeting]"))
    return config


def titles_on(site, path: str) -> list[str]:
    page = lxml.html.fromstring((site / path / "index.html").read_text(encoding="utf-8"))
    return page.xpath("//a[@class='ml-item__title']/text()")


def test_natural_agenda_order():
    assert sorted(["10", "2", "1"], key=agenda_key) == ["1", "2", "10"]
    assert sorted(["C12", "C2", "B", "A"], key=agenda_key) == ["A", "B", "C2", "C12"]
    assert sorted(["2", None, "1"], key=agenda_key) == ["1", "2", None]


def test_meeting_pages_and_books_follow_the_agenda(project, tmp_path):
    config = agenda_library(project)
    site = build(config).site_dir
    assert titles_on(site, "meetings/lettered-conference") == [
        f"Motion {n}: Clause {n}" for n in LETTERS
    ]
    assert titles_on(site, "meetings/numbered-conference") == [
        f"Motion {n}: Clause {n}" for n in NUMBERS
    ]
    pdftotext = tool("pdftotext")
    book = site / "downloads/books/meeting-numbered-conference.pdf"
    text = subprocess.run([pdftotext, "-raw", str(book), "-"], capture_output=True, text=True)
    contents = [line for line in text.stdout.splitlines() if line.startswith("Motion ")]
    assert contents[:12] == [f"Motion {n}: Clause {n}" for n in NUMBERS]  # contents, in order
    rows = lxml.html.fromstring((site / "meetings/lettered-conference/index.html").read_text())
    assert rows.xpath("//li[@class='ml-item'][1]//span[@class='ml-item__downloads']/a/text()") == [
        "PDF",
        "Word",
    ]


def test_the_number_is_in_the_title_everywhere_and_imports_back(project, tmp_path):
    config = agenda_library(project)
    site = build(config).site_dir
    page = lxml.html.fromstring((site / "motions/lettered-a/index.html").read_text())
    assert page.xpath("//article//h1/text()") == ["Motion A: Clause A"]
    word = docx.Document(str(site / "downloads/motions/lettered-a.docx"))
    assert [p.text for p in word.paragraphs if p.style.name == "Title"] == ["Motion A: Clause A"]
    source = tmp_path / "a.docx"
    source.write_bytes((site / "downloads/motions/lettered-a.docx").read_bytes())
    (config.parent / "motions/lettered-a.md").unlink()
    result = CliRunner().invoke(main, ["import", str(source), "-f", str(config)])
    assert result.exit_code == 0, result.output
    text = (config.parent / "motions/clause-a.md").read_text()
    assert "title: Clause A\n" in text and "number: A\n" in text


MEETINGS = """\
      meetings:
        - {name: Annual Conference 2026, date: 2026-09-20, place: Leeds}
        - {name: Spring Forum 2026}
"""


def test_a_controlled_list_of_meetings(project):
    body = (
        "---\ntitle: T\nsubmitter: S\ntopic: Housing\nstatus: submitted\nmeeting: {}\n---\n\n"
        "Text.\n"
    )
    config = project(
        {
            "motions/a.md": body.format("Annual Conference 2026"),
            "motions/b.md": body.format("Annual conference 2026"),
        }
    )
    config.write_text(config.read_text().replace("      word_limit: 60\n", MEETINGS))
    result = CliRunner().invoke(main, ["check", "-f", str(config)])
    assert result.exit_code == 1
    assert (
        "motions/b.md:6: meeting: 'Annual conference 2026' is not one of the library's meetings "
        "(allowed: Annual Conference 2026, Spring Forum 2026); did you mean 'Annual Conference "
        "2026'?"
    ) in result.output
    (config.parent / "motions/b.md").unlink()
    site = build(config).site_dir
    page = lxml.html.fromstring((site / "meetings/annual-conference-2026/index.html").read_text())
    assert page.xpath("//p[@class='ml-meeting']")[0].text_content() == "20 September 2026 · Leeds"


def test_a_malformed_meeting_list_is_a_clear_error(project):
    config = project({})
    config.write_text(
        config.read_text().replace(
            "      word_limit: 60\n", "      meetings:\n        - {date: 1}\n"
        )
    )
    result = CliRunner().invoke(main, ["check", "-f", str(config)])
    assert result.exit_code == 1
    assert "plugins: motions: meetings: item 1: write 'name: …'" in result.output


def test_a_meeting_book_places_each_amendment_after_its_motion(project):
    from motionlib.exports.bundles import amendments_after_their_motions
    from motionlib.library.checks import check_library
    from motionlib.library.load import load_library
    from motionlib.model.schema import Settings

    def motion_file(title, extra=""):
        return (
            f"---\ntitle: {title}\nsubmitter: S\ntopic: Housing\nstatus: submitted\n"
            f"meeting: M\n{extra}---\n\nText of {title}.\n"
        )

    config = project(
        {
            "motions/a.md": motion_file("Alpha", "number: 1\n"),
            "motions/b.md": motion_file("Beta", "number: 2\n"),
            "motions/b-amendment.md": motion_file("Beta amended", "amends: b\n"),
            "motions/a-amendment.md": motion_file("Alpha amended", "amends: a\n"),
        }
    )
    library = load_library(config.parent, Settings())
    rendered, _ = check_library(library)
    ordered = sorted(rendered, key=lambda r: agenda_key(r.doc.meta.number))
    result = amendments_after_their_motions(ordered)
    assert [r.doc.slug for r in result] == ["a", "a-amendment", "b", "b-amendment"]


def test_the_sample_conference_lists_its_lettered_motions_and_amendments(sample_build):
    """The sample library's Regional Conference: motions A–C, then C's two amendments, then
    Composite 1 and motions D–F, on the meeting page and in its motion book's contents."""
    site = sample_build[1].site_dir
    page = lxml.html.parse(str(site / "meetings/regional-conference-2026/index.html"))
    titles = [" ".join(t.split()) for t in page.xpath("//a[@class='ml-item__title']/text()")]
    agenda = ["Motion A", "Motion B", "Motion C", "Amendment C1", "Amendment C2", "Composite 1"]
    agenda += ["Motion D", "Motion E", "Motion F"]
    assert [t.split(":")[0] for t in titles] == agenda, titles
    from pypdf import PdfReader

    book = PdfReader(site / "downloads/books/meeting-regional-conference-2026.pdf")
    assert [item.title for item in book.outline] == titles
