"""Search that scales: Pagefind's chunked index instead of Material's one JSON of every page.

Material's search sends the whole site's text to every visitor (measured: 3.7 MB at 1,000
motions, 22.5 MB at 6,000, before the first result). Pagefind indexes the built site into small
fragments and a search loads only those a query needs. It indexes the motion and briefing pages
(their `data-pagefind-body`) and matches without accents ("Wisniewska" finds "Wiśniewska").
No Pagefind filters: measured, Pagefind 1.5 writes their files in a different order on every run,
and two builds of one commit must give the same site (the lists' own filters do the job).

Pagefind needs a web server (it fetches its fragments), so the offline copy keeps Material's
search, which works from a folder; Zensical builds keep Zensical's own.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from motionlib.model.problems import MotionLibError

BUNDLE = "pagefind"
TIMEOUT = 1800  # seconds


def index_site(site: Path) -> None:
    """Index the built site in place: Pagefind writes its bundle to site/pagefind/."""
    command = [sys.executable, "-m", "pagefind", "--site", str(site), "--silent"]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise MotionLibError(f"Pagefind could not index the site: {error}") from None
    if result.returncode != 0 or not (site / BUNDLE / "pagefind.js").is_file():
        output = (result.stderr or result.stdout).strip()
        raise MotionLibError(f"Pagefind could not index the site:\n{output}")
