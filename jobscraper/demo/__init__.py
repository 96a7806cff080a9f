"""The demo board: a local, deterministic stand-in for job boards, ATS APIs and career sites.

JobSpy is pointed at it by the setting ``scraping.jobspy_base_url``
(:mod:`jobscraper.sources.jobspy_route`)."""

from jobscraper.demo.data import STYLES, DemoCompany, DemoJob, catalogue
from jobscraper.demo.server import DemoBoard, DemoKnobs

__all__ = ["STYLES", "DemoBoard", "DemoCompany", "DemoJob", "DemoKnobs", "catalogue"]
