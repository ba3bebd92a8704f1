"""`rappel report`, `rappel purge` and `rappel simulate`.

`register(main)` adds them to the `rappel` group. Imports are local to each
command, as in webhooks.cli, so that other commands start fast.
"""
from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from dispatch.roster import Roster
    from planner.assumptions import Assumptions


def _app(**overrides: Any) -> Any:
    """The app as webhooks.cli builds it (settings from the environment)."""
    from webhooks import create_app
    from webhooks.settings import SettingsError
    try:
        return create_app(overrides or None)
    except SettingsError as exc:
        raise click.ClickException(str(exc)) from None


@click.command()
@click.option("--month", required=True, metavar="YYYY-MM", help="calendar month, local time")
@click.option("--format", "fmt", type=click.Choice(["html", "csv", "json"]), default="html",
              show_default=True)
@click.option("--with-coach-ids", is_flag=True, help="name coaches by id in the workload")
def report(month: str, fmt: str, with_coach_ids: bool) -> None:
    """The monthly confidential report, on stdout (no names, numbers or messages)."""
    from datetime import datetime, timezone

    from dispatch.report import MonthError, monthly_report
    from dispatch.report_render import to_csv, to_html, to_json
    from scheduling import context_for
    app = _app()
    with app.extensions["rappel.sessions"]() as db:
        try:
            data = monthly_report(db, month, context_for(app, db).tz, datetime.now(timezone.utc),
                                  with_coach_ids=with_coach_ids)
        except MonthError as exc:
            raise click.BadParameter(str(exc), param_hint="--month") from None
    render = {"html": to_html, "csv": to_csv, "json": to_json}[fmt]
    text = render(data)
    click.echo(text, nl=not text.endswith("\n"))


@click.command()
@click.option("--dry-run", is_flag=True, help="say what would be anonymised; change nothing")
def purge(dry_run: bool) -> None:
    """Anonymise requests closed or cancelled more than RETENTION_DAYS ago."""
    from datetime import datetime, timezone

    from dispatch.retention import purge as run_purge
    app = _app()
    with app.extensions["rappel.sessions"]() as db:
        done = run_purge(db, datetime.now(timezone.utc), app.config["RETENTION_DAYS"],
                         dry_run=dry_run)
        if dry_run:
            db.rollback()
        else:
            db.commit()
    click.echo(str(done))


@click.command()
@click.argument("roster", required=False, type=click.Path(exists=True, dir_okay=False))
@click.option("--per-day", type=click.FloatRange(min=0.05, max=100), default=3.0,
              show_default=True, help="mean requests a day over a week")
@click.option("--days", type=click.IntRange(1, 90), default=28, show_default=True)
@click.option("--seeds", type=click.IntRange(1, 1000), default=20, show_default=True,
              help="simulated months; each figure gets a 95 % interval over them")
@click.option("--seed", type=int, default=1, show_default=True, help="the first seed")
@click.option("--from-history", is_flag=True,
              help="learn arrivals, coaches' answers, calls from the database (DATABASE_URL)")
@click.option("--json", "as_json", is_flag=True, help="one JSON object on stdout")
@click.option("--html", "html_file", type=click.Path(dir_okay=False),
              help="also write the table and the week's heat map to this HTML file")
@click.option("--jobs", type=click.IntRange(min=1), default=None,
              help="worker processes (default: one per core)")
@click.option("--no-windows", is_flag=True, help="skip what adding a window would gain")
@click.option("--publish", is_flag=True,
              help="show the result on the dashboard's planning page (written under instance/)")
def simulate(roster: str | None, per_day: float, days: int, seeds: int, seed: int,
             from_history: bool, as_json: bool, html_file: str | None, jobs: int | None,
             no_windows: bool, publish: bool) -> None:
    """Plan the volunteers: the real engine on synthetic months, with intervals.
    ROSTER: the roster file, else VOLUNTEERS_FILE, else volunteers.yaml."""
    import json

    from dispatch.roster import RosterError, load_roster_file
    from planner.assumptions import Assumptions
    from planner.report import html, plan, steps, text
    from planner.study import Setup
    from webhooks.settings import volunteers_file
    roster = roster or volunteers_file()
    try:
        people = load_roster_file(roster)
    except RosterError as exc:
        for problem in exc.problems:
            click.echo(str(problem), err=True)
        raise click.ClickException(f"{roster}: {len(exc.problems)} problem(s)") from None
    assumed = _learned(people) if from_history else Assumptions()
    setup = Setup(people, per_day, days, assumed)
    months = list(range(seed, seed + seeds))
    # Minutes of work: a bar on the terminal (stderr: stdout stays the answer).
    with click.progressbar(length=steps(months, not no_windows), file=sys.stderr,
                           label="Simulation des mois") as bar:
        result = plan(setup, months, jobs, windows=not no_windows, progress=bar.update)
    if html_file:
        with open(html_file, "w", encoding="utf-8") as out:
            out.write(html(result, roster))
    if publish:
        from webhooks.planner_page import publish as write
        click.echo(f"published: {write(_app().config['INSTANCE_PATH'], result)}", err=True)
    click.echo(json.dumps(result, ensure_ascii=False) if as_json else text(result, roster))


def _learned(roster: Roster) -> Assumptions:
    """The assumptions, with what the hotline's database (DATABASE_URL) knows."""
    from zoneinfo import ZoneInfo

    from planner.history import learn
    app = _app()
    with app.extensions["rappel.sessions"]() as db:
        return learn(db, ZoneInfo(roster.hotline.timezone))


def register(group: click.Group) -> None:
    """Add report, purge and simulate to the `rappel` command group."""
    for command in (report, purge, simulate):
        group.add_command(command)
