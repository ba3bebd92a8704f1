"""An offer sent in the two hours before a coach's window (matching.READ_AHEAD)
stands until the window opens and then for the usual half hour: the coach who
reads it as their evening begins finds it still theirs, not lapsed and offered
again, and the coordinator is not told that nobody answered."""
from __future__ import annotations

from datetime import datetime, timedelta

from freezegun import freeze_time
from sqlalchemy import select

from dispatch.models import Offer, Request
from tests.conftest import (
    CAST,
    CLAIRE,
    PARIS,
    PAUL,
    SYLVIE,
    Phone,
    outbox,
    reply_of,
    run_clock,
)

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


NADIA = """
  - id: nadia
    name: Nadia Lemoine
    mobile: "06 39 98 10 09"
    languages: [fr]
    availability: {sat: "22:00-24:00", sun: "00:00-04:00"}
    crisis: true
"""


def test_a_request_does_not_wait_all_day_for_a_coach_who_listens_at_night(
        database_url, tmp_path):
    """Sunday 25 October 2026 at 02:45 (the second 02:45: the clocks went back
    at 03:00), Karim asks to be called when we can. Nadia listens from 00:00 to
    04:00 on Sundays: she is in her window, but no offer reaches her before
    next Saturday 20:00 (outside calling hours, never at night but for a
    crisis). Sylvie, free from 18:00, can read it at 16:00 and call at 18:00.
    Ranked by Nadia's window open at 02:45, the request waited for her until
    the last six hours (20:45), a quarter of an hour before Sylvie's evening
    ended."""
    from tests.conftest import make_app, sync_cast
    roster = tmp_path / "volunteers.yaml"
    roster.write_text(CAST.read_text() + NADIA)
    app = make_app(database_url, tmp_path, VOLUNTEERS_FILE=str(roster))
    sync_cast(app, roster)
    phone = Phone(app.test_client())
    night = datetime(2026, 10, 25, 2, 45, fold=1, tzinfo=PARIS)
    with freeze_time(night):
        phone.text(PAUL, "Bonjour, Karim, restaurant en difficulté, rappelez-moi quand vous pouvez")
    run_clock(app, night, night + timedelta(hours=14, minutes=30))   # 16:15
    with app.extensions["rappel.sessions"]() as db:
        offers = [(m.to_number, m.created_at.astimezone(PARIS).strftime("%H:%M"))
                  for m in outbox(db) if m.kind == "offer"]
    assert offers == [(SYLVIE, "16:00")]
    app.extensions["rappel.engine"].dispose()
