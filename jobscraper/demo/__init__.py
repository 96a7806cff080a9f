"""The demo board: a local, deterministic stand-in for job boards, ATS APIs and career sites."""

from jobscraper.demo.data import STYLES, DemoCompany, DemoJob, catalogue
from jobscraper.demo.jobspy_hook import route_jobspy_to
from jobscraper.demo.server import DemoBoard, DemoKnobs

__all__ = ["STYLES", "DemoBoard", "DemoCompany", "DemoJob", "DemoKnobs", "catalogue", "route_jobspy_to"]
