"""An offer sent in the two hours before a coach's window (matching.READ_AHEAD)
stands until the window opens and then for the usual half hour: the coach who
reads it as their evening begins finds it still theirs, not lapsed and offered
again, and the coordinator is not told that nobody answered."""
from __future__ import annotations

from datetime import datetime

from freezegun import freeze_time
from sqlalchemy import select

from dispatch.models import Offer, Request
from tests.conftest import CLAIRE, PARIS, PAUL, SYLVIE, outbox, reply_of, run_clock

TUESDAY = datetime(2026, 11, 24, 16, 0, tzinfo=PARIS)
EVENINGS = {str(d): [["18:00", "21:00"]] for d in range(7)}


def test_the_time_to_answer_runs_from_the_window_for_an_offer_sent_before_it():
    from dispatch.matching import answer_from
    assert answer_from(EVENINGS, TUESDAY, PARIS) == TUESDAY.replace(hour=18)
    assert answer_from(EVENINGS, TUESDAY.replace(hour=17, minute=20), PARIS) == \
        TUESDAY.replace(hour=18)
    inside = TUESDAY.replace(hour=19, minute=10)
    assert answer_from(EVENINGS, inside, PARIS) == inside
    # No window within the two hours (a coordinator's own choice at noon): from the send.
    noon = TUESDAY.replace(hour=12)
    assert answer_from(EVENINGS, noon, PARIS) == noon


def test_an_evening_coach_who_reads_the_offer_as_her_window_opens_still_has_it(
        app, phone, db):
    """Tuesday 16:00, Paul asks to be called tonight after 18:00: only Sylvie
    (18:00-21:00) can. Her offer leaves at 16:00; she reads it at 18:05 and
    answers OK: the request is hers. Counted from the send, it lapsed at
    16:30, was offered to her again, and Claire was told nobody had answered."""
    with freeze_time(TUESDAY):
        phone.text(PAUL, "Paul, épuisé, je dors plus, rappelez-moi ce soir après 18h")
    run_clock(app, TUESDAY, TUESDAY.replace(hour=18))
    db.expire_all()
    [offer] = db.scalars(select(Offer)).all()
    assert offer.status == "pending"
    assert offer.expires_at == TUESDAY.replace(hour=18, minute=30)
    with freeze_time(TUESDAY.replace(hour=18, minute=5)):
        reply = reply_of(phone.text(SYLVIE, "OK 1"))
    assert reply.startswith("Merci ! Demande 1 pour vous.")
    db.expire_all()
    assert db.get(Request, 1).status == "accepted"
    offers = [m.created_at.astimezone(PARIS).strftime("%H:%M")
              for m in outbox(db, to=SYLVIE) if m.kind == "offer"]
    assert offers == ["16:00"]
    run_clock(app, TUESDAY.replace(hour=18, minute=5), TUESDAY.replace(hour=19))
    assert [m.body for m in outbox(db, to=CLAIRE)] == []


def test_an_offer_whose_sms_leaves_late_stands_from_the_window_too(app, phone, db):
    """The offer is decided at 16:00 but the carrier takes its SMS only at
    16:20 (the sender was behind): armed as it leaves, it still stands until
    18:30, not 16:50."""
    from scheduling import decide, send_due
    with freeze_time(TUESDAY):
        phone.text(PAUL, "Paul, épuisé, je dors plus, rappelez-moi ce soir après 18h")
        decide(app, TUESDAY)
    later = TUESDAY.replace(minute=20)
    with freeze_time(later):
        send_due(app, later)
    db.expire_all()
    [offer] = db.scalars(select(Offer)).all()
    assert offer.sent_at == later
    assert offer.expires_at == TUESDAY.replace(hour=18, minute=30)
