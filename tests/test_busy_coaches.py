"""A coach who is busy for now (calls in hand, offers waiting for an answer) is
waited for, not given up on: the request is looked at again within the half
hour, offered as soon as they are free, and nobody is told that no coach can
call in time.

On the sample roster (volunteers.yaml): on Saturday morning Hélène (two
requests at most) is the only coach who can call before noon.
"""
from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from freezegun import freeze_time
from sqlalchemy import select

from dispatch.models import Event, Offer, Request
from scheduling import tick
from tests.conftest import PARIS, outbox, reply_of, run_clock

HELENE, INES = "+33639981007", "+33639980003"


def saturday(hour: int, minute: int = 0, second: int = 0) -> datetime:
    return datetime(2026, 12, 5, hour, minute, second, tzinfo=PARIS)


@pytest.fixture
def app(sample_app):
    return sample_app


def test_a_third_request_waits_for_the_busy_coach_and_reaches_her_once_she_is_free(
        app, phone, db):
    with freeze_time(saturday(7, 40)):
        phone.text("+33611000101", "Anne, fleuriste, je suis épuisée, rappelez-moi dès que "
                                   "possible")
        phone.text("+33611000102", "Marc, garage, un salarié aux prud'hommes, rappelez-moi "
                                   "quand vous pouvez")
        phone.text("+33611000103", "Julien, restaurant, dettes URSSAF, rappelez-moi ce matin")
    at = saturday(8, 0)
    with freeze_time(at) as clock:   # one frozen clock moved along (conftest.run_clock)
        while at <= saturday(10, 0):
            clock.move_to(at)
            tick(app)
            if at == saturday(8, 5):
                assert "pour vous" in reply_of(phone.text(HELENE, "OK 1"))
                assert "pour vous" in reply_of(phone.text(HELENE, "OK 2"))
            if at == saturday(8, 30):
                phone.text(HELENE, "FAIT 1")
            at += timedelta(minutes=5)
    db.expire_all()
    julien = db.get(Request, 3)
    # Hélène was full with two offers standing at 08:00, free again at 08:30.
    [offer] = db.scalars(select(Offer).where(Offer.request_id == 3))
    assert offer.coach.key == "helene"
    assert saturday(8, 30) <= offer.created_at.astimezone(PARIS) <= saturday(9, 0)
    assert julien.next_check_at is not None
    # Nobody is told that no coach can call in time: one can, once free.
    alerts = " ".join(m.body for m in outbox(db) if m.kind in ("alert", "summary"))
    assert "aucun coach" not in alerts
    told = [e.detail for e in db.scalars(select(Event).where(Event.request_id == 3,
                                                             Event.kind == "escalated"))]
    assert not [d for d in told if "aucun coach" in d], told



def friday(hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 12, 4, hour, minute, tzinfo=PARIS)


def test_a_request_near_its_deadline_reaches_the_busy_coach_at_the_first_tick_after_her_fait(
        app, phone, db):
    # Three requests from Friday midday, all due before Saturday 13:00: at
    # 08:00 on Saturday each is offered to whoever can read it, Hélène alone.
    # She can hold two. She reports her first call at 08:31: Julien, the
    # third, reaches her at the next tick, not at a look planned while she
    # was full (09:00).
    with freeze_time(friday(12, 0)):
        phone.text("+33611000101", "Anne, fleuriste, je suis épuisée, rappelez-moi dès que "
                                   "possible")
        phone.text("+33611000102", "Marc, garage, un salarié aux prud'hommes, rappelez-moi "
                                   "quand vous pouvez")
    with freeze_time(friday(13, 0)):
        phone.text("+33611000103", "Julien, restaurant, dettes URSSAF, rappelez-moi quand "
                                   "vous pouvez")
    for at in (saturday(8, 0), saturday(8, 5), saturday(8, 30)):
        with freeze_time(at):
            tick(app)
            if at == saturday(8, 5):
                assert "pour vous" in reply_of(phone.text(HELENE, "OK 1"))
                assert "pour vous" in reply_of(phone.text(HELENE, "OK 2"))
    db.expire_all()
    assert not list(db.scalars(select(Offer).where(Offer.request_id == 3)))
    with freeze_time(saturday(8, 31)):
        phone.text(HELENE, "FAIT 1")
    with freeze_time(saturday(8, 31, 15)):
        tick(app)
    db.expire_all()
    [offer] = db.scalars(select(Offer).where(Offer.request_id == 3))
    assert offer.coach.key == "helene"
    assert offer.created_at.astimezone(PARIS) == saturday(8, 31, 15)


