"""Whole stories from SMS to callback, under a frozen clock with the real tick."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from freezegun import freeze_time
from sqlalchemy import select

from dispatch.models import Coach, Escalation, Event, Offer, Request
from scheduling import tick
from tests.conftest import (
    CLAIRE,
    MICHEL,
    NOW,
    ODILE,
    PARIS,
    PAUL,
    SYLVIE,
    outbox,
    reply_of,
    run_clock,
)

UTC = timezone.utc


def request_1(db) -> Request:
    db.expire_all()
    return db.get(Request, 1)


def test_the_last_six_hours_ask_every_coach_at_once_even_those_tried_the_day_before(
        app, phone, db):
    """Tried on Tuesday, both let it pass; Wednesday 08:00, 2 h before the deadline,
    both are asked at once rather than one at a time as rounds turn."""
    with freeze_time(NOW):
        phone.text(PAUL, "Paul Martin, problème juridique, rappel quand vous voulez")
    run_clock(app, NOW, NOW + timedelta(hours=23), step=timedelta(minutes=5))
    wednesday = [(m.to_number, m.created_at.astimezone(PARIS).strftime("%H:%M"))
                 for m in outbox(db) if m.kind == "offer"
                 and m.created_at.astimezone(PARIS).day == 25]
    assert sorted(wednesday, key=lambda o: (o[1], o[0]))[:2] == [(MICHEL, "08:00"),
                                                              (ODILE, "08:00")]
    # One round, the one under way at 08:00 (it turned on Tuesday evening once
    # Sylvie, the last one tried, let it pass at 18:30).
    rounds = {o.round for o in db.scalars(select(Offer).where(Offer.request_id == 1))
              if o.created_at.astimezone(PARIS).day == 25}
    assert len(rounds) == 1


def test_an_offer_made_after_the_deadline_says_it_is_late_not_call_before_a_past_day(
        app, phone, db):
    from sqlalchemy import update
    with freeze_time(NOW):
        phone.text(PAUL, "Paul Martin, dettes, rappel quand vous pouvez")
    # Its deadline passed while nobody could take it (a weekend of refusals, say).
    db.execute(update(Request).where(Request.id == 1).values(
        deadline=NOW - timedelta(hours=2)))
    db.commit()
    with freeze_time(NOW):
        tick(app)
    offers = [m.body for m in outbox(db) if m.kind == "offer"]
    assert offers and all("En retard (échéance mar. 24/11 8h15) : appel au plus vite" in b
                          and "Appel avant" not in b for b in offers)


def test_a_request_accepted_and_done_in_time(app, phone, db):
    with freeze_time(NOW):
        phone.text(PAUL, "Bonjour, Paul Martin, j'ai des dettes, rappel possible demain 14h-16h "
                         "au 06 12 34 56 78")
        tick(app)
    [offer_sms] = outbox(db, to=MICHEL)
    assert offer_sms.status == "sent"
    body = offer_sms.body
    for part in ("Demande 1", "Paul", "06 12 34 56 78", "mer. 25/11 14h-16h", "finances",
                 "Appel avant mer. 25/11 16h", "OK 1", "https://rappel.example.org/o/1."):
        assert part in body, (part, body)
    from dispatch.segments import segments
    assert segments(body)[1] <= 2
    reasons = [e.detail for e in db.scalars(select(Event).where(Event.kind == "offered"))]
    assert reasons == ["Michel : peut rappeler mer. 25/11 14h, sujet couvert, pas encore de "
                       "proposition en 30 jours, 0 demande(s) en cours"]
    with freeze_time(NOW + timedelta(minutes=10)):
        reply = reply_of(phone.text(MICHEL, "ok"))
    assert "Demande 1 pour vous" in reply and "06 12 34 56 78" in reply
    assert request_1(db).status == "accepted" and request_1(db).coach.key == "michel"
    with freeze_time(NOW + timedelta(hours=28)):
        assert "Merci pour cet appel" in reply_of(phone.text(MICHEL, "Fait 1"))
        tick(app)
    assert request_1(db).status == "contacted"
    assert not list(db.scalars(select(Escalation)))  # contacted within the deadline


def test_declined_twice_then_accepted_by_the_third_coach_when_she_can_read_it(app, phone, db):
    with freeze_time(NOW):
        phone.text(PAUL, "Paul, rappelez-moi quand vous voulez")
        tick(app)
    assert len(outbox(db, to=MICHEL)) == 1
    with freeze_time(NOW + timedelta(minutes=5)):
        assert "autre personne" in reply_of(phone.text(MICHEL, "NON 1"))
        tick(app)
    assert len(outbox(db, to=ODILE)) == 1
    with freeze_time(NOW + timedelta(minutes=10)):
        phone.text(ODILE, "non")
        tick(app)
    # Sylvie calls in the evening: the offer reaches her two hours before, not at work.
    assert outbox(db, to=SYLVIE) == []
    assert request_1(db).next_check_at == datetime(2026, 11, 24, 16, 0, tzinfo=PARIS)
    run_clock(app, NOW + timedelta(minutes=15), datetime(2026, 11, 24, 16, 0, tzinfo=PARIS))
    assert len(outbox(db, to=SYLVIE)) == 1
    with freeze_time(datetime(2026, 11, 24, 16, 20, tzinfo=PARIS)):
        assert "pour vous" in reply_of(phone.text(SYLVIE, "oui 1"))
    assert request_1(db).coach.key == "sylvie"
    statuses = [o.status for o in db.scalars(select(Offer).order_by(Offer.id))]
    assert statuses == ["declined", "declined", "accepted"]


def test_nobody_answers_until_overdue_with_each_escalation_once(app, phone, db):
    with freeze_time(NOW):
        phone.text(PAUL, "Paul, rappelez-moi demain matin")
    run_clock(app, NOW, NOW + timedelta(hours=25))
    offers = list(db.scalars(select(Offer).order_by(Offer.id)))
    # Both coaches who can call on Wednesday morning, round after round, never
    # twice within two hours (one hour once the deadline is near), both at once
    # in its last 6 hours (a new round at 08:00); never Sylvie, who cannot call
    # in that slot.
    assert [(o.coach.key, o.round) for o in offers][:5] == [
        ("michel", 1), ("odile", 1), ("michel", 2), ("odile", 3), ("michel", 3)]
    assert {o.coach.key for o in offers} == {"michel", "odile"}
    assert all(o.status == "expired" for o in offers)
    alerts = [(m.to_number, m.created_at.astimezone(PARIS).strftime("%a %H:%M"), m.body)
              for m in outbox(db) if m.kind in ("alert", "summary")]
    assert [(to, at) for to, at, _ in alerts] == [
        (CLAIRE, "Tue 11:20"),    # a whole round without an answer
        (CLAIRE, "Tue 16:20"),    # not accepted after 6 calling hours
        (CLAIRE, "Wed 09:05"),    # not called 4 h before the deadline, once the slot began
        (CLAIRE, "Wed 10:20"),    # deadline passed
    ]
    assert "proposée à chaque coach possible, pas encore acceptée" in alerts[0][2]
    assert "pas encore acceptée, plus de 6 heures après le début des propositions" \
        in alerts[1][2]
    assert "pas encore rappelée" in alerts[2][2] and "EN RETARD" in alerts[3][2]
    assert all("PRIS 1" in body and "/requests/1" in body for _, _, body in alerts)
    kinds = sorted(e.kind for e in db.scalars(select(Escalation)))
    assert kinds == ["due_soon", "no_coach", "overdue", "unaccepted"]


def test_a_stopped_clock_catches_up_with_one_sms_not_a_burst(app, phone, db):
    with freeze_time(NOW):
        phone.text(PAUL, "Paul, rappelez-moi demain matin")
    later = NOW + timedelta(hours=26)
    with freeze_time(later):
        tick(app)
        tick(app)
    with freeze_time(later + timedelta(minutes=5)):
        tick(app)
    [alert] = [m for m in outbox(db) if m.kind == "alert"]
    assert "EN RETARD" in alert.body
    offers = list(db.scalars(select(Offer)))
    assert [o.created_at for o in offers] == [later]  # offered now, nothing stale


def test_an_offer_sms_for_an_offer_gone_is_not_sent(app, phone, db):
    from channels.console.transport import ConsoleTransport
    from dispatch import outbox as box
    from scheduling import context_for
    from scheduling.outbox import send_due
    with freeze_time(NOW):
        phone.text(PAUL, "Paul, rappelez-moi demain matin")
        tick(app)
        offer = db.scalars(select(Offer)).one()
        stale = box.queue(db, MICHEL, "offer again", NOW, kind="offer", offer_id=offer.id)
        offer.status = "expired"
        db.commit()
        transport = ConsoleTransport(echo=False)
        send_due(db, context_for(app, db), transport, NOW)
    assert transport.sent == []
    db.refresh(stale)
    assert stale.status == "cancelled"


def test_offers_wait_for_the_morning_but_not_in_a_crisis(app, phone, db):
    night = datetime(2026, 11, 24, 23, 0, tzinfo=PARIS)
    with freeze_time(night):
        phone.text(PAUL, "Paul, rappel demain matin")
        tick(app)
    assert outbox(db, to=MICHEL) == []
    assert request_1(db).next_check_at == datetime(2026, 11, 25, 8, 0, tzinfo=PARIS)
    with freeze_time(datetime(2026, 11, 25, 8, 0, tzinfo=PARIS)):
        tick(app)
    assert len(outbox(db, to=MICHEL)) == 1


def test_a_request_received_across_the_end_of_summer_time(app, phone, db):
    saturday = datetime(2026, 10, 24, 22, 0, tzinfo=PARIS)  # +02:00
    with freeze_time(saturday):
        reply = reply_of(phone.text(PAUL, "Bonjour je suis Marie, rappelez-moi demain matin"))
        tick(app)
    assert "demande 1" in reply
    request = request_1(db)
    assert request.slots == [{"start": "2026-10-25T09:00:00+01:00",
                              "end": "2026-10-25T12:00:00+01:00"}]
    assert request.deadline == saturday.astimezone(UTC) + timedelta(hours=24)  # 24 real hours
    assert request.deadline.astimezone(PARIS).isoformat() == "2026-10-25T21:00:00+01:00"
    # Nobody is free on Sunday morning; Sylvie, free on Sunday evening, is the
    # one who can still call before the deadline: the offer reaches her at
    # 16:00 (winter time), two hours before her evening, not at 08:00.
    run_clock(app, saturday, datetime(2026, 10, 25, 15, 55, tzinfo=PARIS))
    assert outbox(db, to=SYLVIE) == []
    with freeze_time(datetime(2026, 10, 25, 16, 0, tzinfo=PARIS)):
        tick(app)
    [offer] = outbox(db, to=SYLVIE)
    # Sunday morning is over by 16:00: not quoted as if it were to come.
    assert "Créneaux : passés, dès que possible." in offer.body and "Appel avant dim. 25/10 21h" in offer.body
    reason = db.scalar(select(Event.detail).where(Event.kind == "offered"))
    assert reason.startswith("Sylvie : peut rappeler dim. 25/10 18h")


def test_a_crisis_at_night_wakes_no_untrained_coach_and_is_offered_to_all_at_eight(app, phone,
                                                                                    db):
    with freeze_time(datetime(2026, 11, 24, 2, 0, tzinfo=PARIS)):
        phone.text(PAUL, "je veux en finir, rappelez moi")
        tick(app)
    assert request_1(db).status == "open" and outbox(db, to=MICHEL) == []
    run_clock(app, datetime(2026, 11, 24, 2, 5, tzinfo=PARIS),
              datetime(2026, 11, 24, 8, 0, tzinfo=PARIS))
    # In calling hours, no trained coach in this cast: every coach who can read it now.
    assert request_1(db).status == "offered"
    assert {o.coach.key for o in db.scalars(select(Offer))} == {"michel", "odile"}
    assert all("URGENT" in m.body for m in outbox(db, to=MICHEL) if m.kind == "offer")


def test_an_undelivered_offer_counts_as_unanswered(app, phone, db):
    with freeze_time(NOW):
        phone.text(PAUL, "Paul, rappelez-moi demain matin")
        tick(app)
    [offer_sms] = outbox(db, to=MICHEL)
    with freeze_time(NOW + timedelta(minutes=2)):
        response = phone.post("/twilio/status", {"MessageSid": offer_sms.sid,
                                                 "MessageStatus": "undelivered",
                                                 "ErrorCode": "30003"})
        assert response.status_code == 200
        tick(app)
    db.expire_all()
    assert [o.status for o in db.scalars(select(Offer).order_by(Offer.id))] == ["expired", "pending"]
    assert len(outbox(db, to=ODILE)) == 1


def test_rappel_overdue_prints_the_late_requests(app, phone, db):
    from click.testing import CliRunner

    from webhooks.cli import main
    with freeze_time(NOW):
        phone.text(PAUL, "Paul, rappelez-moi demain matin")
    env = {"DATABASE_URL": app.config["DATABASE_URL"], "INSTANCE_PATH": app.instance_path,
           "SECRET_KEY": "x"}
    with freeze_time(NOW + timedelta(hours=7)):
        result = CliRunner().invoke(main, ["overdue"], env=env)
    assert result.exit_code == 0, result.output
    assert "at risk" in result.output and "    1" in result.output
    with freeze_time(NOW + timedelta(hours=25)):
        result = CliRunner().invoke(main, ["overdue"], env=env)
    assert "overdue" in result.output


def test_after_a_long_stop_each_coordinator_gets_one_digest_not_one_sms_a_request(app, phone, db):
    with freeze_time(NOW):
        for i in range(30):
            phone.text(f"+336120000{i:02d}", f"Client {i}, rappelez-moi demain matin")
    later = NOW + timedelta(hours=26)   # the clock was stopped all that time
    for minutes in (0, 1, 5, 10):
        with freeze_time(later + timedelta(minutes=minutes)):
            tick(app)
    alerts = [m for m in outbox(db) if m.kind == "alert"]
    assert [m.to_number for m in alerts] == [CLAIRE]          # one SMS, to who is on call
    assert "30 alertes" in alerts[0].body and "EN RETARD" in alerts[0].body
    # Four lines, then ten more requests named (to PRIS them), then a count.
    assert "aussi : demandes 5, 6, 7, 8, 9, 10, 11, 12, 13, 14 / et 16 autre(s)" in \
        alerts[0].body


def test_a_digest_of_two_alerts_reads_as_french_one_period_each():
    from types import SimpleNamespace

    from dispatch.alerts import _body
    from dispatch.models import Alert
    ctx = SimpleNamespace(name="Ça va patron ?", base_url="https://rappel.example.org", tz=PARIS)
    alerts = [Alert(id=n, request_id=n, kind="alert_round_over",
                    values={"deadline": f"mer. 2/12 {n}h"}) for n in (6, 8)]
    body = _body(ctx, alerts, {})
    assert body.startswith("Ça va patron ? : 2 alertes. demande 6 : ")
    assert body.endswith("(échéance mer. 2/12 8h). PRIS n pour en prendre une en main. "
                         "https://rappel.example.org/")
    assert ".." not in body


def test_a_digest_tells_the_coordinator_how_to_take_one_of_its_requests():
    """A single alert says "PRIS 6 pour la prendre en main"; a digest of several
    says how to take one of them, and names the request when only one can be
    taken (the others: already in hand, or about no request)."""
    from types import SimpleNamespace

    from dispatch.alerts import _body
    from dispatch.models import Alert
    from dispatch.segments import segments
    ctx = SimpleNamespace(name="Ça va patron ?", base_url="https://rappel.example.org", tz=PARIS)
    late = {"deadline": "mer. 2/12 6h", "coach": "Michel Bernard"}
    two = [Alert(id=1, request_id=6, kind="alert_overdue", values=late),
           Alert(id=2, request_id=8, kind="alert_round_over", values={"deadline": "mer. 2/12 8h"})]
    body = _body(ctx, two, {})
    assert body.endswith("(échéance mer. 2/12 8h). PRIS n pour en prendre une en main. "
                         "https://rappel.example.org/")
    assert segments(body) == ("GSM-7", 2)
    flood = Alert(id=3, request_id=None, kind="alert_flood", values={"number": "06 12 34 56 78"})
    taken = Alert(id=4, request_id=9, kind="alert_crisis_taken",
                  values={"who": "Inès Barbier", "deadline": "mer. 2/12 3h"})
    body = _body(ctx, [two[0], flood, taken], {})
    assert "PRIS 6 pour prendre la demande 6 en main. https://" in body
    # Claire has request 6 in hand: nothing of hers to take in this one.
    claire = SimpleNamespace(id=1)
    mine = SimpleNamespace(taken_by_id=1, deadline=datetime(2026, 12, 2, 6, 0, tzinfo=PARIS),
                           coach=None)
    assert "PRIS" not in _body(ctx, [two[0], flood], {6: mine}, claire)


def test_an_offer_still_standing_does_not_count_as_left_unanswered(app, phone, db):
    """A coach offered a request a minute ago has not failed to answer it yet: their
    answering record (and rank for the next request) is as before, not lowered."""
    from dispatch.offering import answering
    with freeze_time(NOW):
        phone.text(PAUL, "Paul, problème juridique, rappel quand vous voulez")
        tick(app)   # offered to Michel, standing
    db.expire_all()
    michel = db.scalar(select(Offer)).coach_id
    stats = answering(db, NOW + timedelta(minutes=1))
    assert michel not in stats or stats[michel].sent == 0
    with freeze_time(NOW + timedelta(minutes=45)):
        tick(app)   # expired unanswered: now it counts
    assert answering(db, NOW + timedelta(minutes=45))[michel].sent == 1


def test_an_offer_answered_as_the_window_opens_was_answered_at_once(app, phone, db):
    """An offer reaches a coach up to two hours before their window; answered
    as it opens, it was answered at once: counted from the send, an evening
    coach who answers first thing ranked as slow (spec 3: answering well)."""
    from dispatch.offering import answering, coach_views
    evening = NOW.replace(hour=16, minute=0)
    with freeze_time(evening):
        phone.text(PAUL, "Paul, épuisé, je dors plus, rappelez-moi ce soir après 18h")
        tick(app)
    db.expire_all()
    offer = db.scalar(select(Offer))
    sylvie = db.get(Coach, offer.coach_id)
    assert sylvie.key == "sylvie" and offer.sent_at is not None
    with freeze_time(evening.replace(hour=18, minute=5)):
        phone.text(SYLVIE, f"OK {offer.request_id}")
    later = evening.replace(hour=19)
    assert coach_views(db, later, PARIS)[sylvie.id].answering.median == timedelta(minutes=5)
    assert answering(db, later)[sylvie.id].median == timedelta(hours=2, minutes=5)


def test_when_no_coach_speaks_the_persons_language_the_coordinators_are_told_so(
        app, phone, db):
    from dispatch.models import Alert, Coach
    for coach in db.scalars(select(Coach)):
        coach.active = "en" not in coach.languages   # the English speakers are away
    db.commit()
    with freeze_time(NOW):
        phone.text(PAUL, "Hello, I'm John, please call me tomorrow afternoon")
        tick(app)
    db.expire_all()
    [alert] = db.scalars(select(Alert)).all()
    assert alert.kind == "alert_no_coach_language" and alert.values["language"] == "anglais"
    run_clock(app, NOW, NOW + timedelta(minutes=30))
    told = [m.body for m in outbox(db) if m.kind == "alert"]
    assert told and all("écrit en anglais et aucun coach actif ne le parle" in b for b in told)


def test_the_only_coach_who_can_take_it_is_not_sent_it_three_times_a_day_all_week(
        app, phone, db):
    """Tom writes in English on Tuesday for Saturday evening: only Sylvie speaks
    English and calls in the evening, and she never answers. Each time she lets
    it pass, the gap before she is offered it again doubles, up to a day: six
    offers in five days (seventeen before), the coordinator told in between."""
    with freeze_time(NOW):
        phone.text("+447700900123", "Hello, I'm Tom, money trouble, please call me "
                                    "Saturday evening")
    run_clock(app, NOW, NOW + timedelta(days=5), step=timedelta(minutes=15))
    offers = [m.created_at.astimezone(PARIS).strftime("%a %H:%M")
              for m in outbox(db, to=SYLVIE) if m.kind == "offer"]
    # Each offer of 16:00 stands until 18:30, half an hour into her evening;
    # the gap before the next runs from then.
    assert offers == ["Tue 16:00", "Tue 20:30", "Wed 16:00", "Thu 16:00", "Fri 16:00",
                      "Sat 16:00"]
    alerts = [m.body for m in outbox(db) if m.kind in ("alert", "summary")]
    assert any("proposée à chaque coach possible, pas encore acceptée" in b for b in alerts)


def test_a_crisis_is_offered_again_every_half_hour_within_its_hour(app, phone, db):
    """The doubling gap is for requests that can wait: within a crisis's hour,
    a trained coach who let it pass is asked again after 30 minutes."""
    from dispatch.offering import Offered, _recently_offered
    t = NOW
    offers = [Offered(7, "expired", 1, t, t + timedelta(minutes=10)),
              Offered(7, "expired", 2, t + timedelta(minutes=30), t + timedelta(minutes=40))]
    later = t + timedelta(minutes=61)
    assert _recently_offered(offers, later, timedelta(minutes=30), backoff=False,
                             from_lapse=False) == frozenset()
    assert _recently_offered(offers, later, timedelta(minutes=30)) == frozenset({7})


def test_a_crisis_taken_in_hand_is_offered_again_two_hours_after_the_offer_not_its_lapse():
    """A request that can wait: the gap runs from when the offer lapsed (one
    read ahead of a window stands into it). A crisis offer runs from its send:
    the coach who let it pass at 10:30 is asked again at 12:00, two hours
    after it was made, as before, not at 12:30 while someone else is asked."""
    from dispatch.offering import REOFFER_AFTER, Offered, _recently_offered
    t = NOW.replace(hour=10, minute=0)
    offers = [Offered(7, "expired", 1, t, t + timedelta(minutes=30))]
    noon = t + timedelta(hours=2)
    assert _recently_offered(offers, noon, REOFFER_AFTER) == frozenset({7})
    assert _recently_offered(offers, noon, REOFFER_AFTER, from_lapse=False) == frozenset()


def test_the_round_of_the_last_six_hours_does_not_ask_again_who_just_let_it_pass(
        app, phone, db):
    """Paul writes on Tuesday at 14:05: his deadline is Wednesday 14:05, every
    coach is asked at once from 08:05. Odile, offered it at 08:00, lets it pass
    at 08:30: she is not asked again at once (the same SMS twice in half an
    hour), but an hour after she let it pass."""
    tuesday = datetime(2026, 11, 24, 14, 5, tzinfo=PARIS)
    with freeze_time(tuesday):
        phone.text(PAUL, "Paul Martin, des dettes, rappelez-moi quand vous voulez")
    run_clock(app, tuesday, tuesday + timedelta(hours=20))
    odile = [m.created_at.astimezone(PARIS) for m in outbox(db, to=ODILE) if m.kind == "offer"]
    assert odile[0].strftime("%a %H:%M") == "Wed 08:00"
    assert all(b - a >= timedelta(hours=1) for a, b in zip(odile, odile[1:], strict=False)), \
        odile


def test_an_offer_says_when_the_person_wrote_in_english(app, phone, db):
    """Sylvie reads her offers in French: she is told to call Tom in English."""
    with freeze_time(NOW):
        phone.text("+447700900123", "Hello, I'm Tom, money trouble, please call me "
                                    "Saturday evening")
    run_clock(app, datetime(2026, 11, 24, 16, 0, tzinfo=PARIS),
              datetime(2026, 11, 24, 16, 0, tzinfo=PARIS))
    [offer] = outbox(db, to=SYLVIE)
    assert "Demande 1 : Tom (en anglais), tél." in offer.body
    with freeze_time(datetime(2026, 11, 24, 16, 5, tzinfo=PARIS)):
        reply = reply_of(phone.text(SYLVIE, "OK 1"))
    assert "Appelez Tom (en anglais) au" in reply and "(créneaux : sam. 28/11" in reply
