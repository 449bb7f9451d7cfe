"""After the vote (issue 24) on the sample library's Regional Conference and on small libraries
made here: each meeting's decisions in every form, the tracked Word file of a carried motion,
composites with their sources, versions from git history, new clauses and amendments that
keep their formatting and line numbers."""

from __future__ import annotations

import csv
import re
import subprocess

import docx
import lxml.html
from docx.oxml.ns import qn

from motionlib.commands.build import build
from tests.conftest import numbers_of, tool, tracked_texts
from tests.test_check import run_check

CONFERENCE = "meetings/regional-conference-2026"
C_SUBMITTED = (
    "1. To call on every council we lead to publish a warm homes map, street by street, "
    "within a year. 2. To start with streets where fuel poverty is highest, whatever the "
    "tenure. 3. To ask the regional board to report progress to next year's conference."
)
C_ADOPTED = (  # C with exactly C1's two changes: nothing of the lost C2
    C_SUBMITTED.replace("within a year", "within six months").replace(
        "whatever the tenure.",
        "whatever the tenure and with tenants' rents protected for three years after the work.",
    )
)
DECIDED = [
    ("Motion A", "Composited into Take back control of our buses"),
    ("Motion B", "Remitted to the Regional Executive Committee, to report back to the next "
     "conference · 13 June 2026"),
    ("Motion C", "Passed, as amended by Amendment C1 (lost: Amendment C2) · For 212, against "
     "38, abstentions 11 · 13 June 2026"),
    ("Amendment C1", "Passed · For 164, against 93, abstentions 7 · 13 June 2026"),
    ("Amendment C2", "Rejected · Card vote: CLPs 41.2% for, 58.8% against; Affiliates 35% for, "
     "65% against · 13 June 2026"),
    ("Composite 1", "Passed · For 231, against 12, abstentions 5 · 13 June 2026"),
    ("Motion D", "Composited into Composite 1: Fund youth services properly"),
    ("Motion E", "Composited into Composite 1: Fund youth services properly"),
    ("Motion F", "Rejected · For 41, against 187, abstentions 9 · 14 June 2026"),
]  # fmt: skip


def squash(text: str) -> str:
    return " ".join(text.split())


def pdf_text(path, layout: bool = False) -> str:
    """The PDF's words (with `layout`, each margin number on its line's row)."""
    command = [tool("pdftotext"), *(["-layout"] if layout else []), str(path), "-"]
    return squash(subprocess.run(command, capture_output=True, text=True).stdout)


def in_order(text: str, pieces: list[str]) -> bool:
    position = 0
    for piece in pieces:
        position = text.find(piece, position)
        if position < 0:
            return False
    return True


def test_the_conference_decisions_page_pdf_word_and_csv_list_every_item(sample_build):
    site = sample_build[1].site_dir
    page = lxml.html.parse(str(site / CONFERENCE / "decisions/index.html"))
    titles = [squash(t) for t in page.xpath("//p[@class='ml-decision__title']/a/text()")]
    outcomes = [squash(o.text_content()) for o in page.xpath("//p[@class='ml-decision__outcome']")]
    assert [(t.split(":")[0], o) for t, o in zip(titles, outcomes, strict=True)] == DECIDED
    downloads = page.xpath("//p[@class='ml-downloads']/a/@href")
    assert [h.rsplit("/", 1)[-1] for h in downloads] == [
        "decisions-meeting-regional-conference-2026.pdf",
        "decisions-meeting-regional-conference-2026.docx",
        "report-back-meeting-regional-conference-2026.docx",
    ]
    rows = list(csv.DictReader((site / CONFERENCE / "results.csv").open(encoding="utf-8")))
    assert [(r["number"], r["kind"], r["status"]) for r in rows] == [
        ("A", "motion", "composited"), ("B", "motion", "remitted"), ("C", "motion", "passed"),
        ("C1", "amendment", "passed"), ("C2", "amendment", "rejected"),
        ("Composite 1", "composite", "passed"), ("D", "motion", "composited"),
        ("E", "motion", "composited"), ("F", "motion", "rejected"),
    ]  # fmt: skip
    assert rows[2]["for"] == "212" and rows[2]["as_amended_by"] == "Amendment C1"
    assert rows[1]["referred_to"].startswith("the Regional Executive Committee")
    assert rows[6]["composited_into"] == "youth-services-composite"
    assert rows[4]["card_vote"].startswith("Card vote: CLPs 41.2% for")
    printed = pdf_text(site / "downloads/books/decisions-meeting-regional-conference-2026.pdf")
    assert in_order(printed, [*titles, "Rejected. For 41, against 187, abstentions 9"])
    assert in_order(printed, ["Motion C:", "The text as adopted", C_ADOPTED, "Amendment C1:"])
    word = docx.Document(
        str(site / "downloads/word/decisions-meeting-regional-conference-2026.docx")
    )
    paragraphs = [squash(p.text) for p in word.paragraphs]
    assert [p for p in paragraphs if p in titles] == titles
    assert (
        "Passed, as amended by Amendment C1 (lost: Amendment C2). For 212, against 38, "
        "abstentions 11. 13 June 2026" in paragraphs
    )
    assert C_ADOPTED.replace("1. ", "").replace(" 2. ", " ").replace(" 3. ", " ") in " ".join(
        paragraphs
    )