def _helene_says_no_to_julien(app, phone, when: str = "quand vous pouvez") -> str:
    """Julien writes on Friday at 13:00 (due Saturday 13:00); Hélène, the only
    coach reading SMS on Saturday morning, is offered it at 08:00 and says no
    at 08:05. Her answer is returned."""
    with freeze_time(friday(13, 0)):
        phone.text("+33611000103", f"Julien, restaurant, dettes URSSAF, rappelez-moi {when}")
    with freeze_time(saturday(8, 0)):
        tick(app)
    with freeze_time(saturday(8, 5)):
        answer = reply_of(phone.text(HELENE, "NON 1"))
        tick(app)
    return answer


def test_a_request_near_its_deadline_is_looked_at_again_when_a_coach_can_read_it_not_every_half_hour(
        app, phone, db):
    # Julien's request from Friday 13:00 is due on Saturday at 13:00. Hélène,
    # the only coach reading SMS on Saturday morning, says no at 08:05; nobody
    # else reads before Monday morning. His next look is then, not every half
    # hour of the weekend, and it offers him to whoever can read it.
    assert "noté" in _helene_says_no_to_julien(app, phone).lower()
    db.expire_all()
    julien = db.get(Request, 1)
    assert julien.status == "open"
    looks = julien.next_check_at.astimezone(PARIS)
    assert looks >= datetime(2026, 12, 7, 6, 0, tzinfo=PARIS), looks
    with freeze_time(looks):
        tick(app)
    db.expire_all()
    offered = list(db.scalars(select(Offer).where(Offer.request_id == 1,
                                                  Offer.created_at >= looks)))
    assert offered, "nobody was offered it when the look came"


def test_a_request_overdue_at_the_weekend_goes_back_to_the_weekend_coach(app, phone, db):
    """Julien writes on Friday at 13:00 (due Saturday 13:00) and nobody takes
    it: on Saturday morning Hélène, the only coach of the weekend, lets it
    pass. Once it is overdue, the coaches not yet tried in this round can only
    call on Monday: Hélène is asked again before her afternoon window, not
    left out until Monday with Inès, on call, as the only recourse."""
    with freeze_time(friday(13, 0)):
        phone.text("+33611000103", "Julien, restaurant, dettes URSSAF, rappelez-moi quand "
                                   "vous pouvez")
    run_clock(app, friday(13, 0), saturday(17, 0), step=timedelta(minutes=15))
    late = [(m.created_at.astimezone(PARIS), m.body) for m in outbox(db, to=HELENE)
            if m.kind == "offer" and m.created_at.astimezone(PARIS) >= saturday(13, 0)]
    assert late, "Hélène was not asked again once it was overdue"
    first, body = late[0]
    assert first < saturday(16, 0)
    assert "En retard (échéance sam. 5/12 13h) : appel au plus vite" in body


def test_a_request_near_its_deadline_goes_to_every_coach_once_its_slots_are_past(
        app, phone, db):
    # Céline asks on Sunday for Monday 12:00-14:00, due Monday 15:24. Only
    # Nathalie can call in that slot, and she never answers. Once the slot is
    # past, any coach free before the deadline will do: they are asked then,
    # not once Nathalie may be asked again.
    sunday = datetime(2026, 12, 6, 15, 24, tzinfo=PARIS)
    with freeze_time(sunday):
        phone.text("+33611000104", "Bonjour, Céline, je suis perdue dans les démarches et les "
                                   "impôts, rappelez-moi lundi entre 12h et 14h")
    run_clock(app, datetime(2026, 12, 7, 8, 0, tzinfo=PARIS),
              datetime(2026, 12, 7, 14, 10, tzinfo=PARIS), step=timedelta(minutes=5))
    db.expire_all()
    offers = list(db.scalars(select(Offer).where(Offer.request_id == 1)))
    assert {o.coach.key for o in offers if o.created_at.astimezone(PARIS).hour < 14} \
        == {"nathalie"}, [(o.coach.key, o.created_at) for o in offers]
    after = [o for o in offers if o.coach.key != "nathalie"]
    assert after, [(o.coach.key, o.created_at) for o in offers]
    assert min(o.created_at for o in after).astimezone(PARIS) \
        == datetime(2026, 12, 7, 14, 0, tzinfo=PARIS)


KARIM = """
  - id: karim
    name: Karim Haddad
    mobile: "06 39 98 10 09"
    languages: [fr]
    topics: [financier]
    availability: {sat: "09:00-13:00"}
    max_active: 2
    partner: cci21
"""


def test_a_coach_added_to_the_roster_is_offered_a_request_near_its_deadline_at_once(
        app, phone, db, tmp_path):
    # Julien's request is due Saturday 13:00; Hélène said no and nobody else
    # reads before Monday. At 09:00 the coordinator adds Karim, free this
    # morning: the request is looked at again then, not on Monday.
    from dispatch.roster import load_roster_file
    from dispatch.roster_sync import sync
    from tests.conftest import SAMPLE_ROSTER
    _helene_says_no_to_julien(app, phone)
    roster = tmp_path / "volunteers.yaml"
    roster.write_text(SAMPLE_ROSTER.read_text() + KARIM)
    with app.extensions["rappel.sessions"]() as session:
        sync(session, load_roster_file(roster), now=saturday(9, 0))
        session.commit()
    with freeze_time(saturday(9, 0, 15)):
        tick(app)
    db.expire_all()
    offers = [(o.coach.key, o.created_at.astimezone(PARIS))
              for o in db.scalars(select(Offer).where(Offer.request_id == 1))]
    assert ("karim", saturday(9, 0, 15)) in offers, offers


