"""Benchmark: build a synthetic library of N motions and print a table of figures.

    python benchmarks/run.py            # N = 1000 (several minutes on 2 cores)
    python benchmarks/run.py --n 50     # a quick smoke run

Every build runs as its own `generate.py build` process, as an editor or CI runs it.
Times are medians of --repeat runs where practical (the cold build and the
print-CSS rebuild run once each: they are long). Peak memory is the sum of the
resident memory of the build process and its workers, sampled every 50 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FIRST = [
    "Aoife",
    "Zoë",
    "José",
    "Chidi",
    "Małgorzata",
    "Søren",
    "Renée",
    "Tomás",
    "Ingrid",
    "Kwame",
    "Lucía",
    "Niamh",
    "Priya",
    "Emre",
    "Catrin",
    "Björn",
    "Leïla",
    "Dafydd",
    "Ananya",
    "François",
    "Oluwaseun",
    "Marek",
    "Siobhán",
    "Hannah",
]
LAST = [
    "Ní Bhriain",
    "Marchetti",
    "Fernández",
    "Okonkwo",
    "Wiśniewska",
    "Østergaard",
    "Dubois",
    "Ó Ceallaigh",
    "Solberg",
    "Mensah",
    "Romero",
    "O'Connor",
    "Chaudhary",
    "Yıldız",
    "Hughes",
    "Eriksson",
    "Haddad",
    "ap Rhys",
    "Iyer",
    "Lefèvre",
    "Adeyemi",
    "Dvořák",
    "Gallagher",
]
PLACES = [
    "Riverside",
    "Northgate",
    "Ashford Vale",
    "Millbrook",
    "Kingsmere",
    "Harbourside",
    "Eastwick",
    "Southfield",
    "Westbury",
    "Lowmoor",
    "Highcross",
    "Fernhill",
]
TOPICS = [
    "Housing",
    "Climate",
    "Transport",
    "Workers' rights",
    "Health",
    "Education",
    "Democracy",
    "Local government",
    "Party organisation",
    "International",
]
STATUSES = ["template", "draft", "submitted", "passed", "rejected", "remitted", "withdrawn"]
WORDS = [
    "council",
    "branch",
    "members",
    "public",
    "services",
    "housing",
    "rents",
    "tenants",
    "workers",
    "union",
    "wages",
    "transport",
    "buses",
    "routes",
    "fares",
    "climate",
    "energy",
    "insulation",
    "homes",
    "schools",
    "meals",
    "health",
    "nurses",
    "staffing",
    "budget",
    "funding",
    "local",
    "democracy",
    "assembly",
    "residents",
    "community",
    "campaign",
    "conference",
    "motion",
    "policy",
    "government",
    "region",
    "families",
    "children",
    "safety",
    "fair",
    "pay",
]


def sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def motion(rng: random.Random, n: int) -> str:
    """~400 words: numbered clauses, nested bullets, a quotation, a link, ~20 supporters."""
    supporters = [f"{rng.choice(FIRST)} {rng.choice(LAST)}" for _ in range(rng.randint(15, 25))]
    topics = rng.sample(TOPICS, rng.randint(1, 2))
    notes = "\n".join(f"{i}. That {sentence(rng, 22)}" for i in range(1, 5))
    bullets = "\n".join(f"    - {sentence(rng, 10)}" for _ in range(3))
    resolves = "\n".join(f"{i}. To {sentence(rng, 20)}" for i in range(1, 5))
    day = 1 + n % 28
    return (
        "---\n"
        f"title: Motion {n} on {rng.choice(WORDS)} and {rng.choice(WORDS)}\n"
        f"submitter: {rng.choice(PLACES)} Branch\n"
        f"topic: {json.dumps(topics)}\n"
        f"status: {rng.choice(STATUSES)}\n"
        f"date: 2026-{1 + n % 12:02d}-{day:02d}\n"
        f"meeting: Regional Conference 2026, session {1 + n % 20}\n"
        f"summary: {sentence(rng, 14)}\n"
        "supporters:\n" + "".join(f"  - {name}\n" for name in supporters) + "---\n\n"
        f"## This branch notes\n\n{notes}\n\n"
        f"## This branch believes\n\n{sentence(rng, 30)} In particular:\n\n"
        f"1. {sentence(rng, 12)}\n{bullets}\n2. {sentence(rng, 12)}\n\n"
        f"> {sentence(rng, 18)}\n\n"
        f"## This branch resolves\n\n{resolves}\n\n"
        f"See [the campaign page](https://example.org/campaigns/{n}) for {sentence(rng, 12)}\n"
    )


def make_library(folder: Path, count: int) -> Path:
    rng = random.Random(1917)
    (folder / "motions").mkdir(parents=True)
    (folder / "docs").mkdir()
    for n in range(count):
        (folder / "motions" / f"motion-{n:04d}.md").write_text(motion(rng, n), encoding="utf-8")
    (folder / "print.css").write_text("/* library styles */\n")
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("      lang: en-GB\n", "      lang: en-GB\n      word_limit: 0\n")
    config = config.replace(
        "  - motions:\n", "  - motions:\n      print_css: print.css\n      books: []\n"
    )
    (folder / "mkdocs.yml").write_text(config, encoding="utf-8")
    return folder / "mkdocs.yml"


class MemorySampler(threading.Thread):
    """Peak of the summed RSS of a process and all its descendants."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid, self.peak, self.running = pid, 0, True

    def run(self) -> None:
        while self.running:
            self.peak = max(self.peak, tree_rss(self.pid))
            time.sleep(0.05)


