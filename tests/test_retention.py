"""Retention: after the retention period nothing personal is left in any table;
a dry run changes nothing; a person's data can be erased on request."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from dispatch import inbound, lifecycle
from dispatch.erasure import StillActive, erase_request
from dispatch.models import Base, Event, Message, PhoneStatus, Request
from dispatch.retention import purge
from scheduling import context_for, tick
from tests.conftest import HOTLINE, MICHEL, NOW, ODILE, PAUL, SYLVIE

JULIE = "+33611223344"
PAUL_FIRST = ("Bonjour, Paul Martin, dettes URSSAF, rappelez-moi demain 14h-16h "
              "au 06 12 34 56 78 ou paul.martin@example.com")
PAUL_SECRETS = ("Paul Martin", "paul.martin@example.com", "URSSAF", "jeudi matin")
PAUL_DIGITS = "612345678"
JULIE_FIRST = "Julie Rousseau, boulangerie, tresorerie, rappelez-moi jeudi 10h-12h"
DAY = timedelta(days=1)
COACHES = (MICHEL, ODILE, SYLVIE)


def text(app, db, sender, body, at):
    """An SMS to the hotline at `at`, through the real inbound path."""
    text.count = getattr(text, "count", 0) + 1
    sms = inbound.Inbound(sid=f"SMret{text.count:028d}", sender=sender, to=HOTLINE, body=body)
    return inbound.receive(db, context_for(app, db), sms, at)


def offered_coach(db, request_id):
    db.expire_all()
    message = db.scalar(select(Message).where(Message.request_id == request_id,
                                              Message.kind == "offer"))
    return message.to_number


def paul_story(app, db, stop=False):
    """Paul asks, a coach accepts, calls, the request is closed; Paul writes again later."""
    text(app, db, PAUL, PAUL_FIRST, NOW)
    tick(app, NOW)
    coach = offered_coach(db, 1)
    text(app, db, coach, "OK 1", NOW + timedelta(minutes=5))
    text(app, db, PAUL, "Merci, je suis dispo aussi jeudi matin", NOW + timedelta(minutes=10))
    tick(app, NOW + timedelta(minutes=11))
    text(app, db, coach, "FAIT 1", NOW + DAY)
    lifecycle.close(db, db.get(Request, 1), NOW + DAY + timedelta(hours=1), "Claire Moreau")
    db.add(Event(request_id=1, at=NOW + DAY, actor="Claire Moreau", kind="note",
                 detail="Paul Martin rappelle au 06 12 34 56 78"))
    db.commit()
    text(app, db, PAUL, "STOP" if stop else "AIDE", NOW + 2 * DAY)
    tick(app, NOW + 2 * DAY)
    return NOW + DAY + timedelta(hours=1)  # when it was closed


def everything(db):
    """Every value of every column of every table, as (table, column, text)."""
    db.expire_all()
    found = []
    for table in Base.metadata.sorted_tables:
        for row in db.execute(table.select()).mappings():
            found.extend((table.name, column, str(value)) for column, value in row.items()
                         if value is not None)
    return found


def personal_traces(db, secrets=PAUL_SECRETS, digits=PAUL_DIGITS):
    traces = []
    for table, column, value in everything(db):
        if any(s.lower() in value.lower() for s in secrets) or \
                digits in re.sub(r"\D", "", value):
            traces.append((table, column, value))
    return traces


def test_the_story_leaves_personal_data_everywhere_before_the_purge(app, db):
    paul_story(app, db)
    places = {(t, c) for t, c, _ in personal_traces(db)}
    assert {("requests", "name"), ("requests", "sender"), ("messages", "body"),
            ("events", "detail")} <= places


def test_after_the_retention_period_nothing_personal_is_left_in_any_table(app, db):
    closed = paul_story(app, db)
    text(app, db, JULIE, JULIE_FIRST, closed + 80 * DAY)
    report = purge(db, closed + 91 * DAY, retention_days=90)
    db.commit()
    assert report.requests == [1]
    assert personal_traces(db) == []
    paul = db.get(Request, 1)
    assert paul.anonymised_at is not None and paul.name is None and paul.emails == []
    # What the report needs stays.
    assert paul.status == "closed" and paul.received_at and paul.deadline and paul.accepted_at
    assert paul.contacted_at is not None and paul.coach_id is not None
    # Julie's request is recent: untouched.
    assert personal_traces(db, ("Julie Rousseau",), "611223344")
    kinds = [e.kind for e in db.scalars(select(Event).where(Event.request_id == 1))]
    assert "anonymised" in kinds and "accepted" in kinds


def test_a_second_purge_finds_nothing_more(app, db):
    closed = paul_story(app, db)
    purge(db, closed + 91 * DAY, retention_days=90)
    db.commit()
    again = purge(db, closed + 92 * DAY, retention_days=90)
    assert again.requests == [] and again.messages == 0 and again.events == 0


def test_the_retention_boundary_is_exclusive(app, db):
    closed = paul_story(app, db)
    assert purge(db, closed + 90 * DAY, retention_days=90).requests == []
    db.commit()
    assert db.get(Request, 1).anonymised_at is None
    assert purge(db, closed + 90 * DAY + timedelta(seconds=1), retention_days=90).requests == [1]


def test_a_request_in_progress_is_never_purged_without_the_notice_the_night_before(app, db):
    text(app, db, PAUL, PAUL_FIRST, NOW)
    assert purge(db, NOW + 400 * DAY, retention_days=90).requests == []
    db.commit()
    assert db.get(Request, 1).name is not None


def nights(app, db, first, count):
    """The clock's purge at 03:05 on `count` nights from the night after `first`."""
    from dispatch.models import ClockState
    from dispatch.retention import nightly
    from tests.conftest import PARIS
    state = db.get(ClockState, 1) or ClockState(id=1)
    db.add(state)
    start = (first + DAY).astimezone(PARIS).replace(hour=3, minute=5)
    return [(start + n * DAY, nightly(db, state, start + n * DAY, PARIS, 90))
            for n in range(count)]


