"""The MkDocs plugin: turns the validated library into pages and downloads (thin by design)."""

from __future__ import annotations

from mkdocs.plugins import BasePlugin

from motionlib.settings import MotionsConfig


class MotionsPlugin(BasePlugin[MotionsConfig]):
    """Registered as the `motions` plugin in mkdocs.yml."""
