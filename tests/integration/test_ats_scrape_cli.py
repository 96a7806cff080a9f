"""`jobscraper scrape --company URL --ats KIND` in a fresh process for an ATS that lists with a
POST and pages (Workday on the demo board): the registry's adapter reads every job through the
real Fetcher, and the run's table counts them."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_run import run_cli, total_row

from jobscraper.demo import STYLES, DemoBoard, DemoKnobs
from jobscraper.demo.ats import demo_kinds

KIND = "workday"


@pytest.mark.skipif(KIND not in demo_kinds(), reason=f"{KIND} is not registered with a demo shape")
def test_scrape_a_demo_api_url_with_an_explicit_ats(tmp_path: Path) -> None:
    with DemoBoard(DemoKnobs(companies=len(STYLES), jobs_per_company=25)) as board:
        [company] = [c for c in board.company_configs() if c.ats == KIND]
        jobs = [j for j in board.jobs() if j.company.name == company.name]
        result = run_cli(
            "scrape", "--company", company.url, "--ats", KIND, "--db", str(tmp_path / "j.db"), cwd=tmp_path
        )
    assert result.returncode == 0, result.stderr + result.stdout
    found, new, *_ = total_row(result.stdout)
    assert found == new == len(jobs) == 25  # two listing pages of ≤ 20
