"""Analytics: jobs per day, by source, salary distribution, top skills, the application funnel.

The page composes its components (``analytics_views``) over its state (``analytics_state``).
"""

from __future__ import annotations

import reflex as rx

from jobscraper_ui.layout import page
from jobscraper_ui.pages.analytics_state import AnalyticsState
from jobscraper_ui.pages.analytics_views import charts, period_picker

__all__ = ["AnalyticsState", "analytics_page"]


def analytics_page() -> rx.Component:
    return page(period_picker(), charts(), title="Analytics")
