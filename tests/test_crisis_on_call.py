"""A crisis at any hour: 3114 at once, the on-call coordinator paged by SMS and by
phone, the page climbing until someone acknowledges, trained coaches first.

Stories on the sample roster (volunteers.yaml): Claire is on call from Monday
08:00 to Thursday 08:00, Bertrand until Saturday 08:00, Inès at the weekend;
Sylvie (weekday evenings), Jean-Pierre and Hélène are trained for crises.
"""
from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest
from freezegun import freeze_time
from sqlalchemy import select

from dispatch.models import Alert, Event, Message, Offer, PhoneStatus, Request
from scheduling import tick, transport_for
from tests import conftest
from tests.conftest import PARIS, PAUL, Phone, make_app, outbox, postgres_only, reply_of, sync_cast
from tests.twilio_fakes import RecordingHttpClient

SAMPLE = Path(__file__).resolve().parent.parent / "volunteers.yaml"
CLAIRE, BERTRAND, INES = "+33639980001", "+33639980002", "+33639980003"
SYLVIE, GERARD = "+33639981003", "+33639981006"
WEDNESDAY_NIGHT = datetime(2026, 11, 25, 2, 10, tzinfo=PARIS)
CRISIS = "Je n'en peux plus, je veux en finir. Paul 06 12 34 56 78"


@pytest.fixture
def app(sample_app):
    return sample_app


def request_1(db) -> Request:
    db.expire_all()
    return db.get(Request, 1)


def pages(db, to=None):
    return [(m.to_number, m.channel, m.created_at.astimezone(PARIS).strftime("%H:%M"))
            for m in outbox(db, to=to) if m.kind == "page"]


def run_clock(app, start, end, step=timedelta(minutes=1)):
    """conftest.run_clock, a tick every minute unless told."""
    conftest.run_clock(app, start, end, step)


def crisis_answered(app, phone, start, number, words, after):
    """Paul's crisis at `start`; `number` texts `words` `after` it (PRIS 1, OK 1)."""
    with freeze_time(start):
        phone.text(PAUL, CRISIS)
        tick(app)
    with freeze_time(start + after):
        phone.text(number, words)


def crisis_paged(app, phone, start, clock_from, clock_to, step=timedelta(minutes=5)):
    """Paul's crisis at `start`, the clock running every `step` from
    `clock_from` to `clock_to` after it (paging, nobody answering)."""
    with freeze_time(start):
        phone.text(PAUL, CRISIS)
        tick(app)
    run_clock(app, start + clock_from, start + clock_to, step=step)


def taken_after_pages(app, phone, start, number, clock_from, clock_to, pris_at,
                      step=timedelta(minutes=5)):
    """Paul's crisis at `start`, the clock paging every `step` from `clock_from`
    to `clock_to` after it; `number` (off duty) answers PRIS 1 at `pris_at`
    and it is theirs."""
    crisis_paged(app, phone, start, clock_from, clock_to, step)
    with freeze_time(start + pris_at):
        assert "vous la prenez en main" in reply_of(phone.text(number, "PRIS 1"))


def claire_takes_an_ordinary_request_on_wednesday(app, phone):
    """Paul asks on Wednesday 10:00 to be called on Friday afternoon; Claire,
    on call, takes it in hand at once."""
    with freeze_time(datetime(2026, 11, 25, 10, 0, tzinfo=PARIS)):
        phone.text(PAUL, "Paul, dettes, rappelez-moi vendredi après-midi")
        tick(app)
        assert "vous la prenez en main" in reply_of(phone.text(CLAIRE, "PRIS 1"))


def claire_takes_it_at_night(app, phone, until):
    """Paul's crisis at 02:10 on Wednesday; Claire, on call, answers PRIS 1 at
    02:12; the clock runs on to `until`."""
    crisis_answered(app, phone, WEDNESDAY_NIGHT, CLAIRE, "PRIS 1", timedelta(minutes=2))
    run_clock(app, WEDNESDAY_NIGHT + timedelta(minutes=5), until, step=timedelta(minutes=5))


def test_a_crisis_at_night_pages_on_call_then_the_next_then_everyone(app, phone, db):
    with freeze_time(WEDNESDAY_NIGHT):
        reply = reply_of(phone.text(PAUL, CRISIS))
        tick(app)
    assert "3114" in reply and "15 ou 112" in reply
    request = request_1(db)
    assert request.crisis and request.deadline == WEDNESDAY_NIGHT + timedelta(hours=1)
    # Within one tick: the on-call coordinator, by SMS and by a call.
    assert pages(db) == [(CLAIRE, "sms", "02:10"), (CLAIRE, "call", "02:10")]
    assert all(m.status == "sent" for m in outbox(db, to=CLAIRE))
    [sms] = [m for m in outbox(db, to=CLAIRE) if m.channel == "sms"]
    assert "URGENT" in sms.body and "PRIS 1" in sms.body and "06 12 34 56 78" in sms.body
    assert "/p/1-" in sms.body  # the link that takes it in hand from the phone
    [call] = [c for c in transport_for(app).sent if c.get("channel") == "call"]
    assert call["to"] == CLAIRE and call["request"] == 1 and "appuyez sur 1" in call["body"]
    # Nobody acknowledges: the next coordinator in the roster's order at 02:20,
    # everyone at 02:30; no coach is woken at night (no trained coach available).
    run_clock(app, WEDNESDAY_NIGHT + timedelta(minutes=1), WEDNESDAY_NIGHT + timedelta(minutes=19))
    assert pages(db, to=BERTRAND) == [(BERTRAND, "sms", "02:20"), (BERTRAND, "call", "02:20")]
    assert pages(db, to=INES) == []
    run_clock(app, WEDNESDAY_NIGHT + timedelta(minutes=20), WEDNESDAY_NIGHT + timedelta(minutes=21))
    assert {to for to, channel, at in pages(db) if at == "02:30"} == {CLAIRE, BERTRAND, INES}
    assert list(db.scalars(select(Offer))) == []
    # Inès answers PRIS 1: the climb stops, the dashboard says who took it.
    with freeze_time(WEDNESDAY_NIGHT + timedelta(minutes=33)):
        assert "vous la prenez en main" in reply_of(phone.text(INES, "PRIS 1"))
    count = len(pages(db))
    run_clock(app, WEDNESDAY_NIGHT + timedelta(minutes=34), WEDNESDAY_NIGHT + timedelta(hours=2),
              step=timedelta(minutes=5))
    assert len(pages(db)) == count
    assert request_1(db).taken_by.key == "ines"
    taken = db.scalar(select(Event).where(Event.kind == "taken"))
    assert (taken.actor, taken.detail) == ("Inès Barbier", "par SMS (PRIS)")
    # No ordinary alert ladder on top of the pages; at 03:10, the crisis hour
    # out with no call noted, Inès alone is told (at the clock's next tick, at night).
    assert [(m.to_number, m.created_at.astimezone(PARIS).strftime("%H:%M")) for m in outbox(db)
            if m.to_number in (CLAIRE, BERTRAND, INES) and m.kind != "page"] == [
        (INES, "03:14")]
    # Inès called Paul (noted on the desk); at 08:00, those paged who did not
    # answer are told that she took it.
    from dispatch.lifecycle import mark_contacted
    with app.extensions["rappel.sessions"]() as other:
        mark_contacted(other, other.get(Request, 1), WEDNESDAY_NIGHT + timedelta(hours=2, minutes=10),
                       "Inès Barbier")
        other.commit()
    with freeze_time(datetime(2026, 11, 25, 8, 0, tzinfo=PARIS)):
        tick(app)
    told = [(m.to_number, m.body) for m in outbox(db) if m.to_number in (CLAIRE, BERTRAND, INES)
            and m.kind != "page" and m.created_at >= WEDNESDAY_NIGHT + timedelta(hours=2)]
    assert sorted(told) == [(number, "Ça va patron ? : demande 1 (détresse) : prise en main par "
                                     "Inès Barbier, rien à faire pour vous. "
                                     "https://rappel.example.org/requests/1")
                            for number in (CLAIRE, BERTRAND)], told


