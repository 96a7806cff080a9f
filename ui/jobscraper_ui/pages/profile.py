"""Profile: the résumé and preferences jobs are matched against, the suggestions its résumé makes,
which of several profiles is active, and the jobs that fit the active one best (issue 15).

The page composes its components (``profile_views``) over its state (``profile_state``).
"""

from __future__ import annotations

import reflex as rx

from jobscraper_ui.layout import page
from jobscraper_ui.pages.profile_fit_views import best_fit
from jobscraper_ui.pages.profile_state import ProfileState
from jobscraper_ui.pages.profile_views import (
    no_profile,
    preferences_form,
    profile_bar,
    resume_box,
    save_bar,
    suggestions,
)

__all__ = ["ProfileState", "profile_page"]


def profile_page() -> rx.Component:
    return page(
        no_profile(),
        profile_bar(),
        resume_box(),
        suggestions(),
        preferences_form(),
        save_bar(),
        best_fit(),
        title="Profile",
    )