def test_the_report_back_form_has_two_fields_per_item(sample_build):
    site = sample_build[1].site_dir
    path = site / "downloads/word/report-back-meeting-regional-conference-2026.docx"
    body = docx.Document(str(path)).element.body
    tags = [t.get(qn("w:val")) for t in body.iter(qn("w:tag"))]
    assert tags[:2] == ["Delegate", "Branch / CLP"]
    assert tags[2:] == ["Our delegation voted", "Comment"] * len(DECIDED)


def test_the_adopted_text_of_c_is_cs_text_with_c1_applied_everywhere(sample_build):
    site = sample_build[1].site_dir
    page = lxml.html.parse(str(site / "motions/warm-homes-insulation/index.html"))
    adopted = page.xpath("//div[contains(@class, 'ml-adopted-text')]")[0]
    items = [squash(li.text_content()) for li in adopted.iter("li")]
    resolves = " ".join(f"{n}. {t}" for n, t in enumerate(items[2:], 1))
    assert resolves == C_ADOPTED
    printed = pdf_text(site / "downloads/motions/warm-homes-insulation.pdf")
    annex = printed.index("The text as submitted", printed.index("follow it."))
    assert re.sub(r"\b\d{1,2} (?=[A-Z0-9])", "", printed[:annex]).count("within six months") == 1
    assert "rents protected for three years after the work" in printed[:annex]
    assert "within a year" in printed[annex:]
    word = docx.Document(str(site / "downloads/motions/warm-homes-insulation.docx"))
    texts = [squash(p.text) for p in word.paragraphs if p.style.name == "List Number"]
    assert " ".join(f"{n}. {t}" for n, t in enumerate(texts, 1)) == C_ADOPTED


def test_the_tracked_file_accepts_to_adopted_and_rejects_to_submitted(sample_build, tmp_path):
    site = sample_build[1].site_dir
    path = site / "downloads/motions/warm-homes-insulation-tracked.docx"
    body = docx.Document(str(path)).element.body
    paragraphs = list(body.iter(qn("w:p")))
    accepted, rejected = (tracked_texts(paragraphs, accept) for accept in (True, False))
    numbered = [p for p in paragraphs if numbers_of([p], True)]
    clauses = [squash(t) for t in tracked_texts(numbered, True)]
    assert " ".join(f"{n}. {t}" for n, t in enumerate(clauses, 1)) == C_ADOPTED
    assert " ".join(rejected).count("within a year") == 1 and "six months" not in " ".join(rejected)
    assert "within six months" in " ".join(accepted) and "within a year" not in " ".join(accepted)
    assert numbers_of(paragraphs, True) == numbers_of(paragraphs, False) == ["1", "2", "3"]
    assert not body.findall(f".//{qn('w:pPr')}//{qn('w:ins')}")  # run-level changes only
    assert not body.findall(f".//{qn('w:pPr')}//{qn('w:del')}")
    authors = {e.get(qn("w:author")) for e in body.iter(qn("w:ins"), qn("w:del"))}
    assert authors == {"Eastwick Young Members"}  # C1's submitter, for every change
    copy = tmp_path / "tracked.docx"
    copy.write_bytes(path.read_bytes())
    profile = tmp_path / "profile"
    command = [tool("soffice"), f"-env:UserInstallation=file://{profile}", "--headless"]
    subprocess.run(
        [*command, "--convert-to", "pdf", "--outdir", str(tmp_path), str(copy)],
        capture_output=True, timeout=180, check=True,
    )  # fmt: skip
    printed = pdf_text(tmp_path / "tracked.pdf")
    assert "within a year within six months" in printed  # both shown, as changes
    assert not re.search(r"\[\d+\.\]", printed), printed  # no "[1.] 1.[2.]"


