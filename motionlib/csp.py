"""A Content-Security-Policy for every page, as a <meta> tag (static hosts rarely let us set
headers): scripts, styles, fonts and data only from the site itself, plus the exact hashes of
the few inline scripts the theme writes into each page. Defence in depth: were a payload ever to
slip past escaping, the browser would still refuse to run it.
"""

from __future__ import annotations

import base64
import hashlib
import re

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


def script_hashes(page: str) -> list[str]:
    """'sha256-…' sources for every inline script that runs (not JSON data blocks)."""
    hashes = []
    for match in INLINE_SCRIPT.finditer(page):
        attributes = (match.group(1) or "").lower()
        if "src=" in attributes or any(kind in attributes for kind in DATA_TYPES):
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
