"""The ``jobscraper`` command line. Every command accepts ``--config``; database commands ``--db``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from jobscraper import __version__
from jobscraper.cli import data_cmds, jobs_cmds, scrape_cmds, serve_cmds, status_cmd, ui_cmds
from jobscraper.cli.options import ConfigOpt
from jobscraper.config import default_config_path, load_settings, settings_to_yaml
from jobscraper.errors import ConfigError

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
app.command("import")(data_cmds.import_cmd)
app.command("export")(data_cmds.export_cmd)
app.command("scrape")(scrape_cmds.scrape_cmd)
app.command("demo")(scrape_cmds.demo_cmd)
app.command("serve")(serve_cmds.serve_cmd)
app.command("extract")(serve_cmds.extract_cmd)
app.command("ui")(ui_cmds.ui_cmd)
app.command("status")(status_cmd.status_cmd)


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
    if target.exists() and not force:
        raise ConfigError(f"{target}: already exists (use --force to overwrite)")
    example = (Path(__file__).parent.parent / "example_config.yaml").read_text(encoding="utf-8")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(example, encoding="utf-8")
    typer.echo(f"wrote {target} — edit it, then `jobscraper config check --config {target}`")


@config_app.command("check")
def config_check(config: ConfigOpt = None) -> None:
    """Validate the config; exit non-zero naming file, field and reason."""
    path = config or default_config_path()
    settings = load_settings(config)
    where = str(path) if path.exists() else f"defaults ({path} not found)"
    typer.echo(
        f"ok: {where} — {len(settings.searches)} search(es), {len(settings.companies)} company(ies), "
        f"extraction engine {settings.extraction.engine}, database {settings.database.path}"
    )


@config_app.command("show")
def config_show(config: ConfigOpt = None) -> None:
    """Print the effective config (file + JOBSCRAPER_* environment + defaults) as YAML."""
    typer.echo(settings_to_yaml(load_settings(config)), nl=False)


def main() -> None:
    """Console entry point: user-facing errors become one line on stderr and exit code 2."""
    from jobscraper.errors import JobscraperError

    try:
        code = app(standalone_mode=False)  # click returns a typer.Exit's code in this mode
    except JobscraperError as exc:
        typer.secho(f"error: {exc}", err=True, fg=typer.colors.RED)
        sys.exit(2)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort:
        typer.echo("aborted", err=True)
        sys.exit(130)
    except KeyboardInterrupt:
        typer.echo("interrupted", err=True)
        sys.exit(130)
    except Exception as exc:  # click's usage errors arrive here in standalone_mode=False
        import click

        if isinstance(exc, click.ClickException):
            exc.show()
            sys.exit(exc.exit_code)
        raise
    if isinstance(code, int) and code:
        sys.exit(code)