def purge_notices(db, app=None, at=None):
    """The notices sent to the coordinators: raised at night, delivered by the
    clock once they are on call (`at`, a morning)."""
    if app is not None:
        from dispatch.alerts import deliver
        from scheduling import context_for
        deliver(db, context_for(app, db), at)
        db.commit()
    db.expire_all()
    return [m for m in db.scalars(select(Message).where(Message.kind == "alert"))
            if "seront closes" in (m.body or "")]


def test_a_request_left_offered_is_announced_then_closed_and_erased(app, db):
    text(app, db, PAUL, PAUL_FIRST, NOW)
    tick(app, NOW)  # offered to a coach, who never answers
    coach = offered_coach(db, 1)
    db.query(Message).filter(Message.request_id == 1).update({"status": "sent"})
    db.commit()
    last = NOW
    runs = nights(app, db, last + 88 * DAY, 4)  # nights 89, 90, 91, 92
    notices = purge_notices(db, app, runs[-1][0] + timedelta(hours=7))
    assert len(notices) == len({m.to_number for m in notices}) >= 1  # once per coordinator
    body = notices[0].body
    assert "les demandes 1 seront closes et effacées demain" in body and "conservation" in body
    purged = [(at, report.requests) for at, report in runs if report and report.requests]
    assert len(purged) == 1 and purged[0][1] == [1]
    announced = db.scalar(select(Event).where(Event.kind == "purge_notice"))
    assert DAY - timedelta(hours=1) <= purged[0][0] - announced.at <= DAY + timedelta(hours=1)
    paul = db.get(Request, 1)
    assert paul.status == "closed" and paul.closed_reason == "inactive"
    assert paul.anonymised_at is not None and personal_traces(db) == []
    withdrawn = db.scalar(select(Message).where(Message.to_number == coach,
                                                Message.kind == "closed"))
    assert withdrawn is not None and "1" in withdrawn.body  # the coach offered it is told


def test_any_activity_after_the_notice_keeps_the_request(app, db):
    text(app, db, PAUL, PAUL_FIRST, NOW)
    runs = nights(app, db, NOW + 88 * DAY, 2)  # announced on one of these nights
    assert len(purge_notices(db, app, runs[-1][0] + timedelta(hours=7))) >= 1
    noticed = runs[-1][0]
    text(app, db, PAUL, "Toujours besoin d'aide, rappelez-moi vendredi", noticed + timedelta(hours=5))
    later = nights(app, db, noticed, 3)
    assert not any(report and report.requests for _, report in later)
    assert db.get(Request, 1).name == "Paul Martin"


def test_a_timeline_line_keeps_a_request_a_notice_does_not(app, db):
    """Activity is a line on the timeline or a message since the cutoff; the
    purge's own notice is not activity, and the last activity given is the
    latest of reception, lines and messages."""
    from dispatch.inactivity import NOTICE, inactive_since
    text(app, db, PAUL, PAUL_FIRST, NOW)
    last_message = db.scalar(select(Message.created_at).where(Message.request_id == 1)
                             .order_by(Message.created_at.desc()).limit(1))
    cutoff = NOW + 10 * DAY
    assert [(r.id, at) for r, at in inactive_since(db, cutoff)] == [(1, last_message)]
    lifecycle.log(db, 1, NOW + 20 * DAY, "clock", NOTICE, "no activity")
    db.commit()
    assert [r.id for r, _ in inactive_since(db, cutoff)] == [1]
    lifecycle.log(db, 1, NOW + 12 * DAY, "Claire", "note", "rappel prévu")
    db.commit()
    assert inactive_since(db, cutoff) == []
    assert [(r.id, at) for r, at in inactive_since(db, NOW + 13 * DAY)] \
        == [(1, NOW + 12 * DAY)]


def test_a_dry_run_names_the_inactive_requests_it_would_close(app, db):
    from dispatch import inactivity
    text(app, db, PAUL, PAUL_FIRST, NOW)
    nights(app, db, NOW + 89 * DAY, 1)
    db.commit()
    at = NOW + 92 * DAY
    assert [r.id for r in inactivity.due(db, at, 90)] == [1]
    report = purge(db, at, retention_days=90, dry_run=True)
    assert report.requests == [1] and report.inactive == [1]
    assert "closed after no activity" in str(report)
    db.rollback()
    assert db.get(Request, 1).status == "open"


