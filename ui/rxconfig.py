"""Reflex configuration of the jobscraper web UI (written by hand: no template is downloaded).

The port comes from the jobscraper config (``ui.port``, env ``JOBSCRAPER_UI__PORT``); production
mode serves the frontend and the UI's own backend on that one port (``--single-port``).
"""

import reflex as rx

from jobscraper.config import load_settings

_port = load_settings().ui.port

config = rx.Config(
    app_name="jobscraper_ui",
    telemetry_enabled=False,
    frontend_port=_port,
    backend_port=_port,
    show_built_with_reflex=False,
    plugins=[rx.plugins.RadixThemesPlugin(theme=rx.theme(accent_color="indigo", radius="medium"))],
    disable_plugins=[rx.plugins.SitemapPlugin],
)
