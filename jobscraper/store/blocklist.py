"""The company blocklist as SQL: :func:`not_blocked` is the condition every job query adds.

The rules are read by the query itself (subqueries on ``blocked_company``), so a caller needs no
rules in hand and a rule added by the writer counts for the next query of every reader. They
compare what :mod:`jobscraper.blocklist` compares in Python:

- ``name``: the company part of the job's duplicate key (``company|title|city``, the company
  normalised by :func:`~jobscraper.store.identity.normalize_company`) equals the rule's ``match``;
  an ``IN`` over the name rules, read once per query;
- ``pattern``: that company part ``LIKE`` the rule's ``match`` (the glob, folded and escaped);
- ``domain``: the host of the job's URL, direct URL, company URL or company direct URL is the
  rule's ``match`` or ends with ``.`` + it.

With no rules each part is a lookup in an empty table, so the condition costs next to nothing.
The rows are written by :mod:`jobscraper.store.blocklist_rows`.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Integer, and_, exists, func, literal, not_, or_, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.functions import FunctionElement

from jobscraper.store.tables import BLOCKED, JOB

__all__ = ["URL_COLUMNS", "company_part", "not_blocked", "url_authority"]

URL_COLUMNS: tuple[str, ...] = ("job_url", "job_url_direct", "company_url", "company_url_direct")
"""The job's URLs whose host a ``domain`` rule is compared with."""


class _Instr(FunctionElement[int]):
    """The 1-based position of a substring (0: absent): ``instr`` on SQLite, ``strpos`` elsewhere."""

    type = Integer()
    inherit_cache = True


@compiles(_Instr)
def _instr_sqlite(element: _Instr, compiler: Any, **kw: Any) -> str:
    return f"instr({compiler.process(element.clauses, **kw)})"


@compiles(_Instr, "postgresql")
def _instr_postgres(element: _Instr, compiler: Any, **kw: Any) -> str:
    return f"strpos({compiler.process(element.clauses, **kw)})"


def company_part(job: Any = JOB) -> ColumnElement[str]:
    """The normalised company name of ``job``'s rows: its duplicate key up to the first ``|``
    (normalised names never hold one)."""
    key = job.c.dedup_key
    return func.substr(key, 1, _Instr(key, "|") - 1)


def url_authority(url: ColumnElement[Any]) -> ColumnElement[str]:
    """``://`` and the lower-case host (with any ``:port``) of a URL column: the text from the
    first ``://`` up to the next ``/``, ``?`` or ``#``. A value without ``://`` gives text that
    does not start with it, so no domain rule matches it (as :func:`jobscraper.blocklist.url_host`
    gives None)."""
    lowered = func.replace(func.replace(func.lower(url), "?", "/"), "#", "/")
    rest = func.substr(lowered, _Instr(lowered, "://"))
    return func.substr(rest, 1, _Instr(func.substr(rest, 4) + "/", "/") + 2)


def _on_domain(authority: ColumnElement[str], domain: ColumnElement[str]) -> ColumnElement[bool]:
    """The host in ``authority`` is ``domain`` or one of its subdomains, with or without a port."""
    exact = literal("://") + domain
    sub = literal("://%.") + domain
    return or_(
        authority == exact,
        authority.like(exact + ":%"),
        authority.like(sub),
        authority.like(sub + ":%"),
    )


def _url_on_domain(url: ColumnElement[Any], domain: ColumnElement[str]) -> ColumnElement[bool]:
    """The URL's host is ``domain`` or a subdomain of it. The domain's text must appear in the URL
    first (one ``instr``): almost every URL fails that, and only the rest pay for reading the host
    (a dozen string functions, which for every job and every domain rule took seconds on 20k jobs)."""
    return and_(_Instr(func.lower(url), domain) > 0, _on_domain(url_authority(url), domain))


def not_blocked(job: Any = JOB) -> ColumnElement[bool]:
    """True for the rows of ``job`` (the ``job`` table or an alias of it) no blocklist rule blocks."""
    company = company_part(job)
    named = company.in_(select(BLOCKED.c.match).where(BLOCKED.c.kind == "name"))
    patterned = exists().where(BLOCKED.c.kind == "pattern", company.like(BLOCKED.c.match, escape="\\"))
    on_domain = or_(*(_url_on_domain(job.c[name], BLOCKED.c.match) for name in URL_COLUMNS))
    domained = exists().where(and_(BLOCKED.c.kind == "domain", on_domain))
    return not_(or_(named, patterned, domained))