def test_a_dry_run_says_what_would_go_and_changes_nothing(app, db):
    closed = paul_story(app, db)
    before = sorted(everything(db))
    report = purge(db, closed + 91 * DAY, retention_days=90, dry_run=True)
    db.commit()
    assert report.dry_run and report.requests == [1] and report.messages > 5
    assert "would anonymise 1 request(s)" in str(report)
    assert sorted(everything(db)) == before
    real = purge(db, closed + 91 * DAY, retention_days=90)
    assert (real.requests, real.messages, real.events) == \
        (report.requests, report.messages, report.events)


def test_an_opt_out_is_kept_so_that_stop_is_still_honoured(app, db):
    closed = paul_story(app, db, stop=True)
    purge(db, closed + 91 * DAY, retention_days=90)
    db.commit()
    traces = personal_traces(db)
    assert traces == [("phone_status", "number", PAUL)]
    assert db.get(PhoneStatus, PAUL).opted_out_at is not None


def test_other_phone_statuses_of_the_person_go(app, db):
    closed = paul_story(app, db)
    db.add(PhoneStatus(number=PAUL, undeliverable_code=30006, undeliverable_at=NOW))
    db.commit()
    report = purge(db, closed + 91 * DAY, retention_days=90)
    db.commit()
    assert report.phone_numbers == 1 and db.get(PhoneStatus, PAUL) is None


def test_a_person_s_data_is_erased_on_request_with_a_timeline_entry(app, db):
    paul_story(app, db)
    report = erase_request(db, 1, NOW + 3 * DAY, "Claire Moreau")
    db.commit()
    assert report.requests == [1]
    assert personal_traces(db) == []
    last = db.scalars(select(Event).where(Event.request_id == 1).order_by(Event.id.desc())).first()
    assert (last.actor, last.kind, last.detail) == \
        ("Claire Moreau", "erased", "personal data erased on request")


def test_erasing_an_active_request_cancels_it_and_tells_the_coach(app, db):
    text(app, db, PAUL, PAUL_FIRST, NOW)
    tick(app, NOW)
    coach = offered_coach(db, 1)
    text(app, db, coach, "OK 1", NOW + timedelta(minutes=5))
    with pytest.raises(StillActive):
        erase_request(db, 1, NOW + timedelta(hours=1), "Claire Moreau")
    erase_request(db, 1, NOW + timedelta(hours=1), "Claire Moreau", ctx=context_for(app, db))
    db.commit()
    assert db.get(Request, 1).status == "cancelled"
    assert personal_traces(db) == []
    notice = db.scalar(select(Message).where(Message.kind == "cancelled"))
    assert notice.to_number == coach and notice.status == "queued" and "1" in notice.body
    with pytest.raises(LookupError):
        erase_request(db, 99, NOW, "Claire Moreau")


def test_staff_numbers_stay_in_the_messages(app, db):
    closed = paul_story(app, db)
    purge(db, closed + 91 * DAY, retention_days=90)
    db.commit()
    numbers = {m.to_number for m in db.scalars(select(Message).where(Message.direction == "out"))}
    assert numbers & set(COACHES) and PAUL not in numbers


def test_the_purge_command_dry_run_changes_nothing(app, db, database_url, monkeypatch):
    import click
    from click.testing import CliRunner

    from webhooks.cli_reports import register
    db.add(Request(status="closed", received_at=NOW - 200 * DAY, deadline=NOW - 199 * DAY,
                   closed_at=NOW - 190 * DAY, sender=PAUL, callback_number=PAUL,
                   name="Paul Martin", phones=[PAUL], emails=[], slots=[]))
    db.commit()
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("SECRET_KEY", "test-secret")
    rappel = click.Group("rappel")
    register(rappel)
    result = CliRunner().invoke(rappel, ["purge", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "would anonymise 1 request(s)" in result.output and ": 1\n" in result.output
    db.expire_all()
    assert db.get(Request, 1).name == "Paul Martin"
    result = CliRunner().invoke(rappel, ["purge"])
    assert "anonymised 1 request(s)" in result.output
    db.expire_all()
    assert db.get(Request, 1).name is None


def test_the_clock_purges_once_a_night_from_three_in_the_morning(app, db):
    from dispatch.models import ClockState
    from dispatch.retention import nightly
    from tests.conftest import PARIS
    closed = paul_story(app, db)
    state = db.get(ClockState, 1) or ClockState(id=1)
    db.add(state)
    night = (closed + 93 * DAY).astimezone(PARIS).replace(hour=2, minute=59)
    assert nightly(db, state, night, PARIS, 90) is None
    done = nightly(db, state, night.replace(hour=3, minute=0), PARIS, 90)
    assert done.requests == [1] and state.last_purge_on == night.date().isoformat()
    assert nightly(db, state, night.replace(hour=23), PARIS, 90) is None
    assert personal_traces(db) == []