def tree_rss(root: int) -> int:
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                parents[int(entry.name)] = int(fields[1])
            except (OSError, IndexError):
                continue
    family, changed = {root}, True
    while changed:
        grown = family | {pid for pid, parent in parents.items() if parent in family}
        changed, family = grown != family, grown
    total = 0
    for pid in family:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
            total += int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) * 1024
        except (OSError, AttributeError):
            continue
    return total


def run_build(config: Path, *options: str) -> dict:
    """One build; its counts add up both builds `--offline-zip` makes (the copy's, the site's)."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [
            sys.executable,
            str(ROOT / "generate.py"),
            "build",
            "--timings",
            "-f",
            str(config),
            *options,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    sampler = MemorySampler(process.pid)
    sampler.start()
    output, _ = process.communicate()
    sampler.running = False
    seconds = time.perf_counter() - started
    if process.returncode != 0:
        raise SystemExit(f"build failed:\n{output}")
    rendered = sum(map(int, re.findall(r"(\d+) rendered", output)))  # PDF, Word and books
    bundles = sum(map(int, re.findall(r"(\d+) Word ZIPs packed", output)))
    stages = dict(re.findall(r"(\w+) ([\d.]+) s", output.split("stages:")[1]))
    return {
        "seconds": seconds,
        "rendered": rendered,
        "bundles": bundles,
        "peak": sampler.peak,
        "stages": {k: float(v) for k, v in stages.items()},
    }


def median(values) -> float:
    return statistics.median(values)


def word_vs_pandoc(folder: Path, sample: int) -> tuple[float, float] | None:
    pandoc = shutil.which("pandoc")
    if pandoc is None:
        return None
    from motionlib.exports.word.writer import docx_bytes
    from motionlib.library.check import check_project

    report = check_project(folder / "mkdocs.yml")
    items = report.rendered[:sample]
    docx_bytes(items[0], report.library.settings)  # warm, as a worker is
    ours = []
    for item in items:
        started = time.perf_counter()
        docx_bytes(item, report.library.settings)
        ours.append(time.perf_counter() - started)
    theirs = []
    with tempfile.TemporaryDirectory() as out:
        for item in items:
            source = folder / item.doc.path
            started = time.perf_counter()
            subprocess.run([pandoc, str(source), "-o", f"{out}/x.docx"], check=True)
            theirs.append(time.perf_counter() - started)
    return median(ours), median(theirs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000, help="motions to generate")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each quick measurement")
    args = parser.parse_args()
    # Every build seals its cache with one key, as the publish workflow's secret does, so the
    # "publish after one edit" row can restore the cache on another "runner" (a copy).
    os.environ["MOTIONLIB_CACHE_KEY"] = "benchmark-" + "k" * 54
    folder = Path(tempfile.mkdtemp(prefix="motions-bench-"))
    try:
        config = make_library(folder, args.n)
        rows = measure(folder, config, args)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print(
        f"\nMotions Library benchmark — {args.n} motions, {os.cpu_count()} cores, "
        f"Python {sys.version.split()[0]}\n"
    )
    print("| measurement | result |\n| --- | --- |")
    for name, value in rows:
        print(f"| {name} | {value} |")


def measure(folder: Path, config: Path, args) -> list[tuple[str, str]]:
    cold = run_build(config)
    noop = [run_build(config) for _ in range(args.repeat)]
    edits = []
    for i in range(args.repeat):
        path = folder / "motions" / f"motion-{i:04d}.md"
        path.write_text(path.read_text(encoding="utf-8") + f"\nEdited {i}.\n", encoding="utf-8")
        edits.append(run_build(config))
    (folder / "print.css").write_text("h1 { letter-spacing: .01em; }\n")
    css = run_build(config)
    site = folder / "build" / "site"
    pages = [p for p in site.rglob("*.html")]
    motion_pages = [p for p in pages if p.parent.parent.name == "motions"]
    largest = max(pages, key=lambda p: p.stat().st_size)
    size = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    exports = 2 * args.n
    rows = [
        ("cold build", f"{cold['seconds']:.1f} s ({cold['rendered']} files rendered)"),
        ("cold build stages", ", ".join(f"{k} {v:.1f} s" for k, v in cold["stages"].items())),
        (
            "no-op rebuild (median)",
            f"{median(r['seconds'] for r in noop):.1f} s, "
            f"{max(r['rendered'] for r in noop)} rendered, "
            f"{median(r['seconds'] for r in noop) / cold['seconds']:.0%} of cold",
        ),
        (
            "one motion edited (median)",
            f"{median(r['seconds'] for r in edits):.1f} s, "
            f"rendered {sorted({r['rendered'] for r in edits})}, "
            f"{median(r['seconds'] for r in edits) / cold['seconds']:.0%} of cold",
        ),
        (
            "print CSS changed",
            f"{css['seconds']:.1f} s ({css['rendered']} of {exports} files rendered)",
        ),
        (
            "peak memory (build + workers)",
            f"{max(r['peak'] for r in [cold, *noop, *edits, css]) / 2**20:.0f} MiB",
        ),
        ("site size", f"{size / 2**20:.1f} MiB"),
        ("largest page", f"{largest.relative_to(site)} {largest.stat().st_size / 1000:.0f} KB"),
        ("largest motion page", f"{max(p.stat().st_size for p in motion_pages) / 1000:.1f} KB"),
    ]
    rows.extend(book_rows(folder, config, cold, args))
    rows.extend(publish_rows(folder, cold))
    compared = word_vs_pandoc(folder, min(30, args.n))
    if compared:
        ours, theirs = compared
        rows.append(
            (
                "Word export vs pandoc (median per motion)",
                f"{ours * 1000:.1f} ms vs {theirs * 1000:.0f} ms: {theirs / ours:.1f}× faster",
            )
        )
    else:
        rows.append(("Word export vs pandoc", "pandoc not installed: not measured"))
    return rows


def publish_rows(folder: Path, cold: dict) -> list[tuple[str, str]]:
    """The publish workflow's second run: a fresh checkout (a copy of the library, with its git
    history, without its site) given the cache the last run saved, one motion edited and
    committed, built with the same key. The history is three commits, the last two editing a
    third of the motions each, so a motion's page lists its versions, as a real library's does."""
    runner = Path(tempfile.mkdtemp(prefix="motions-runner-"))
    skip = shutil.ignore_patterns("site", "offline", "offline-copy.zip")  # build/cache stays
    try:
        last = runner / "last"  # the last publish run's checkout
        shutil.copytree(folder, last, ignore=skip)
        with_history(last)
        run_build(last / "mkdocs.yml", "--offline-zip")  # it saved the cache and the memo
        fresh = runner / "fresh"
        shutil.copytree(last, fresh, ignore=skip)
        path = fresh / "motions" / "motion-0000.md"  # as the "one motion edited" row edits
        path.write_text(path.read_text(encoding="utf-8") + "\nEdited again.\n", encoding="utf-8")
        commit(fresh, "One motion edited")
        result = run_build(fresh / "mkdocs.yml", "--offline-zip")  # as the workflow builds
        versions = history_row(fresh, runner / "history.json")
    finally:
        shutil.rmtree(runner, ignore_errors=True)
    published = (
        "publish after one edit, from a restored cache (build --offline-zip, git history)",
        f"{result['seconds']:.1f} s, {result['rendered']} rendered "
        "(PDF, Word and books), "
        f"{result['seconds'] / cold['seconds']:.0%} of cold",
    )
    return [published, versions]


HISTORY = """
import sys, time
from pathlib import Path
from motionlib.library.history import histories
root, memo = Path(sys.argv[1]), Path(sys.argv[2])
paths = [p.relative_to(root).as_posix() for p in sorted((root / "motions").glob("*.md"))]
started = time.perf_counter()
found = histories(root, paths, memo)
print(time.perf_counter() - started, len(found), sum(len(v) for v in found.values()))
"""


def history_row(checkout: Path, memo: Path) -> tuple[str, str]:
    """The motions' versions from git, read and compared with an empty memo, then by another
    process from the memo the first one saved (as the next publish run)."""
    runs = []
    for _ in range(2):
        command = [sys.executable, "-c", HISTORY, str(checkout), str(memo)]
        done = subprocess.run(command, capture_output=True, text=True, check=True, cwd=ROOT)
        seconds, files, versions = done.stdout.split()
        runs.append(float(seconds))
    return (
        "versions from git: read and compared, then from the memo",
        f"{runs[0]:.2f} s, then {runs[1]:.2f} s ({versions} versions of {files} motions)",
    )


def with_history(folder: Path) -> None:
    """The library as a git repository: one commit, then two editing a third of it each."""
    subprocess.run(["git", "init", "-q", str(folder)], check=True)
    (folder / ".gitignore").write_text("build/\n", encoding="utf-8")
    commit(folder, "The library")
    motions = sorted((folder / "motions").glob("*.md"))
    for round, share in enumerate((motions[0::3], motions[1::3])):
        for path in share:
            text = path.read_text(encoding="utf-8")
            path.write_text(text + f"\nRevised in round {round}.\n", encoding="utf-8")
        commit(folder, f"Revision {round}")


def commit(folder: Path, message: str) -> None:
    who = ["-c", "user.name=Bench", "-c", "user.email=bench@example.org"]
    subprocess.run(["git", "-C", str(folder), "add", "-A"], check=True)
    subprocess.run(["git", "-C", str(folder), *who, "commit", "-qm", message], check=True)


def book_rows(folder: Path, config: Path, cold: dict, args) -> list[tuple[str, str]]:
    """Motion books for 20 meetings: added to cached singles, after one edit, and cold."""
    config.write_text(config.read_text(encoding="utf-8").replace("books: []", "books: [meeting]"))
    books = run_build(config)
    path = folder / "motions" / "motion-0000.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nEdited for books.\n", encoding="utf-8")
    edit = run_build(config)
    shutil.rmtree(folder / "build")
    cold_books = run_build(config)
    size = f"20 meetings of ~{args.n // 20} motions"
    return [
        (
            f"motion books added, singles cached ({size})",
            f"{books['seconds']:.1f} s, {books['rendered']} books rendered, "
            f"{books['bundles']} Word ZIPs packed",
        ),
        (
            "one motion edited, with books",
            f"{edit['seconds']:.1f} s, {edit['rendered']} rendered, "
            f"{edit['seconds'] / cold_books['seconds']:.0%} of cold with books",
        ),
        (
            "cold build with books",
            f"{cold_books['seconds']:.1f} s, {cold_books['seconds'] / cold['seconds']:.2f}× "
            f"the cold build without books; peak {cold_books['peak'] / 2**20:.0f} MiB",
        ),
    ]


if __name__ == "__main__":
    main()
