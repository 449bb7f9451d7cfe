"""Search at scale: what a member's phone downloads and waits for before the first result.

    python benchmarks/search.py              # 1,000 and 6,000 synthetic 400-word motions
    python benchmarks/search.py --n 200      # a quick run

Builds each library twice without PDF and Word files (search does not depend on them): with
Pagefind (the default) and with Material's own search. Serves it on 127.0.0.1, opens the home page
in Debian's Chromium, goes to search (Material: its search box; Pagefind: the search page), types
a supporter's surname ("Wiśniewska"; Material does not find it typed without the accent) and
measures the bytes received from opening the home page to the first result, and the time from
the first key press to the first result (median of --repeat runs, each in a fresh browser
context). Also the index's size on disk and the all-motions page's size.
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.run import make_library  # noqa: E402
from tests.test_browser import ARGS, serve  # noqa: E402  (the browser tests' Chromium set-up)


def build_site(count: int, folder: Path, search: str) -> Path:
    from motionlib.commands.build import build

    config = make_library(folder, count)
    options = f"  - motions:\n      exports: false\n      search: {search}\n"
    text = config.read_text(encoding="utf-8").replace("  - motions:\n", options)
    config.write_text(text, encoding="utf-8")
    return build(config).site_dir


def first_result(browser, url: str, query: str, search: str) -> tuple[float, int]:
    """(seconds from the first key press to the first result, bytes received from opening the
    home page until that result: Material fetches its whole index when any page loads,
    Pagefind the fragments a query needs)."""
    context = browser.new_context()
    received: list[int] = []

    def count(response) -> None:
        with contextlib.suppress(Exception):  # redirects and aborted requests have no body
            received.append(len(response.body()))

    context.on("response", count)
    page = context.new_page()
    page.goto(url)
    page.wait_for_load_state("networkidle")
    if search == "pagefind":
        page.locator("a.ml-search-button").click()
        field = page.locator("#ml-search-q")
        result = "#ml-search-results li"
    else:
        page.locator("label.md-search__icon, .md-search__input").first.click()
        field = page.locator("input.md-search__input")
        result = ".md-search-result__item"
    field.wait_for()
    started = time.perf_counter()
    field.press_sequentially(query)
    page.locator(result).first.wait_for(timeout=120_000)
    seconds = time.perf_counter() - started
    context.close()
    return seconds, sum(received)


def index_size(site: Path, search: str) -> int:
    if search == "material":
        return (site / "search" / "search_index.json").stat().st_size
    return sum(p.stat().st_size for p in (site / "pagefind").rglob("*") if p.is_file())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, action="append", help="library sizes (default 1000, 6000)")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    rows = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for count in args.n or [1000, 6000]:
            for search in ("pagefind", "material"):
                with tempfile.TemporaryDirectory(prefix="motions-search-") as folder:
                    site = build_site(count, Path(folder), search)
                    server, url = serve(site)
                    runs = [
                        first_result(browser, url, "Wiśniewska", search) for _ in range(args.repeat)
                    ]
                    server.shutdown()
                    listing = (site / "motions" / "index.html").stat().st_size
                    seconds = statistics.median(r[0] for r in runs)
                    received = statistics.median(r[1] for r in runs)
                    rows.append(
                        (count, search, index_size(site, search), received, seconds, listing)
                    )
        browser.close()
    print(
        "\n| motions | search | index on disk | received until the first result "
        "| key press to first result | all-motions page |"
    )
    print("| --- | --- | --- | --- | --- | --- |")
    for count, search, index, received, seconds, listing in rows:
        print(
            f"| {count:,} | {search} | {index / 1e6:.1f} MB | {received / 1e6:.2f} MB "
            f"| {seconds:.2f} s | {listing / 1e3:.0f} KB |"
        )


if __name__ == "__main__":
    main()
