"""A message that says nothing ("asdkj qwpoe 1234 !!! ??") is answered with a
question and offered to nobody until the person says something."""
from __future__ import annotations

from datetime import timedelta

from freezegun import freeze_time
from sqlalchemy import func, select

from dispatch.models import Alert, Event, Offer, Request
from scheduling import tick
from tests.conftest import NOW, PAUL, outbox, reply_of

MASH = "asdkj qwpoe 1234 !!! ??"


def requests(db):
    db.expire_all()
    return list(db.scalars(select(Request).order_by(Request.id)))


def test_it_asks_what_they_need_and_offers_it_to_nobody(app, phone, db):
    with freeze_time(NOW):
        reply = reply_of(phone.text(PAUL, MASH))
    assert "nous n'avons pas compris votre message" in reply and "De quoi avez-vous besoin" in reply
    (held,) = requests(db)
    assert (held.status, held.closed_reason, held.next_check_at) == ("closed", "no_content", None)
    for hours in (0, 1, 6, 12, 25, 30):   # through the day, the night and past 24 h
        tick(app, NOW + timedelta(hours=hours))
    assert db.scalar(select(func.count()).select_from(Offer)) == 0
    assert db.scalar(select(func.count()).select_from(Alert)) == 0
    assert outbox(db) == []   # no offer, no alert, no morning summary
    kinds = [e.kind for e in db.scalars(select(Event).order_by(Event.id))]
    assert kinds == ["sms_in", "no_content"]


def test_the_next_sms_that_says_something_resumes_the_same_request(app, phone, db):
    with freeze_time(NOW):
        phone.text(PAUL, MASH)
    later = NOW + timedelta(hours=3)
    with freeze_time(later):
        again = reply_of(phone.text(PAUL, "zzz ??"))
        reply = reply_of(phone.text(PAUL, "Pardon, Paul Martin, dettes URSSAF, demain 14h-16h"))
    assert again == ""                      # still nothing: not answered twice
    (request,) = requests(db)
    assert f"demande {request.id} bien enregistrée" in reply
    assert (request.status, request.closed_reason, request.name) == ("open", None, "Paul Martin")
    assert request.received_at == later and request.next_check_at == later
    assert request.deadline > later + timedelta(hours=24)   # the slot of tomorrow 14h-16h
    tick(app, later)
    assert db.scalar(select(Offer)) is not None
    opened = db.scalar(select(Event).where(Event.kind == "opened"))
    assert opened.detail.startswith("la personne a précisé sa demande")


def test_a_few_words_of_french_or_english_open_a_request_as_before(phone, db):
    with freeze_time(NOW):
        for number, body in (("+33612345601", "Bonjour, j'ai besoin d'aide"),
                             ("+33612345602", "ma boite coule"),
                             ("+33612345603", "help me please"),
                             ("+33612345604", "Paul")):
            reply = reply_of(phone.text(number, body))
            assert "Quand" in reply or "When" in reply, reply
    assert {r.status for r in requests(db)} == {"open"}


def test_a_cry_for_help_in_one_or_two_words_opens_a_request_called_back_on_that_number(
        phone, db):
    """Someone at the end of their tether writes the least: it is a request,
    never "not understood"."""
    cries = ("Rappelez-moi", "Aidez-moi", "Appelez-moi", "Au secours", "SOS!", "Aidez moi ?",
             "Détresse totale", "Appelle-moi stp", "call me back")
    with freeze_time(NOW):
        for n, body in enumerate(cries):
            reply = reply_of(phone.text(f"+336123457{n:02d}", body))
            assert "pas compris" not in reply and "understand" not in reply, (body, reply)
            assert "Quand" in reply or "When" in reply, (body, reply)
    opened = requests(db)
    assert [r.status for r in opened] == ["open"] * len(cries)
    assert [r.callback_number for r in opened] == [f"+336123457{n:02d}"
                                                   for n in range(len(cries))]


def test_a_crisis_is_never_held_however_it_is_written(phone, db):
    with freeze_time(NOW):
        reply = reply_of(phone.text(PAUL, "jveu mourir"))
    assert "3114" in reply
    (request,) = requests(db)
    assert request.crisis and request.status == "open"


def test_after_a_week_mash_holds_a_new_request_and_the_old_one_stays_closed(phone, db):
    with freeze_time(NOW):
        phone.text(PAUL, MASH)
    with freeze_time(NOW + timedelta(days=8)):
        assert "pas compris" in reply_of(phone.text(PAUL, MASH))
        phone.text(PAUL, "Paul Martin, à tout moment")
    first, second = requests(db)
    assert (first.status, first.closed_reason) == ("closed", "no_content")
    assert second.status == "open" and second.name == "Paul Martin"

