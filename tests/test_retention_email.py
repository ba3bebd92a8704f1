"""Retention and erasure for people known by e-mail: after the purge or an
erasure on request, no address, subject or body of the person is left in any
table, and the mailbox copy of each mail they sent is queued for deletion."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from dispatch.erasure import erase_person, erase_request
from dispatch.models import MailErasure, Message, PhoneStatus, Request
from dispatch.retention import purge
from tests.conftest import NOW
from tests.desk_fixtures import (
    INES_EMAIL,
    INES_SUBJECT,
    csrf_token,
    make_email_request,
    make_request,
    seen_token,
)
from tests.test_retention import personal_traces

DAY = timedelta(days=1)
INES_NUMBER = "+33698765432"
REPLY = "Voici mon numéro : 06 98 76 54 32, demain 14h. Inès"
SECRETS = (INES_EMAIL, INES_EMAIL.lower(), "ines.roux", INES_SUBJECT, "Inès Roux",
           "trésorerie à sec", "demain 14h", "ines@boulangerie-roux.fr")
DIGITS = "698765432"


def ines_story(db, status="closed"):
    """Inès writes by mail without a number, is asked for one, replies in the
    thread with it; the request is called back and closed. Returns it."""
    ines = make_email_request(db, status=status, emails=[INES_EMAIL, "ines@boulangerie-roux.fr"],
                              closed_at=NOW if status == "closed" else None,
                              contacted_at=NOW if status == "closed" else None)
    ines.callback_number, ines.phones = INES_NUMBER, [INES_NUMBER]
    first = db.scalar(select(Message).where(Message.direction == "in"))
    db.add(Message(direction="in", channel="email", route="email", from_number=INES_EMAIL,
                   to_number="ecoute@rappel.example.org", subject=f"Re: {INES_SUBJECT}",
                   body=REPLY, mail_id="<reply.2b9c@mail.example.org>",
                   references=f"{first.mail_id} <out{ines.id}@rappel.example.org>",
                   status="received", created_at=NOW - DAY / 2, request_id=ines.id))
    db.add(PhoneStatus(number=INES_EMAIL.lower(), flood_alerted_at=NOW - DAY))
    db.commit()
    return ines


def queued(db):
    db.expire_all()
    return sorted((e.mail_id, e.queued_at) for e in db.scalars(select(MailErasure)))


def test_the_story_leaves_the_address_subject_and_body_in_many_places(app, db):
    ines_story(db)
    places = {(t, c) for t, c, _ in personal_traces(db, SECRETS, DIGITS)}
    assert {("requests", "sender"), ("requests", "emails"), ("messages", "from_number"),
            ("messages", "to_number"), ("messages", "subject"), ("messages", "body"),
            ("events", "detail"), ("phone_status", "number")} <= places


def test_after_the_retention_period_nothing_of_the_mails_is_left_and_their_copies_go(app, db):
    ines = ines_story(db)
    later = NOW + 91 * DAY
    report = purge(db, later, retention_days=90)
    db.commit()
    assert report.requests == [ines.id] and report.mail_copies == 2
    assert personal_traces(db, SECRETS, DIGITS) == []
    assert queued(db) == [(f"<in{ines.id}.7f3a@mail.example.org>", later),
                          ("<reply.2b9c@mail.example.org>", later)]
    for message in db.scalars(select(Message)):
        assert (message.subject, message.mail_id, message.references, message.body) == \
            (None, None, None, None)
    assert db.get(PhoneStatus, INES_EMAIL.lower()) is None
    kept = db.get(Request, ines.id)
    assert (kept.channel, kept.sender, kept.emails, kept.status) == ("email", None, [], "closed")
    again = purge(db, later + DAY, retention_days=90)
    db.commit()
    assert again.requests == [] and again.mail_copies == 0 and len(queued(db)) == 2


def test_a_dry_run_counts_the_mailbox_copies_and_queues_nothing(app, db):
    ines_story(db)
    report = purge(db, NOW + 91 * DAY, retention_days=90, dry_run=True)
    assert report.mail_copies == 2 and "mailbox copies: 2" in str(report)
    db.rollback()
    assert queued(db) == [] and personal_traces(db, SECRETS, DIGITS)


def test_an_old_mail_linked_to_no_request_is_scrubbed_and_its_copy_queued(app, db):
    db.add(Message(direction="in", channel="email", from_number=INES_EMAIL,
                   to_number="ecoute@rappel.example.org", subject="Réponse automatique : absente",
                   body="Inès Roux est absente jusqu'au 2 décembre.",
                   mail_id="<auto.11@mail.example.org>", status="received",
                   created_at=NOW - DAY))
    db.commit()
    report = purge(db, NOW + 91 * DAY, retention_days=90)
    db.commit()
    assert report.messages == 1 and personal_traces(db, SECRETS + ("absente",), DIGITS) == []
    assert [mail_id for mail_id, _ in queued(db)] == ["<auto.11@mail.example.org>"]


def test_an_opt_out_by_mail_is_kept_so_that_it_is_still_honoured(app, db):
    ines_story(db)
    db.add(PhoneStatus(number=INES_EMAIL, opted_out_at=NOW, opt_out_keyword="STOP"))
    db.commit()
    purge(db, NOW + 91 * DAY, retention_days=90)
    db.commit()
    assert personal_traces(db, SECRETS, DIGITS) == [("phone_status", "number", INES_EMAIL)]


def test_a_person_known_by_mail_is_erased_on_request_with_the_mailbox_copies(app, db):
    ines = ines_story(db)
    # An auto-reply of hers, linked to no request, quoting her address: erased too.
    db.add(Message(direction="in", channel="email", from_number=INES_EMAIL.upper(),
                   to_number="ecoute@rappel.example.org", subject=f"Absente : {INES_SUBJECT}",
                   body="Je suis absente.", mail_id="<auto.12@mail.example.org>",
                   status="received", created_at=NOW))
    db.commit()
    report = erase_request(db, ines.id, NOW + DAY, "Claire Moreau")
    db.commit()
    assert report.mail_copies == 3 and report.requests == [ines.id]
    assert personal_traces(db, SECRETS + ("absente",), DIGITS) == []
    assert [mail_id for mail_id, _ in queued(db)] == [
        "<auto.12@mail.example.org>", f"<in{ines.id}.7f3a@mail.example.org>",
        "<reply.2b9c@mail.example.org>"]


def test_erasing_a_person_covers_their_mails_whatever_the_case_of_the_address(app, db):
    first = ines_story(db)
    again = make_email_request(db, address=INES_EMAIL.upper(), status="closed", closed_at=NOW)
    # Someone who gave her address (her accountant, say) is another person: kept.
    other = make_request(db, sender="+33611223344", name="Luc Fontaine", status="open",
                         emails=[INES_EMAIL], body="Luc Fontaine, vendredi matin")
    assert erase_person(db, first.id, NOW + DAY, "Claire Moreau") == [first.id, again.id]
    db.commit()
    assert len(queued(db)) == 3
    assert db.get(Request, other.id).status == "open"
    assert db.get(Request, other.id).name == "Luc Fontaine"
    assert {(t, c) for t, c, _ in personal_traces(db, SECRETS, DIGITS)} == {("requests", "emails")}


def test_the_erase_button_on_the_desk_erases_mails_and_says_so(app, db, claire):
    ines = ines_story(db, status="open")
    confirm = claire.get(f"/requests/{ines.id}/erase").text
    assert "le texte de ses SMS et de ses\n    mails (objet compris)" in confirm
    assert "Ses mails sont aussi supprimés de la boîte\n    de la ligne, par l'horloge." in confirm
    done = claire.post(f"/requests/{ines.id}/erase",
                       data={"confirm": str(ines.id), "seen": seen_token(confirm),
                             "csrf_token": csrf_token(confirm)}, follow_redirects=True)
    assert "e-mails, SMS et mails ne sont plus conservés" in done.text
    for secret in (INES_EMAIL, INES_SUBJECT.replace("'", "&#39;"), "trésorerie à sec"):
        assert secret not in done.text
    assert personal_traces(db, SECRETS, DIGITS) == []
    assert db.get(Request, ines.id).status == "cancelled" and len(queued(db)) == 2
    api = claire.get(f"/api/requests/{ines.id}").json
    assert (api["channel"], api["sender"], api["emails"]) == ("email", None, [])
    assert claire.get("/api/messages?from=ines.roux@example.org").json == {"messages": []}


def test_the_erase_page_speaks_of_the_mailbox_only_when_the_person_wrote_by_mail(app, db, claire):
    paul = make_request(db, emails=["paul.martin@example.org"])
    assert "boîte" not in claire.get(f"/requests/{paul.id}/erase").text
