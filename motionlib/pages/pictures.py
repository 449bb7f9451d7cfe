"""The library's pictures on the site: each document's checked pictures (library/images.py)
published at media/<its path in the library>, and every page's <img> pointed at that file."""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Callable

from motionlib.library.body import Parsed

MEDIA = "media"
IMG_SRC = re.compile(r'(<img\b[^>]*?\bsrc=")([^"]+)(")')


def picture_files(rendered: list[Parsed]) -> dict[str, bytes]:
    """Each picture as bytes: a copy, never a link to the library's own file; read once, however
    many documents show it."""
    files: dict[str, bytes] = {}
    for image in (image for item in rendered for image in item.images):
        if f"{MEDIA}/{image.path}" not in files:
            files[f"{MEDIA}/{image.path}"] = image.data()
    return files


def picture_links(
    html_page: str, source_path: str | None, addresses: dict[str, str], marker: Callable
) -> str:
    """A picture's address, written relative to its document, → a marker of its published
    file, which the tree makes relative to each page it lands on."""
    if "<img" not in html_page or not source_path:
        return html_page
    folder = posixpath.dirname(source_path)

    def swap(match: re.Match) -> str:
        rel = f"{MEDIA}/" + posixpath.normpath(posixpath.join(folder, html.unescape(match[2])))
        if rel not in addresses:
            return match[0]
        return match[1] + str(marker(rel)) + match[3]

    return IMG_SRC.sub(swap, html_page)
