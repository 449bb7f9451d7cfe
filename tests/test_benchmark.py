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
    assert (
        rows["publish after one edit, from a restored cache"]
        .split(", ")[1]
        .startswith("2 rendered")
    )  # another folder, the same sealed cache: only the edited motion's two files
    assert rows["print CSS changed"].endswith("(6 of 12 files rendered)")
