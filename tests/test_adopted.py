"""After the vote (issue 24, point 2): a motion whose amendments were carried gives the text as
adopted on its page, in its PDF and in its Word file (every carried amendment a tracked change
by its submitter), the text as submitted beside it; lost amendments change nothing and are
listed; two carried amendments changing the same words are an error naming both."""

from __future__ import annotations

import subprocess

import docx
import lxml.html
from docx.oxml.ns import qn

from motionlib.commands.build import build
from tests.conftest import tool, tracked_texts
from tests.test_check import run_check

MOTION = """\
---
title: Warm homes
submitter: Riverside CLP
topic: Housing
status: passed
meeting: Conference
number: C
date: 2026-05-14
---

## Conference resolves

1. To ask the council to insulate every council home by 2035.
2. To report on progress every two years.
"""

AMENDMENT = """\
---
title: {title}
submitter: {submitter}
topic: Housing
status: {status}
meeting: Conference
number: {number}
date: 2026-05-2{day}
amends: warm
changes:
{changes}
---

{title}.
"""


def amendment(number, status, changes, submitter="Northgate Branch", day=0) -> str:
    return AMENDMENT.format(
        title=f"Amendment to warm homes {number}", submitter=submitter, status=status,
        number=number, day=day, changes=changes,
    )  # fmt: skip


C1 = '  - replace: "by 2035"\n    with: "by 2030"'
C3 = '  - insert_after: "every two years."\n    text: "To publish each report."'
C2 = '  - replace: "every two years"\n    with: "every ten years"'


def library(project, c2_status="rejected", c2=C2):
    return project(
        {
            "motions/warm.md": MOTION,
            "motions/c1.md": amendment("C1", "passed", C1, "Northgate Branch", 1),
            "motions/c3.md": amendment("C3", "passed", C3, "Eastfield Young Members", 3),
            "motions/c2.md": amendment("C2", c2_status, c2, "Southside Branch", 2),
        }
    )


def test_the_page_pdf_and_word_give_the_text_as_adopted(project):
    site = build(library(project)).site_dir
    page = lxml.html.fromstring((site / "motions/warm/index.html").read_text(encoding="utf-8"))
    note = " ".join(page.xpath("string(//p[@class='ml-adopted-note'])").split())
    assert note == "The text as adopted, as amended by Amendment C1 and Amendment C3."
    adopted = " ".join(page.xpath("string(//div[contains(@class, 'ml-adopted-text')])").split())
    assert "insulate every council home by 2030." in adopted
    assert "every two years. To publish each report." in adopted and "2035" not in adopted
    submitted = " ".join(page.xpath("string(//details[@class='ml-as-submitted'])").split())
    assert "by 2035" in submitted and "2030" not in submitted
    assert page.xpath("string(//p[@class='ml-lost'])") == "Lost: Amendment C2."
    pdf = site / "downloads/motions/warm.pdf"
    text = subprocess.run([tool("pdftotext"), str(pdf), "-"], capture_output=True, text=True)
    flat = " ".join(text.stdout.split())
    heading = flat.index("The text as submitted Conference resolves")  # the annex, after
    assert flat.index("by 2030") < heading < flat.index("by 2035")
    assert "as amended by Amendment C1 and Amendment C3" in flat and "Lost: Amendment C2." in flat
    plain = docx.Document(str(site / "downloads/motions/warm.docx")).element.body
    assert not [*plain.iter(qn("w:ins")), *plain.iter(qn("w:del"))]  # the text as adopted
    assert "home by 2030. To report on progress every two years. To publish each report." in (
        " ".join(tracked_texts(plain.iter(qn("w:p")), accept=True))
    )
    document = docx.Document(str(site / "downloads/motions/warm-tracked.docx"))
    body = document.element.body
    authors = {e.get(qn("w:author")) for e in [*body.iter(qn("w:ins")), *body.iter(qn("w:del"))]}
    assert authors == {"Northgate Branch", "Eastfield Young Members"}

    def text_of(accept: bool) -> str:
        return " ".join(tracked_texts(body.iter(qn("w:p")), accept))

    assert "home by 2030. To report on progress every two years. To publish each report." in (
        text_of(accept=True)
    )
    assert "home by 2035. To report on progress every two years." in text_of(accept=False)
    assert "To publish each report" not in text_of(accept=False)


def test_two_carried_amendments_changing_the_same_words_are_an_error(project):
    config = library(project, c2_status="passed", c2='  - replace: "by 2035"\n    with: "by 2040"')
    code, lines = run_check(config)
    assert code == 1
    assert any(
        "Amendment C2 and Amendment C1 were both carried but change the same words (“by 2035”, "
        "line 2): only one can stand" in line
        for line in lines
    ), lines


def test_a_meetings_decisions_page_and_results_csv(project):
    """Issue 24, point 6 (the site's part): every motion and amendment in agenda order with its
    outcome and vote, the text as adopted, and results.csv."""
    import csv

    config = library(project)
    warm = config.parent / "motions" / "warm.md"
    text = warm.read_text().replace("number: C\n", "number: C\nvotes: {for: 212, against: 31}\n")
    warm.write_text(text.replace("date: 2026-05-14\n", "date: 2026-05-14\ndecided: 2026-06-01\n"))
    site = build(config).site_dir
    page = lxml.html.fromstring((site / "meetings/conference/decisions/index.html").read_text())
    titles = [" ".join(t.split()) for t in page.xpath("//p[@class='ml-decision__title']/a/text()")]
    assert [t.split(":")[0] for t in titles] == [
        "Motion C",
        "Amendment C1",
        "Amendment C2",
        "Amendment C3",
    ]
    outcomes = [
        " ".join(o.text_content().split()) for o in page.xpath("//p[@class='ml-decision__outcome']")
    ]
    assert outcomes[0] == (
        "Passed, as amended by Amendment C1 and Amendment C3 (lost: Amendment C2) · "
        "For 212, against 31 · 1 June 2026"
    )
    assert outcomes[2].startswith("Rejected")
    adopted = " ".join(page.xpath("string(//details[@class='ml-decision__adopted'])").split())
    assert adopted.startswith("The text as adopted, as amended by Amendment C1 and Amendment C3")
    assert "by 2030" in adopted
    meeting = (site / "meetings/conference/index.html").read_text()
    assert '<a href="decisions/">The meeting\'s decisions</a>' in meeting
    rows = list(csv.DictReader((site / "meetings/conference/results.csv").open(encoding="utf-8")))
    assert [r["number"] for r in rows] == ["C", "C1", "C2", "C3"]
    assert rows[0] | {"address": ""} == {
        "number": "C", "kind": "motion", "title": "Warm homes", "amends": "", "status": "passed",
        "for": "212", "against": "31", "abstain": "", "card_vote": "", "decided": "2026-06-01",
        "as_amended_by": "Amendment C1 and Amendment C3", "referred_to": "",
        "composited_into": "", "address": "",
    }  # fmt: skip
    assert rows[0]["address"] == "motions/warm/" and rows[2]["status"] == "rejected"
