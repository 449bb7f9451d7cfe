"""Cache files this machine wrote, and only those: sealed with a key kept outside the repository.

`build/cache` lives in the project folder, so a pull request can commit files there
(`git add -f`). Its cache keys are computed from public inputs, so a planted
`exports/<key>.pdf` would be published as a motion's PDF. Every cache file is
therefore stored with an HMAC made with a key that never leaves this machine's
user cache folder; a file whose seal is missing or wrong is treated as a miss
and rendered again. Nothing in the cache is ever unpickled.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import hmac
import os
import secrets
from pathlib import Path

SEAL_SUFFIX = ".seal"


@functools.cache
def machine_key() -> bytes:
    """This user's cache key (created once, readable by this user only); random per process
    when no user cache folder can be written, which only makes every build a cold one."""
    home = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    path = home / "motionlib" / "cache-key"
    try:
        if not path.is_file():
            path.parent.mkdir(parents=True, exist_ok=True)
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(descriptor, "wb") as handle:
                handle.write(secrets.token_bytes(32))
        key = path.read_bytes()
        if len(key) >= 32:
            return key
    except OSError:
        pass
    return secrets.token_bytes(32)


def seal(data: bytes) -> str:
    return hmac.new(machine_key(), data, hashlib.sha256).hexdigest()


def read_trusted(path: Path) -> bytes | None:
    """The file's bytes if this machine wrote them, else None (missing, planted or damaged)."""
    try:
        data = path.read_bytes()
        expected = path.with_name(path.name + SEAL_SUFFIX).read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return data if hmac.compare_digest(seal(data), expected) else None


def is_trusted(path: Path) -> bool:
    return read_trusted(path) is not None


def write_trusted(path: Path, data: bytes) -> None:
    """Write the file and its seal, each via a temporary name; raises OSError (a full or
    read-only disk) after removing whatever it left."""
    path.parent.mkdir(parents=True, exist_ok=True)
    _atomic_write(path, data)
    _atomic_write(path.with_name(path.name + SEAL_SUFFIX), seal(data).encode("ascii"))


def _atomic_write(path: Path, data: bytes) -> None:
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        temporary.write_bytes(data)
        temporary.replace(path)
    except OSError:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise
