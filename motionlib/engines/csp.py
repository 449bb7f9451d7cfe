"""A Content-Security-Policy for every page, as a <meta> tag (static hosts rarely let us set
headers): scripts, styles, fonts and data only from the site itself, plus the exact hashes of
the few inline scripts the theme writes into each page.

Only scripts we ship are hashed: an inline script in a page is allowed when it is one of the
theme's own (Material's or Zensical's templates, or ours) as those templates write it, the one
value they fill in (the site's base address) matched as an address and nothing else. A script
that reached a page any other way, past the sanitizer, is never hashed, so the browser refuses
to run it: the policy is a second wall, not a list of whatever the page holds.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import importlib.util
import re
from pathlib import Path

from motionlib.model.files import THEME

INLINE_SCRIPT = re.compile(r"<script(\s[^>]*)?>(.*?)</script>", re.S | re.I)
DATA_TYPES = ("application/json", "application/ld+json")
HEAD = re.compile(r"<head[^>]*>", re.I)
POLICY = (
    "default-src 'none'",
    "script-src 'self' {hashes}",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "worker-src 'self' blob:",
    "frame-src 'self'",
    "manifest-src 'self'",
    "base-uri 'none'",
    "form-action 'self'",  # the home page's search box opens the search page
)


# Theme templates whose inline scripts we allow. A template value inside one may only be an
# address: no quotes, angle brackets or backslashes, so it cannot end the string it sits in.
THEME_PACKAGES = ("material", "zensical")
TEMPLATE_VALUE = re.compile(r"\{\{.*?\}\}", re.S)
ADDRESS = r"[\w./~%:#?=&+-]*"


@functools.cache
def shipped_scripts() -> re.Pattern[str]:
    """One pattern matching exactly the inline scripts the themes' templates write. Templates
    that print a page's own data into a script (a redirect's target) or run template logic
    inside one are left out: no page of ours uses them."""
    found: set[str] = set()
    for folder in _theme_folders():
        for template in sorted(folder.rglob("*.html")):
            text = template.read_text(encoding="utf-8", errors="replace")
            for match in INLINE_SCRIPT.finditer(text):
                attributes, body = (match.group(1) or "").strip(), match.group(2)
                if attributes or "{%" in body or "page." in body:
                    continue
                pieces = TEMPLATE_VALUE.split(body)
                found.add(ADDRESS.join(re.escape(piece) for piece in pieces))
    return re.compile("|".join(sorted(found)) or "(?!)")


def _theme_folders() -> list[Path]:
    folders = [THEME]
    for name in THEME_PACKAGES:
        spec = importlib.util.find_spec(name)
        if spec and spec.origin:
            folders.append(Path(spec.origin).parent / "templates")
    return [folder for folder in folders if folder.is_dir()]


def script_hashes(page: str) -> list[str]:
    """'sha256-…' sources for the inline scripts that run (not JSON data blocks) and that the
    themes' own templates wrote (`shipped_scripts`); any other script stays unhashed, refused."""
    hashes = []
    allowed = shipped_scripts()
    for match in INLINE_SCRIPT.finditer(page):
        attributes = (match.group(1) or "").lower()
        if "src=" in attributes or any(kind in attributes for kind in DATA_TYPES):
            continue
        if not allowed.fullmatch(match.group(2)):
            continue
        digest = hashlib.sha256(match.group(2).encode("utf-8")).digest()
        hashes.append(f"'sha256-{base64.b64encode(digest).decode()}'")
    return list(dict.fromkeys(hashes))


def policy_for(page: str, inline_styles: bool = False, wasm: bool = False) -> str:
    sources = [*script_hashes(page), *(["'wasm-unsafe-eval'"] if wasm else [])]
    policy = "; ".join(POLICY).format(hashes=" ".join(sources)).replace("  ", " ")
    return policy.replace("style-src 'self'", INLINE_STYLES) if inline_styles else policy


# Zensical's search dialog styles its shadow DOM with a <style> element its script writes; styles
# cannot run code, so under Zensical they are allowed inline (scripts stay as strict).
INLINE_STYLES = "style-src 'self' 'unsafe-inline'"


def with_policy(page: str, inline_styles: bool = False, wasm: bool = False) -> str:
    """The page with its policy as the first element of <head>, before any script. `wasm`: the
    search page runs Pagefind, which is WebAssembly ('wasm-unsafe-eval' compiles WebAssembly
    only; JavaScript's eval stays refused)."""
    head = HEAD.search(page)
    if head is None:
        return page
    policy = policy_for(page, inline_styles, wasm)
    tag = f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
    return page[: head.end()] + tag + page[head.end() :]