def test_a_composite_shows_its_sources_and_each_source_its_composite(sample_build):
    site = sample_build[1].site_dir
    page = lxml.html.parse(str(site / "motions/youth-services-composite/index.html"))
    heading = squash(page.xpath("string(//h1)"))
    assert heading == "Composite 1: Fund youth services properly"
    compared = page.xpath("//details[@class='ml-comparison']")
    assert [squash(d.xpath("string(summary)")) for d in compared] == [
        "Motion D: Keep every youth centre open",
        "Motion E: A qualified youth worker for every ward",
    ]
    inserted = [squash(e.text_content()) for e in compared[1].iter("ins")]
    assert "That eleven youth centres in the region have closed since 2020," in " ".join(inserted)
    source = lxml.html.parse(str(site / "motions/youth-centres/index.html"))
    links = source.xpath("//dt[normalize-space()='Composited into']/following-sibling::dd[1]//a")
    assert [squash(a.text_content()) for a in links] == ["Fund youth services properly"]
    meeting = lxml.html.parse(str(site / CONFERENCE / "index.html"))
    results = [squash(r.text_content()) for r in meeting.xpath("//span[@class='ml-item__result']")]
    marked = "Composited into Composite 1: Fund youth services properly"
    assert results.count(marked) == 2
    assert f"{marked.replace('C', 'c', 1)}" not in results  # capitalised as a status
    into = "Composited into Composite 1: Fund youth services properly"
    assert into in pdf_text(site / "downloads/motions/youth-centres.pdf")
    word = docx.Document(str(site / "downloads/motions/youth-centres.docx"))
    rows = {r.cells[0].text: r.cells[1].text for r in word.tables[0].rows}
    assert rows["Composited into"] == "Composite 1: Fund youth services properly"
    book = pdf_text(site / "downloads/books/meeting-regional-conference-2026.pdf")
    assert book.count(into) == 2


COMPOSITE = (
    "---\ntitle: {title}\nsubmitter: S\ntopic: Housing\nstatus: {status}\n{extra}---\n\nText.\n"
)


def test_a_composite_declared_both_ways_or_twice_is_an_error(project):
    config = project(
        {
            "motions/c.md": COMPOSITE.format(
                title="C", status="passed", extra="composite_of: [a, b]\n"
            ),
            "motions/d.md": COMPOSITE.format(
                title="D", status="passed", extra="composite_of: [b]\n"
            ),
            "motions/a.md": COMPOSITE.format(
                title="A", status="composited", extra="composited_into: c\n"
            ),
            "motions/b.md": COMPOSITE.format(title="B", status="composited", extra=""),
        }
    )
    code, lines = run_check(config)
    assert code == 1
    assert (
        "motions/a.md:6: composited_into: c lists this motion in composite_of, and this "
        "motion says composited_into: declare the link once, in one of the two files"
    ) in lines
    assert (
        "motions/b.md: composited_into: is a source of 2 composites (c, d); a motion "
        "can be composited into one only"
    ) in lines


def git(root, *args):
    env = {"GIT_AUTHOR_NAME": "Ed", "GIT_AUTHOR_EMAIL": "ed@example.org"}
    env |= {
        "GIT_COMMITTER_NAME": "Ed",
        "GIT_COMMITTER_EMAIL": "ed@example.org",
        "PATH": "/usr/bin:/bin",
    }
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, env=env)


VERSION = "---\ntitle: Buses\nsubmitter: S\ntopic: Housing\nstatus: submitted\n---\n\n{text}\n"


def test_versions_from_git_history_with_word_diffs(project):
    config = project({"motions/buses.md": VERSION.format(text="Restore the evening buses.")})
    root, path = config.parent, config.parent / "motions/buses.md"
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "First draft", "--date", "2026-03-01T10:00:00")
    path.write_text(VERSION.format(text="Restore the evening and Sunday buses."))
    git(root, "commit", "-q", "-am", "Sunday buses too")
    path.write_text(VERSION.format(text="Restore the Sunday buses by May."))
    git(root, "commit", "-q", "-am", "<b>Agreed</b> wording")
    site = build(config).site_dir
    page = lxml.html.parse(str(site / "motions/buses/index.html"))
    versions = page.xpath("//ol[@class='ml-versions__list']/li")
    messages = [squash(v.text_content()).split(" — ")[1] for v in versions]
    assert [m.split(" ")[0] for m in messages] == ["<b>Agreed</b>", "Sunday", "First"]  # escaped
    diffs = [v.xpath(".//div[contains(@class, 'ml-diff')]") for v in versions]
    assert [len(d) for d in diffs] == [1, 1, 0]
    newest = diffs[0][0]
    assert [e.text for e in newest.iter("del")] == ["evening and", "buses."]
    assert [e.text for e in newest.iter("ins")] == ["buses by May."]
    assert [e.text for e in diffs[1][0].iter("ins")] == ["and Sunday"]


