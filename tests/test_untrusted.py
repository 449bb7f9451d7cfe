"""Untrusted pull requests, round three (issue 21): each way in that a red team found, as a
small fixture built in the test, with the exact message or the property of the output that
shuts it."""

from __future__ import annotations

import time

import pytest

from motionlib.pipeline import check_project
from motionlib.problems import MotionLibError
from motionlib.word_import import import_docx
from tests.conftest import write_project
from tests.test_hostile import motion
from tests.test_import_hostile import W, bomb


def test_pasted_line_breaks_are_checked_in_linear_time(tmp_path_factory):
    """150,000 Word line breaks in one paragraph (300 KB): marking lines was quadratic (534 s),
    and so was one inline pattern per break. Doubling the input at most ~2.5× the time."""

    def seconds(count: int) -> float:
        root = tmp_path_factory.mktemp(f"breaks{count}")
        config = write_project(root, {"motions/m.md": motion("Word\x0b" * count + "end.")})
        started = time.perf_counter()
        report = check_project(config)
        assert not report.errors, report.problems
        return time.perf_counter() - started

    seconds(1000)  # warm: imports and the parser's first run
    half, full = seconds(75_000), seconds(150_000)
    assert full / half < 2.5, (half, full)


def test_paragraphs_are_counted_by_namespace_not_prefix(tmp_path):
    """Another prefix bound to Word's namespace (`q:p`) still counts as a paragraph."""
    namespace = W.replace("xmlns:w=", "xmlns:q=").encode()
    xml = b'<?xml version="1.0"?><q:document ' + namespace + b"><q:body>"
    path = bomb(tmp_path, xml + b"<q:p/>" * 60_000 + b"</q:body></q:document>")
    with pytest.raises(MotionLibError, match="the document has 60,000 paragraphs"):
        import_docx(path)
