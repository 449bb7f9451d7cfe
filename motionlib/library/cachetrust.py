"""Cache files this machine wrote, and only those: sealed with a key kept outside the repository.

`build/cache` lives in the project folder, so a pull request can commit files there
(`git add -f`). Its cache keys are computed from public inputs, so a planted
`exports/<key>.pdf` would be published as a motion's PDF. Every cache file is
therefore stored with an HMAC made with a key that never leaves this machine's
user cache folder; a file whose seal is missing or wrong is treated as a miss
and rendered again. Nothing in the cache is ever unpickled.

A publish workflow that carries the cache from one run to the next (a fresh machine each time)
gives the key in MOTIONLIB_CACHE_KEY, a repository secret only the main branch's workflow
receives (SECURITY.md): a cache sealed under it is trusted by the next run with it, and by no
run without it. MOTIONLIB_UNTRUSTED (set by the pull-request workflow) refuses the variable.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import hmac
import json
import os
import secrets
import stat
import tempfile
from pathlib import Path
from typing import Any

from motionlib.model.problems import MotionLibError

SEAL_SUFFIX = ".seal"


KEY_VARIABLE = "MOTIONLIB_CACHE_KEY"
KEY_MINIMUM = 32  # characters: `python -c "import secrets; print(secrets.token_hex(32))"`


class ShortKey(MotionLibError):
    """MOTIONLIB_CACHE_KEY is set but too short to keep anyone from guessing it."""


SEALING = (KEY_VARIABLE, "MOTIONLIB_UNTRUSTED")


def sealing_settings() -> dict[str, str | None]:
    """The environment that decides the key, for a worker process to take over."""
    return {name: os.environ.get(name) for name in SEALING}


def use_sealing(settings: dict[str, str | None]) -> None:
    for name, value in settings.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


def machine_key() -> bytes:
    """The key that seals the cache: the workflow's secret when one is given, else this user's."""
    given = "" if os.environ.get("MOTIONLIB_UNTRUSTED") else os.environ.get(KEY_VARIABLE, "")
    if not given:
        return _user_key()
    if len(given.strip()) < KEY_MINIMUM:
        raise ShortKey(
            f"{KEY_VARIABLE} is {len(given.strip())} characters; a cache key needs "
            f'{KEY_MINIMUM} or more (make one with: python -c "import secrets; '
            'print(secrets.token_hex(32))")'
        )
    return _given_key(given.strip())


machine_key.cache_clear = lambda: _user_key.cache_clear()  # type: ignore[attr-defined]


@functools.cache
def _given_key(given: str) -> bytes:
    return hashlib.sha256(b"motionlib cache key\0" + given.encode()).digest()


@functools.cache
def _user_key() -> bytes:
    """This user's cache key (created once, readable by this user only); random per process
    when no user cache folder can be written, which only makes every build a cold one. The
    key file is created and read without following a link: a link at its path (aimed at a
    file of known bytes) gives a random key, never a predictable one."""
    home = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    path = home / "motionlib" / "cache-key"
    try:
        if not os.path.lexists(path):
            path.parent.mkdir(parents=True, exist_ok=True)
            flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW
            with os.fdopen(os.open(path, flags, 0o600), "wb") as handle:
                handle.write(secrets.token_bytes(32))
        key = read_no_link(path)
        if len(key) >= 32:
            return key
    except OSError:
        pass
    return secrets.token_bytes(32)


def read_no_link(path: Path) -> bytes:
    """The file's bytes; OSError if it is a link (O_NOFOLLOW) or not a regular file."""
    with os.fdopen(os.open(path, os.O_RDONLY | os.O_NOFOLLOW), "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise OSError(f"{path}: not a regular file")
        return handle.read()


def seal(data: bytes) -> str:
    return hmac.new(machine_key(), data, hashlib.sha256).hexdigest()


def read_trusted(path: Path) -> bytes | None:
    """The file's bytes if this machine wrote them, else None (missing, planted or damaged)."""
    try:
        data = read_no_link(path)
        seal_path = path.with_name(path.name + SEAL_SUFFIX)
        expected = read_no_link(seal_path).decode("ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return data if hmac.compare_digest(seal(data), expected) else None


def read_json(path: Path) -> Any:
    """A JSON file this machine wrote, as data (never a pickle); None when it is missing,
    planted or damaged."""
    data = read_trusted(path)
    try:
        return None if data is None else json.loads(data)
    except ValueError:
        return None


def write_json(path: Path, value: Any) -> None:
    """Sealed JSON; a read-only or full disk only costs the next build its head start, so it is
    not an error."""
    with contextlib.suppress(OSError):
        write_trusted(path, json.dumps(value, ensure_ascii=False).encode())


def is_trusted(path: Path) -> bool:
    return read_trusted(path) is not None


def write_trusted(path: Path, data: bytes) -> None:
    """Write the file and its seal, each via a temporary name; raises OSError (a full or
    read-only disk) after removing whatever it left."""
    path.parent.mkdir(parents=True, exist_ok=True)
    _atomic_write(path, data)
    _atomic_write(path.with_name(path.name + SEAL_SUFFIX), seal(data).encode("ascii"))


def _atomic_write(path: Path, data: bytes) -> None:
    """Via a temporary file of an unpredictable name, created exclusively and without
    following links (mkstemp), then renamed over the path: a link planted at either name is
    replaced, never written through."""
    descriptor, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    temporary = Path(name)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            os.fchmod(handle.fileno(), 0o644)  # published as it is (hard-linked into the site)
        temporary.replace(path)
    except OSError:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise
