"""`jobscraper profile set|show|list|use|delete`: the person's résumé and preferences for matching.

``profile set`` reads the résumé file here (a PDF, DOCX, Markdown or text file: it need not be
where the writer runs) and sends its text with the preferences given to the writer, which changes
only what was given. What the résumé's text says but the person has not set (``based in Lyon``,
``not relocating``) is shown by ``profile show`` as a suggestion, with the ``profile set`` command
that confirms it: nothing the résumé says becomes a hard preference on its own.

The store and the profile model are imported inside the commands, so ``--help`` stays light.
"""

from __future__ import annotations

import shlex
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.table import Table

from jobscraper.cli import options as o
from jobscraper.cli.context import Context, database_errors, open_writer
from jobscraper.cli.fit_fill import fill_active
from jobscraper.errors import InputError, NotFound
from jobscraper.vocabulary import JOB_TYPES, PAY_INTERVALS, SENIORITIES, PayInterval, Seniority

if TYPE_CHECKING:
    from jobscraper.matching.profile import ProfilePublic
    from jobscraper.matching.signals import Suggestion

__all__ = ["app"]

app = typer.Typer(help="Your résumé and preferences, which jobs are matched against.", no_args_is_help=True)

# each preference's option (the name a person types); lists are repeatable options
OPTION: dict[str, str] = {
    "locations": "--location",
    "remote_ok": "--remote-ok",
    "remote_regions": "--remote-region",
    "open_to_relocation": "--relocate",
    "min_salary": "--min-salary",
    "currency": "--currency",
    "salary_period": "--period",
    "seniority": "--seniority",
    "job_types": "--job-type",
    "needs_visa_sponsorship": "--visa",
    "preferred_skills": "--skill",
    "excluded_skills": "--exclude-skill",
}
# the option that sets a yes/no preference to no
NO_OPTION: dict[str, str] = {
    "remote_ok": "--no-remote",
    "open_to_relocation": "--no-relocate",
    "needs_visa_sponsorship": "--no-visa",
}
LABEL: dict[str, str] = {
    "locations": "locations",
    "remote_ok": "remote",
    "remote_regions": "remote open to",
    "open_to_relocation": "relocation",
    "min_salary": "minimum salary",
    "seniority": "seniority",
    "job_types": "job types",
    "needs_visa_sponsorship": "visa sponsorship",
    "preferred_skills": "preferred skills",
    "excluded_skills": "excluded skills",
}
NO_PROFILE = "no profile yet: make one with `jobscraper profile set --resume FILE`"

ProfileName = Annotated[
    str | None, typer.Argument(help="The profile's name (default: the active one, else 'default').")
]


def _one_of(values: tuple[str, ...]) -> str:
    return ", ".join(values)


@app.command("set")
def set_cmd(
    name: ProfileName = None,
    resume: Annotated[
        Path | None, typer.Option("--resume", help="Résumé file: .pdf, .docx, .md or .txt (read here).")
    ] = None,
    location: Annotated[
        list[str] | None,
        typer.Option("--location", metavar="PLACE", help="A place you would work in (repeat for more)."),
    ] = None,
    remote_ok: Annotated[
        bool | None, typer.Option("--remote-ok/--no-remote", help="Remote jobs are fine, or on-site only.")
    ] = None,
    remote_region: Annotated[
        list[str] | None,
        typer.Option(
            "--remote-region",
            metavar="REGION",
            help="A region a remote job must be open to, e.g. EU (repeatable).",
        ),
    ] = None,
    relocate: Annotated[
        bool | None, typer.Option("--relocate/--no-relocate", help="Would you move for a job.")
    ] = None,
    min_salary: Annotated[
        float | None, typer.Option("--min-salary", help="Your salary floor (needs --currency).")
    ] = None,
    currency: Annotated[
        str | None, typer.Option("--currency", help="The floor's currency, e.g. EUR.")
    ] = None,
    period: Annotated[
        PayInterval | None, typer.Option("--period", help=f"The floor's period: {_one_of(PAY_INTERVALS)}.")
    ] = None,
    seniority: Annotated[
        Seniority | None, typer.Option("--seniority", help=f"Your level: {_one_of(SENIORITIES)}.")
    ] = None,
    job_type: Annotated[
        list[str] | None,
        typer.Option("--job-type", metavar="TYPE", help=f"{_one_of(JOB_TYPES)} (repeatable)."),
    ] = None,
    visa: Annotated[
        bool | None, typer.Option("--visa/--no-visa", help="You need visa sponsorship, or do not.")
    ] = None,
    skill: Annotated[
        list[str] | None,
        typer.Option("--skill", metavar="SKILL", help="A skill you want to use (repeatable)."),
    ] = None,
    exclude_skill: Annotated[
        list[str] | None,
        typer.Option(
            "--exclude-skill", metavar="SKILL", help="A skill you do not want to work with (repeatable)."
        ),
    ] = None,
    clear: Annotated[
        list[str] | None,
        typer.Option(
            "--clear",
            metavar="PREFERENCE",
            help="Unset a preference, by its option name, e.g. --clear location (repeatable).",
        ),
    ] = None,
    activate: Annotated[
        bool | None,
        typer.Option(
            "--activate/--no-activate", help="Make it the active profile (default: only if none is)."
        ),
    ] = None,
    config: o.ConfigOpt = None,
    db: o.DbOpt = None,
) -> None:
    """Create or change a profile: only what you give changes; --resume replaces the résumé."""
    from jobscraper.matching.profile import LIST_PREFERENCES, ProfileInput
    from jobscraper.matching.resume import read_resume

    options: dict[str, Any] = {
        "locations": location, "remote_ok": remote_ok, "remote_regions": remote_region,
        "open_to_relocation": relocate, "min_salary": min_salary, "currency": currency,
        "salary_period": period, "seniority": seniority, "job_types": job_type,
        "needs_visa_sponsorship": visa, "preferred_skills": skill, "excluded_skills": exclude_skill,
    }  # fmt: skip
    given = {field: value for field, value in options.items() if value is not None and value != []}
    for field in _cleared(clear or []):
        if field in given:
            raise InputError(f"{OPTION[field]}: given and cleared at once")
        given[field] = [] if field in LIST_PREFERENCES else None
    if resume is not None:
        read = read_resume(resume)
        given |= {"resume_text": read.text, "resume_file": read.file_name, "resume_format": read.format}
    if not given and activate is None:
        raise InputError(
            "nothing to set: give --resume FILE or a preference (see `jobscraper profile set --help`)"
        )
    try:
        body = ProfileInput.model_validate(given | {"name": name, "activate": activate})
    except ValidationError as exc:
        raise InputError(_message(exc)) from exc
    ctx = Context.load(config, db)
    with open_writer(ctx) as (writer, _how):
        stored = writer.put_profile(body, merge=True).result()
        if stored.active:  # its fits are stale now (a new version): store them again
            fill_active(ctx, writer, Console(stderr=True), profile=stored)
    state = (
        "active" if stored.active else "not active: `jobscraper profile use " + shlex.quote(stored.name) + "`"
    )
    typer.echo(f"profile {stored.name!r} saved ({state})")
    if stored.suggestions:
        typer.echo(
            f"your résumé suggests {len(stored.suggestions)} more preference(s): "
            f"see `jobscraper profile show {shlex.quote(stored.name)}`"
        )


def _cleared(names: list[str]) -> list[str]:
    by_option = {option.removeprefix("--"): field for field, option in OPTION.items()}
    fields = []
    for raw in names:
        key = raw.strip().removeprefix("--")
        field = by_option.get(key) or (key.replace("-", "_") if key.replace("-", "_") in OPTION else None)
        if field is None:
            raise InputError(f"--clear: unknown preference {raw!r} (one of {', '.join(sorted(by_option))})")
        fields.append(field)
    return fields


def _message(exc: ValidationError) -> str:
    parts = []
    for err in exc.errors()[:3]:
        field = str(err["loc"][0]) if err["loc"] else ""
        message = err["msg"].removeprefix("Value error, ")
        parts.append(f"{OPTION.get(field, field)}: {message}" if field else message)
    return "; ".join(parts)


def _read(ctx: Context, name: str | None) -> ProfilePublic:
    from jobscraper.store.profiles import get_active_profile, get_profile

    database = ctx.read_database()
    try:
        with database_errors(database.location):
            profile = get_profile(database, name) if name else get_active_profile(database)
    finally:
        database.dispose()
    if profile is None:
        raise NotFound(NO_PROFILE)
    return profile


def _shown(profile: ProfilePublic, field: str) -> str | None:
    value = getattr(profile, field)
    if value is None or value == []:
        return None
    if field == "min_salary":
        return f"{value:,.0f} {profile.currency} / {profile.salary_period}"
    if field == "remote_ok":
        return "fine" if value else "on-site only"
    if field == "open_to_relocation":
        return "yes" if value else "no"
    if field == "needs_visa_sponsorship":
        return "needed" if value else "not needed"
    return ", ".join(value) if isinstance(value, list) else str(value)


