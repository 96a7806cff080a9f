"""The ``jobscraper`` command line. Every command accepts ``--config``; database commands ``--db``."""

from __future__ import annotations

import sys
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated

import typer
from pydantic_settings import SettingsError
from typer._click import exceptions as typer_click  # typer raises its bundled click's errors (DESIGN §5)

from jobscraper import __version__
from jobscraper.cli import (
    alerts_cmds,
    blocklist_cmds,
    data_cmds,
    jobs_cmds,
    match_cmds,
    mcp_cmd,
    profile_cmds,
    reindex_cmd,
    scrape_cmds,
    serve_cmds,
    status_cmd,
    ui_cmds,
)
from jobscraper.cli.options import ConfigOpt
from jobscraper.config import default_config_path, load_settings, settings_to_yaml
from jobscraper.config.settings import hide_password
from jobscraper.errors import ConfigError, JobscraperError
from jobscraper.files import atomic_write, check_output

__all__ = ["app"]

app = typer.Typer(
    name="jobscraper",
    help="Self-hosted AI job scraper: job boards, career pages and ATS APIs into one SQLite file.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
config_app = typer.Typer(help="Check or show the configuration.", no_args_is_help=True)
app.add_typer(config_app, name="config")
app.add_typer(jobs_cmds.app, name="jobs")
app.add_typer(data_cmds.db_app, name="db")
app.add_typer(profile_cmds.app, name="profile")
app.add_typer(blocklist_cmds.app, name="blocklist")
app.add_typer(alerts_cmds.app, name="alerts")
app.command("match")(match_cmds.match_cmd)
app.command("reindex")(reindex_cmd.reindex_cmd)
app.command("import")(data_cmds.import_cmd)
app.command("export")(data_cmds.export_cmd)
app.command("scrape")(scrape_cmds.scrape_cmd)
app.command("demo")(scrape_cmds.demo_cmd)
app.command("serve")(serve_cmds.serve_cmd)
app.command("extract")(serve_cmds.extract_cmd)
app.command("ui")(ui_cmds.ui_cmd)
app.command("status")(status_cmd.status_cmd)
app.command("mcp")(mcp_cmd.mcp_cmd)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"jobscraper {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=_version,
            is_eager=True,
            help="Print the version and exit.",
        ),
    ] = False,
) -> None:
    """Self-hosted AI job scraper."""


@app.command()
def init(
    config: ConfigOpt = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
) -> None:
    """Write a commented example config file (default ./jobscraper.yaml)."""
    target = config or default_config_path()
    if target.exists() and not force and not target.is_dir():
        raise ConfigError(f"{target}: already exists (use --force to overwrite)")
    check_output(target, force=force, what="config")
    example = (Path(__file__).parent.parent / "example_config.yaml").read_text(encoding="utf-8")
    with atomic_write(target, newline=None) as handle:
        handle.write(example)
    typer.echo(f"wrote {target} — edit it, then `jobscraper config check --config {target}`")


@config_app.command("check")
def config_check(config: ConfigOpt = None) -> None:
    """Validate the config; exit non-zero naming file, field and reason."""
    path = config or default_config_path()
    settings = load_settings(config)
    where = str(path) if path.exists() else f"defaults ({path} not found)"
    from jobscraper.sources.ats import resolve_board  # a URL that cannot be the ats named: say so now

    for index, company in enumerate(settings.companies):
        try:
            resolve_board(company.url, company.ats)
        except ValueError as exc:
            raise ConfigError(f"{path}: companies.{index}.url: {exc}") from exc
    url = settings.database.url
    typer.echo(
        f"ok: {where} — {len(settings.searches)} search(es), {len(settings.companies)} company(ies), "
        f"extraction engine {settings.extraction.engine}, "
        f"database {hide_password(url) if url else settings.database.path}"
    )


@config_app.command("show")
def config_show(config: ConfigOpt = None) -> None:
    """Print the effective config (file + JOBSCRAPER_* environment + defaults) as YAML."""
    typer.echo(settings_to_yaml(load_settings(config)), nl=False)


def _one_line(text: str) -> str:
    # pydantic prefixes a validator's own message with "Value error, ": noise to the user
    return " ".join(text.replace("Value error, ", "").split())


def _fail(message: str, code: int = 2) -> None:
    typer.secho(f"error: {_one_line(message)}", err=True, fg=typer.colors.RED)
    sys.exit(code)


def _crash() -> None:
    """A bug: its traceback and one line saying so, then exit 1.

    Printed here rather than left to ``sys.excepthook``: a driver's ``import ray`` installs Ray's
    own hook, which first reports the exception to Ray's GCS. After a command has stopped the local
    Ray it started, that call waits a minute for a GCS that is gone, and then Ray's core ends the
    process before the traceback is printed (a failed `jobscraper ui --demo` in CI said nothing).
    """
    traceback.print_exc()
    typer.secho(
        "error: an unexpected error (a bug in jobscraper; the traceback above says where)",
        err=True,
        fg=typer.colors.RED,
    )
    sys.exit(1)


def main(argv: Sequence[str] | None = None) -> None:
    """Console entry point: user-facing errors become one line on stderr and exit code 2; a bug
    its traceback, one line, and exit code 1 (:func:`_crash`).

    ``argv`` defaults to ``sys.argv[1:]`` (tests pass their own). Usage errors come from typer's
    bundled click (``typer._click``), not the separate ``click`` package: both are caught.
    """
    import click

    usage_errors = (typer_click.ClickException, click.ClickException)
    try:
        # click returns a typer.Exit's code in this mode
        code = app(args=None if argv is None else list(argv), prog_name="jobscraper", standalone_mode=False)
    except JobscraperError as exc:
        _fail(str(exc))
    except typer_click.NoArgsIsHelpError as exc:  # `jobscraper jobs`: the help is the answer
        exc.show()
        sys.exit(exc.exit_code)
    except usage_errors as exc:
        _fail(exc.format_message())
    except SettingsError as exc:  # a JOBSCRAPER_* variable that is not valid JSON, before validation
        _fail(f"configuration from the environment: {exc}")
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort:
        typer.echo("aborted", err=True)
        sys.exit(130)
    except KeyboardInterrupt:
        typer.echo("interrupted", err=True)
        sys.exit(130)
    except Exception:
        _crash()
    if isinstance(code, int) and code:
        sys.exit(code)