def test_a_page_nobody_answers_rings_again_every_half_hour_then_hourly_for_twelve_hours(
        app, phone, db):
    """As on-call tools repeat their policy until someone acknowledges: one call
    at 02:30 may wake nobody, and Paul is still waiting. Past the crisis hour the
    ladder starts again every 30 minutes, Claire (on call) then everyone; two
    hours after the first page, every hour; until 12 hours after the first
    page, not for days (a call to the one on call every 10 minutes all night
    was more than anyone can take)."""
    with freeze_time(WEDNESDAY_NIGHT):
        phone.text(PAUL, CRISIS)
        tick(app)
    run_clock(app, WEDNESDAY_NIGHT + timedelta(minutes=10),
              WEDNESDAY_NIGHT + timedelta(hours=12, minutes=10), step=timedelta(minutes=10))
    run_clock(app, WEDNESDAY_NIGHT + timedelta(hours=13), WEDNESDAY_NIGHT + timedelta(hours=24),
              step=timedelta(hours=1))
    calls = [(to, at) for to, channel, at in pages(db) if channel == "call"]
    everyone = ["03:30", "04:00", "04:30", *(f"{h:02d}:30" for h in range(5, 14))]
    on_call = ["03:20", "03:50", "04:20", *(f"{h:02d}:20" for h in range(5, 14))]
    assert [at for to, at in calls if to == INES] == ["02:30", "02:40", "02:50", "03:00",
                                                      *everyone]
    assert [at for to, at in calls if to == CLAIRE] == ["02:10", "02:30", "02:40", "02:50",
                                                        "03:00", *sorted(on_call + everyone)]
    assert max(at for _, at in calls) == "13:30"   # the last before 14:10: none all day after
    # Each repeat says it is one: nobody has answered since the first page.
    [again] = [m.body for m in outbox(db, to=BERTRAND) if m.kind == "page" and m.channel == "sms"
               and m.created_at.astimezone(PARIS).strftime("%H:%M") == "03:30"]
    assert "Premier appel à 2h10, toujours sans réponse. Répondez PRIS 1" in again


def test_a_pris_after_the_crisis_hour_stops_the_repeated_pages(app, phone, db):
    crisis_paged(app, phone, WEDNESDAY_NIGHT, timedelta(minutes=5), timedelta(hours=2))
    assert [at for to, channel, at in pages(db, to=BERTRAND) if channel == "sms"] == \
        ["02:20", "02:30", "02:40", "02:50", "03:00", "03:30", "04:00"]
    with freeze_time(WEDNESDAY_NIGHT + timedelta(hours=2, minutes=2)):   # 04:12
        assert "vous la prenez en main" in reply_of(phone.text(BERTRAND, "PRIS 1"))
    count = len(pages(db))
    run_clock(app, WEDNESDAY_NIGHT + timedelta(hours=2, minutes=5),
              WEDNESDAY_NIGHT + timedelta(hours=5), step=timedelta(minutes=5))
    assert len(pages(db)) == count


def test_a_crisis_hour_out_with_nobody_on_it_is_said_once_to_whoever_is_on_call(app, phone, db):
    """The pages stop after the hour; the person is still waiting: one SMS says so
    to the coordinator on call (Claire, on the phone that night), at night too:
    quiet hours hold only what is not a crisis. Then nothing more."""
    crisis_paged(app, phone, WEDNESDAY_NIGHT, timedelta(minutes=5), timedelta(hours=3))
    late = [m for m in outbox(db) if m.kind == "alert"]
    assert [m.to_number for m in late] == [CLAIRE]
    assert {m.created_at.astimezone(PARIS).strftime("%H:%M") for m in late} == {"03:10"}
    assert all(m.body.startswith("Ça va patron ? : URGENT demande 1, personne en détresse")
               and "PRIS 1" in m.body and "/requests/1" in m.body for m in late)


def test_a_second_coordinator_answering_pris_is_told_who_has_it(app, phone, db):
    with freeze_time(WEDNESDAY_NIGHT):
        phone.text(PAUL, CRISIS)
        assert "vous la prenez en main" in reply_of(phone.text(CLAIRE, "pris"))
        assert "déjà prise en main par Claire Moreau" in reply_of(phone.text(BERTRAND, "PRIS 1"))


@pytest.fixture
def http():
    return RecordingHttpClient()


@pytest.fixture
def twilio_app(database_url, tmp_path, http):
    roster = tmp_path / "roster.yaml"
    roster.write_text(SAMPLE.read_text().replace('"06 39 98', '"06 12 98'))
    app = make_app(database_url, tmp_path, SMS_BACKEND="twilio",
                   TWILIO_ACCOUNT_SID="AC" + "1" * 32, HOTLINE_NUMBER="+33380000000",
                   TWILIO_HTTP_CLIENT=http, VOLUNTEERS_FILE=str(roster))
    sync_cast(app, roster)
    yield app
    app.extensions["rappel.engine"].dispose()


def test_the_page_rings_through_twilio_and_pressing_1_takes_it_in_hand(twilio_app, http):
    phone = Phone(twilio_app.test_client())
    db = twilio_app.extensions["rappel.sessions"]()
    claire = "+33612980001"
    with freeze_time(WEDNESDAY_NIGHT):
        phone.text(PAUL, CRISIS)
        tick(twilio_app)
    calls = [r for r in http.requests if r["uri"].endswith("/Calls.json")]
    assert len(calls) == 1
    sent = calls[0]["data"]
    assert (sent["To"], sent["From"]) == (claire, "+33380000000")
    twiml = sent["Twiml"]
    assert '<Gather action="https://rappel.example.org/twilio/voice/1"' in twiml
    assert 'numDigits="1"' in twiml and 'language="fr-FR"' in twiml
    assert "demande 1" in twiml and "3114" in twiml and "appuyez sur 1" in twiml
    sms = [r["data"] for r in http.requests if r["uri"].endswith("/Messages.json")
           and r["method"] == "POST" and r["data"]["To"] == claire]
    assert len(sms) == 1 and "URGENT" in sms[0]["Body"]
    # A forged answer is refused; Claire's 1, signed by Twilio, takes the request.
    form = {"CallSid": "CA" + "2" * 32, "AccountSid": "AC" + "1" * 32, "From": "+33380000000",
            "To": claire, "Digits": "1", "CallStatus": "in-progress", "Direction": "outbound-api"}
    assert phone.post("/twilio/voice/1", form, signature="forged").status_code == 403
    with freeze_time(WEDNESDAY_NIGHT + timedelta(minutes=2)):
        answer = phone.post("/twilio/voice/1", form)
    assert answer.status_code == 200 and answer.mimetype == "text/xml"
    assert "La demande 1 est à vous" in answer.text and "<Hangup" in answer.text
    assert request_1(db).taken_by.key == "claire"
    assert db.scalar(select(Event.detail).where(Event.kind == "taken")) == \
        "touche 1 pendant l'appel"
    # The climb stops: nobody else is called at 02:20.
    with freeze_time(WEDNESDAY_NIGHT + timedelta(minutes=20)):
        tick(twilio_app)
    assert len([r for r in http.requests if r["uri"].endswith("/Calls.json")]) == 1
    # No key pressed: nothing taken, and the call says so.
    with freeze_time(WEDNESDAY_NIGHT + timedelta(minutes=3)):
        silent = phone.post("/twilio/voice/1", {**form, "Digits": ""})
    assert "attend toujours" in silent.text


