"""The `rappel` command line. Imports are local to each command so that
`rappel parse` starts in a few tens of milliseconds."""
from __future__ import annotations

import sys
from typing import Any

import click


def _app(**overrides: Any) -> Any:
    from webhooks import create_app
    from webhooks.settings import SettingsError
    try:
        return create_app(overrides or None)
    except SettingsError as exc:
        raise click.ClickException(str(exc)) from None


@click.group()
def main() -> None:
    """Rappel: the SMS callback service of a support hotline."""


@main.command()
def parse() -> None:
    """Parse JSON Lines on stdin (spec/parsing.md), one JSON line out per line in."""
    from dispatch.parsing.cli import run
    sys.exit(run(sys.stdin, sys.stdout))


@main.group()
def db() -> None:
    """The database schema."""


@db.command("upgrade")
def db_upgrade() -> None:
    """Apply the migrations (the only way the schema is made)."""
    from dispatch.migrate import upgrade
    app = _app()
    upgrade(app.extensions["rappel.engine"])
    click.echo("database is up to date")


@main.group()
def volunteers() -> None:
    """The roster: FILE, else VOLUNTEERS_FILE, else volunteers.yaml."""


def _load(file: str | None, app: Any = None) -> Any:
    """The roster at `file`, else at the app's VOLUNTEERS_FILE, else at the
    environment's (commands that build no app)."""
    from dispatch.roster import RosterError, load_roster_file
    from webhooks.settings import volunteers_file
    path = file or (app.config["VOLUNTEERS_FILE"] if app else volunteers_file())
    try:
        return path, load_roster_file(path)
    except RosterError as exc:
        for problem in exc.problems:
            click.echo(str(problem), err=True)
        raise click.ClickException(f"{path}: {len(exc.problems)} problem(s)") from None


@volunteers.command("check")
@click.argument("file", required=False)
def volunteers_check(file: str | None) -> None:
    """Validate the roster; print every problem with its line number."""
    path, roster = _load(file)
    click.echo(f"{path}: ok ({len(roster.coaches)} coaches, "
               f"{len(roster.coordinators)} coordinators)")
    week = roster_coverage(roster)
    click.echo("\nCouverture des crises (appelé en premier ; coachs formé·es disponibles) :")
    for line in week.lines():
        click.echo(f"  {line}")
    for gap in week.gaps():
        click.echo(f"{path}: avertissement : {gap}")


def roster_coverage(roster: Any) -> Any:
    """The week's crisis coverage of a roster file (dispatch.coverage)."""
    from dispatch.coverage import Person, coverage
    from dispatch.roster_sync import plan
    return coverage([Person(c.name.split()[0], plan(c.on_call)) for c in roster.coordinators],
                    [Person(c.name.split()[0], plan(c.availability))
                     for c in roster.coaches if c.crisis and c.active])


@volunteers.command("sync")
@click.argument("file", required=False)
def volunteers_sync(file: str | None) -> None:
    """Load the roster into the database (idempotent; removed people are deactivated)."""
    from dispatch.roster_sync import sync
    app = _app()
    path, roster = _load(file, app)
    with app.extensions["rappel.sessions"]() as session:
        from datetime import datetime, timezone
        report = sync(session, roster, now=datetime.now(timezone.utc))
        session.commit()
    click.echo(f"{path}: {report}")


@main.command()
@click.option("--host", default="127.0.0.1")
@click.option("--port", default=5000, type=int)
def serve(host: str, port: int) -> None:
    """Web and clock in one process, for one machine."""
    from scheduling.runner import start_background
    app = _app()
    __import__("webhooks.clock").clock.serving_at(app, host, port)  # links say this port
    start_background(app)
    backend = app.config["SMS_BACKEND"]
    click.echo(f"Rappel is serving on http://{host}:{port} (SMS route: {backend}).")
    if backend == "console":
        click.echo(f"Try the phone simulator: http://{host}:{port}/simulator\n"
                   f"or text the hotline from a shell:\n"
                   f"  curl --data-urlencode From=+33612345678 --data-urlencode To=+33380000000 \\\n"
                   f"       -d MessageSid=SMtest$RANDOM \\\n"
                   f"       --data-urlencode 'Body=Bonjour, Paul Martin, demain 14h-16h' \\\n"
                   f"       http://{host}:{port}/twilio/sms")
    from webhooks.server import serve as serve_web
    serve_web(app, host, port)


