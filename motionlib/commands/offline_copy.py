"""`build --offline-zip`: the offline copy, zipped, published on the site and linked from its
home page, so a member can take the whole library to a meeting without a connection.

The offline copy is built first (build/offline, a site of its own, swapped in whole as every
build is), zipped into build/offline-copy.zip, and then the site is built with the ZIP among
its downloads: the site knows the file and its size when it writes the link, and the offline
copy inside the ZIP does not contain itself.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

from motionlib.commands.build import BuildSummary, build
from motionlib.exports.bundles import FIXED_ZIP_TIME
from motionlib.library.check import Report
from motionlib.model.addresses import slugify
from motionlib.model.problems import MotionLibError

COMPRESSED = {".pdf", ".docx", ".zip", ".png", ".jpg", ".jpeg", ".webp", ".gif", ".woff2"}


def build_offline_zip(
    config_file: Path,
    engine: str | None = None,
    progress: Callable[[int, int], None] | None = None,
    on_report: Callable[[Report], None] | None = None,
) -> tuple[Path, BuildSummary]:
    """Build the offline copy into build/offline and zip it beside it: the ZIP's path, and what
    the offline build did."""
    folder = config_file.resolve().parent / "build" / "offline"
    with _offline():
        summary = build(config_file, folder, progress, on_report, engine)
    name = slugify(summary.report.library.settings.library_name) or "motions"
    return zip_folder(folder, folder.parent / "offline-copy.zip", name), summary


@contextlib.contextmanager
def _offline() -> Iterator[None]:
    """mkdocs.yml turns Material's offline plugin on from the environment (offline: enabled:
    !ENV MOTIONLIB_OFFLINE), as `build --offline` does; the site build after it must not."""
    before = os.environ.get("MOTIONLIB_OFFLINE")
    os.environ["MOTIONLIB_OFFLINE"] = "true"
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("MOTIONLIB_OFFLINE", None)
        else:
            os.environ["MOTIONLIB_OFFLINE"] = before


def zip_folder(folder: Path, target: Path, top: str) -> Path:
    """Every file under `folder` (links left out) in a ZIP under `top`/, in a stable order with
    fixed times, so the same copy gives the same bytes; written through a temporary name, so a
    failed build leaves the last ZIP and a link at `target` is replaced, not written through."""
    descriptor, name = tempfile.mkstemp(prefix=".offline-copy.", suffix=".tmp", dir=target.parent)
    temporary = Path(name)
    try:
        with os.fdopen(descriptor, "wb") as handle, zipfile.ZipFile(handle, "w") as archive:
            for path in _files(folder):
                _add(archive, path, f"{top}/{path.relative_to(folder).as_posix()}")
        os.chmod(temporary, 0o644)
        temporary.replace(target)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise MotionLibError(
            f"{target}: the offline copy could not be zipped ({error.strerror}); free some "
            "space and build again; the last good site is kept"
        ) from None
    return target


def _files(folder: Path) -> list[Path]:
    found = []
    for parent, folders, names in os.walk(folder):  # follows no link to a folder
        folders[:] = sorted(f for f in folders if not f.startswith("."))
        files = (Path(parent) / n for n in sorted(names) if not n.startswith("."))
        found += [path for path in files if not path.is_symlink()]  # hidden: the site's marker
    return found


def _add(archive: zipfile.ZipFile, path: Path, name: str) -> None:
    entry = zipfile.ZipInfo(name, FIXED_ZIP_TIME)
    entry.external_attr = 0o644 << 16
    stored = path.suffix.lower() in COMPRESSED  # compressed already: deflating gains nothing
    entry.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    with path.open("rb") as source, archive.open(entry, "w") as sink:
        shutil.copyfileobj(source, sink, 1 << 20)
