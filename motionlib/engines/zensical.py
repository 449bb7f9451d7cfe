"""Zensical, Material's successor: it reads a mkdocs.yml but runs no MkDocs plugins, so it is
given a derived configuration whose docs_dir is the generated tree, and the pages it writes get
their Content-Security-Policy afterwards.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import yaml
from mkdocs.config.defaults import MkDocsConfig

from motionlib.engines.csp import with_policy
from motionlib.engines.mkdocs import add_site_parts, offline
from motionlib.model.files import THEME
from motionlib.model.problems import MotionLibError
from motionlib.model.schema import Settings
from motionlib.pages.tree import Generated

ZENSICAL_TIMEOUT = 3600  # seconds; a build that hangs must not hang CI


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
    return [*listed, "motionlib.engines.contents"]


def _plain(value):
    """Config values as YAML can write them (a Locale or a path becomes text)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)
