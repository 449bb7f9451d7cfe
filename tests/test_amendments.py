"""Amendments as data: `changes:` checked against the motion they amend, shown as the motion
as amended on the site and in the PDF, and as tracked changes in Word."""

from __future__ import annotations

import docx
import lxml.html
from click.testing import CliRunner
from docx.oxml.ns import qn

from motionlib.commands.build import build
from motionlib.commands.cli import main
from tests.conftest import libreoffice_text, tracked_texts

MOTION = """\
---
title: Take back control of our buses
submitter: Kingsmere Branch
topic: Transport
status: submitted
---

## Conference resolves

1. To ask the combined authority to begin franchising within five years.
2. To campaign with the combined authority's passengers for:
    - the restoration of withdrawn routes;
    - a fare cap for under-25s.
"""

AMENDMENT = """\
---
title: Faster franchising
submitter: Northgate Young Members
topic: Transport
status: submitted
date: 2026-05-28
amends: bus
changes:
{changes}
---

Sooner, and for young people.
"""

CHANGES = """\
  - delete: " within five years"
  - replace: "the combined authority"
    with: "the mayor and the combined authority"
    line: 2
  - insert_after: "a fare cap for under-25s."
    text: "To publish the results of the assessment."
"""


def library(project, changes=CHANGES, motion=MOTION):
    return project(
        {"motions/bus.md": motion, "motions/faster.md": AMENDMENT.format(changes=changes.rstrip())}
    )


def check(config):
    result = CliRunner().invoke(main, ["check", "-f", str(config)])
    return result.exit_code, result.output


def test_an_amendment_with_delete_replace_and_insert_passes_check(project):
    code, output = check(library(project))
    assert code == 0, output


def test_broken_changes_give_exact_errors(project):
    broken = """\
  - delete: "within ten years"
  - replace: "the combined authority"
    with: "the mayor"
  - delete: "franchising"
    line: 3
"""
    code, output = check(library(project, broken))
    assert code == 1
    assert (
        "motions/faster.md:8: changes: item 1: “within ten years” is not in bus; quote its words "
        "exactly as they stand (if that motion was changed, this change no longer applies)"
    ) in output
    assert (
        "motions/faster.md:8: changes: item 2: “the combined authority” stands 2 times in bus "
        "(lines 2, 3); add 'line:'"
    ) in output
    assert (
        "motions/faster.md:8: changes: item 3: “franchising” is not on line 3 of bus (it is on "
        "line 2)"
    ) in output


def test_pasted_quotes_dashes_and_spaces_match_the_motion_as_typed(project):
    """An amendment pasted from an email or Word quotes with curly marks, dashes and no-break
    spaces where the motion's file has straight ones (or the other way round): the same words.
    The deleted words on the page are the motion's own, as it stands."""
    motion = MOTION.replace("for under-25s.", 'for under-25s, the "Young Person\'s" fare.')
    pasted = """\
  - delete: " within\u00a0five years"
  - delete: ", the “Young Person’s” fare"
  - replace: "under–25s"
    with: "under-30s"
"""
    config = library(project, pasted, motion)
    code, output = check(config)
    assert code == 0, output
    page = lxml.html.fromstring(
        (build(config).site_dir / "motions/faster/index.html").read_text(encoding="utf-8")
    )
    amended = page.xpath("//div[contains(@class, 'ml-amended')]")[0]
    assert amended.xpath(".//del/text()") == [
        " within five years", " under-25s", ', the "Young Person\'s" fare'
    ]  # fmt: skip
    code, output = check(library(project, '  - delete: "Young Persons"\n', motion))
    assert code == 1 and "“Young Persons” is not in bus" in output  # a missing mark still is


def test_a_change_to_the_amended_motion_is_caught(project):
    config = library(project)
    motion = config.parent / "motions" / "bus.md"
    motion.write_text(motion.read_text().replace("within five years", "within four years"))
    code, output = check(config)
    assert code == 1
    assert "motions/faster.md:8: changes: item 1: “within five years” is not in bus" in output