def test_a_crisis_coach_available_at_half_past_eight_gets_the_urgent_offer(app, phone, db):
    monday_evening = datetime(2026, 11, 23, 20, 30, tzinfo=PARIS)
    with freeze_time(monday_evening):
        phone.text(PAUL, CRISIS)
        tick(app)
    # Sylvie (trained, free 18:00-21:00) at once; no untrained coach alongside her.
    offers = list(db.scalars(select(Offer)))
    assert [o.coach.key for o in offers] == ["sylvie"]
    [offer_sms] = outbox(db, to=SYLVIE)
    assert offer_sms.body.startswith("URGENT - détresse, risque suicidaire évoqué - 3114 donné"
                                     " - appeler dans l'heure")
    with freeze_time(monday_evening + timedelta(minutes=4)):
        reply = reply_of(phone.text(SYLVIE, "OK 1"))
    assert "détresse" in reply and "dans l'heure" in reply and "06 12 34 56 78" in reply
    assert request_1(db).status == "accepted" and request_1(db).coach.key == "sylvie"
    # The page went to Claire at once all the same: a human knows.
    assert pages(db, to=CLAIRE) == [(CLAIRE, "sms", "20:30"), (CLAIRE, "call", "20:30")]


def test_a_crisis_in_hand_is_not_offered_urgently_twice_an_hour_all_day(app, phone, db):
    """Taken in hand at night; in the morning the coaches are offered it, but not
    "URGENT, within the hour" every 30 minutes to whoever does not answer."""
    with freeze_time(WEDNESDAY_NIGHT):
        phone.text(PAUL, CRISIS)
        tick(app)
        assert "vous la prenez en main" in reply_of(phone.text(CLAIRE, "PRIS 1"))
    run_clock(app, WEDNESDAY_NIGHT + timedelta(minutes=5), WEDNESDAY_NIGHT + timedelta(hours=12),
              step=timedelta(minutes=5))
    offers = [m for m in outbox(db) if m.kind == "offer"]
    assert offers, "the coaches are still asked to call"
    for coach_number in {m.to_number for m in offers}:
        times = [m.created_at for m in offers if m.to_number == coach_number]
        assert all(b - a >= timedelta(hours=2)
                   for a, b in zip(times, times[1:], strict=False)), times
    assert all("appeler au plus vite" in m.body and "dans l'heure" not in m.body
               for m in offers)
    with freeze_time(WEDNESDAY_NIGHT + timedelta(hours=12, minutes=1)):
        accepted = reply_of(phone.text(offers[-1].to_number, "OK 1"))
    assert "au plus vite" in accepted and "dans l'heure" not in accepted


def test_in_calling_hours_without_a_trained_coach_every_available_coach_is_offered(app, phone,
                                                                                   db):
    wednesday_morning = datetime(2026, 11, 25, 8, 30, tzinfo=PARIS)
    with freeze_time(wednesday_morning):
        phone.text(PAUL, CRISIS)
        tick(app)
    # Gérard (08:00-10:00 on Wednesdays) is the one coach available now.
    assert [o.coach.key for o in db.scalars(select(Offer))] == ["gerard"]
    assert outbox(db, to=GERARD)[0].body.startswith("URGENT")


def test_opted_out_coordinators_are_skipped_and_nobody_reachable_shows_in_red(app, phone, db,
                                                                             client):
    from tests.desk_fixtures import login_as
    db.add(PhoneStatus(number=CLAIRE, opted_out_at=WEDNESDAY_NIGHT, opt_out_keyword="STOP"))
    db.commit()
    with freeze_time(WEDNESDAY_NIGHT):
        phone.text(PAUL, CRISIS)
        tick(app)
    # Claire, on call, sent STOP: the next coordinator in the roster is paged.
    assert {to for to, _, _ in pages(db)} == {BERTRAND}
    for number in (BERTRAND, INES):
        db.add(PhoneStatus(number=number, opted_out_at=WEDNESDAY_NIGHT, opt_out_keyword="STOP"))
    db.commit()
    with freeze_time(WEDNESDAY_NIGHT + timedelta(minutes=1)):
        phone.text("+33698765432", "Luc. J'ai pris des médicaments, je veux mourir")
        tick(app)
    assert [m for m in outbox(db) if m.kind == "page" and m.request_id == 2] == []
    assert db.scalar(select(Event.detail).where(Event.kind == "page_unreachable",
                                                Event.request_id == 2))
    with freeze_time(WEDNESDAY_NIGHT + timedelta(minutes=2)):
        board = login_as(app, client, "claire").get("/").text
    assert "Crise sans personne joignable" in board and "demande 2" in board


def test_a_crisis_in_the_daytime_does_not_wait_behind_ordinary_requests(app, phone, db):
    wednesday = datetime(2026, 11, 25, 9, 0, tzinfo=PARIS)
    with freeze_time(wednesday - timedelta(minutes=5)):
        for i in range(40):
            phone.text(f"+336120000{i:02d}", f"Client {i}, rappel demain 9h-12h, dettes")
    with freeze_time(wednesday):
        phone.text(PAUL, CRISIS)
        tick(app)
    sent = [item for item in transport_for(app).sent]
    crisis = [i for i, item in enumerate(sent) if "URGENT" in item.get("body", "")]
    ordinary = [i for i, item in enumerate(sent) if "Demande" in item.get("body", "")
                and "URGENT" not in item.get("body", "")]
    assert crisis and ordinary and max(crisis) < min(ordinary)  # pages and crisis offers first
    crisis_request = db.scalar(select(Request).where(Request.crisis.is_(True)))
    assert crisis_request.status == "offered"


def test_a_coordinator_marks_a_crisis_and_unmarks_one_flagged_wrongly(app, phone, db, client):
    from tests.desk_fixtures import login_as
    monday = datetime(2026, 11, 23, 10, 0, tzinfo=PARIS)
    with freeze_time(monday):
        phone.text(PAUL, "Paul, rappel demain 14h, dettes")
        desk = login_as(app, client, "claire")
        page = desk.post("/requests/1/crisis", data={"crisis": "1", "reason": ""},
                         follow_redirects=True)
        assert "Indiquez la raison" in page.text
        desk.post("/requests/1/crisis", data={"crisis": "1",
                                              "reason": "au téléphone, parle d'en finir"})
    request = request_1(db)
    assert request.crisis and request.deadline == monday + timedelta(hours=1)
    # On call and at the desk, Claire has it in hand: nobody is paged or called
    # about her own act, and the others are not woken because she did not
    # answer such a page.
    assert request.taken_by.key == "claire"
    with freeze_time(monday + timedelta(minutes=30)):
        tick(app)
    assert pages(db) == []
    marked = db.scalar(select(Event).where(Event.kind == "crisis_marked"))
    assert (marked.actor, marked.detail) == ("Claire Moreau", "au téléphone, parle d'en finir")
    with freeze_time(monday + timedelta(minutes=5)):
        phone.text("+33698765432", "Luc, je me tue au travail mais ça va, rappel jeudi")
        desk.post("/requests/1/take")
        desk.post("/requests/1/crisis", data={"crisis": "0", "reason": "erreur de saisie"})
    request = request_1(db)
    # Back to the person's own promise: the end of Tuesday's 14h slot.
    assert not request.crisis
    assert request.deadline == datetime(2026, 11, 24, 15, 0, tzinfo=PARIS)
    assert request.taken_by.key == "claire"
    assert db.scalar(select(Event.detail).where(Event.kind == "crisis_unmarked")) == \
        "erreur de saisie"