def confirm_command(profile: ProfilePublic, suggestion: Suggestion, db: Path | None = None) -> str:
    """The ``profile set`` command that makes ``suggestion`` a preference (a location joins the others)."""
    words = ["jobscraper", "profile", "set", profile.name]
    if suggestion.field == "locations":
        for place in [*profile.locations, str(suggestion.value)]:
            words += ["--location", place]
    elif suggestion.value is False:
        words.append(NO_OPTION[suggestion.field])
    else:
        words.append(OPTION[suggestion.field])
    if db is not None:
        words += ["--db", str(db)]
    return shlex.join(words)


@app.command("show")
def show_cmd(
    name: ProfileName = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the profile as JSON.")] = False,
    config: o.ConfigOpt = None,
    db: o.DbOpt = None,
) -> None:
    """Show a profile: your preferences, and apart from them what your résumé suggests."""
    profile = _read(Context.load(config, db), name)
    if as_json:
        typer.echo(profile.model_dump_json(indent=2))
        return
    console = Console(highlight=False)
    say = console.print
    say(f"[bold]{profile.name}[/bold]" + (" (active)" if profile.active else " (not active)"))
    if profile.resume_text:
        source = f"{profile.resume_file} ({profile.resume_format})" if profile.resume_file else "pasted"
        say(f"résumé: {source}, {len(profile.resume_text):,} characters", markup=False)
    else:
        say("résumé: none (`profile set --resume FILE`)", markup=False)
    shown = [(LABEL[f], text) for f in LABEL if (text := _shown(profile, f)) is not None]
    say(
        "preferences (a job that misses one is sunk, with the reason shown):"
        if shown
        else "preferences: none set"
    )
    for label, text in shown:
        say(f"  {label}: {text}", markup=False)
    if not profile.suggestions:
        return
    say("suggested by your résumé (not applied; run the command under one to confirm it):")
    for suggestion in profile.suggestions:
        what = LABEL[suggestion.field]
        value = (
            suggestion.value if isinstance(suggestion.value, str) else ("yes" if suggestion.value else "no")
        )
        say(f"  {what}: {value} — “{suggestion.reason}”", markup=False)
        say(f"      {confirm_command(profile, suggestion, db)}", markup=False)


@app.command("list")
def list_cmd(
    as_json: Annotated[bool, typer.Option("--json", help="Print the profiles as JSON.")] = False,
    config: o.ConfigOpt = None,
    db: o.DbOpt = None,
) -> None:
    """List the profiles; the active one is marked."""
    from jobscraper.store.profiles import list_profiles

    database = Context.load(config, db).read_database()
    try:
        with database_errors(database.location):
            profiles = list_profiles(database)
    finally:
        database.dispose()
    if as_json:
        typer.echo("[" + ",".join(p.model_dump_json(exclude={"resume_text"}) for p in profiles) + "]")
        return
    if not profiles:
        typer.echo(NO_PROFILE)
        return
    table = Table(header_style="bold")
    for column in ("", "name", "résumé", "locations", "suggestions", "updated"):
        table.add_column(column, overflow="fold")
    for p in profiles:
        table.add_row(
            "★" if p.active else "", p.name, p.resume_file or ("pasted" if p.resume_text else ""),
            ", ".join(p.locations), str(len(p.suggestions)), p.updated_at.strftime("%Y-%m-%d %H:%M"),
        )  # fmt: skip
    Console(highlight=False).print(table)


@app.command("use")
def use_cmd(
    name: Annotated[str, typer.Argument(help="The profile to make active.")],
    config: o.ConfigOpt = None,
    db: o.DbOpt = None,
) -> None:
    """Make a profile the active one (jobs are matched against it)."""
    ctx = Context.load(config, db)
    with open_writer(ctx) as (writer, _how):
        stored = writer.activate_profile(name).result()
        fill_active(ctx, writer, Console(stderr=True), profile=stored)
    typer.echo(f"profile {stored.name!r} is now active")


@app.command("delete")
def delete_cmd(
    name: Annotated[str, typer.Argument(help="The profile to delete.")],
    config: o.ConfigOpt = None,
    db: o.DbOpt = None,
) -> None:
    """Delete a profile; deleting the active one activates the most recently changed other."""
    ctx = Context.load(config, db)
    with open_writer(ctx) as (writer, _how):
        was_active = _is_active(ctx, name)
        active = writer.delete_profile(name).result()
        if was_active and active:  # the new active profile's fits, as `profile use` stores them
            fill_active(ctx, writer, Console(stderr=True))
    typer.echo(f"deleted profile {name!r}; " + (f"active: {active!r}" if active else "no profile left"))


def _is_active(ctx: Context, name: str) -> bool:
    from jobscraper.store.profiles import get_active_profile

    database = ctx.database()
    try:
        found = get_active_profile(database)
    finally:
        database.dispose()
    return found is not None and found.name == name
