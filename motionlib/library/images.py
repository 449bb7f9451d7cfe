"""Pictures in motions and briefings: files kept in the library beside the document (or in a
folder below it), checked here, then published with the site, embedded in the PDF and in the
Word file. A build never fetches: a remote address, a path out of the document's folder or a
symbolic link is an error, as are a missing file, a picture with no alt text (what a screen
reader says, and what the Word file's picture description holds), and a file too big.

PNG, JPEG and GIF work in all three outputs. SVG does not: Word needs a bitmap beside it and
python-docx writes none, so check asks for a PNG instead.
"""

from __future__ import annotations

import hashlib
import posixpath
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from motionlib.model.problems import MotionLibError, Problem, Severity
from motionlib.model.schema import Document

MAX_BYTES = 5 * 1024 * 1024  # a phone photo; a briefing's chart is far smaller
MAX_PIXELS = 40_000_000  # decoded, a bigger picture costs the PDF renderer gigabytes
FORMATS = {"PNG": "png", "JPEG": "jpg", "GIF": "gif"}  # what Pillow reads → the file suffix
MEDIA_TYPES = {"png": "image/png", "jpg": "image/jpeg", "gif": "image/gif"}
NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}(?:/[A-Za-z0-9][A-Za-z0-9._-]{0,99}){0,3}")


@dataclass(frozen=True)
class Image:
    """A checked picture: its address as written, the file, what it holds."""

    src: str  # as the document writes it, relative to the document's folder
    path: str  # from the library root ("briefings/images/chart.png"): the site publishes it so
    digest: str  # sha256 of the bytes, for the export cache key
    suffix: str
    file: Path  # where the exports read it (checked: a regular file inside the library)

    @property
    def media_type(self) -> str:
        return MEDIA_TYPES[self.suffix]

    def data(self) -> bytes:
        """The bytes, as check saw them: a file changed since is refused, not exported."""
        data = self.file.read_bytes()
        if hashlib.sha256(data).hexdigest() != self.digest:
            raise MotionLibError(f"{self.path} changed during the build; build again")
        return data


def images_of(tree: ET.Element) -> list[tuple[str, str]]:
    """(address, alt text) of every picture, those the parse made links of too."""
    found = []
    for elem in tree.iter():
        if elem.tag == "img":
            found.append((elem.get("src", ""), elem.get("alt", "")))
        elif elem.get("data-image") is not None:
            found.append((elem.get("data-image", ""), "".join(elem.itertext())))
    return found


def is_local(src: str) -> bool:
    """A name the library may hold: no scheme, no leading slash, no `..` (check says why)."""
    return bool(NAME.fullmatch(src)) and ".." not in src.split("/")


def check_images(doc: Document, tree: ET.Element, root: Path) -> tuple[list[Image], list[Problem]]:
    """Every picture of the document, checked; the good ones, and a problem per bad one."""
    found: dict[str, Image] = {}
    problems = []
    for src, alt in images_of(tree):
        image, message = _checked(doc, src, alt, root)
        if message:
            line = _line(doc, src, alt)
            problems.append(Problem(doc.path, line, "body", message, Severity.ERROR))
        elif image is not None:
            found[src] = image
    return list(found.values()), problems


def _checked(doc: Document, src: str, alt: str, root: Path) -> tuple[Image | None, str]:
    folder = posixpath.dirname(doc.path)
    shown = f"picture '{src}'"
    if re.match(r"[A-Za-z][A-Za-z0-9+.-]*:|//", src):
        return None, (
            f"{shown} is on another site: a build never fetches; save the file beside "
            f"{doc.path} and write its name"
        )
    if not is_local(src):
        return None, (
            f"{shown} must be a file in {folder}/ or a folder below it: letters, digits, "
            "'-', '_' and '.' in its name, no '..' and no leading '/'"
        )
    if not alt.strip():
        return None, (
            f"{shown} has no alt text: say what it shows inside the brackets, "
            f"![Membership by year, 2020 to 2026]({src})"
        )
    path = posixpath.join(folder, src)
    file, message = _regular_file(root, path)
    if file is None:
        return None, f"{shown} {message}"
    return _read(file, src, path)


def _regular_file(root: Path, path: str) -> tuple[Path | None, str]:
    """The file, if every part of its path is a real folder or file (no symbolic link)."""
    current = root
    for part in path.split("/"):
        current = current / part
        if current.is_symlink():
            return None, f"is a symbolic link ({path}): copy the picture into the library"
    if not current.is_file():
        return None, f"does not exist: expected the file {path}"
    if current.stat().st_size > MAX_BYTES:
        return None, f"is larger than {MAX_BYTES // 1024 // 1024} MB: save it smaller"
    return current, ""


def _read(file: Path, src: str, path: str) -> tuple[Image | None, str]:
    from PIL import Image as Pillow

    data = file.read_bytes()
    shown = f"picture '{src}'"
    if data.lstrip()[:5] in (b"<?xml", b"<svg ") or file.suffix.lower() == ".svg":
        return None, f"{shown} is SVG, which Word files cannot show: save it as PNG"
    try:
        with Pillow.open(file) as picture:
            kind, (width, height) = picture.format, picture.size
    except (OSError, ValueError, Pillow.DecompressionBombError):
        return None, f"{shown} is not a picture this library can show (PNG, JPEG or GIF)"
    if kind not in FORMATS:
        return None, f"{shown} is {kind}: save it as PNG or JPEG"
    if width * height > MAX_PIXELS:
        return None, f"{shown} is {width}×{height} pixels: save it smaller (at most 40 megapixels)"
    digest = hashlib.sha256(data).hexdigest()
    return Image(src, path, digest, FORMATS[kind], file), ""


def _line(doc: Document, src: str, alt: str) -> int:
    """The line of this picture: its alt text and address together first (one file may be
    shown twice, once without alt text), else its address alone (the alt text had markup)."""
    for needle in (f"![{alt}]({src}", f"]({src}"):
        at = doc.body.find(needle)
        if at >= 0:
            return doc.line_at(at)
    return doc.text_line