def test_a_library_without_git_has_no_versions_section(project):
    config = project({"motions/buses.md": VERSION.format(text="Restore the evening buses.")})
    page = (build(config).site_dir / "motions/buses/index.html").read_text(encoding="utf-8")
    assert "ml-versions" not in page


CLAUSE_MOTION = """\
---
title: Warm homes
submitter: Riverside CLP
topic: Housing
status: passed
number: C
---

## Conference resolves

1. To insulate every council home by 2035, **street by street**.
2. To report every two years.
"""
CLAUSE_AMENDMENT = """\
---
title: Protect tenants
submitter: Eastwick Young Members
topic: Housing
status: passed
number: C1
amends: warm
changes:
  - insert_clause_after: insulate every council home
    text: To protect tenants' rents for three years after the work.
  - replace: street by street
    with: estate by estate
---

Why.
"""


WITH_NEW_CLAUSE = [
    "To insulate every council home by 2035, estate by estate.",
    "To protect tenants' rents for three years after the work.",
    "To report every two years.",
]


def adopted_clauses(site) -> list[str]:
    """The clauses of warm's text as adopted, on its page."""
    page = lxml.html.parse(str(site / "motions/warm/index.html"))
    adopted = page.xpath("//div[contains(@class, 'ml-adopted-text')]//ol/li")
    return [squash(li.text_content()) for li in adopted]


def test_a_new_clause_is_a_clause_of_its_own_and_formatting_stays(project, tmp_path):
    config = project({"motions/warm.md": CLAUSE_MOTION, "motions/c1.md": CLAUSE_AMENDMENT})
    site = build(config).site_dir
    assert adopted_clauses(site) == WITH_NEW_CLAUSE
    amended = lxml.html.parse(str(site / "motions/c1/index.html"))
    strong = amended.xpath("//div[contains(@class, 'ml-amended')]//strong")[0]
    assert [e.tag for e in strong] == ["del", "ins"]  # bold kept around the change
    new = amended.xpath("//div[contains(@class, 'ml-amended')]//ol/li[2]")[0]
    assert [e.tag for e in new] == ["ins"] and new.text is None  # a new item, all inserted
    body = docx.Document(str(site / "downloads/motions/warm-tracked.docx")).element.body
    paragraphs = list(body.iter(qn("w:p")))
    assert numbers_of(paragraphs, accept=True) == ["1", "2", "3"]
    assert numbers_of(paragraphs, accept=False) == ["1", "2"]
    marks = body.findall(f".//{qn('w:pPr')}/{qn('w:rPr')}/{qn('w:ins')}")
    assert len(marks) == 1  # the new clause's paragraph is inserted, so rejecting removes it
    plain = docx.Document(str(site / "downloads/motions/warm.docx"))
    listed = [p for p in plain.paragraphs if p.style.name == "List Number"]
    assert [squash(p.text) for p in listed] == adopted_clauses(site)
    bold = [r.text for p in listed for r in p.runs if r.bold]
    assert bold == ["estate by estate"]


def test_an_amendments_files_number_the_motion_it_changes(sample_build):
    site = sample_build[1].site_dir
    printed = pdf_text(site / "downloads/motions/warm-homes-amendment.pdf", layout=True)
    amended = printed[printed.index("The motion as amended") :]
    assert "10 1. To call on every council" in amended and "11 within a year" in amended
    word = docx.Document(str(site / "downloads/motions/warm-homes-amendment.docx"))
    texts = [  # every word, deleted ones too: "[11]" labels the line the deletion starts
        squash("".join(e.text or "" for e in p._p.iter(qn("w:t"), qn("w:delText"))))
        for p in word.paragraphs
    ]
    start = texts.index("The motion as amended")
    joined = " ".join(texts[start:])
    assert "[10] To call on every council" in joined and "[11] within a year" in joined


