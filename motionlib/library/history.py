"""A document's published versions, from the library's own git history: the date and message
of each commit that changed its file (the last MAX_VERSIONS) and its text at each, so a page
can show what changed since the copy a delegate printed.

Read with one `git log` for the whole library and, for the versions the memo (build/cache) does
not hold yet, one `git cat-file` batch of their sizes and one of their contents; only ever from
the repository the library is in, and never from the network. No git, no repository,
or a shallow clone (whose history stops short, so its first version would look like the
first ever) means no versions: never an error. The publish workflow fetches the full history.
"""

from __future__ import annotations

import functools
import hashlib
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from motionlib.library import worddiff
from motionlib.library.load import MAX_BYTES  # a version is read only if check would read it
from motionlib.library.memo import Memo
from motionlib.library.worddiff import Piece, word_diff

MAX_VERSIONS = 10
RECORD, FIELD = "\x1e", "\x1f"
ZERO = "0" * 40  # the blob of a file a commit deleted
CODE = hashlib.sha256(
    Path(__file__).read_bytes() + Path(worddiff.__file__).read_bytes()
).hexdigest()[:16]
TIMEOUT = 120  # seconds, for a library of many thousands of files


@dataclass(frozen=True)
class Version:
    """One commit that changed a document's file."""

    commit: str
    date: str  # YYYY-MM-DD, the commit's date
    message: str  # its first line
    text: str  # the file's body (front matter left out) at that commit
    changes: tuple[Piece, ...] | None = ()  # from the version before (None: too long to compare)


def histories(root: Path, paths: list[str], memo: Path | None = None) -> dict[str, list[Version]]:
    """Each file's versions, newest first (paths relative to `root`); {} without a full git
    history. Only files with two versions or more are listed: one version has nothing to show.
    `memo`: where to keep the texts read and the changes worked out, for the next build."""
    repository = _repository(root)
    if repository is None:
        return {}
    top, head = repository
    return dict(_read(root, top, head, tuple(sorted(paths)), memo))


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
def _read(root: Path, top: str, head: str, paths: tuple[str, ...], memo_path: Path | None) -> list:
    """Kept per HEAD: `serve` rebuilds after every edit, and the history changes only with a
    commit; and in the memo, by blob and by texts, for the next build, whose HEAD is new (at
    1,000 motions of three versions each: 1.4 s read and compared, 0.11 s from the memo)."""
    prefix = Path(root).resolve().relative_to(Path(top).resolve()).as_posix()
    in_top = {(f"{prefix}/{p}" if prefix != "." else p): p for p in paths}
    listed = {path: found for path, found in _commits(root, in_top).items() if len(found) > 1}
    memo = Memo(memo_path)
    texts = _contents(root, {c[3] for found in listed.values() for c in found}, memo)
    result = [(in_top[path], _versions(found, texts, memo)) for path, found in listed.items()]
    memo.save()
    return result


def _versions(found: list[tuple[str, str, str, str]], texts: dict, memo: Memo) -> list[Version]:
    bodies = [texts.get(blob, "") for *_, blob in found]  # "": deleted there, or too large
    before = [*bodies[1:], None]
    return [
        Version(commit, date, subject, body, _changes(old, body, memo) if old is not None else ())
        for (commit, date, subject, _), body, old in zip(found, bodies, before, strict=True)
    ]


def _changes(before: str, after: str, memo: Memo) -> tuple[Piece, ...] | None:
    key = f"{CODE}:diff:" + hashlib.sha256(f"{before}\0{after}".encode()).hexdigest()
    if key not in memo:
        pieces = word_diff(before, after)
        memo[key] = pieces
    found = memo[key]
    return None if found is None else tuple((op, text) for op, text in found)


def _commits(root: Path, in_top: dict[str, str]) -> dict[str, list[tuple[str, str, str, str]]]:
    """Top-relative path → (commit, date, subject, blob) of the commits that changed it, newest
    first; the blob is the file's contents there (ZERO where the commit deleted it). -z: any
    file name, any subject."""
    log = git_output(
        root, "log", f"--format={RECORD}%H{FIELD}%cs{FIELD}%s", "-z", "--raw", "--no-abbrev",
        "--no-renames", "--", ".",
    )  # fmt: skip
    found: dict[str, list[tuple[str, str, str, str]]] = {}
    tokens = iter((log or b"").decode("utf-8", "replace").split("\0"))
    header = ("", "", "")
    for token in tokens:
        token = token.lstrip("\n")
        if token.startswith(RECORD):
            header = tuple([*token[1:].split(FIELD, 2), "", ""][:3])
        elif token.startswith(":"):  # ":100644 100644 <before> <after> M", then the path
            name, blob = next(tokens, ""), [*token.split(), "", "", "", ""][3]
            versions = found.setdefault(name, []) if name in in_top else None
            if versions is not None and len(versions) < MAX_VERSIONS:
                versions.append((*header, blob))
    return found


def _contents(root: Path, blobs: set[str], memo: Memo) -> dict[str, str]:
    """The body of each blob: from the memo, else read in one batch; one larger than check
    allows a file to be today (an old commit may hold anything) is left out unread."""
    texts, missing = {}, []
    for blob in sorted(blobs - {ZERO}):
        key = f"{CODE}:blob:{blob}"
        if key in memo:
            texts[blob] = memo[key]
        else:
            missing.append(blob)
    sizes = _sizes(root, missing)
    wanted = [blob for blob, size in zip(missing, sizes, strict=True) if size <= MAX_BYTES]
    for blob, body in (_read_blobs(root, wanted) if wanted else {}).items():
        texts[blob] = memo[f"{CODE}:blob:{blob}"] = body
    return texts


def _read_blobs(root: Path, wanted: list[str]) -> dict[str, str]:
    """Each blob's body, read in one `git cat-file --batch`."""
    output = git_output(root, "cat-file", "--batch", stdin=_request(wanted))
    texts, position = {}, 0
    for blob in wanted:
        end = (output or b"").find(b"\n", position)
        if end < 0:
            break
        header = output[position:end].split()
        position = end + 1
        if len(header) != 3 or header[1] != b"blob":
            continue  # "missing"
        size = int(header[2])
        texts[blob] = body_of(output[position : position + size].decode("utf-8", "replace"))
        position += size + 1
    return texts


def _sizes(root: Path, wanted: list[str]) -> list[int]:
    """Each blob's size in bytes (git cat-file --batch-check), or a size over the limit for
    one that is missing or not a file."""
    if not wanted:
        return []
    output = git_output(root, "cat-file", "--batch-check", stdin=_request(wanted)) or b""
    lines = output.split(b"\n")
    sizes = []
    for index in range(len(wanted)):
        parts = lines[index].split() if index < len(lines) else []
        ok = len(parts) == 3 and parts[1] == b"blob" and parts[2].isdigit()
        sizes.append(int(parts[2]) if ok else MAX_BYTES + 1)
    return sizes


def _request(blobs: list[str]) -> bytes:
    """A cat-file batch's input: one object name a line."""
    return "".join(f"{blob}\n" for blob in blobs).encode()


def body_of(text: str) -> str:
    """The text after the front matter, as the page's words are."""
    if text.startswith("---"):
        closing = text.find("\n---", 3)
        if closing >= 0:
            return text[text.find("\n", closing + 1) + 1 :] if "\n" in text[closing + 1 :] else ""
    return text