def test_a_request_near_its_deadline_is_looked_at_again_when_the_person_gives_other_times(
        app, phone, db):
    # Julien's "quand vous pouvez" had only Hélène, who said no. He writes
    # that Monday morning suits him too: not a reason to wait for his next
    # planned look, which was set for the old times.
    _helene_says_no_to_julien(app, phone, "samedi entre 10h et 12h")
    db.expire_all()
    planned = db.get(Request, 1).next_check_at
    with freeze_time(saturday(8, 20)):
        phone.text("+33611000103", "Sinon lundi matin c'est possible aussi")
    db.expire_all()
    assert db.get(Request, 1).next_check_at.astimezone(PARIS) == saturday(8, 20)
    assert planned.astimezone(PARIS) > saturday(8, 20)


def test_late_oks_do_not_take_a_coach_past_her_maximum(app, phone, db):
    """Hélène (two at most) reads her phone at 10:45, after the offers of 08:00
    lapsed (at 10:30, half an hour into her window), and answers OK to each
    offer she sees. A standing offer was made
    while she had room: she takes it. A lapsed one would be a third request in
    hand: she is told so, and it stays with the others to be offered."""
    with freeze_time(saturday(7, 40)):
        phone.text("+33611000101", "Anne, fleuriste, je suis épuisée, rappelez-moi dès que "
                                   "possible")
        phone.text("+33611000102", "Marc, garage, un salarié aux prud'hommes, rappelez-moi "
                                   "quand vous pouvez")
        phone.text("+33611000103", "Julien, restaurant, dettes URSSAF, rappelez-moi ce matin")
    run_clock(app, saturday(8, 0), saturday(10, 40), step=timedelta(minutes=5))  # to 10:45
    db.expire_all()
    mine = {o.request_id: o.status for o in db.scalars(
        select(Offer).where(Offer.coach.has(key="helene")))}
    assert mine == {1: "expired", 2: "expired", 3: "pending"}
    with freeze_time(saturday(10, 45)):
        assert "Demande 1 pour vous" in reply_of(phone.text(HELENE, "OK 1"))
        assert reply_of(phone.text(HELENE, "OK 2")) == (
            "Merci ! Vous avez atteint votre maximum de demandes en cours (2) : la demande 2 "
            "sera proposée à une autre personne.")
        assert "Demande 3 pour vous" in reply_of(phone.text(HELENE, "OK 3"))
    db.expire_all()
    assert [(r.status, r.coach.key if r.coach else None)
            for r in db.scalars(select(Request).order_by(Request.id))] == [
        ("accepted", "helene"), ("open", None), ("accepted", "helene")]


def test_a_request_near_its_deadline_waits_for_a_coach_busy_only_with_offers_and_nobody_is_told(
        app, phone, db):
    """Friday at 09:50 three people ask for Saturday: Anne and Marc between
    10:00 and 11:00, Julien between 11:00 and 12:00; on Saturday only Hélène
    (two at most) can call. At 08:00 all three are due within six hours:
    Anne's and Marc's offers go to Hélène, who is then full of offers not yet
    answered, and Julien waits for her. She says no to Marc at 08:04: Julien
    is hers at 08:05. Ines, on call, was told at 08:05 that no coach could
    call Julien in time, when the only coach who could was merely yet to
    answer two offers (Marc's, which nobody else can take now, she is told
    of: that one is true)."""
    for minute, (sender, words) in enumerate([
            ("+33611000101", "Anne, fleuriste, trésorerie, rappelez-moi demain entre 10h et 11h"),
            ("+33611000102", "Marc, garage, dettes URSSAF, rappelez-moi demain entre 10h et 11h"),
            ("+33611000103", "Julien, restaurant, dettes, rappelez-moi demain entre 11h et "
                             "12h")]):
        with freeze_time(friday(9, 50 + minute)):
            phone.text(sender, words)
    for at in (saturday(8, 0), saturday(8, 4), saturday(8, 5), saturday(8, 10)):
        with freeze_time(at):
            if at == saturday(8, 4):
                assert "noté" in reply_of(phone.text(HELENE, "NON 2")).lower()
            else:
                tick(app)
    db.expire_all()
    [offer] = db.scalars(select(Offer).where(Offer.request_id == 3))
    assert offer.coach.key == "helene" and offer.created_at.astimezone(PARIS) == saturday(8, 5)
    told = " ".join(m.body for m in outbox(db, to=INES))
    assert "demande 2 : aucun coach" in told and "demande 3" not in told