def test_a_composite_and_its_decision_import_back(sample_build, sample_copy, tmp_path):
    """Word import reads "Composited into Composite 1: …", "Composite of …", "Referred to …"
    and a composite's title back to file names and fields."""
    import shutil

    import yaml
    from click.testing import CliRunner

    from motionlib.commands.cli import main

    library = tmp_path / "library"
    shutil.copytree(sample_copy, library, ignore=shutil.ignore_patterns("build"))
    site = sample_build[1].site_dir
    found = {}
    for slug in ("youth-centres", "youth-services-composite", "citizens-assembly"):
        source = tmp_path / f"{slug}-copy.docx"
        shutil.copyfile(site / f"downloads/motions/{slug}.docx", source)
        before = set((library / "motions").iterdir())
        result = CliRunner().invoke(
            main, ["import", str(source), "-f", str(library / "mkdocs.yml")]
        )
        written = [p for p in (library / "motions").iterdir() if p not in before]
        assert len(written) == 1, result.output
        found[slug] = yaml.safe_load(written[0].read_text(encoding="utf-8").split("---")[1])
    assert found["youth-centres"]["composited_into"] == "youth-services-composite"
    assert found["youth-services-composite"]["composite_of"] == ["youth-centres", "youth-workers"]
    assert found["youth-services-composite"]["number"] == "Composite 1"
    assert found["citizens-assembly"]["referred_to"].startswith("the Regional Executive")


def test_composites_in_a_circle_are_an_error(project):
    config = project(
        {
            "motions/a.md": COMPOSITE.format(
                title="A", status="composited", extra="composite_of: [b]\n"
            ),
            "motions/b.md": COMPOSITE.format(
                title="B", status="composited", extra="composite_of: [a]\n"
            ),
        }
    )
    code, lines = run_check(config)
    assert code == 1
    assert lines == [
        "motions/b.md:6: composite_of: composites form a circle (b → a → b); a composite cannot "
        "be its own source",
        "2 motions, 0 briefings, 1 topic: 1 error, 0 warnings",
    ]


NESTED = CLAUSE_MOTION.replace(
    "2. To report every two years.\n",
    "2. To report every two years:\n    1. to the council;\n    2. to the tenants.\n",
)
NESTED_AMENDMENT = CLAUSE_AMENDMENT.replace(
    "  - insert_clause_after: insulate every council home\n",
    "  - insert_clause_after: to the council;\n",
)


def test_a_nested_clause_keeps_its_lists_numbering_in_the_tracked_file(project):
    """Written-out numbers follow the list style: a new sub-clause after a) is b), and the
    sub-clause after it changes from b) to c) as a tracked change."""
    config = project({"motions/warm.md": NESTED, "motions/c1.md": NESTED_AMENDMENT})
    site = build(config).site_dir
    body = docx.Document(str(site / "downloads/motions/warm-tracked.docx")).element.body

    def labels(accept: bool) -> list[str]:
        found = []
        for paragraph in body.iter(qn("w:p")):
            text = ""
            for element in paragraph.iter(qn("w:t"), qn("w:delText"), qn("w:tab")):
                inside = {a.tag for a in element.iterancestors()}
                if (accept and qn("w:del") in inside) or (not accept and qn("w:ins") in inside):
                    continue
                text += "\t" if element.tag == qn("w:tab") else element.text or ""
            if "\t" in text and text.split("\t")[0]:
                found.append(text.split("\t")[0])
        return found

    assert labels(accept=True) == ["1.", "2.", "a)", "b)", "c)"]
    assert labels(accept=False) == ["1.", "2.", "a)", "b)"]


LOOSE = CLAUSE_MOTION.replace(  # a blank line between the clauses: a loose list
    "street by street**.\n2. To report", "street by street**.\n\n2. To report"
)


def test_a_new_clause_in_a_loose_list_is_an_item_of_its_own(project):
    """Pasted from Word, a list's items stand a blank line apart, so each item's words are a
    paragraph inside it: the new clause is still an item after the one it follows."""
    config = project({"motions/warm.md": LOOSE, "motions/c1.md": CLAUSE_AMENDMENT})
    site = build(config).site_dir
    assert adopted_clauses(site) == WITH_NEW_CLAUSE
    body = docx.Document(str(site / "downloads/motions/warm-tracked.docx")).element.body
    paragraphs = list(body.iter(qn("w:p")))
    assert numbers_of(paragraphs, accept=True) == ["1", "2", "3"]
    assert numbers_of(paragraphs, accept=False) == ["1", "2"]