def test_the_page_link_takes_the_request_in_hand_without_logging_in(app, phone, db, client):
    import re
    with freeze_time(WEDNESDAY_NIGHT):
        phone.text(PAUL, CRISIS)
    [sms] = [m for m in outbox(db, to=CLAIRE) if m.channel == "sms"]
    path = re.search(r"https://rappel\.example\.org(/p/\S+)", sms.body).group(1)
    with freeze_time(WEDNESDAY_NIGHT + timedelta(minutes=3)):
        page = client.get(path)
        assert page.status_code == 200 and "Je prends" in page.text
        assert 'href="tel:+33612345678"' in page.text
        done = client.post(path, follow_redirects=True)
    assert "Vous prenez la demande 1 en main" in done.text
    assert request_1(db).taken_by.key == "claire"
    assert client.get(path.replace("/p/1-", "/p/2-")).status_code == 404   # forged
    assert client.get("/p/١-١.x").status_code == 404


def test_a_coordinator_off_call_who_marks_a_crisis_pages_the_one_on_call(app, phone, db, client):
    from tests.desk_fixtures import login_as
    monday = datetime(2026, 11, 23, 10, 0, tzinfo=PARIS)   # Bertrand is on call at weekends
    with freeze_time(monday):
        phone.text(PAUL, "Paul, rappel demain 14h, dettes")
        desk = login_as(app, client, "bertrand")
        page = desk.post("/requests/1/crisis", data={"crisis": "1", "reason": "au téléphone"},
                         follow_redirects=True)
    assert "astreinte appelée" in page.text
    assert request_1(db).taken_by is None
    assert pages(db) == [(CLAIRE, "sms", "10:00"), (CLAIRE, "call", "10:00")]


def test_a_crisis_taken_in_hand_and_not_marked_called_reaches_the_next_shift(app, phone, db):
    """Inès (on call at weekends) answers the page everyone got at 02:30 and takes
    it. Nobody notes a call: not woken for it at night, but at 08:00 Claire, on
    call, is told who had it; PRIS takes it over. The 08:30 summary would only
    say it again: not sent."""
    taken_after_pages(app, phone, WEDNESDAY_NIGHT, INES, clock_from=timedelta(minutes=1),
                      clock_to=timedelta(minutes=21), pris_at=timedelta(minutes=23),
                      step=timedelta(minutes=1))
    morning = datetime(2026, 11, 25, 8, 35, tzinfo=PARIS)
    run_clock(app, WEDNESDAY_NIGHT + timedelta(minutes=25), morning, step=timedelta(minutes=5))
    told = [(m.created_at.astimezone(PARIS).strftime("%H:%M"), m.body)
            for m in outbox(db, to=CLAIRE) if m.kind in ("alert", "summary")]
    assert [at for at, _ in told] == ["08:00"], told
    assert "prise en main par Inès Barbier" in told[0][1] and "pas notée rappelée" in told[0][1]
    # Bertrand, paged in the night and off duty now, hears at 08:00 who has
    # it, not at whatever hour a call gets noted, and not "nothing to do".
    [bertrand] = [(m.created_at.astimezone(PARIS).strftime("%H:%M"), m.body)
                  for m in outbox(db, to=BERTRAND) if m.kind == "alert"]
    assert bertrand[0] == "08:00"
    assert "prise en main par Inès Barbier ; pas encore notée rappelée, la personne de " \
           "permanence suit" in bertrand[1] and "PRIS" not in bertrand[1]
    # Inès, who has it, is told at once when the crisis hour runs out (03:10).
    [(at, body)] = [(m.created_at.astimezone(PARIS).strftime("%H:%M"), m.body)
                    for m in outbox(db, to=INES) if m.kind in ("alert", "summary")]
    assert at == "03:10" and "prise par vous : heure passée" in body
    with freeze_time(morning + timedelta(minutes=5)):
        assert "vous la prenez en main" in reply_of(phone.text(CLAIRE, "PRIS 1"))
    assert request_1(db).taken_by.key == "claire"
    taken = db.scalars(select(Event).where(Event.kind == "taken").order_by(Event.id)).all()
    assert "à la place de Inès Barbier" in taken[-1].detail


def test_a_request_taken_by_someone_off_duty_is_alerted_to_whoever_is_on_call(app, phone, db):
    """Claire takes request 1 on Wednesday; by Friday evening Bertrand is on call:
    the "late" alert goes to him, not to Claire off duty, and he can take it."""
    claire_takes_an_ordinary_request_on_wednesday(app, phone)
    friday_evening = datetime(2026, 11, 27, 18, 5, tzinfo=PARIS)
    with freeze_time(friday_evening):
        tick(app)
    with freeze_time(friday_evening + timedelta(minutes=10)):
        tick(app)
    late = [m for m in outbox(db) if m.kind == "alert" and "EN RETARD" in m.body]
    assert [m.to_number for m in late] == [BERTRAND], [(m.to_number, m.body) for m in late]
    with freeze_time(friday_evening + timedelta(minutes=15)):
        assert "vous la prenez en main" in reply_of(phone.text(BERTRAND, "PRIS 1"))
    assert request_1(db).taken_by.key == "bertrand"


def test_the_coordinator_who_took_a_crisis_is_reminded_it_is_not_noted_called_in_the_morning(
        app, phone, db):
    """Claire, on call, took it at 02:12; at 03:10 the crisis hour is out and
    nobody noted a call: she is told at once, as the one who has it ("par
    vous", whom to call, no "PRIS" to send), not left until the morning."""
    claire_takes_it_at_night(app, phone, until=datetime(2026, 11, 25, 8, 0, tzinfo=PARIS))
    [(at, told)] = [(m.created_at.astimezone(PARIS).strftime("%H:%M"), m.body)
                    for m in outbox(db, to=CLAIRE) if m.kind == "alert"]
    assert at == "03:10"
    assert "demande 1 (détresse), prise par vous : heure passée" in told
    assert "Appelez Paul au 06 12 34 56 78, puis FAIT 1" in told and "PRIS" not in told


# --- the person writes again while the crisis is active ------------------------
# Any SMS from a person in a crisis not yet noted called (FAIT), closed or
# cancelled is news a human sees at once: the coordinator who took it in hand,
# else the pages again. Never "noted", never "dès 8h", always 3114.
DANGER = "Toujours personne. J'ai les médicaments devant moi, je veux mourir"


def told(db, since, numbers=(CLAIRE, BERTRAND, INES)):
    """(to, kind, channel, HH:MM, body) of what the coordinators were sent since `since`."""
    return [(m.to_number, m.kind, m.channel, m.created_at.astimezone(PARIS).strftime("%H:%M"),
             m.body) for m in outbox(db) if m.to_number in numbers and m.created_at >= since]


def test_a_person_in_crisis_who_writes_again_after_the_pages_is_paged_again(app, phone, db):
    """Nobody answered the pages of 02:10-04:00. At 04:05 Paul writes that the
    pills are in front of him: Claire, on call, is paged at once (the next
    repeat, due at 04:20, brought forward), saying he wrote again; the
    repeats go on from there, and his "allo ??" minutes before the next page
    adds none of its own."""
    crisis_paged(app, phone, WEDNESDAY_NIGHT, timedelta(minutes=5), timedelta(hours=1,
                                                                                       minutes=50))
    at = datetime(2026, 11, 25, 4, 5, tzinfo=PARIS)
    with freeze_time(at):
        reply = reply_of(phone.text(PAUL, DANGER))
        tick(app)
    assert "3114" in reply and "la coordination est prévenue" in reply
    assert [(to, channel, hhmm) for to, kind, channel, hhmm, _ in told(db, at)] == [
        (CLAIRE, "sms", "04:05"), (CLAIRE, "call", "04:05")]
    [sms] = [body for to, kind, channel, hhmm, body in told(db, at) if channel == "sms"]
    assert sms.startswith("URGENT Ça va patron ? : demande 1, la personne en détresse")
    assert "a écrit à nouveau" in sms and "PRIS 1" in sms and "médicaments" not in sms
    run_clock(app, at + timedelta(minutes=5), at + timedelta(minutes=5), step=timedelta(minutes=5))
    with freeze_time(at + timedelta(minutes=8)):
        again = reply_of(phone.text(PAUL, "allo ??"))
        tick(app)
    assert "3114" in again and "la coordination est prévenue" in again
    paged = [(to, hhmm) for to, kind, channel, hhmm, _ in told(db, at) if channel == "call"]
    assert paged == [(CLAIRE, "04:05")]
    run_clock(app, at + timedelta(minutes=10), at + timedelta(minutes=15),
              step=timedelta(minutes=5))
    paged = [(to, hhmm) for to, kind, channel, hhmm, _ in told(db, at) if channel == "call"]
    assert paged == [(CLAIRE, "04:05"), (CLAIRE, "04:15"), (BERTRAND, "04:15"),
                     (INES, "04:15")]
    # Hours on, after the repeats: a new ladder, from the one on call.
    late = datetime(2026, 11, 25, 15, 0, tzinfo=PARIS)
    run_clock(app, at + timedelta(minutes=20), late - timedelta(minutes=10),
              step=timedelta(minutes=10))
    with freeze_time(late):
        phone.text(PAUL, DANGER)
        tick(app)
    assert [(to, channel) for to, kind, channel, _, _ in told(db, late)] == [
        (CLAIRE, "sms"), (CLAIRE, "call")]
    # The report counts the request once per level, whichever ladder reached it.
    from dispatch.report import _escalations
    assert not [kind for kind in _escalations(db, [1]) if "." in kind]


