"""A run skips the watched companies the blocklist names — never fetched, ``skipped`` with the event
"skipped: blocked (…)" — and scrapes the rest; the real run driver, log and writer client, a fake
writer handle and fake ScraperActors (tests/unit/actors/fakes_coordinator.py)."""

from __future__ import annotations

import asyncio
from typing import Any

from fakes_coordinator import FakeWriter, companies, ok_result
from test_run_driver import _driver, _open

from actors.runs import RunSpec
from jobscraper.blocklist import BlockRule, parse_rule
from jobscraper.config import CompanyConfig


class BlockingWriter(FakeWriter):
    """Answers ``block_rules`` with its rules."""

    def __init__(self, rules: list[BlockRule]) -> None:
        super().__init__()
        self.rules = rules

    def do_block_rules(self) -> list[BlockRule]:
        return self.rules


def test_a_blocked_company_is_not_fetched_and_says_why() -> None:
    fetched: list[str] = []

    def behaviour(company: CompanyConfig, owner: str) -> Any:
        fetched.append(company.name)
        return ok_result(company)

    writer = BlockingWriter([parse_rule("ACME Inc"), parse_rule("globex.example")])
    driver, log = _driver(writer, behaviour)
    spec = RunSpec(companies=companies("Acme", "Globex", "Initech"))  # Globex by its URL's host
    _open(log, spec)
    asyncio.run(driver.execute(1, spec, spec.tasks()))
    state = log.state(1)
    assert fetched == ["Initech"]
    assert state.sources["company:Acme"].status == "skipped"
    assert state.sources["company:Globex"].status == "skipped"
    assert state.sources["company:Initech"].status == "done" and state.status == "done"
    skipped = {e.source: e.message for e in log.events(1) if e.type == "source_skipped"}
    assert skipped == {
        "company:Acme": "skipped: blocked (name 'ACME Inc')",
        "company:Globex": "skipped: blocked (domain 'globex.example')",
    }


def test_a_blocklist_that_cannot_be_read_blocks_nothing() -> None:
    writer = FakeWriter(fail={"block_rules": RuntimeError("writer restarting")})
    fetched: list[str] = []

    def behaviour(company: CompanyConfig, owner: str) -> Any:
        fetched.append(company.name)
        return ok_result(company)

    driver, log = _driver(writer, behaviour)
    spec = RunSpec(companies=companies("Acme"))
    _open(log, spec)
    asyncio.run(driver.execute(1, spec, spec.tasks()))
    assert fetched == ["Acme"] and log.state(1).status == "done"