def test_changes_need_the_motion_they_amend(project):
    text = AMENDMENT.format(changes=CHANGES.rstrip()).replace("amends: bus\n", "")
    code, output = check(project({"motions/bus.md": MOTION, "motions/faster.md": text}))
    assert code == 1
    assert "changes: an amendment with changes needs 'amends:', the motion it changes" in output


def test_the_site_shows_the_changes_and_the_motion_as_amended(project):
    site = build(library(project)).site_dir
    page = lxml.html.fromstring((site / "motions/faster/index.html").read_text(encoding="utf-8"))
    changes = [
        " ".join(li.text_content().split()) for li in page.xpath("//ol[@class='ml-changes']/li")
    ]
    assert changes == [
        "At line 2, delete “within five years”",
        "At line 2, replace “the combined authority” with “the mayor and the combined authority”",
        "At line 5, after “a fare cap for under-25s.”, insert “To publish the results of the "
        "assessment.”",
    ]
    amended = page.xpath("//div[contains(@class, 'ml-amended')]")[0]
    assert amended.xpath(".//del/text()") == [
        " the combined authority",
        " within five years",
    ]  # spaced apart
    assert amended.xpath(".//ins/text()") == [
        " the mayor and the combined authority",
        " To publish the results of the assessment.",
    ]
    shown = " ".join(amended.text_content().split())
    assert "ask the combined authority the mayor and the combined authority to" in shown  # apart
    bus = lxml.html.fromstring((site / "motions/bus/index.html").read_text(encoding="utf-8"))
    assert bus.xpath("//dd/a[text()='Faster franchising']/@href") == ["../faster/"]


def paragraph_texts(document, accept: bool) -> list[str]:
    """The amended section's paragraphs with every change accepted (drop w:del, keep w:ins) or
    rejected (keep w:del, drop w:ins)."""
    body = document.element.body
    paragraphs = list(body.iter(qn("w:p")))
    start = next(
        i
        for i, p in enumerate(paragraphs)
        if "".join(t.text for t in p.iter(qn("w:t"))) == "The motion as amended"
    )
    return tracked_texts(paragraphs[start + 1 :], accept)


def test_word_has_tracked_changes_that_accept_to_the_amended_motion(project, tmp_path):
    site = build(library(project)).site_dir
    path = site / "downloads/motions/faster.docx"
    document = docx.Document(str(path))
    body = document.element.body
    inserted = ["".join(t.text for t in e.iter(qn("w:t"))) for e in body.iter(qn("w:ins"))]
    deleted = ["".join(t.text for t in e.iter(qn("w:delText"))) for e in body.iter(qn("w:del"))]
    assert deleted == [" the combined authority", " within five years"]  # spaced apart
    assert inserted == [
        " the mayor and the combined authority",
        " To publish the results of the assessment.",
    ]
    authors = {e.get(qn("w:author")) for e in [*body.iter(qn("w:ins")), *body.iter(qn("w:del"))]}
    assert authors == {"Northgate Young Members"}
    assert {e.get(qn("w:date")) for e in body.iter(qn("w:ins"))} == {"2026-05-28T00:00:00Z"}
    original = [
        "Conference resolves",
        "To ask the combined authority to begin franchising within five years.",
        "To campaign with the combined authority's passengers for:",
        "the restoration of withdrawn routes;",
        "a fare cap for under-25s.",
    ]
    assert paragraph_texts(document, accept=False) == original
    assert paragraph_texts(document, accept=True) == [
        "Conference resolves",
        "To ask the mayor and the combined authority to begin franchising.",
        "To campaign with the combined authority's passengers for:",
        "the restoration of withdrawn routes;",
        "a fare cap for under-25s. To publish the results of the assessment.",
    ]
    squashed = libreoffice_text(path, tmp_path)  # LibreOffice opens it and shows the changes
    if squashed is not None:
        assert "the mayor and the combined authority" in squashed
        assert "within five years" in squashed


def test_the_pdf_prints_the_motion_as_amended(project):
    from pypdf import PdfReader

    site = build(library(project)).site_dir
    text = " ".join(
        " ".join(page.extract_text().split())
        for page in PdfReader(site / "downloads/motions/faster.pdf").pages
    )
    assert "The motion as amended" in text
    assert "At line 2, replace “the combined authority” with “the mayor and the combined" in text
