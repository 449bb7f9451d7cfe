"""`build --shard K/N`: the K-th of N shares of the export work, so N runners of a workflow
matrix render a large library in parallel, each into its own cache.

A bundle (a book, a ZIP, a meeting's decisions) is made from its members' single files, and a
library-wide book's members are every motion, so one round cannot make every bundle without
some runner rendering every motion. The same command run twice does it: the first round renders
the singles (and any bundle whose singles that shard holds alone), the second, given the first
round's caches, makes the bundles; a last job given the second round's caches renders nothing.
The shares are stable across runners (jobs ordered by their cache file, which names their
inputs) and cover each file once.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

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


def share(stages: list[list], k: int, n: int, cached: Callable[[Path], bool]) -> list[list]:
    """The jobs of shard `k` of `n` in each stage ([singles, pool bundles, packed bundles]):
    every n-th single, and its share of the bundles whose singles are all at hand once this
    shard's are made (its own, or `cached`: trusted in the cache it was given)."""
    singles, *bundle_stages = stages
    mine = _every_nth(singles, k, n)
    at_hand = mine | {job.path for job in singles if cached(job.path)}
    ours = _balanced([job for jobs in bundle_stages for job in jobs], k, n)
    return [
        [job for job in singles if job.path in mine],
        *([job for job in jobs if job.path in ours and set(job.needs) <= at_hand]
          for jobs in bundle_stages),
    ]  # fmt: skip


def _every_nth(jobs: list, k: int, n: int) -> set[Path]:
    """The paths of every n-th job from the k-th, in the order of their paths (the same jobs
    on every runner); a file two jobs would make is one path."""
    order = sorted({job.path for job in jobs})
    return {path for index, path in enumerate(order) if index % n == k - 1}


def _balanced(jobs: list, k: int, n: int) -> set[Path]:
    """Shard k's paths when each job, heaviest first, goes to the shard with the least work so
    far: a library-wide book weighs as much as many small ones."""
    loads = [0] * n
    owned: list[set[Path]] = [set() for _ in range(n)]
    weights = {job.path: job.weight for job in jobs}
    for path in sorted(weights, key=lambda p: (-weights[p], p)):
        lightest = loads.index(min(loads))
        loads[lightest] += weights[path]
        owned[lightest].add(path)
    return owned[k - 1]