@main.command()
@click.option("--host", default="0.0.0.0")
@click.option("--port", default=5000, type=int, envvar="PORT")
def web(host: str, port: int) -> None:
    """The web process alone (the Procfile's web line), served by waitress."""
    from webhooks.server import serve as serve_web
    serve_web(_app(), host, port)


@main.command()
def scheduler() -> None:
    """The clock alone (the Procfile's clock process)."""
    from scheduling.runner import run_blocking
    run_blocking(_app())


@main.group()
def channels() -> None:
    """The SMS route (SMS_BACKEND) and the e-mail route beside it, and their settings."""


TEST_SMS = "Test Rappel : ce SMS confirme que la ligne fonctionne."


@channels.command("check")
def channels_check() -> None:
    """Say what is configured and reachable; sends nothing."""
    from channels.registry import active
    app = _app()
    route = active(app)
    click.echo(f"SMS route: {route.name} ({route.label})")
    for line in route.check(app):
        click.echo(f"  {line}")
    from channels.email.poll import check as check_mail
    click.echo("E-mail route:")
    for line in check_mail(app):
        click.echo(f"  {line}")


@channels.command("test")
@click.argument("address")
@click.option("--body", default=TEST_SMS)
def channels_test(address: str, body: str) -> None:
    """Send one real SMS to ADDRESS through the route, now (an e-mail through
    the e-mail route when ADDRESS has an @)."""
    from datetime import datetime, timezone

    from channels import email
    from channels.base import Outgoing, SendError
    from channels.registry import active, transport_for
    from dispatch.phones import to_e164
    app = _app()
    attempt = int(datetime.now(timezone.utc).timestamp())
    if "@" in address:
        if not email.enabled(app):
            raise click.ClickException("e-mail is off: set IMAP_URL, SMTP_URL and MAIL_FROM")
        if body == TEST_SMS:
            body = "Test Rappel : ce mail confirme que l'envoi de mails fonctionne."
        try:
            sid = email.build(app).send(Outgoing(0, attempt, "email", address.strip(), body,
                                                 subject="Test Rappel"))
        except SendError as exc:
            kind = "for good" if exc.permanent else "for now"
            raise click.ClickException(f"not sent ({kind}): {exc}") from None
        click.echo(f"sent through the e-mail route: {sid}")
        return
    number = to_e164(address)
    if number is None:
        raise click.ClickException(f"{address} is not a phone number")
    try:
        sid = transport_for(app).send(Outgoing(0, attempt, "sms", number, body))
    except SendError as exc:
        kind = "for good" if exc.permanent else "for now"
        raise click.ClickException(f"not sent ({kind}): {exc}") from None
    click.echo(f"sent through {active(app).name}: {sid}")


@main.command()
def overdue() -> None:
    """Overdue and at-risk requests, as a table."""
    from datetime import datetime, timezone

    from dispatch.overview import attention_table
    from scheduling import context_for
    app = _app()
    with app.extensions["rappel.sessions"]() as session:
        click.echo(attention_table(session, context_for(app, session),
                                   datetime.now(timezone.utc)))


@main.group()
def coordinator() -> None:
    """Coordinators' accounts for the dashboard."""


@coordinator.command("set-password")
@click.argument("email")
@click.password_option()
def set_password(email: str, password: str) -> None:
    """Set the dashboard password of the coordinator with this e-mail."""
    from sqlalchemy import select
    from werkzeug.security import generate_password_hash

    from dispatch.models import Coordinator
    if len(password) < 10:
        raise click.ClickException("use at least 10 characters")
    app = _app()
    with app.extensions["rappel.sessions"]() as session:
        person = session.scalar(select(Coordinator).where(Coordinator.email == email.lower()))
        if person is None:
            raise click.ClickException(f"no coordinator with e-mail {email} (run volunteers sync?)")
        person.password_hash = generate_password_hash(password, method="scrypt")
        session.commit()
    click.echo(f"password set for {email}")


def _register_reports() -> None:
    from webhooks.cli_reports import register
    register(main)


_register_reports()
