"""`jobscraper alerts add|list|remove|test`: where the alerts about new jobs that fit are sent.

A channel is an Apprise URL (``ntfy://ntfy.sh/TOPIC``, ``mailtos://USER:PASSWORD@HOST``,
``slack://…``, ``discord://…``, ``tgram://…``, ``matrix://…``, ``json://HOST/PATH`` for a plain
webhook). ``add`` checks that Apprise can send to it (an unknown service is one line, exit 2) and
stores it through the writer; ``list`` shows the URLs masked (they hold tokens and passwords);
``test`` sends a test message now from this process. After each run the channels get the run's new
jobs that fit (the ``alerts`` section of the config), each job at most once per channel.

A URL given here is the user's own (like one in the config file): the URL policy that holds for
channels added over the HTTP API does not apply. Apprise and the store are imported inside the
commands, so ``--help`` stays light.
"""

from __future__ import annotations

import asyncio
from typing import Annotated

import typer

from jobscraper.cli import options as o
from jobscraper.cli.context import Context, database_errors, open_writer

__all__ = ["app"]

app = typer.Typer(
    help="Where alerts about new jobs that fit are sent (ntfy, Slack, Discord, Telegram, email, webhooks).",
    no_args_is_help=True,
)
NO_CHANNEL = "no alert channel yet: add one with `jobscraper alerts add URL`"


@app.command("add")
def add_cmd(
    url: Annotated[
        str, typer.Argument(help="An Apprise URL, e.g. ntfy://ntfy.sh/TOPIC or json://HOST/PATH.")
    ],
    name: Annotated[
        str | None, typer.Option("--name", help="The channel's name (default: its service and host).")
    ] = None,
    config: o.ConfigOpt = None,
    db: o.DbOpt = None,
) -> None:
    """Add a channel: new jobs that fit are sent there after each run."""
    from jobscraper.alerts import channel_name, check_channel_url
    from jobscraper.errors import InputError

    checked = check_channel_url(url)
    if name is not None and not name.strip():
        raise InputError("--name must not be empty")
    with open_writer(Context.load(config, db)) as (writer, _how):
        stored = writer.create_alert_channel(name or channel_name(checked), checked).result()
    typer.echo(
        f"added alert channel {stored.name!r} ({stored.url}); try it: jobscraper alerts test {stored.name!r}"
    )


@app.command("list")
def list_cmd(
    as_json: Annotated[bool, typer.Option("--json", help="Print the channels as JSON.")] = False,
    config: o.ConfigOpt = None,
    db: o.DbOpt = None,
) -> None:
    """List the channels; their URLs masked (they hold tokens)."""
    from jobscraper.store.alerts import public_channels

    database = Context.load(config, db).read_database()
    try:
        with database_errors(database.location):
            found = public_channels(database)
    finally:
        database.dispose()
    if as_json:
        typer.echo("[" + ",".join(c.model_dump_json() for c in found) + "]")
        return
    if not found:
        typer.echo(NO_CHANNEL)
    for channel in found:
        typer.echo(f"{channel.id}  {channel.name}  {channel.url}" + ("" if channel.enabled else "  (off)"))


@app.command("remove")
def remove_cmd(
    channel: Annotated[str, typer.Argument(help="The channel's name or id.")],
    config: o.ConfigOpt = None,
    db: o.DbOpt = None,
) -> None:
    """Remove a channel (and its record of what it was sent)."""
    with open_writer(Context.load(config, db)) as (writer, _how):
        name = writer.delete_alert_channel(channel).result()
    typer.echo(f"removed alert channel {name!r}")


@app.command("test")
def test_cmd(
    channel: Annotated[
        str | None, typer.Argument(help="The channel's name or id (default: every channel).")
    ] = None,
    config: o.ConfigOpt = None,
    db: o.DbOpt = None,
) -> None:
    """Send a test message now; exit 1 when a channel did not take it (the reason is printed)."""
    from jobscraper.alerts import Sender, send_test
    from jobscraper.store.alerts import channels, find_channel

    ctx = Context.load(config, db)
    database = ctx.read_database()
    try:
        with database_errors(database.location):
            targets = [find_channel(database, channel)] if channel else channels(database)
    finally:
        database.dispose()
    if not targets:
        typer.echo(NO_CHANNEL)
        raise typer.Exit(1)
    sender = Sender(retries=0, timeout_s=ctx.settings.alerts.timeout_s)
    failed = 0
    for target in targets:
        answer = asyncio.run(send_test(target, sender))
        if answer.status == "sent":
            typer.echo(f"{answer.channel}: sent")
        else:
            failed += 1
            typer.echo(f"{answer.channel}: failed — {answer.reason}", err=True)
    if failed:
        raise typer.Exit(1)
