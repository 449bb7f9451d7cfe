"""The MkDocs engine: it only turns the generated tree (pages/tree.py) into a site.

MkDocs with Material is the default and the tested theme; it is handed the tree through our
plugin (plugin.py). Zensical, the other engine (zensical.py), receives the same additions made
here: our theme overrides, stylesheet and scripts, and the licence.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.commands import build as mkdocs_build
from mkdocs.config.defaults import MkDocsConfig

from motionlib.model.files import THEME
from motionlib.model.schema import Settings
from motionlib.pages.tree import ASSET_DIR, OFFLINE_ASSETS, Generated, SiteShape

ENGINES = ("mkdocs", "zensical")
SCRIPTS = ("site.js", "adapt.js")


def offline(config: MkDocsConfig) -> bool:
    """Is Material's offline plugin on? Then search must work from file:// without a CDN."""
    return any(
        type(plugin).__name__ == "OfflinePlugin" and plugin.config.enabled
        for plugin in config.plugins.values()
    )


def site_shape(config: MkDocsConfig, engine: str = "mkdocs") -> SiteShape:
    return SiteShape(
        docs_dir=Path(config.docs_dir),
        site_name=config.site_name,
        site_url=config.site_url,
        directory_urls=config.use_directory_urls,
        offline=offline(config),
        pagefind=uses_pagefind(config, engine),
    )


def uses_pagefind(config: MkDocsConfig, engine: str = "mkdocs") -> bool:
    """Pagefind searches the MkDocs site; the offline copy (a folder, no server to fetch the
    index from) keeps Material's search, and Zensical its own."""
    options = config.plugins["motions"].config
    return engine == "mkdocs" and not offline(config) and options.search == "pagefind"


def add_site_parts(config: MkDocsConfig, settings: Settings, pagefind: bool = False) -> None:
    """Our theme overrides (after the library's own), stylesheet, scripts and licence; with
    Pagefind, Material's own search off (its index would still be built and fetched)."""
    if pagefind:
        config.extra["motionlib_search"] = "search/"
        for name in ("material/search", "search"):
            if name in config.plugins:
                config.plugins[name].config.enabled = False
    config.extra["motionlib_licence"] = {
        "name": settings.content_licence,
        "url": settings.content_licence_url,
    }
    theme_dirs = config.theme.dirs
    position = next((i for i, d in enumerate(theme_dirs) if Path(d).name == "templates"), 0)
    theme_dirs.insert(position, str(THEME))
    config.extra_css.append(f"{ASSET_DIR}/site.css")
    config.extra_javascript.extend(f"{ASSET_DIR}/{name}" for name in SCRIPTS)
    if offline(config):  # before Material's offline plugin would add the shim from a CDN
        shim = f"{ASSET_DIR}/{OFFLINE_ASSETS[0]}"
        config.extra["polyfills"] = [*config.extra.get("polyfills", []), shim]


def build_with_mkdocs(config: MkDocsConfig, generated: Generated, site: Path) -> None:
    """MkDocs is handed the tree through our plugin, which adds its pages and files."""
    config.site_dir = str(site)
    config.plugins["motions"].hand_over(generated)  # type: ignore[attr-defined]
    config.plugins.on_startup(command="build", dirty=False)
    try:
        mkdocs_build.build(config)
    finally:
        config.plugins.on_shutdown()
