"""What real people do that the happy path does not: cancelling in words,
opting out as staff, flooding, odd numbers, night-time steps."""
from __future__ import annotations

from datetime import datetime, timedelta

from freezegun import freeze_time
from sqlalchemy import func, select

from dispatch.models import Message, Offer, PhoneStatus, Request
from scheduling import tick
from tests.conftest import (
    BERTRAND,
    CLAIRE,
    MICHEL,
    NOW,
    PARIS,
    PAUL,
    outbox,
    reply_of,
    run_clock,
)


def request_1(db) -> Request:
    db.expire_all()
    return db.get(Request, 1)


def test_annuler_with_the_number_or_in_words_cancels(phone, db):
    with freeze_time(NOW):
        phone.text(PAUL, "Paul, rappel demain 14h-16h")
        assert "annulée" in reply_of(phone.text(PAUL, "Annuler 1"))
        assert request_1(db).status == "cancelled"
        phone.text("+33698765432", "Luc, rappel demain 15h")
        assert "annulée" in reply_of(phone.text("+33698765432", "Je veux annuler ma demande svp"))
        phone.text("+447700900123", "John, call me tomorrow 3pm")
        assert "cancelled" in reply_of(phone.text("+447700900123", "Cancel my request please"))
    db.expire_all()
    assert db.get(Request, 2).status == "cancelled"
    assert db.get(Request, 3).status == "cancelled"


def test_info_from_an_entrepreneur_is_left_to_twilio(phone, db):
    with freeze_time(NOW):
        assert reply_of(phone.text(PAUL, "INFO")) == ""
    assert db.scalar(select(func.count()).select_from(Request)) == 0


def test_a_flooding_sender_is_not_forwarded_to_the_coach(app, phone, db):
    with freeze_time(NOW):
        phone.text(PAUL, "Paul, rappel demain 14h-16h, dettes")
        tick(app)
        phone.text(MICHEL, "OK 1")
        for i in range(14):
            phone.text(PAUL, f"encore un message {i}")
    forwards = [m for m in outbox(db, to=MICHEL) if m.kind == "forward"]
    assert len(forwards) == 9  # messages 2 to 10; from the 11th the line is flooded


def test_echec_tells_the_mobile_that_texted_not_a_landline(app, phone, db):
    with freeze_time(NOW):
        phone.text(PAUL, "Paul, rappelez-moi au 03 80 12 34 56 demain 14h-16h, dettes")
        tick(app)
        phone.text(MICHEL, "OK")
        phone.text(MICHEL, "ECHEC")
    assert request_1(db).callback_number == "+33380123456"
    assert [m.to_number for m in outbox(db) if m.kind == "tried_to_call"] == [PAUL]


def test_a_coach_who_texts_stop_is_no_longer_offered(app, phone, db):
    with freeze_time(NOW):
        assert reply_of(phone.text(MICHEL, "STOP")) == ""
        assert db.get(PhoneStatus, MICHEL).opted_out_at is not None
        phone.text(PAUL, "Paul, rappel demain 14h-16h, dettes")
        tick(app)
    db.expire_all()
    assert [o.coach.key for o in db.scalars(select(Offer))] == ["odile"]
    with freeze_time(NOW):
        phone.text(MICHEL, "START")
    db.expire_all()
    assert db.get(PhoneStatus, MICHEL).opted_out_at is None


def test_alerts_skip_a_coordinator_whose_number_fails(app, phone, db):
    db.add(PhoneStatus(number=CLAIRE, undeliverable_code=30006, undeliverable_at=NOW))
    db.commit()
    with freeze_time(NOW):
        phone.text(PAUL, "je veux en finir")
    pages = [m for m in outbox(db) if m.kind == "page"]
    assert {m.to_number for m in pages} == {BERTRAND} and len(pages) == 2  # an SMS, a call
    assert all(m.status == "queued" for m in pages)


def test_a_number_marked_undeliverable_that_texts_in_is_a_working_mobile_again(phone, db):
    # A carrier's bounce once marked it; the person now writes from it: SMS to it go again.
    db.add(PhoneStatus(number=PAUL, undeliverable_code=30006, undeliverable_at=NOW))
    db.commit()
    with freeze_time(NOW):
        phone.text(PAUL, "Paul Martin, des dettes, rappelez-moi demain 10h")
    db.expire_all()
    assert db.get(PhoneStatus, PAUL).undeliverable_code is None


