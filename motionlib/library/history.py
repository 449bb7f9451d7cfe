"""A document's published versions, from the library's own git history: the date and message
of each commit that changed its file (the last MAX_VERSIONS) and its text at each, so a page
can show what changed since the copy a delegate printed.

Read with two git commands for the whole library (one log, one batch of file contents), only
ever from the repository the library is in, and never from the network. No git, no repository,
or a shallow clone (whose history stops short, so its first version would look like the
first ever) means no versions: never an error. The publish workflow fetches the full history.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from motionlib.library.load import MAX_BYTES  # a version is read only if check would read it

MAX_VERSIONS = 10
RECORD, FIELD = "\x1e", "\x1f"
TIMEOUT = 120  # seconds, for a library of many thousands of files


@dataclass(frozen=True)
class Version:
    """One commit that changed a document's file."""

    commit: str
    date: str  # YYYY-MM-DD, the commit's date
    message: str  # its first line
    text: str  # the file's body (front matter left out) at that commit


def histories(root: Path, paths: list[str]) -> dict[str, list[Version]]:
    """Each file's versions, newest first (paths relative to `root`); {} without a full git
    history. Only files with two versions or more are listed: one version has nothing to show."""
    repository = _repository(root)
    if repository is None:
        return {}
    top, head = repository
    return dict(_read(root, top, head, tuple(sorted(paths))))


def git_output(root: Path, *args: str, stdin: bytes | None = None) -> bytes | None:
    """A git command's output, or None when it fails: run with no system or user configuration
    (a pager, an alias or a credential helper of this machine's cannot run)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env |= {"GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull, "GIT_TERMINAL_PROMPT": "0"}
    command = ["git", "-c", "core.quotepath=false", "-C", str(root), *args]
    try:
        done = subprocess.run(command, input=stdin, capture_output=True, env=env, timeout=TIMEOUT)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout if done.returncode == 0 else None


def _repository(root: Path) -> tuple[str, str] | None:
    """(the work tree's top folder, HEAD) of a full clone holding `root`, else None."""
    if shutil.which("git") is None:
        return None
    found = git_output(root, "rev-parse", "--is-shallow-repository", "--show-toplevel", "HEAD")
    if found is None:
        return None
    shallow, top, head = found.decode("utf-8", "replace").split("\n")[:3]
    return None if shallow != "false" else (top, head)


@functools.lru_cache(maxsize=4)
def _read(root: Path, top: str, head: str, paths: tuple[str, ...]) -> list:
    """Kept per HEAD: `serve` rebuilds after every edit, and the history changes only with a
    commit."""
    prefix = Path(root).resolve().relative_to(Path(top).resolve()).as_posix()
    in_top = {(f"{prefix}/{p}" if prefix != "." else p): p for p in paths}
    commits = _commits(root, in_top)
    wanted = [(path, c) for path, found in commits.items() if len(found) > 1 for c in found]
    texts = _contents(root, [(c[0], path) for path, c in wanted])
    result = []
    for path, found in commits.items():
        if len(found) > 1:
            versions = [Version(*c, texts.get((c[0], path), "")) for c in found]
            result.append((in_top[path], versions))
    return result


def _commits(root: Path, in_top: dict[str, str]) -> dict[str, list[tuple[str, str, str]]]:
    """Top-relative path → (commit, date, subject) of the commits that changed it, newest first."""
    log = git_output(
        root, "log", f"--format={RECORD}%H{FIELD}%cs{FIELD}%s", "--name-only", "--no-renames",
        "--", ".",
    )  # fmt: skip
    found: dict[str, list[tuple[str, str, str]]] = {}
    for record in (log or b"").decode("utf-8", "replace").split(RECORD)[1:]:
        header, _, names = record.partition("\n")
        commit, date, subject = [*header.split(FIELD), "", ""][:3]
        for name in names.split("\n"):
            versions = found.setdefault(name, []) if name in in_top else None
            if versions is not None and len(versions) < MAX_VERSIONS:
                versions.append((commit, date, subject))
    return found


def _contents(root: Path, wanted: list[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """The body of each (commit, top-relative path), read in one batch; a version larger than
    check allows a file to be today (an old commit may hold anything) is left out unread."""
    wanted = [
        key for key, size in zip(wanted, _sizes(root, wanted), strict=True) if size <= MAX_BYTES
    ]
    if not wanted:
        return {}
    request = "".join(f"{commit}:{path}\n" for commit, path in wanted).encode()
    output = git_output(root, "cat-file", "--batch", stdin=request) or b""
    texts, position = {}, 0
    for key in wanted:
        end = output.find(b"\n", position)
        if end < 0:
            break
        header = output[position:end].split()
        position = end + 1
        if len(header) != 3 or header[1] != b"blob":
            continue  # "missing": the file did not exist as a file there
        size = int(header[2])
        texts[key] = body_of(output[position : position + size].decode("utf-8", "replace"))
        position += size + 1
    return texts


def _sizes(root: Path, wanted: list[tuple[str, str]]) -> list[int]:
    """Each version's size in bytes (git cat-file --batch-check), or a size over the limit for
    one that is missing or not a file."""
    if not wanted:
        return []
    request = "".join(f"{commit}:{path}\n" for commit, path in wanted).encode()
    lines = (git_output(root, "cat-file", "--batch-check", stdin=request) or b"").split(b"\n")
    sizes = []
    for index in range(len(wanted)):
        parts = lines[index].split() if index < len(lines) else []
        ok = len(parts) == 3 and parts[1] == b"blob" and parts[2].isdigit()
        sizes.append(int(parts[2]) if ok else MAX_BYTES + 1)
    return sizes


def body_of(text: str) -> str:
    """The text after the front matter, as the page's words are."""
    if text.startswith("---"):
        closing = text.find("\n---", 3)
        if closing >= 0:
            return text[text.find("\n", closing + 1) + 1 :] if "\n" in text[closing + 1 :] else ""
    return text
