"""Symbolic links in the repository are never followed: each one is an error, wherever it points.

A pull request can commit links. One that leads outside publishes or overwrites any file the
build can reach (`/proc/self/environ`, the cache key); one that stays inside still publishes or
reads what no check looked at (`docs/extras -> ../extras`), or loops (`docs/repo -> ..`). So
the folders a build reads or writes hold no links at all, and the message says where each leads.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

from motionlib.model.problems import Problem


def link_problem(root: Path, path: Path) -> Problem:
    rel = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
    if not path.exists():
        return Problem(rel, None, None, "is a link to nothing; remove it or add the file itself")
    if not path.resolve().is_relative_to(root.resolve()):
        message = "is a link to a file outside the repository; add the file itself instead"
        return Problem(rel, None, None, message)
    message = (
        "is a symbolic link, and links are never followed (one inside the repository still "
        "publishes or reads what no check saw); replace it with the file or folder itself"
    )
    return Problem(rel, None, None, message)


def links_below(root: Path, folder: Path) -> list[Problem]:
    """A problem for `folder` if it is a link, else for every link below it."""
    if folder.is_symlink():
        return [link_problem(root, folder)]
    if not folder.is_dir():
        return []
    return [link_problem(root, path) for path in _links(folder)]


def _links(folder: Path) -> Iterator[Path]:
    for current, folders, files in os.walk(folder, followlinks=False):
        base = Path(current)
        for name in sorted(folders) + sorted(files):
            if (base / name).is_symlink():
                yield base / name


def committed_below(root: Path, folders: list[Path]) -> list[Problem]:
    """Files that git tracks under the folders only builds write (build/): a pull request's
    planted cache entry, lock or link. Without git (a plain folder) there is nothing to ask."""
    inside = [f.relative_to(root).as_posix() for f in folders if f.is_relative_to(root)]
    if not inside or not (root / ".git").exists():
        return []
    try:
        listed = subprocess.run(
            ["git", "ls-files", "-z", "--", *inside],
            cwd=root,
            capture_output=True,
            timeout=30,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    names = [name for name in listed.decode("utf-8", "replace").split("\0") if name]
    message = (
        "is committed to the repository under a folder that only builds write; remove it "
        "from git (git rm -r --cached build) and keep build/ in .gitignore"
    )
    return [Problem(name, None, None, message) for name in names[:MAX_LISTED]] + (
        [Problem(inside[0], None, None, f"… and {len(names) - MAX_LISTED} more such files")]
        if len(names) > MAX_LISTED
        else []
    )


MAX_LISTED = 20  # committed files named one by one; the rest are counted
