"""Word import: hand-made files, our own exports (round trip), and a file written by LibreOffice."""

from __future__ import annotations

import re
import shutil
import subprocess

import docx
from click.testing import CliRunner
from docx.enum.text import WD_BREAK

from motionlib.commands.cli import main
from motionlib.exports.word.reader import import_docx
from motionlib.exports.word.writer import docx_bytes
from motionlib.library.body import parse_markdown
from motionlib.model.schema import Settings
from tests.conftest import tool, write_project


def squash(text: str) -> str:
    return " ".join(text.split())


def save(document, path):
    document.save(path)
    return path


def test_every_sample_motion_round_trips(sample_build, tmp_path):
    for item in sample_build[1].report.rendered:
        path = tmp_path / f"{item.doc.slug}.docx"
        path.write_bytes(docx_bytes(item, Settings()).value)
        imported = import_docx(path)
        if item.adopted is not None:  # its Word file holds the text as adopted: that comes back
            back = parse_markdown(imported.body)
            assert squash("".join(back.itertext())) == squash("".join(item.adopted.itertext()))
        else:
            assert squash(imported.body) == squash(item.doc.body), item.doc.path
        assert imported.fields["title"] == item.doc.title
        assert imported.warnings == []
        if item.doc.kind == "motion":
            meta = item.doc.meta
            assert imported.fields["submitter"] == meta.submitter
            assert imported.fields["topic"] == list(meta.topic)
            assert imported.fields["status"] == meta.status
            assert imported.fields.get("supporters", []) == list(meta.supporters)
            assert imported.fields.get("summary") == meta.summary


def hand_made(tmp_path):
    document = docx.Document()
    document.add_heading("Save the Lowmoor library", level=1)
    document.add_paragraph("Submitted by Lowmoor Branch")
    document.add_heading("This branch notes", level=2)
    intro = document.add_paragraph("That the library is ")
    intro.add_run("the only free indoor space").bold = True
    intro.add_run(" in the ward, and ")
    intro.add_run("open late").italic = True
    intro.add_run(".")
    document.add_paragraph("homework clubs", style="List Bullet")
    document.add_paragraph("under-fives on Tuesdays", style="List Bullet 2")
    document.add_paragraph("rhyme time", style="List Bullet 3")
    document.add_paragraph("job clubs", style="List Bullet")
    document.add_heading("This branch resolves", level=2)
    document.add_paragraph("To oppose closure.", style="List Number")
    document.add_paragraph("To ask for longer hours.", style="List Number")
    quote = document.add_paragraph("A library is a promise.", style="Quote")
    quote.add_run().add_break(WD_BREAK.LINE)
    quote.add_run("— a member")
    document.add_paragraph("Supported by: Ana Núñez, Kwame Mensah and Søren Østergaard")
    return save(document, tmp_path / "library.docx")


def test_hand_made_word_file(tmp_path):
    imported = import_docx(hand_made(tmp_path))
    assert imported.fields["title"] == "Save the Lowmoor library"
    assert imported.fields["submitter"] == "Lowmoor Branch"
    assert imported.fields["supporters"] == ["Ana Núñez", "Kwame Mensah", "Søren Østergaard"]
    assert imported.body == (
        "## This branch notes\n\n"
        "That the library is **the only free indoor space** in the ward, and *open late*.\n\n"
        "- homework clubs\n    - under-fives on Tuesdays\n        - rhyme time\n- job clubs\n\n"
        "## This branch resolves\n\n"
        "1. To oppose closure.\n2. To ask for longer hours.\n\n"
        "> A library is a promise.  \n— a member\n"
    )


def test_cli_import_writes_a_motion_that_passes_check_once_filled(tmp_path):
    config = write_project(tmp_path, {})
    source = hand_made(tmp_path)
    runner = CliRunner()
    result = runner.invoke(main, ["import", str(source), "-f", str(config)])
    assert result.exit_code == 1, result.output  # written, but check needs a topic
    path = tmp_path / "motions" / "save-the-lowmoor-library.md"
    assert str(path) in result.output
    assert "topic: is missing" in result.output  # it says what to fill in
    path.write_text(path.read_text().replace("status: draft", "topic: Housing\nstatus: draft"))
    assert runner.invoke(main, ["check", "-f", str(config)]).exit_code == 0
    again = runner.invoke(main, ["import", str(source), "-f", str(config)])
    assert again.exit_code == 1 and "already exists" in again.output


def test_what_cannot_be_mapped_is_reported(tmp_path):
    document = docx.Document()
    document.add_paragraph("Title here", style="Title")
    document.add_paragraph("A caption", style="Caption")
    imported = import_docx(save(document, tmp_path / "odd.docx"))
    assert "A caption" in imported.body
    assert imported.warnings == [
        "paragraph style 'Caption' is not one of ours; imported as a plain paragraph"
    ]


def test_text_that_looks_like_markdown_stays_text(tmp_path):
    document = docx.Document()
    document.add_paragraph("T", style="Title")
    document.add_paragraph("1. not a list but a sentence with *stars* and_underscores_")
    document.add_paragraph("# not a heading")
    imported = import_docx(save(document, tmp_path / "t.docx"))
    from motionlib.library.body import parse_markdown

    tree = parse_markdown(imported.body)
    assert [e.tag for e in tree] == ["p", "p"]
    assert ["".join(p.itertext()) for p in tree] == [
        "1. not a list but a sentence with *stars* and_underscores_",
        "# not a heading",
    ]


def test_not_a_word_file(tmp_path):
    bad = tmp_path / "motion.docx"
    bad.write_text("this is not a zip")
    config = write_project(tmp_path, {})
    result = CliRunner().invoke(main, ["import", str(bad), "-f", str(config)])
    assert result.exit_code == 1
    assert "the file is damaged or incomplete (not a complete .docx)" in result.output
    assert "Traceback" not in result.output


def test_a_file_written_by_libreoffice_keeps_its_text(sample_build, tmp_path):
    soffice = tool("soffice")
    item = next(i for i in sample_build[1].report.rendered if i.doc.slug == "bus-franchising")
    ours = tmp_path / "bus-franchising.docx"
    ours.write_bytes(docx_bytes(item, Settings()).value)
    profile = f"-env:UserInstallation=file://{tmp_path / 'profile'}"

    def convert(source, target):
        out = tmp_path / target
        command = [soffice, profile, "--headless", "--convert-to", target, "--outdir", str(out)]
        subprocess.run([*command, str(source)], capture_output=True, timeout=180, check=True)
        return out / f"{source.stem}.{target}"

    # Through ODT and back, so the .docx is entirely LibreOffice's own writing.
    theirs = convert(convert(ours, "odt"), "docx")
    imported = import_docx(theirs)
    from motionlib.library.body import parse_markdown

    words = re.findall(r"\w+", " ".join(parse_markdown(imported.body).itertext()))
    expected = re.findall(r"\w+", " ".join(item.tree.itertext()))
    assert [w for w in expected if w not in words] == []
    assert imported.fields["title"] == item.doc.title
    assert "1. To ask the combined authority" in imported.body
    assert "2. To campaign with passengers" in imported.body
    assert "    3. a fare cap for under-25s." in imported.body
    shutil.rmtree(tmp_path / "profile", ignore_errors=True)