def test_a_well_formed_number_phonenumbers_does_not_know_is_answered(phone, db):
    with freeze_time(NOW):
        reply = reply_of(phone.text("+8823912345678", "Hello, I'm John, call me tomorrow 10am"))
    assert "request 1" in reply


def test_the_coach_reminder_waits_for_the_morning(app, phone, db):
    early = datetime(2026, 11, 24, 5, 0, tzinfo=PARIS)  # deadline Wed 05:00
    with freeze_time(early):
        phone.text(PAUL, "Paul, des dettes, rappelez-moi quand vous voulez")
    with freeze_time(datetime(2026, 11, 24, 8, 0, tzinfo=PARIS)):
        tick(app)
        phone.text(MICHEL, "OK")
    night = datetime(2026, 11, 25, 1, 0, tzinfo=PARIS)  # 4 h before the deadline
    with freeze_time(night):
        tick(app)
    [reminder] = [m for m in outbox(db, to=MICHEL) if m.kind == "reminder"]
    assert reminder.status == "queued"
    assert reminder.next_attempt_at == datetime(2026, 11, 25, 8, 0, tzinfo=PARIS)


def test_a_restarted_clock_sends_no_morning_summary_at_night(app, phone, db):
    with freeze_time(NOW):
        phone.text(PAUL, "Paul, rappel demain matin")
    late = datetime(2026, 11, 25, 23, 0, tzinfo=PARIS)
    with freeze_time(late):
        tick(app)
    assert [m for m in outbox(db) if m.kind == "summary"] == []


def test_the_morning_summary_lists_what_is_late_unless_the_morning_alerts_just_said_it(
        app, phone, db):
    """Paul's request (Tuesday 10:15) is late from Wednesday 10:15; Claire was
    told then. On Thursday at 08:30 she gets the list of what is late: she
    has heard nothing about it since yesterday."""
    with freeze_time(NOW):
        phone.text(PAUL, "Paul, des dettes, rappelez-moi quand vous voulez")
    run_clock(app, NOW, datetime(2026, 11, 26, 8, 40, tzinfo=PARIS), step=timedelta(minutes=10))
    summaries = [(m.created_at.astimezone(PARIS).strftime("%a %H:%M"), m.body)
                 for m in outbox(db, to=CLAIRE) if m.kind == "summary"]
    assert [at for at, _ in summaries] == ["Thu 08:35"], summaries   # the first tick after 08:30
    # "demandes en retard : 1" read as a count of one: the request is named.
    assert "en retard : demande 1." in summaries[0][1]


def test_the_morning_summary_goes_when_the_morning_digest_only_counted_some(app, phone, db):
    """Sixteen requests from Tuesday night are late on Wednesday morning. The
    08:00 digest details some, names more and counts the rest ("et 2
    autre(s)"): the summary, the one SMS with every number, still goes."""
    start = datetime(2026, 11, 24, 2, 0, tzinfo=PARIS)
    for i in range(16):
        with freeze_time(start + timedelta(minutes=i)):
            phone.text(f"+336110002{i:02d}", f"Client {i}, dettes URSSAF, rappelez-moi "
                                             "quand vous voulez")
    run_clock(app, start + timedelta(minutes=20), datetime(2026, 11, 25, 8, 40, tzinfo=PARIS),
              step=timedelta(minutes=10))
    wednesday = [m for m in outbox(db, to=CLAIRE)
                 if m.created_at.astimezone(PARIS) >= datetime(2026, 11, 25, 7, 0, tzinfo=PARIS)]
    assert any("autre(s)" in m.body for m in wednesday if m.kind == "alert")
    assert [m for m in wednesday if m.kind == "summary"]


def test_database_errors_do_not_log_sms_bodies():
    from dispatch.db import make_engine
    assert make_engine("sqlite://").hide_parameters is True
    assert make_engine("postgresql+psycopg://nobody@127.0.0.1:1/x").hide_parameters is True


def test_a_contacted_request_is_anonymised_after_the_retention_period(app, phone, db):
    from dispatch.retention import purge
    with freeze_time(NOW):
        phone.text(PAUL, "Paul Martin, dettes, rappel demain 14h-16h")
        tick(app)
        phone.text(MICHEL, "OK")
        phone.text(MICHEL, "FAIT")
    assert purge(db, NOW + timedelta(days=89), 90).requests == []
    report = purge(db, NOW + timedelta(days=91), 90)
    db.commit()
    assert report.requests == [1]
    assert request_1(db).name is None and request_1(db).status == "contacted"


