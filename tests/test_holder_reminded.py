"""The coach holding a request: told its deadline when they accept it, and
reminded once, when they read SMS, before the coordinators hear that it is
due soon.

Small cast (tests/cast.yaml): Michel's windows are weekdays 9-12 and 14-18,
Sylvie's every evening 18-21; Claire is on call on weekdays 08:00-20:00.
"""
from __future__ import annotations

from datetime import datetime

from freezegun import freeze_time
from sqlalchemy import select

from dispatch import desk
from dispatch.models import Coach, Request
from scheduling import context_for, tick
from tests.conftest import CLAIRE, MICHEL, NOW, PARIS, PAUL, SYLVIE, outbox, reply_of, run_clock

WEDNESDAY = datetime(2026, 11, 25, 0, 0, tzinfo=PARIS)


def at(hour: int, minute: int = 0) -> datetime:
    return WEDNESDAY.replace(hour=hour, minute=minute)


def held_by(app, phone, db, key: str, mobile: str, when: datetime, body: str) -> str:
    """Paul's request of `when`, offered by Claire to the coach `key`, who
    accepts it at once; returns the coach's reply to their OK."""
    with freeze_time(when):
        phone.text(PAUL, body)
        tick(app)
        request = db.get(Request, 1)
        desk.offer_to(db, context_for(app, db), request,
                      db.scalar(select(Coach).where(Coach.key == key)), when, "Claire Moreau")
        db.commit()
        tick(app)
        return reply_of(phone.text(mobile, "OK 1"))


def sent(db, to, kind):
    """(when, text) of each SMS of `kind` that left for `to`."""
    return [(m.sent_at.astimezone(PARIS), m.body) for m in outbox(db, to=to)
            if m.kind == kind and m.status == "sent"]


def test_a_coach_whose_windows_leave_no_time_to_call_is_told_so_when_accepting(app, phone, db):
    """Sylvie calls in the evening; Paul's times are Wednesday morning, due
    10:15. Her OK is answered with the deadline, that it falls outside her
    availability, and how to give it back while someone else can still call;
    on Wednesday she is reminded once, as the morning's time runs out."""
    reply = held_by(app, phone, db, "sylvie", SYLVIE, NOW,
                    "Paul, rappelez-moi demain 10h-12h, dettes")
    assert reply == ("Merci ! Demande 1 pour vous. Appelez Paul au 06 12 34 56 78 (créneaux : "
                     "mer. 25/11 10h-12h) avant mer. 25/11 10h15, hors de vos disponibilités : "
                     "si vous ne pouvez pas, RENDRE 1 tout de suite. Puis FAIT 1, ou ECHEC 1 "
                     "sans réponse.")
    run_clock(app, at(9, 55), at(10, 10))
    [(when, body)] = sent(db, SYLVIE, "reminder")
    assert when == at(10) and "à rappeler avant mer. 25/11 10h15" in body


def test_a_coach_who_can_call_in_time_is_answered_as_ever(app, phone, db):
    reply = held_by(app, phone, db, "michel", MICHEL, NOW,
                    "Paul, rappelez-moi demain 10h-12h, dettes")
    assert reply.endswith("avant mer. 25/11 10h15. Puis FAIT 1, ou ECHEC 1 sans réponse.")
    assert "disponibilités" not in reply


def test_the_coach_is_reminded_when_their_morning_starts_and_the_coordinator_after(
        app, phone, db):
    """Due Wednesday 10:15, due soon at 06:15 (quiet hours). Michel reads SMS
    from 08:00 (his window opens at 9): reminded then; Claire, on call from
    08:00, hears of it half an hour later, not in the same minute."""
    held_by(app, phone, db, "michel", MICHEL, NOW, "Paul, dettes, rappelez-moi quand vous voulez")
    run_clock(app, at(6), at(9))
    [(reminded, _)] = sent(db, MICHEL, "reminder")
    [(alerted, alert)] = sent(db, CLAIRE, "alert")
    assert reminded == at(8) and alerted == at(8, 30)
    assert "demande 1 pas encore rappelée" in alert and "(coach : Michel Bernard)" in alert


def test_a_coach_who_calls_after_the_reminder_spares_the_coordinator_the_alert(app, phone, db):
    held_by(app, phone, db, "michel", MICHEL, NOW, "Paul, dettes, rappelez-moi quand vous voulez")
    run_clock(app, at(6), at(8, 5))
    assert [when for when, _ in sent(db, MICHEL, "reminder")] == [at(8)]
    with freeze_time(at(8, 10)):
        assert "notée comme rappelée" in reply_of(phone.text(MICHEL, "FAIT 1"))
    run_clock(app, at(8, 15), at(10))
    assert sent(db, CLAIRE, "alert") == []


def test_an_evening_coach_is_reminded_when_they_read_sms_not_at_three(app, phone, db):
    """Paul wrote Tuesday 19:00, due Wednesday 19:00, due soon at 15:00.
    Sylvie reads SMS from 16:00 (her window opens at 18): reminded then, and
    Claire told at 16:30 if no call is noted by then."""
    held_by(app, phone, db, "sylvie", SYLVIE, NOW.replace(hour=19, minute=0),
            "Paul, dettes, rappelez-moi quand vous voulez")
    run_clock(app, at(14, 55), at(17))
    [(reminded, body)] = sent(db, SYLVIE, "reminder")
    [(alerted, _)] = sent(db, CLAIRE, "alert")
    assert reminded == at(16) and alerted == at(16, 30)
    assert "à rappeler avant mer. 25/11 19h" in body


def test_a_coach_who_let_their_last_window_pass_is_reminded_and_the_coordinator_told_at_once(
        app, phone, db):
    """Paul wrote Tuesday 17:00, due Wednesday 17:00; Sylvie accepted, and
    Tuesday evening passed without a call. At 13:00 on Wednesday, due soon,
    her next window (18:00) is after the deadline: waiting for her to read
    SMS at 16:00 would only leave Claire less time. Both are told at 13:00."""
    reply = held_by(app, phone, db, "sylvie", SYLVIE, NOW.replace(hour=17, minute=0),
                    "Paul, dettes, rappelez-moi quand vous voulez")
    assert "disponibilités" not in reply   # her Tuesday evening was in time
    run_clock(app, at(12, 55), at(13, 30))
    assert [when for when, _ in sent(db, SYLVIE, "reminder")] == [at(13)]
    assert [when for when, _ in sent(db, CLAIRE, "alert")] == [at(13, 5)]
