"""`jobscraper blocklist …`: companies whose jobs you never want to see (issue 17, item 2).

``add VALUE [--kind name|domain|pattern]`` (the kind guessed when left out: a dotted host is a
domain, ``*`` or ``?`` makes a pattern, anything else a company name), ``list``, ``remove VALUE``
(the value as written, the same rule written another way, or its id). Writes go through the
cluster's WriterActor when one owns the database, else through a writer in this process — as every
other CLI write. A bad value, a duplicate or an unknown entry is one line on stderr and exit 2
(:func:`jobscraper.cli.main`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

from jobscraper.cli import options as o
from jobscraper.cli.context import Context, database_errors, open_writer
from jobscraper.errors import InputError
from jobscraper.vocabulary import BLOCK_KINDS

if TYPE_CHECKING:
    from jobscraper.blocklist import BlockedPublic

__all__ = ["app"]

app = typer.Typer(
    help="Companies whose jobs are never shown: by name, domain or pattern (export --include-blocked).",
    no_args_is_help=True,
)


@app.command("add")
def add_cmd(
    value: Annotated[str, typer.Argument(help="A company name, a domain (acme.com) or a glob (*recruit*).")],
    kind: Annotated[
        str | None, typer.Option("--kind", help="name | domain | pattern (default: guessed from VALUE).")
    ] = None,
    config: o.ConfigOpt = None,
    db: o.DbOpt = None,
) -> None:
    """Block a company: its jobs leave every list, search, match, the stats and the alerts, and a
    watched company it names is no longer scraped. The jobs stay in the database."""
    if kind is not None and kind not in BLOCK_KINDS:
        raise InputError(f"--kind: expected one of {', '.join(BLOCK_KINDS)}, got {kind!r}")
    ctx = Context.load(config, db)
    with open_writer(ctx) as (writer, _how):
        stored = writer.add_block(value, kind).result()
    typer.echo(f"blocked {stored.kind} {stored.value!r} (id {stored.id})")


@app.command("list")
def list_cmd(config: o.ConfigOpt = None, db: o.DbOpt = None) -> None:
    """Show every blocklist entry."""
    entries = _entries(Context.load(config, db))
    if not entries:
        typer.echo("the blocklist is empty (add one: jobscraper blocklist add 'Acme Inc')")
        return
    table = Table("id", "kind", "value", "added")
    for entry in entries:
        table.add_row(str(entry.id), entry.kind, entry.value, entry.created_at.strftime("%Y-%m-%d"))
    Console().print(table)


@app.command("remove")
def remove_cmd(
    value: Annotated[str, typer.Argument(help="The entry as written (any letter case), or its id.")],
    config: o.ConfigOpt = None,
    db: o.DbOpt = None,
) -> None:
    """Remove a blocklist entry; the company's jobs show again."""
    from jobscraper.store.blocklist_rows import find_block

    ctx = Context.load(config, db)
    entry = find_block(_entries(ctx), value)
    with open_writer(ctx) as (writer, _how):
        removed = writer.remove_block(entry.id).result()
    typer.echo(f"unblocked {removed.kind} {removed.value!r}")


def _entries(ctx: Context) -> list[BlockedPublic]:
    from jobscraper.store.blocklist_rows import list_blocks

    database = ctx.read_database()
    try:
        with database_errors(database.location):
            return list_blocks(database)
    finally:
        database.dispose()