def test_the_coordinator_who_took_a_crisis_hears_at_once_at_night_when_the_person_writes(
        app, phone, db):
    """Claire took it at 02:12. At 05:30 Paul writes "allo ??": not "we call you
    back from 8am" and an alert held till then for whoever is on call, but an
    SMS to Claire at once, and the others are not woken."""
    claire_takes_it_at_night(app, phone, until=datetime(2026, 11, 25, 5, 25, tzinfo=PARIS))
    half_past_five = datetime(2026, 11, 25, 5, 30, tzinfo=PARIS)
    with freeze_time(half_past_five):
        reply = reply_of(phone.text(PAUL, "allo ??"))
    with freeze_time(half_past_five + timedelta(minutes=1)):
        tick(app)
    assert "3114" in reply and "8h" not in reply
    assert "la personne qui suit votre demande est prévenue" in reply
    assert told(db, half_past_five) == [
        (CLAIRE, "alert", "sms", "05:31",
         "Ça va patron ? : URGENT demande 1 (détresse), prise en main par vous : la personne "
         "a réécrit (allo ??). INFO 1 : ses coordonnées. https://rappel.example.org/requests/1")]


@pytest.mark.parametrize("words", [DANGER, "Vous êtes là ? J'attends"])
def test_a_person_writing_again_on_a_crisis_in_hand_is_not_told_it_is_noted(app, phone, db,
                                                                             words):
    """Tuesday afternoon, Claire took it at 14:02; at 14:40 Paul writes again:
    3114 and who knows, and Claire is told within the minute, not "Merci, c'est
    noté"."""
    tuesday = datetime(2026, 11, 24, 14, 0, tzinfo=PARIS)
    crisis_answered(app, phone, tuesday, CLAIRE, "PRIS 1", timedelta(minutes=2))
    with freeze_time(tuesday + timedelta(minutes=40)):
        reply = reply_of(phone.text(PAUL, words))
        tick(app)
    assert "noté" not in reply and "3114" in reply
    assert "la personne qui suit votre demande est prévenue" in reply
    [alert] = told(db, tuesday + timedelta(minutes=40))
    assert alert[:4] == (CLAIRE, "alert", "sms", "14:40")
    assert "URGENT demande 1 (détresse)" in alert[4] and "a réécrit" in alert[4]


def test_a_crisis_taken_by_someone_off_call_reaches_them_and_whoever_is_on_call(app, phone,
                                                                                db):
    """Bertrand, off duty, answered the page at 02:22; Claire is on call. Paul
    writes at 02:40: Bertrand hears it as the one who has it; Claire, who
    could do nothing while he keeps it (lifecycle.HOLD: a PRIS would be
    refused), is not woken. Past the hold, she hears it too, and may take it."""
    taken_after_pages(app, phone, WEDNESDAY_NIGHT, BERTRAND, clock_from=timedelta(minutes=5),
                      clock_to=timedelta(minutes=10), pris_at=timedelta(minutes=12))
    at = WEDNESDAY_NIGHT + timedelta(minutes=30)
    with freeze_time(at):
        phone.text(PAUL, "allo ??")
        tick(app)
    [(to, kind, _, _, body)] = told(db, at)
    assert (to, kind) == (BERTRAND, "alert")
    assert "prise en main par vous" in body and "PRIS" not in body
    later = WEDNESDAY_NIGHT + timedelta(hours=3, minutes=30)
    with freeze_time(later):
        phone.text(PAUL, "allo ?? toujours là ?")
        tick(app)
    alerts = {to: body for to, kind, channel, _, body in told(db, later) if kind == "alert"}
    assert set(alerts) == {BERTRAND, CLAIRE}
    assert "prise en main par Bertrand Lagrange" in alerts[CLAIRE] and "PRIS 1" in alerts[CLAIRE]


def test_words_of_danger_during_the_hold_reach_whoever_is_on_call_too(app, phone, db):
    """The 3-hour hold spares the one on call a "merci": not words of danger."""
    taken_after_pages(app, phone, WEDNESDAY_NIGHT, BERTRAND, clock_from=timedelta(minutes=5),
                      clock_to=timedelta(minutes=10), pris_at=timedelta(minutes=12))
    at = WEDNESDAY_NIGHT + timedelta(minutes=30)
    with freeze_time(at):
        phone.text(PAUL, "je vais me tuer ce soir")
        tick(app)
    alerts = {to for to, kind, _, _, _ in told(db, at) if kind == "alert"}
    assert alerts == {BERTRAND, CLAIRE}


def test_an_ordinary_request_in_hand_still_waits_for_the_morning(app, phone, db):
    """No crisis: a chase at night is no reason to wake the coordinator."""
    from sqlalchemy import update
    with freeze_time(WEDNESDAY_NIGHT - timedelta(hours=6)):
        phone.text(PAUL, "Paul, dettes, rappel quand vous pouvez")
        phone.text(CLAIRE, "PRIS 1")
    db.execute(update(Request).values(deadline=WEDNESDAY_NIGHT + timedelta(hours=1)))
    db.commit()
    with freeze_time(WEDNESDAY_NIGHT):
        reply = reply_of(phone.text(PAUL, "vous êtes là ? toujours rien"))
    run_clock(app, WEDNESDAY_NIGHT, datetime(2026, 11, 25, 7, 55, tzinfo=PARIS),
              step=timedelta(minutes=5))
    assert "dès 8h" in reply
    assert [m for m in outbox(db) if m.kind in ("alert", "page")] == []


def test_once_the_call_is_noted_the_persons_thanks_wake_nobody(app, phone, db):
    """The crisis ends when the call is noted (FAIT, or on the desk): a thank-you
    after it is kept with the request, as after any call."""
    from dispatch.lifecycle import mark_contacted
    with freeze_time(WEDNESDAY_NIGHT):
        phone.text(PAUL, CRISIS)
        tick(app)
        phone.text(CLAIRE, "PRIS 1")
    with app.extensions["rappel.sessions"]() as other:
        mark_contacted(other, other.get(Request, 1), WEDNESDAY_NIGHT + timedelta(minutes=40),
                       "Claire Moreau")
        other.commit()
    at = WEDNESDAY_NIGHT + timedelta(hours=1)
    with freeze_time(at):
        assert reply_of(phone.text(PAUL, "Merci beaucoup pour l'appel")) == ""
        tick(app)
    assert told(db, at) == []


