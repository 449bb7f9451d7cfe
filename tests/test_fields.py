"""Fields are declared once: a field added to the schema and to the field table alone is shown
on the page, in the PDF and in the Word file, and Word import reads it back."""

from __future__ import annotations

import io
import zipfile

import pytest
from pypdf import PdfReader

from motionlib.exports.word.reader import import_docx
from motionlib.model import fields as field_table
from motionlib.model import schema
from tests.conftest import GOOD_MOTION
from tests.test_hostile import check_then_build


@pytest.fixture
def seconder(monkeypatch):
    """`seconder`: one line in the schema, one entry in the table — nothing else."""

    class WithSeconder(schema.Motion):
        seconder: str | None = None

    entry = field_table.Field("seconder", "Seconded by", lambda m, t: m.seconder or "")
    motion_fields = (*field_table.MOTION_FIELDS, entry)
    monkeypatch.setitem(schema.SCHEMAS, "motion", WithSeconder)
    monkeypatch.setitem(field_table.FIELDS, "motion", motion_fields)
    monkeypatch.setitem(field_table.BY_LABEL, "Seconded by", entry)


def test_a_field_added_through_the_table_reaches_every_output(project, seconder, tmp_path):
    text = GOOD_MOTION.replace("status: submitted\n", "status: submitted\nseconder: Ana Ortiz\n")
    config = project({"motions/m.md": text})
    code, output = check_then_build(config)
    assert code == 0, output
    site = config.parent / "build/site"
    page = (site / "motions/m/index.html").read_text(encoding="utf-8")
    assert "<dt>Seconded by</dt> <dd>Ana Ortiz</dd>" in page
    pdf = "".join(p.extract_text() for p in PdfReader(site / "downloads/motions/m.pdf").pages)
    assert "Seconded by" in pdf and "Ana Ortiz" in pdf
    docx = (site / "downloads/motions/m.docx").read_bytes()
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        document = archive.read("word/document.xml").decode()
    assert "Seconded by" in document and "Ana Ortiz" in document
    path = tmp_path / "m.docx"
    path.write_bytes(docx)
    assert import_docx(path).fields["seconder"] == "Ana Ortiz"


def test_new_writes_an_example_of_every_optional_field(project):
    """`new`'s starter file comes from the table: every field with an example is there."""
    from tests.test_hostile import cli

    config = project({"motions/m.md": GOOD_MOTION})
    code, output = cli("new", "motion", "A new one", "--submitter", "S", "-f", config)
    assert code == 0, output
    text = (config.parent / "motions/a-new-one.md").read_text(encoding="utf-8")
    for field in field_table.MOTION_FIELDS:
        if field.example:
            assert f"# {field.name}:" in text, field.name
    for name in ("number", "changes", "line_numbers", "supersedes", "composited_into"):
        assert f"# {name}:" in text