def test_an_offer_made_at_night_waits_for_the_morning_and_runs_from_then(app, phone, db):
    from dispatch import lifecycle
    from dispatch.models import Coach
    from scheduling import context_for
    night = datetime(2026, 11, 24, 23, 0, tzinfo=PARIS)
    with freeze_time(night):
        phone.text(PAUL, "Paul, rappel demain matin, dettes")
        request = request_1(db)
        michel = db.scalar(select(Coach).where(Coach.key == "michel"))
        offer = lifecycle.make_offer(db, context_for(app, db), request, michel, "by hand", night,
                                     "Claire Moreau")
        db.commit()
        tick(app)
    morning = datetime(2026, 11, 25, 8, 0, tzinfo=PARIS)
    # Sent at 08:00, read as Michel's window opens at 09:00: half an hour from then.
    assert offer.expires_at == morning + timedelta(hours=1, minutes=30)
    [sms] = outbox(db, to=MICHEL)
    assert sms.status == "queued" and sms.next_attempt_at == morning


def test_a_coach_being_offered_a_request_the_desk_marks_contacted_is_told(app, phone, db):
    from dispatch import lifecycle
    with freeze_time(NOW):
        phone.text(PAUL, "Paul, rappel demain 14h-16h, dettes")
        tick(app)
        lifecycle.mark_contacted(db, request_1(db), NOW, "Claire Moreau")
        db.commit()
    assert "plus à rappeler" in outbox(db, to=MICHEL)[-1].body


def test_a_thank_you_after_the_call_opens_no_new_request(app, phone, db):
    with freeze_time(NOW):
        phone.text(PAUL, "Paul, rappel demain 14h-16h, dettes")
        tick(app)
        phone.text(MICHEL, "OK")
        phone.text(MICHEL, "FAIT")
        assert reply_of(phone.text(PAUL, "Merci beaucoup !")) == ""
        assert db.scalar(select(func.count()).select_from(Request)) == 1
        phone.text(PAUL, "Re-bonjour, le tribunal m'a convoque, rappelez-moi jeudi")
    assert db.scalar(select(func.count()).select_from(Request)) == 2


def test_the_acknowledgement_promises_the_later_slot_asked_for(phone, db):
    with freeze_time(NOW):
        reply = reply_of(phone.text(PAUL, "Paul, rappelez-moi lundi 30 novembre à 10h"))
    assert "rappel le lun. 30/11 entre 10h et 11h" in reply and "24h" not in reply


def test_a_coach_removed_from_the_roster_gives_back_their_requests(app, phone, db, tmp_path):
    from dispatch.roster import load_roster_file
    from dispatch.roster_sync import sync
    from tests.conftest import CAST
    with freeze_time(NOW):
        phone.text(PAUL, "Paul, rappel demain 14h-16h, dettes")
        tick(app)
        phone.text(MICHEL, "OK")
    text = CAST.read_text()
    smaller = tmp_path / "smaller.yaml"
    smaller.write_text(text[:text.index("  - id: michel")] + text[text.index("  - id: odile"):])
    sync(db, load_roster_file(smaller), now=NOW + timedelta(minutes=5))
    db.commit()
    assert request_1(db).status == "open" and request_1(db).coach_id is None
    with freeze_time(NOW + timedelta(minutes=5)):
        tick(app)
        assert "pas attribuée" in reply_of(phone.text(MICHEL, "FAIT 1"))
    assert [o.coach.key for o in db.scalars(select(Offer).where(Offer.status == "pending"))] \
        == ["odile"]


def test_erasing_a_person_erases_all_their_requests(app, phone, db):
    from dispatch import lifecycle
    from dispatch.erasure import erase_person
    from scheduling import context_for
    with freeze_time(NOW):
        phone.text(PAUL, "Paul Martin, dettes, rappel demain 14h-16h")
        lifecycle.close(db, request_1(db), NOW, "Claire Moreau")
        db.commit()
        phone.text(PAUL, "Paul Martin encore, le tribunal, jeudi matin")
        assert erase_person(db, 2, NOW, "Claire Moreau", context_for(app, db)) == [2, 1]
        db.commit()
    db.expire_all()
    assert [r.name for r in db.scalars(select(Request))] == [None, None]
    assert not any("Paul" in (m.body or "") for m in db.scalars(select(Message)))
