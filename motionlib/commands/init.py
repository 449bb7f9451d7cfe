"""`motionlib init DIR`: a new library repository, the tool kept out of it (a pinned package).

The files are the package's templates/library/, written with the library's name, today's date
and this version of motionlib; `github/` and `gitignore` become `.github/` and `.gitignore`
(package data leaves out names that start with a dot). A folder that already holds files is
refused unless `force` is given, and then only files that do not exist yet are written: nothing
of anyone's is ever replaced.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from motionlib import __version__
from motionlib.commands.scaffold import write_new
from motionlib.model.files import TEMPLATES
from motionlib.model.problems import MotionLibError

SOURCE = TEMPLATES / "library"
DOTTED = {"github": ".github", "gitignore": ".gitignore"}


def init_library(
    folder: Path, name: str, force: bool = False, today: dt.date | None = None
) -> list[Path]:
    """Write the new library; return the files written."""
    if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
        raise MotionLibError(f"{folder}: is not a folder; choose a new folder for the library")
    if folder.is_dir() and any(folder.iterdir()) and not force:
        raise MotionLibError(
            f"{folder}: already holds files; choose an empty folder, or add --force to write "
            "only the files it does not have yet"
        )
    folder.mkdir(parents=True, exist_ok=True)
    values = {
        "__LIBRARY_NAME__": name,
        "__TODAY__": (today or dt.date.today()).isoformat(),
        "__VERSION__": __version__,
    }
    written = []
    for source in sorted(p for p in SOURCE.rglob("*") if p.is_file()):
        parts = source.relative_to(SOURCE).parts
        target = folder.joinpath(DOTTED.get(parts[0], parts[0]), *parts[1:])
        if target.exists():
            continue
        text = source.read_text(encoding="utf-8")
        for token, value in values.items():
            text = text.replace(token, value)
        write_new(folder, target, text, "remove it or choose another folder")
        written.append(target)
    return written
