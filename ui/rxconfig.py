"""Reflex configuration of the jobscraper web UI (written by hand: no template is downloaded).

The port and host come from the jobscraper config (``ui.port``/``ui.host``, env
``JOBSCRAPER_UI__PORT``/``JOBSCRAPER_UI__HOST``); production mode serves the frontend and the UI's
own backend on that one port (``--single-port``), bound to ``ui.host`` only. The backend's socket
accepts the UI's own origins only (Reflex's default is every origin); see ``jobscraper_ui.guard``.
"""

import reflex as rx
from jobscraper_ui.guard import allowed_origins

from jobscraper.config import load_settings

_ui = load_settings().ui

config = rx.Config(
    app_name="jobscraper_ui",
    telemetry_enabled=False,
    frontend_port=_ui.port,
    backend_port=_ui.port,
    backend_host=_ui.host,
    cors_allowed_origins=allowed_origins(_ui.host, _ui.port),
    show_built_with_reflex=False,
    plugins=[rx.plugins.RadixThemesPlugin(theme=rx.theme(accent_color="indigo", radius="medium"))],
    disable_plugins=[rx.plugins.SitemapPlugin],
)
