"""Site engines: they only turn the generated tree (tree.py) into a site.

MkDocs with Material is the default and the tested theme; Zensical, Material's successor, reads a
mkdocs.yml but runs no MkDocs plugins, so it is given a derived configuration whose docs_dir is
the generated tree, and the pages it writes get their Content-Security-Policy afterwards. Both
receive the same additions: our theme overrides, stylesheet and scripts, and the licence.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import yaml
from mkdocs.commands import build as mkdocs_build
from mkdocs.config.defaults import MkDocsConfig

from motionlib.csp import with_policy
from motionlib.model import Settings
from motionlib.problems import MotionLibError
from motionlib.templating import THEME
from motionlib.tree import ASSET_DIR, OFFLINE_ASSETS, Generated, SiteShape

ENGINES = ("mkdocs", "zensical")
SCRIPTS = ("site.js", "adapt.js")
ZENSICAL_TIMEOUT = 3600  # seconds; a build that hangs must not hang CI


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
    config.plugins["motions"].generated = generated  # type: ignore[attr-defined]
    config.plugins.on_startup(command="build", dirty=False)
    try:
        mkdocs_build.build(config)
    finally:
        config.plugins.on_shutdown()


def build_with_zensical(
    config: MkDocsConfig, settings: Settings, generated: Generated, site: Path
) -> None:
    """Zensical builds the tree from a derived configuration in the tree's folder (Zensical
    wants docs and site inside the configuration's folder); then every page gets its policy."""
    assert generated.folder is not None, "Zensical reads files: write the tree to a folder"
    work = generated.folder.parent
    theme = work / "theme"
    # Zensical's header is its own (its search button): our Material header stays out.
    keep_header = shutil.ignore_patterns("header.html")
    shutil.copytree(THEME, theme, dirs_exist_ok=True, ignore=keep_header)
    if config.theme.custom_dir:  # the library's own overrides win over ours, as under MkDocs
        shutil.copytree(config.theme.custom_dir, theme, dirs_exist_ok=True)
    derived = zensical_config(config, settings, generated.folder, site, theme)
    config_file = work / "zensical.yml"
    config_file.write_text(yaml.safe_dump(derived, allow_unicode=True, sort_keys=False))
    command = [sys.executable, "-m", "zensical", "build", "-f", str(config_file)]
    try:
        result = subprocess.run(
            command, cwd=work, capture_output=True, text=True, timeout=ZENSICAL_TIMEOUT
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        raise MotionLibError(f"Zensical could not be run: {error}") from None
    if result.returncode != 0 or not (site / "index.html").is_file():
        output = (result.stderr or result.stdout).strip()
        if "No module named zensical" in output:
            output = "Zensical is not installed: pip install -e '.[zensical]'"
        raise MotionLibError(f"Zensical could not build the site:\n{output}")
    for page in site.rglob("*.html"):
        text = with_policy(page.read_text(encoding="utf-8"), inline_styles=True)
        page.write_text(text, encoding="utf-8")


def zensical_config(
    config: MkDocsConfig, settings: Settings, docs: Path, site: Path, theme: Path
) -> dict:
    """The library's mkdocs.yml as Zensical should read it: the tree as docs, our additions
    in, and only the plugins Zensical itself provides."""
    add_site_parts(config, settings)
    theme_options = {
        key: _plain(config.theme[key])
        for key in ("name", "language", "features", "palette", "font", "logo", "favicon", "icon")
        if key in config.theme and config.theme[key] is not None
    }
    # Zensical's own look ("modern") differs from Material's; "classic" is the theme we test.
    theme_options["variant"] = config.theme.get("variant") or "classic"
    plugins = ["search"] + (["offline"] if offline(config) else [])
    derived = {
        "site_name": config.site_name,
        "site_description": config.site_description,
        "site_url": config.site_url,
        "repo_url": config.repo_url,
        "edit_uri": config.edit_uri if config.repo_url else None,
        "copyright": config.copyright,
        "use_directory_urls": config.use_directory_urls,
        "docs_dir": docs.name,
        "site_dir": site.name,
        "theme": {**theme_options, "custom_dir": theme.name},
        "extra": _plain(dict(config.extra)),
        "extra_css": list(config.extra_css),
        "extra_javascript": [str(script) for script in config.extra_javascript],
        "markdown_extensions": _extensions(config),
        "plugins": plugins,
        "nav": _plain(config.nav),
    }
    return {key: value for key, value in derived.items() if value is not None}


def _extensions(config: MkDocsConfig) -> list:
    """The library's Markdown extensions, and ours that gives our HTML pages their contents."""
    names = [name for name in config.markdown_extensions if isinstance(name, str)]
    listed = [{n: _plain(config.mdx_configs[n])} if n in config.mdx_configs else n for n in names]
    return [*listed, "motionlib.contents"]


def _plain(value):
    """Config values as YAML can write them (a Locale or a path becomes text)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)
