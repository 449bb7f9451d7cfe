"""After the vote (issue 24, point 1): results as data — a count or a card vote by section, and
the day decided — checked, and shown on the page, in list rows, in the PDF, in the Word file,
in motions.json and the feed, and read back by Word import."""

from __future__ import annotations

import json
import subprocess
import xml.etree.ElementTree as ET

import docx
import pytest

from motionlib.commands.build import build
from tests.conftest import tool
from tests.test_check import motion, run_check

FRONT = "title: Buses\nsubmitter: Riverside Branch\ntopic: Housing\nstatus: {status}\n{extra}"
COUNTED = "votes: {for: 120, against: 40, abstain: 3}\ndecided: 2026-09-20\n"
CARD = (
    "votes:\n  card:\n    CLPs: {for: 62.5, against: 37.5}\n"
    "    Affiliates: {for: 40.1, against: 59.9}\ndecided: 2026-09-21\n"
)


def test_a_result_reaches_every_output_and_imports_back(project, tmp_path):
    config = project(
        {
            "motions/buses.md": motion(FRONT.format(status="passed", extra=COUNTED)),
            "motions/trams.md": motion(
                FRONT.format(status="remitted", extra=CARD).replace("Buses", "Trams")
            ),
        }
    )
    site = build(config).site_dir
    page = (site / "motions" / "buses" / "index.html").read_text()
    assert "For 120, against 40, abstentions 3" in page and "20 September 2026" in page
    card = "Card vote: CLPs 62.5% for, 37.5% against; Affiliates 40.1% for, 59.9% against"
    assert card in (site / "motions" / "trams" / "index.html").read_text()
    listing = (site / "motions" / "index.html").read_text()
    assert '<span class="ml-item__result">For 120, against 40, abstentions 3</span>' in listing
    pdf = site / "downloads" / "motions" / "buses.pdf"
    text = subprocess.run([tool("pdftotext"), str(pdf), "-"], capture_output=True, text=True)
    flat = " ".join(text.stdout.split())
    assert "Vote For 120, against 40, abstentions 3" in flat and "Decided 20 September 2026" in flat
    word = docx.Document(str(site / "downloads" / "motions" / "trams.docx"))
    rows = {row.cells[0].text: row.cells[1].text for row in word.tables[0].rows}
    assert rows["Vote"] == card and rows["Decided"] == "21 September 2026"
    data = json.loads((site / "motions.json").read_text())
    buses = next(d for d in data["documents"] if d["slug"] == "buses")
    assert buses["front_matter"]["votes"] == {"for": 120, "against": 40, "abstain": 3}
    feed = ET.parse(site / "feed.xml").getroot()
    summaries = [e.text for e in feed.iter("{http://www.w3.org/2005/Atom}summary")]
    assert any(s.endswith("(Passed: For 120, against 40, abstentions 3)") for s in summaries)
    from motionlib.exports.word.reader import import_docx

    for slug, expected in (
        ("buses", {"for": 120, "against": 40, "abstain": 3}),
        ("trams", {"card": {"CLPs": {"for": 62.5, "against": 37.5},
                            "Affiliates": {"for": 40.1, "against": 59.9}}}),
    ):  # fmt: skip
        imported = import_docx(site / "downloads" / "motions" / f"{slug}.docx")
        assert imported.fields["votes"] == expected
        assert imported.fields["decided"].startswith("2026-09-2")


@pytest.mark.parametrize(
    ("status", "extra", "message"),
    [
        (
            "passed",
            "votes: {for: 12.5, against: 3}\n",
            "motions/m.md:6: votes: for: is 12.5: a count is a whole number, 0 or more",
        ),
        ("passed", "votes: {for: -1, against: 3}\n", "for: is -1: a count is a whole number"),
        (
            "passed",
            "votes: {card: {CLPs: {for: 60, against: 30}}}\n",
            "CLPs: 60.0% for and 30.0% against make 90.0%, not 100",
        ),
        (
            "passed",
            "votes: {card: {Unions: {for: 60, against: 40}}}\n",
            "'Unions' is not a section of the card vote (allowed: CLPs, Affiliates)",
        ),
        (
            "submitted",
            COUNTED,
            "votes: a result goes with a decided status (passed, rejected, remitted, referred, "
            "fell, accepted); this motion's is 'submitted'",
        ),
        ("passed", "votes: {for: 3}\n", "a count needs 'for' and 'against'"),
        (  # as a meeting's minutes write it
            "passed",
            "votes: 164–93–7\n",
            "motions/m.md:6: votes: expected a group of fields ('for:', 'against:', 'abstain:' "
            "or 'card:'), found '164–93–7'; for example votes: {for: 120, against: 40, abstain: 3}",
        ),
        (
            "passed",
            "votes: {For: 164, against: 93, Abstentions: 7}\n",
            "motions/m.md:6: votes: For: is not a field here (allowed: for, against, abstain, "
            "card); did you mean 'for'?",
        ),
        (
            "passed",
            "votes: {card: {CLPs: {for: 60, Against: 40}}}\n",
            "motions/m.md:6: votes: card: CLPs: against: is missing; here give 'for:' and "
            "'against:'",
        ),
        (
            "passed",
            "adopted_by: [{by: Westbrook CLP}]\n",
            "motions/m.md:6: adopted_by: item 1: date: is missing; here give 'by:' and 'date:'",
        ),
    ],
)
def test_check_refuses_results_that_cannot_be(project, status, extra, message):
    code, lines = run_check(
        project({"motions/m.md": motion(FRONT.format(status=status, extra=extra))})
    )
    assert code == 1
    assert any(message in line for line in lines), lines


def test_an_outcome_the_count_contradicts_is_a_warning(project):
    text = motion(FRONT.format(status="rejected", extra=COUNTED))
    code, lines = run_check(project({"motions/m.md": text}))
    assert code == 0
    assert (
        "motions/m.md:6: warning: votes: the motion is rejected, but the vote reads: For 120, "
        "against 40, abstentions 3"
    ) in lines
    text = motion(FRONT.format(status="passed", extra="votes: {for: 10, against: 40}\n"))
    code, lines = run_check(project({"motions/m.md": text}))
    assert any("the motion is passed, but the vote reads: For 10, against 40" in x for x in lines)
