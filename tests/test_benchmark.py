"""The benchmark runs to completion on a small library and prints its table (a smoke test)."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT


def test_benchmark_smoke():
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--n", "6", "--repeat", "1"],
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    )
    rows = dict(
        line.strip("|").split("|", 1)
        for line in result.stdout.splitlines()
        if line.startswith("| ")
    )
    rows = {k.strip(): v.strip() for k, v in rows.items()}
    assert rows["cold build"].endswith("(12 files rendered)")
    assert rows["no-op rebuild (median)"].split(", ")[1] == "0 rendered"
    assert "rendered [2]" in rows["one motion edited (median)"]
    published = rows[
        "publish after one edit, from a restored cache (build --offline-zip, git history)"
    ]
    published = published.split(", ")[1]
    with_books = rows["one motion edited, with books"].split(", ")[1]
    assert published.split(" (")[0] == with_books == "3 rendered"  # its PDF, Word file, book:
    # another folder (a fresh runner), the same sealed cache, nothing else rendered
    assert rows["print CSS changed"].endswith("(6 of 12 files rendered)")
    versions = rows["versions from git: read and compared, then from the memo"]
    assert versions.endswith("(9 versions of 4 motions)"), versions  # two thirds edited, one again
