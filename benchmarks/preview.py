"""Preview: how long `generate.py serve` takes to show an edited motion (its page, its fresh PDF
and Word file, and a complete search index).

    python benchmarks/preview.py             # 1,000 synthetic motions (the first build renders
                                             # every PDF and Word file: minutes on 2 cores)
    python benchmarks/preview.py --n 100     # a quick run

Times the rebuild hook as `serve` runs it: the same MkDocs configuration loading, plugin instance
and dirty build, in one process. Each round appends a sentence to one motion and measures from the
edit to the rebuilt site; then checks that the page shows the sentence, the motion's PDF is new
and the search index still counts every document.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.run import make_library  # noqa: E402

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


def rebuild(config_file: Path, site: Path, first: bool = False) -> tuple[float, float]:
    """What serve's builder does on each change: load the configuration, build dirty. Seconds
    until the site is rebuilt (the browser reloads then), and until the search index, which
    is made behind it, is complete too."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    started = time.perf_counter()
    config = load_config(str(config_file), site_dir=str(site))
    if first:
        config.plugins.on_startup(command="serve", dirty=True)
    build(config, dirty=True)
    built = time.perf_counter() - started
    config.plugins["motions"].wait_for_index()
    return built, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=1000, help="motions to generate")
    parser.add_argument("--rounds", type=int, default=3, help="edits to time")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="motions-preview-") as folder:
        config_file = make_library(Path(folder), args.n)
        site = Path(folder) / "serve-site"
        first = rebuild(config_file, site, first=True)[1]
        edited = sorted((Path(folder) / "motions").glob("*.md"))[len(args.n * "x") // 2]
        times = []
        for round_ in range(1, args.rounds + 1):
            pdf = site / "downloads" / "motions" / f"{edited.stem}.pdf"
            before = pdf.stat().st_mtime_ns
            sentence = f"This branch also notes edit number {round_}."
            with edited.open("a", encoding="utf-8") as handle:
                handle.write(f"\n{sentence}\n")
            times.append(rebuild(config_file, site))
            page = (site / "motions" / edited.stem / "index.html").read_text(encoding="utf-8")
            assert sentence in page, "the edited page was not rebuilt"
            assert pdf.stat().st_mtime_ns != before, "the edited motion's PDF was not renewed"
            entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text())
            assert entry["languages"]["en"]["page_count"] == args.n, "the index lost pages"
    load = os.getloadavg()[0]
    print(f"\nPreview — {args.n} motions, {os.cpu_count()} cores, load {load:.2f}\n")
    print("| measurement | result |\n| --- | --- |")
    print(f"| first build (serve starts; renders every PDF and Word file) | {first:.1f} s |")
    for label, values in (
        ("edit → page, PDF and Word file rebuilt (the browser reloads)", [t[0] for t in times]),
        ("edit → search index complete too", [t[1] for t in times]),
    ):
        runs = ", ".join(f"{t:.2f}" for t in values)
        print(f"| {label}, median of {len(values)} | {statistics.median(values):.2f} s ({runs}) |")


if __name__ == "__main__":
    main()
