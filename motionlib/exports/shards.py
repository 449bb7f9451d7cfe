"""`build --shard K/N`: the K-th of N shares of the export work, so N runners of a workflow
matrix render a large library in parallel, each into its own cache, and a last job given all
their caches builds the site with no single file left to render.

The shares are stable across runners (jobs ordered by their cache file, which names their
inputs) and together cover every single PDF and Word file, each once. Books and ZIPs are left
to the last job (see `share`).
"""

from __future__ import annotations

import re

from motionlib.model.problems import MotionLibError

SHARD = re.compile(r"^([1-9]\d*)/([1-9]\d*)$")


def parse_shard(text: str) -> tuple[int, int]:
    """'2/3' → (2, 3), with a message naming the option when it is not K/N, 1 ≤ K ≤ N."""
    match = SHARD.match(text.strip())
    if not match or int(match[1]) > int(match[2]):
        raise MotionLibError(
            f"--shard {text}: give K/N, the share of this runner and the number of runners, "
            "with 1 ≤ K ≤ N (for example --shard 2/3)"
        )
    return int(match[1]), int(match[2])


def share(stages: list[list], k: int, n: int) -> list[list]:
    """The jobs of shard `k` of `n` in each stage ([singles, pool bundles, packed bundles]):
    every n-th single file, and no bundle. A bundle is made from its members' singles, and a
    library-wide book's members are every motion: a shard making it would render them all. The
    last job assembles books and packs ZIPs from the merged caches (about a second per 150
    motions), and renders no single file."""
    singles, *bundle_stages = stages
    order = sorted(job.path for job in singles)
    mine = {path for index, path in enumerate(order) if index % n == k - 1}
    return [[job for job in singles if job.path in mine], *([] for _ in bundle_stages)]
