"""The Reflex app: one page per route, each loading its data from the API when it opens.

The backend answers only requests addressed to the UI itself from its own pages (``guard``).
"""

from __future__ import annotations

import reflex as rx

from jobscraper.config import load_settings
from jobscraper_ui.guard import guard
from jobscraper_ui.pages.analytics import AnalyticsState, analytics_page
from jobscraper_ui.pages.companies import CompaniesState, companies_page
from jobscraper_ui.pages.job_detail import JobDetailState, job_detail_page
from jobscraper_ui.pages.jobs import JobsState, jobs_page
from jobscraper_ui.pages.not_found import NotFoundState, not_found_page
from jobscraper_ui.pages.pipeline import PipelineState, pipeline_page
from jobscraper_ui.pages.profile import ProfileState, profile_page
from jobscraper_ui.pages.scrape import ScrapeState, scrape_page
from jobscraper_ui.pages.searches import SearchesState, searches_page
from jobscraper_ui.pages.settings import SettingsState, settings_page

_ui = load_settings().ui
app = rx.App(api_transformer=guard(_ui.host, _ui.port))
app.add_page(jobs_page, route="/", title="Jobs · jobscraper", on_load=JobsState.load)
app.add_page(
    job_detail_page, route="/jobs/[job_id]", title=JobDetailState.tab_title, on_load=JobDetailState.load
)
app.add_page(scrape_page, route="/scrape", title="Scrape · jobscraper", on_load=ScrapeState.load)
app.add_page(companies_page, route="/companies", title="Companies · jobscraper", on_load=CompaniesState.load)
app.add_page(
    searches_page, route="/searches", title="Saved searches · jobscraper", on_load=SearchesState.load
)
app.add_page(analytics_page, route="/analytics", title="Analytics · jobscraper", on_load=AnalyticsState.load)
app.add_page(profile_page, route="/profile", title="Profile · jobscraper", on_load=ProfileState.load)
app.add_page(pipeline_page, route="/pipeline", title="Pipeline · jobscraper", on_load=PipelineState.load)
app.add_page(settings_page, route="/settings", title="Settings · jobscraper", on_load=SettingsState.load)
app.add_page(not_found_page, route="404", title="Page not found · jobscraper", on_load=NotFoundState.load)