@postgres_only
def test_two_sms_at_once_after_the_pages_start_one_new_ladder(app, phone, db, database_url,
                                                              tmp_path):
    """Paul's two SMS arrive together on two web workers at 04:05, past the
    first hour's pages, the next repeat due at 04:20: Claire is paged once
    (the repeat brought forward, one Escalation row under its unique key), not
    twice."""
    import threading
    crisis_paged(app, phone, WEDNESDAY_NIGHT, timedelta(minutes=5),
                 timedelta(hours=1, minutes=50))
    other = make_app(database_url, tmp_path / "other", VOLUNTEERS_FILE=str(SAMPLE))
    barrier = threading.Barrier(2)

    def text(client, words, sid):
        barrier.wait()
        Phone(client).text(PAUL, words, sid=sid)

    at = datetime(2026, 11, 25, 4, 5, tzinfo=PARIS)
    with freeze_time(at):
        threads = [threading.Thread(target=text, args=(a.test_client(), words, sid)) for a, words,
                   sid in ((app, DANGER, "SM" + "a" * 32), (other, "allo ??", "SM" + "b" * 32))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        tick(app)
    other.extensions["rappel.engine"].dispose()
    assert [(to, channel) for to, kind, channel, _, _ in told(db, at)] == [
        (CLAIRE, "sms"), (CLAIRE, "call")]


SUNDAY_NIGHT = datetime(2026, 12, 6, 3, 0, tzinfo=PARIS)   # Inès on call


def test_a_crisis_taken_at_night_stays_with_who_took_it_and_the_others_are_told_who(
        app, phone, db):
    """Everyone is paged at 03:20. Bertrand, off duty, answers PRIS 1 at 03:24:
    it is his. Claire at 03:25, and Inès, on call, at 03:26 are told he has it
    and how to reach him (Inès by a bare "pris"), not that they take it: two of
    them must not phone Paul each believing the others stood down."""
    taken_after_pages(app, phone, SUNDAY_NIGHT, BERTRAND, clock_from=timedelta(minutes=1),
                      clock_to=timedelta(minutes=21), pris_at=timedelta(minutes=24))
    for minutes, number, words in ((25, CLAIRE, "PRIS 1"), (26, INES, "pris")):
        with freeze_time(SUNDAY_NIGHT + timedelta(minutes=minutes)):
            said = reply_of(phone.text(number, words))
        assert said == ("Demande 1 : déjà prise en main par Bertrand Lagrange à 3h24 (tél. "
                        "06 39 98 00 02). INFO 1 pour ses détails."), said
    assert request_1(db).taken_by.key == "bertrand"
    assert [e.actor for e in db.scalars(select(Event).where(Event.kind == "taken"))] == \
        ["Bertrand Lagrange"]
    # In the morning, Inès (on call) reads that Bertrand has it; Claire, told so
    # by her own PRIS at 03:25, is not told it again.
    run_clock(app, SUNDAY_NIGHT + timedelta(minutes=30), SUNDAY_NIGHT + timedelta(hours=5),
              step=timedelta(minutes=10))
    alerts = [(m.to_number, m.body) for m in outbox(db) if m.kind == "alert"]
    # At 04:00, the crisis hour out with no call noted, Bertrand is told at once.
    held = [body for to, body in alerts if to == BERTRAND]
    assert len(held) == 1 and "prise par vous : heure passée" in held[0]
    morning = [(to, body) for to, body in alerts if to != BERTRAND]
    assert {to for to, _ in morning} == {INES}
    assert all("prise en main par Bertrand Lagrange" in body for _, body in morning), morning


def test_a_crisis_held_off_duty_is_taken_over_after_three_hours_and_its_holder_told_at_once(
        app, phone, db):
    """Inès, off duty, answered the 02:30 page at 02:33. Claire, on call, is
    told at 04:00 that Inès has it; at 05:40, nothing noted, she takes it over,
    and Inès hears it at once, at night: she may be about to call Paul."""
    taken_after_pages(app, phone, WEDNESDAY_NIGHT, INES, clock_from=timedelta(minutes=1),
                      clock_to=timedelta(minutes=21), pris_at=timedelta(minutes=23),
                      step=timedelta(minutes=1))
    with freeze_time(datetime(2026, 11, 25, 4, 0, tzinfo=PARIS)):
        assert "déjà prise en main par Inès Barbier à 2h33" in reply_of(phone.text(CLAIRE,
                                                                                  "PRIS 1"))
    assert request_1(db).taken_by.key == "ines"
    later = datetime(2026, 11, 25, 5, 40, tzinfo=PARIS)
    with freeze_time(later):
        said = reply_of(phone.text(CLAIRE, "PRIS 1"))
        tick(app)
    assert said == ("Demande 1 : vous la prenez en main. Inès Barbier l'avait prise à 2h33 ; "
                    "un SMS le lui dira.")
    assert request_1(db).taken_by.key == "claire"
    [told] = [m for m in outbox(db, to=INES) if m.kind == "alert"]
    assert told.created_at == later and told.status == "sent"
    assert told.body == ("Ça va patron ? : demande 1 : reprise en main par Claire Moreau à votre "
                         "place. Si vous aviez déjà appelé la personne, dites-le-lui. "
                         "https://rappel.example.org/requests/1")


def test_a_request_taken_over_at_night_is_said_to_who_had_it_in_the_morning(app, phone, db):
    """Claire took Paul's request on Wednesday; Friday at 22:30 Bertrand, on
    call, takes it over. Not a crisis: Claire reads it at 08:00, not at night."""
    claire_takes_an_ordinary_request_on_wednesday(app, phone)
    friday_night = datetime(2026, 11, 27, 22, 30, tzinfo=PARIS)
    with freeze_time(friday_night):
        said = reply_of(phone.text(BERTRAND, "PRIS 1"))
    assert said == ("Demande 1 : vous la prenez en main. Claire Moreau l'avait prise "
                    "mer. 25/11 à 10h ; un SMS le lui dira.")
    run_clock(app, friday_night, datetime(2026, 11, 28, 8, 0, tzinfo=PARIS),
              step=timedelta(minutes=15))
    told = [(m.created_at.astimezone(PARIS).strftime("%a %H:%M"), m.body)
            for m in outbox(db, to=CLAIRE) if m.kind == "alert" and m.created_at >= friday_night]
    assert told == [("Sat 08:00", "Ça va patron ? : demande 1 : reprise en main par Bertrand "
                                  "Lagrange à votre place. Si vous aviez déjà appelé la personne, "
                                  "dites-le-lui. https://rappel.example.org/requests/1")], told


def test_a_takeover_is_not_said_to_the_one_taking_over_when_the_holder_sent_stop(app, phone,
                                                                                  db):
    wednesday = datetime(2026, 11, 25, 10, 0, tzinfo=PARIS)
    with freeze_time(wednesday):
        phone.text(PAUL, "Paul, dettes, rappelez-moi vendredi après-midi")
        phone.text(CLAIRE, "PRIS 1")
    db.add(PhoneStatus(number=CLAIRE, opted_out_at=wednesday, opt_out_keyword="STOP"))
    db.commit()
    friday = datetime(2026, 11, 27, 9, 0, tzinfo=PARIS)
    with freeze_time(friday):
        assert "Claire Moreau l'avait prise" in reply_of(phone.text(BERTRAND, "PRIS 1"))
    run_clock(app, friday, friday + timedelta(minutes=10), step=timedelta(minutes=5))
    assert not [m for m in outbox(db) if "à votre place" in m.body]
    # Not merged, unseen, into Bertrand's alerts either: dropped as unreachable.
    assert db.scalar(select(Alert.outcome).where(Alert.kind == "alert_taken_over")) == \
        "unreachable"


def test_those_paged_in_the_night_are_told_at_eight_that_nobody_took_it(app, phone, db):
    """Nobody answered any page from 03:00: at 08:00 each coordinator paged in
    the night is told it is still waiting, as a crisis, not left to find a
    number in the summary."""
    crisis_paged(app, phone, SUNDAY_NIGHT, timedelta(minutes=5), timedelta(hours=5))
    told = {m.to_number: (m.created_at.astimezone(PARIS).strftime("%H:%M"), m.body)
            for m in outbox(db) if m.kind == "alert"
            and m.created_at >= SUNDAY_NIGHT + timedelta(hours=2)}
    assert told == {number: ("08:00", "Ça va patron ? : URGENT demande 1, personne en détresse, "
                                      "en attente depuis dim. 6/12 3h : aucun appel de la nuit "
                                      "n'a eu de réponse. PRIS 1 pour la prendre en main. "
                                      "https://rappel.example.org/requests/1")
                    for number in (CLAIRE, BERTRAND, INES)}, told


@pytest.mark.parametrize("start", [datetime(2026, 12, 5, 7, 30, tzinfo=PARIS),
                                   datetime(2026, 12, 3, 7, 55, tzinfo=PARIS)])
def test_no_word_of_the_night_to_someone_paged_minutes_before_eight_or_at_eight(
        app, phone, db, start):
    """A crisis at 07:30 on Saturday: at 08:00 everyone is paged (SMS and call);
    "aucun appel de la nuit n'a eu de réponse" in the same minute was a third
    message saying the same. At 07:55 on Thursday: Claire's only page was 5
    minutes before it. Their pages say it all."""
    crisis_paged(app, phone, start, timedelta(minutes=1), timedelta(minutes=40),
                 step=timedelta(minutes=1))
    assert [m.body for m in outbox(db) if m.kind == "alert"] == []
    assert set(db.scalars(select(Alert.outcome).where(
        Alert.kind == "alert_crisis_unanswered"))) == {"paged"}


def test_a_crisis_taken_later_in_the_night_is_not_said_unanswered_in_the_morning(app, phone, db):
    crisis_paged(app, phone, SUNDAY_NIGHT, timedelta(minutes=5), timedelta(hours=2))
    with freeze_time(SUNDAY_NIGHT + timedelta(hours=2, minutes=3)):
        assert "vous la prenez en main" in reply_of(phone.text(INES, "PRIS 1"))
    run_clock(app, SUNDAY_NIGHT + timedelta(hours=2, minutes=5), SUNDAY_NIGHT + timedelta(hours=5),
              step=timedelta(minutes=5))
    morning = [(m.to_number, m.body) for m in outbox(db) if m.kind == "alert"
               and m.created_at >= SUNDAY_NIGHT + timedelta(hours=4)]
    assert {to for to, _ in morning} == {CLAIRE, BERTRAND}
    assert all("prise en main par Inès Barbier" in body and "aucun appel" not in body
               for _, body in morning), morning
    # Each paged in the night had one waiting, dropped when Inès took it.
    assert sorted(db.scalars(select(Alert.outcome).where(
        Alert.kind == "alert_crisis_unanswered"))) == ["resolved"] * 3


@pytest.fixture
def daytime(database_url, tmp_path):
    """The tests' small cast: Claire on call on weekdays, Bertrand at weekends
    09:00-18:00, nobody at night."""
    daytime = make_app(database_url, tmp_path)
    sync_cast(daytime)
    yield daytime
    daytime.extensions["rappel.engine"].dispose()


def test_with_nobody_on_call_at_night_a_crisis_is_said_to_all_in_the_morning_and_by_name(
        daytime):
    """A crisis at 03:00 on Sunday: the pages go to everyone, the 08:00 alert
    too; Monday's summary names it as a crisis, not "demandes en retard : 1",
    which reads as a count."""
    phone = Phone(daytime.test_client())
    with freeze_time(SUNDAY_NIGHT):
        phone.text(PAUL, CRISIS)
    run_clock(daytime, SUNDAY_NIGHT, SUNDAY_NIGHT + timedelta(hours=12, minutes=10),
              step=timedelta(minutes=10))
    run_clock(daytime, SUNDAY_NIGHT + timedelta(hours=13),
              datetime(2026, 12, 7, 8, 0, tzinfo=PARIS), step=timedelta(hours=1))
    run_clock(daytime, datetime(2026, 12, 7, 8, 30, tzinfo=PARIS),
              datetime(2026, 12, 7, 8, 40, tzinfo=PARIS), step=timedelta(minutes=10))
    with daytime.extensions["rappel.sessions"]() as db:
        sent = [(m.to_number, m.created_at.astimezone(PARIS).strftime("%a %H:%M"), m.kind, m.body)
                for m in outbox(db) if m.kind in ("alert", "summary")]
    sunday = [(to, at) for to, at, kind, body in sent if "aucun appel de la nuit" in body]
    assert sunday == [(CLAIRE, "Sun 08:00"), (BERTRAND, "Sun 08:00")], sent
    summaries = [(to, at, body) for to, at, kind, body in sent if kind == "summary"]
    assert summaries == [(CLAIRE, "Mon 08:30", "Ça va patron ?, 7/12, en retard : demande 1 "
                                               "(détresse). https://rappel.example.org/")], sent


JEAN_PIERRE = "+33639981004"


def test_a_crisis_a_coach_holds_pages_nobody_again_when_the_person_writes(app, phone, db):
    """Wednesday 14:00, Jean-Pierre (trained, in his window) accepts Paul's
    crisis at once. At 15:10 Paul writes "merci, j'attends son appel": it goes
    to Jean-Pierre, the person is told the one following it knows, and the
    coordination is not paged again (14 calls, before)."""
    start = datetime(2026, 11, 25, 14, 0, tzinfo=PARIS)
    crisis_answered(app, phone, start, JEAN_PIERRE, "OK 1", timedelta(minutes=3))
    run_clock(app, start + timedelta(minutes=5), start + timedelta(hours=1, minutes=5),
              step=timedelta(minutes=5))
    at = start + timedelta(hours=1, minutes=10)
    with freeze_time(at):
        reply = reply_of(phone.text(PAUL, "merci, j'attends son appel"))
        tick(app)
    run_clock(app, at + timedelta(minutes=5), at + timedelta(hours=1), step=timedelta(minutes=5))
    assert "la personne qui suit votre demande est prévenue" in reply and "3114" in reply
    assert [m for m in outbox(db) if m.kind == "page" and m.created_at >= at] == []
    [forward] = [m.body for m in outbox(db, to=JEAN_PIERRE) if m.kind == "forward"]
    assert "j'attends son appel" in forward


def test_an_ordinary_request_taken_in_hand_passes_with_the_shift(app, phone, db):
    """The 3-hour hold is a crisis's: Claire takes an ordinary request at 07:30
    on Thursday, her last half hour on call; Bertrand, on call from 08:00,
    takes it at 08:30 and Claire is told."""
    thursday = datetime(2026, 11, 26, 7, 0, tzinfo=PARIS)
    with freeze_time(thursday):
        phone.text(PAUL, "Bonjour, Paul, dettes, rappelez-moi demain matin")
    with freeze_time(thursday + timedelta(minutes=30)):
        assert "vous la prenez en main" in reply_of(phone.text(CLAIRE, "PRIS 1"))
    with freeze_time(thursday + timedelta(minutes=90)):
        reply = reply_of(phone.text(BERTRAND, "PRIS 1"))
    assert reply.startswith("Demande 1 : vous la prenez en main. Claire Moreau l'avait prise")
    request = db.get(Request, 1)
    db.refresh(request)
    assert request.taken_by.name == "Bertrand Lagrange"


# --- pages piled up by a carrier outage ----------------------------------------
OUTAGE = (500, {"code": 20500, "message": "Internal Server Error", "status": 500})


class CallsListed(RecordingHttpClient):
    """Twilio as the fake plays it, and its list of calls (asked after a call
    whose outcome was unknown): none of those refused with a 500 is in it."""

    def request(self, method, uri, params=None, data=None, headers=None, auth=None,
                timeout=None, allow_redirects=False):
        if method == "GET" and uri.split("?")[0].endswith("/Calls.json"):
            import json

            from twilio.http.response import Response
            return Response(200, json.dumps({"calls": [], "next_page_uri": None, "page": 0,
                                             "page_size": 50}))
        return super().request(method, uri, params, data, headers, auth, timeout,
                               allow_redirects)


def through_an_outage(app, http, until, words=None):
    """Paul's crisis at 02:10 while Twilio answers 500 to everything until
    `until` (the pages climbing meanwhile, the clock every minute);
    `words`: (minutes after 02:10, number, SMS) a coordinator sends. The
    clock stops at 02:39, before the next page (02:40)."""
    phone = Phone(app.test_client())
    http.script = [OUTAGE for _ in range(5000)]
    with freeze_time(WEDNESDAY_NIGHT):
        phone.text(PAUL, CRISIS)
        tick(app)
    at = WEDNESDAY_NIGHT + timedelta(minutes=1)
    with freeze_time(at) as clock:   # one frozen clock moved along (conftest.run_clock)
        while at <= WEDNESDAY_NIGHT + timedelta(minutes=29):
            clock.move_to(at)
            if at >= until:
                http.script = []
            if words is not None and at == WEDNESDAY_NIGHT + timedelta(minutes=words[0]):
                assert "vous la prenez en main" in reply_of(phone.text(words[1], words[2]))
            tick(app)
            at += timedelta(minutes=1)
    # What the carrier took for each phone: (number, "sms" or "call").
    with app.extensions["rappel.sessions"]() as db:
        return sorted((m.to_number, m.channel) for m in db.scalars(select(Message).where(
            Message.kind == "page", Message.sid.is_not(None))))


@pytest.mark.parametrize("http", [CallsListed()], ids=["twilio"])
def test_pages_piled_up_by_a_carrier_outage_reach_each_coordinator_once(twilio_app, http):
    """Twilio answers 500 from 02:10 to 02:32: Claire's page of 02:10, Bertrand's
    of 02:20 and everyone's of 02:30 wait in the outbox. When it answers
    again, each coordinator gets the latest page once, one SMS and one call,
    not three "URGENT" SMS and three calls in the same minute."""
    reached = through_an_outage(twilio_app, http, until=WEDNESDAY_NIGHT + timedelta(minutes=22))
    claire, bertrand, ines = "+33612980001", "+33612980002", "+33612980003"
    assert reached == sorted([(claire, "sms"), (claire, "call"), (bertrand, "sms"),
                              (bertrand, "call"), (ines, "sms"), (ines, "call")]), reached


@pytest.mark.parametrize("http", [CallsListed()], ids=["twilio"])
def test_pages_still_unsent_when_someone_takes_the_crisis_are_withdrawn(twilio_app, http):
    """Twilio answers 500 until 02:32. Bertrand, woken by his own phone, texts
    PRIS 1 at 02:31 (his reply comes back in the webhook's answer): nobody
    is called at 02:32 for a crisis he already holds."""
    bertrand = "+33612980002"
    reached = through_an_outage(twilio_app, http, until=WEDNESDAY_NIGHT + timedelta(minutes=22),
                                words=(21, bertrand, "PRIS 1"))
    assert reached == [], reached


# --- a crisis taken in hand whose hour runs out with no call noted -------------
SATURDAY_NIGHT = datetime(2026, 11, 28, 3, 10, tzinfo=PARIS)   # Bertrand on call until 08:00


def test_who_took_a_crisis_is_told_at_once_at_night_when_its_hour_runs_out_with_no_call(
        app, phone, db):
    """Bertrand, on call, answers PRIS 1 at 03:14, half asleep, and notes no
    call. At 04:10, the crisis hour out, he is sent an SMS at once (not at
    08:00, not never) that says whom to call; nobody else is woken for it."""
    crisis_answered(app, phone, SATURDAY_NIGHT, BERTRAND, "PRIS 1", timedelta(minutes=4))
    run_clock(app, SATURDAY_NIGHT + timedelta(minutes=5), SATURDAY_NIGHT + timedelta(minutes=65),
              step=timedelta(minutes=5))
    night = SATURDAY_NIGHT + timedelta(minutes=5)
    assert [(to, kind, at) for to, kind, _, at, _ in told(db, night)] == [
        (BERTRAND, "alert", "04:10")]
    [(_, _, _, _, body)] = told(db, night)
    assert "URGENT demande 1 (détresse), prise par vous : heure passée (sam. 28/11 4h10), " \
           "aucun appel noté. Appelez Paul au 06 12 34 56 78, puis FAIT 1." in body, body
    assert "PRIS" not in body


def test_a_crisis_held_and_accepted_by_a_coach_sends_its_holder_to_the_coach_not_the_person(
        app, phone, db):
    """Wednesday 19:00: Sylvie, trained and in her evening window, says OK 1
    and Claire, on call, PRIS 1; neither notes a call. At 20:00 Claire is told
    Sylvie has it, with Sylvie's number, and to check with her before calling:
    told to call Paul herself, she might ring someone already on the phone
    with a volunteer."""
    evening = datetime(2026, 11, 25, 19, 0, tzinfo=PARIS)
    crisis_answered(app, phone, evening, CLAIRE, "PRIS 1", timedelta(minutes=4))
    with freeze_time(evening + timedelta(minutes=5)):
        phone.text(SYLVIE, "OK 1")
    assert request_1(db).status == "accepted"
    run_clock(app, evening + timedelta(minutes=5), evening + timedelta(minutes=65),
              step=timedelta(minutes=5))
    [(_, _, _, at, body)] = [t for t in told(db, evening + timedelta(minutes=5))
                             if "heure passée" in t[4]]
    assert at == "20:00"
    assert "URGENT demande 1 (détresse), prise par vous : heure passée (mer. 25/11 20h), " \
           "Sylvie" in body, body
    assert "acceptée sans noter d'appel" in body and "Voyez avec ce coach au 06 39 98 10 03" in body
    assert "Appelez Paul" not in body and "06 12 34 56 78" not in body


def test_a_coordinator_told_at_their_pris_who_has_the_crisis_is_not_told_again_in_the_morning(
        app, phone, db):
    """02:10 Paul's crisis pages Claire, then Bertrand at 02:20. Claire answers
    PRIS at 02:25; Bertrand's PRIS at 02:27 is answered that Claire has it.
    Bertrand is not sent "prise en main par Claire" again at 08:00 (as "rien à
    faire", or "la personne de permanence suit" once the hour is out): his own
    reply said it at 02:27, and he went back to sleep on it."""
    with freeze_time(WEDNESDAY_NIGHT):
        phone.text(PAUL, CRISIS)
    run_clock(app, WEDNESDAY_NIGHT, WEDNESDAY_NIGHT + timedelta(minutes=24))
    assert BERTRAND in [to for to, _, _ in pages(db)]
    with freeze_time(WEDNESDAY_NIGHT + timedelta(minutes=25)):
        assert "vous la prenez en main" in reply_of(phone.text(CLAIRE, "PRIS 1"))
    with freeze_time(WEDNESDAY_NIGHT + timedelta(minutes=27)):
        assert "déjà prise en main par Claire Moreau" in reply_of(phone.text(BERTRAND, "PRIS 1"))
    run_clock(app, WEDNESDAY_NIGHT + timedelta(minutes=28), WEDNESDAY_NIGHT + timedelta(hours=7),
              step=timedelta(minutes=10))
    said = [body for to, kind, _, _, body in told(db, WEDNESDAY_NIGHT + timedelta(minutes=28))
            if to == BERTRAND]
    assert not any("rien à" in body or "la personne de permanence suit" in body
                   for body in said), said
