"""A person who writes by e-mail (dispatch.mail_inbound): stories under a
frozen clock with the real tick, the mail transport swapped at its seam for
one that keeps what it sends (the SMTP transport itself is tested against a
real SMTP server in test_mail_route)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import pytest
from freezegun import freeze_time
from sqlalchemy import select

from channels.base import EMAIL, Found, Outgoing, Routes
from channels.registry import active
from dispatch import mail_inbound
from dispatch.mail_inbound import InboundMail
from dispatch.models import Alert, Message, PhoneStatus, Request
from scheduling import context_for, tick
from tests.conftest import CLAIRE, MICHEL, NOW, PAUL, outbox, reply_of

PAULE = "paule.martin@example.fr"


@dataclass
class MailBox:
    """The e-mail route's seam: keeps each mail it is handed."""
    sent: list[Outgoing] = field(default_factory=list)
    name: str = "email"
    channels: frozenset[str] = frozenset((EMAIL,))

    def message_id(self, out: Outgoing) -> str:
        return f"<rappel-{out.id}.{out.attempt}@cavapatron.example.org>"

    def send(self, out: Outgoing) -> str:
        self.sent.append(out)
        return f"smtp-{out.id}.{out.attempt}"

    def find_sent(self, out: Outgoing, since: datetime) -> list[Found]:
        return []

    def to(self, address: str) -> list[Outgoing]:
        return [m for m in self.sent if m.to == address]


@pytest.fixture
def mailbox(app: Any) -> MailBox:
    box = MailBox()
    app.extensions["rappel.transport"] = Routes(active(app).build(app), box)
    return box


class Writer:
    """A person writing to the hotline's mailbox."""

    def __init__(self, app: Any, address: str = PAULE) -> None:
        self.app, self.address, self.count = app, address, 0

    def write(self, body: str, subject: str = "Demande de rappel", *,
              answering: Outgoing | None = None, **more: Any) -> Message | None:
        self.count += 1
        refs = (*answering.references, mail_id(self.app, answering.id)) if answering else ()
        mail = InboundMail(sid=f"mail-{self.address}-{self.count}", sender=self.address,
                           to="contact@cavapatron.example.org", subject=subject, body=body,
                           mail_id=f"<{self.count}.{self.address}>", references=refs, **more)
        with self.app.extensions["rappel.sessions"]() as db:
            return mail_inbound.receive_mail(db, context_for(self.app, db), mail, now())


def now() -> datetime:
    from datetime import timezone
    return datetime.now(timezone.utc)


def mail_id(app: Any, message_id: int) -> str:
    with app.extensions["rappel.sessions"]() as db:
        return db.get(Message, message_id).mail_id


def request(db: Any, n: int = 1) -> Request:
    db.expire_all()
    return db.get(Request, n)


@pytest.fixture
def paule(app: Any, mailbox: MailBox) -> Writer:
    return Writer(app)


def test_a_mail_with_a_number_opens_a_request_and_is_acknowledged_by_mail(app, db, mailbox,
                                                                          paule):
    with freeze_time(NOW):
        paule.write("Bonjour, Paule Martin, gérante d'une boulangerie, des dettes URSSAF. "
                    "Rappelez-moi demain 14h-16h au 06 12 34 56 78. Merci")
        tick(app)
    r = request(db)
    assert (r.channel, r.sender, r.callback_number) == ("email", PAULE, "+33612345678")
    assert PAULE in r.emails and r.slots and r.status == "offered"
    [ack] = mailbox.to(PAULE)
    assert ack.subject == "Re: Demande de rappel – demande n° 1"
    assert ack.references == ("<1.paule.martin@example.fr>",)
    assert ack.kind == "reply"
    assert "votre demande porte le n° 1" in ack.body and "06 12 34 56 78" in ack.body
    assert ack.body.startswith("Bonjour,") and ack.body.rstrip().endswith("Ça va patron ?")
    [offer] = outbox(db, to=MICHEL)
    assert "(par mail)" in offer.body and "06 12 34 56 78" in offer.body
    assert PAULE not in offer.body
    stored = db.scalar(select(Message).where(Message.direction == "in"))
    assert (stored.channel, stored.from_number, stored.request_id) == ("email", PAULE, 1)
    assert db.get(Message, ack.id).mail_id == f"<rappel-{ack.id}.1@cavapatron.example.org>"


def test_a_mail_seen_twice_is_handled_once(app, db, mailbox):
    mail = InboundMail(sid="mail-once", sender=PAULE, to="c@x.org", subject="Aide",
                       body="Rappelez-moi au 06 12 34 56 78")
    with freeze_time(NOW), app.extensions["rappel.sessions"]() as s:
        assert mail_inbound.receive_mail(s, context_for(app, s), mail, NOW) is not None
        assert mail_inbound.receive_mail(s, context_for(app, s), mail, NOW) is None
    assert db.scalar(select(Request).where(Request.id == 2)) is None
    assert len(outbox(db, to=PAULE)) + len([m for m in db.scalars(select(Message).where(
        Message.to_number == PAULE, Message.kind == "reply"))]) == 1


def test_without_a_number_the_request_waits_and_the_mail_asks_for_one(app, db, mailbox, paule):
    with freeze_time(NOW):
        paule.write("Bonjour, je suis artisan et je n'arrive plus à payer mes fournisseurs.")
        tick(app)
    r = request(db)
    assert r.callback_number is None and r.status == "open"
    assert outbox(db, to=MICHEL) == []
    [ack] = mailbox.to(PAULE)
    assert "nous avons besoin de votre numéro" in ack.body
    assert "envoyez un SMS au 03 80 00 00 00 en écrivant votre adresse mail" in ack.body
    assert PAULE in ack.body
    with freeze_time(NOW + timedelta(hours=2)):
        tick(app)
    assert outbox(db, to=MICHEL) == []


def test_the_story_a_number_given_in_the_thread_then_accepted_by_sms(app, db, mailbox, paule,
                                                                     phone):
    """The issue's story, with InboundMail objects (test_mail_route tells it
    again through Dovecot and an SMTP server)."""
    with freeze_time(NOW):
        paule.write("Bonjour, ma boutique va mal, pouvez-vous m'appeler ?")
        tick(app)
    [ask] = mailbox.to(PAULE)
    assert "nous avons besoin de votre numéro" in ask.body
    with freeze_time(NOW + timedelta(minutes=20)):
        paule.write("06 12 34 56 78, demain 14h", subject="Re: " + ask.subject, answering=ask)
        tick(app)
    r = request(db)
    assert r.callback_number == "+33612345678" and r.slots and r.status == "offered"
    # The promise runs from the number: the hotline could not call before.
    assert r.received_at == (NOW + timedelta(minutes=20)).astimezone(r.received_at.tzinfo)
    _, thanks = mailbox.to(PAULE)
    assert "nous avons votre numéro (06 12 34 56 78) pour la demande n° 1" in thanks.body
    assert thanks.references[-1] == "<2.paule.martin@example.fr>"
    assert mail_id(app, ask.id) in thanks.references
    [offer] = outbox(db, to=MICHEL)
    assert "Demande 1 : la personne (par mail), tél. 06 12 34 56 78" in offer.body
    with freeze_time(NOW + timedelta(minutes=30)):
        answer = reply_of(phone.text(MICHEL, "OK 1"))
        tick(app)
    assert "Demande 1 pour vous" in answer and "06 12 34 56 78" in answer
    assert request(db).status == "accepted"
    assert len(mailbox.to(PAULE)) == 2  # nothing more to the person
    assert [m.to for m in mailbox.sent] == [PAULE, PAULE]


def test_waiting_for_a_number_raises_no_alert_and_the_promise_starts_with_it(app, db, mailbox,
                                                                           paule):
    with freeze_time(NOW):
        paule.write("Bonjour, mon entreprise est en redressement, j'aimerais en parler.")
        tick(app)
    [ask] = mailbox.to(PAULE)
    for hours in range(1, 50):  # two days and a morning summary: nobody can act but the person
        with freeze_time(NOW + timedelta(hours=hours)):
            tick(app)
    assert db.scalars(select(Alert).where(Alert.request_id == 1)).all() == []
    assert outbox(db, to=CLAIRE) == [] and outbox(db, to=MICHEL) == []
    later = NOW + timedelta(hours=50)
    with freeze_time(later):
        paule.write("Pardon pour le retard : 06 12 34 56 78", subject="Re: " + ask.subject,
                    answering=ask)
        tick(app)
    r = request(db)
    assert r.deadline == (later + timedelta(hours=24)).astimezone(r.deadline.tzinfo)
    assert r.status == "offered" and outbox(db, to=MICHEL)
    with freeze_time(later + timedelta(minutes=5)):
        tick(app)
    assert db.scalars(select(Alert).where(Alert.request_id == 1)).all() == []


def test_an_sms_giving_the_address_brings_the_number(app, db, mailbox, paule, phone):
    with freeze_time(NOW):
        paule.write("Bonjour, j'ai besoin de parler à quelqu'un de mes dettes.")
        tick(app)
    with freeze_time(NOW + timedelta(minutes=5)):
        reply = reply_of(phone.text(PAUL, f"Bonjour c'est pour ma demande par mail {PAULE}"))
        tick(app)
    assert "ce numéro est ajouté à votre demande 1 envoyée par mail" in reply
    r = request(db)
    assert r.callback_number == PAUL and PAUL in r.phones and r.status == "offered"
    assert db.scalar(select(Request).where(Request.id == 2)) is None
    with freeze_time(NOW + timedelta(minutes=6)):
        reply_of(phone.text(PAUL, "demain 10h ce serait bien"))
    assert request(db).slots  # the phone's next SMS goes to the same request


def test_annuler_by_mail_cancels_and_is_confirmed_by_mail(app, db, mailbox, paule):
    with freeze_time(NOW):
        paule.write("Rappelez-moi au 06 12 34 56 78 demain matin")
        tick(app)
    [ack] = mailbox.to(PAULE)
    with freeze_time(NOW + timedelta(minutes=3)):
        paule.write("ANNULER\n\nMerci quand même", subject="Re: x", answering=ack)
        tick(app)
    assert request(db).status == "cancelled"
    assert "Votre demande n° 1 est annulée" in mailbox.to(PAULE)[-1].body


def test_crisis_by_mail_gets_3114_at_once_and_pages_the_coordinator(app, db, mailbox, paule):
    with freeze_time(NOW):
        paule.write("Je n'en peux plus, j'ai envie d'en finir. 06 12 34 56 78")
        tick(app)
    r = request(db)
    assert r.crisis
    [answer] = mailbox.to(PAULE)
    assert "3114" in answer.body and "15 ou le 112" in answer.body
    assert any("URGENT" in m.body for m in outbox(db, to=CLAIRE))


def test_an_english_mail_is_answered_in_english(app, db, mailbox):
    with freeze_time(NOW):
        Writer(app, "john@example.com").write(
            "Hello, I run a small shop and I am struggling with debts. Please call me "
            "tomorrow at 2pm on 06 12 34 56 78. Thanks", subject="Help")
        tick(app)
    [ack] = mailbox.to("john@example.com")
    assert ack.body.startswith("Hello,") and "your request number is 1" in ack.body
    assert ack.subject == "Re: Help – request 1"


def test_automatic_mail_is_kept_never_answered_never_opens(app, db, mailbox, paule):
    with freeze_time(NOW):
        paule.write("Je suis absente jusqu'au 3 décembre.", automatic="auto-submitted")
        tick(app)
    assert db.scalar(select(Request)) is None
    assert mailbox.sent == []
    kept = db.scalar(select(Message).where(Message.direction == "in"))
    assert kept.kind == "automatic" and "absente" in kept.body


def test_a_bounce_fails_our_mail_and_marks_the_address(app, db, mailbox, paule):
    with freeze_time(NOW):
        paule.write("Rappelez-moi au 06 12 34 56 78")
        tick(app)
    [ack] = mailbox.to(PAULE)
    with freeze_time(NOW + timedelta(minutes=1)):
        Writer(app, "mailer-daemon@mx.example.fr").write(
            "Delivery failed", automatic="delivery report",
            bounced=(mail_id(app, ack.id), PAULE))
    db.expire_all()
    assert db.get(Message, ack.id).status == "failed"
    assert db.get(PhoneStatus, PAULE).undeliverable_code is not None


def test_twenty_mails_in_ten_minutes_are_a_flood(app, db, mailbox, paule):
    with freeze_time(NOW):
        paule.write("Rappelez-moi au 06 12 34 56 78")
        for i in range(21):
            paule.write(f"Et aussi {i}")
        tick(app)
    # 22 mails: the first 20 answered (the acknowledgement, then "added"), then silence.
    assert len(mailbox.to(PAULE)) == 20
    assert db.scalar(select(Alert).where(Alert.kind == "alert_flood_mail")) is not None


def test_a_thank_you_in_the_thread_after_the_call_opens_nothing(app, db, mailbox, paule, phone):
    with freeze_time(NOW):
        paule.write("Rappelez-moi au 06 12 34 56 78 demain 10h")
        tick(app)
    [ack] = mailbox.to(PAULE)
    with freeze_time(NOW + timedelta(minutes=5)):
        phone.text(MICHEL, "OK 1")
    with freeze_time(NOW + timedelta(hours=24)):
        phone.text(MICHEL, "FAIT 1")
        paule.write("Merci beaucoup pour votre appel !", subject="Re: x", answering=ack)
        tick(app)
    assert [r.id for r in db.scalars(select(Request))] == [1]
    assert len(mailbox.to(PAULE)) == 1


def test_chasing_by_mail_when_overdue_alerts_and_reassures_by_mail(app, db, mailbox, paule):
    with freeze_time(NOW):
        paule.write("Rappelez-moi au 06 12 34 56 78")
        tick(app)
    [ack] = mailbox.to(PAULE)
    with freeze_time(NOW + timedelta(hours=25)):
        paule.write("Toujours personne ne m'a rappelée, c'est urgent", subject="Re: x",
                    answering=ack)
        tick(app)
    reassurance = mailbox.to(PAULE)[-1]
    assert "Pardon pour l'attente (demande n° 1)" in reassurance.body and "3114" in reassurance.body
    assert db.scalar(select(Alert).where(Alert.kind == "alert_chase")) is not None


def test_stop_by_mail_stops_every_mail_to_that_address(app, db, mailbox, paule):
    with freeze_time(NOW):
        paule.write("Rappelez-moi au 06 12 34 56 78")
        tick(app)
        paule.write("STOP", subject="Re: x")
        tick(app)
    assert db.get(PhoneStatus, PAULE).opted_out_at is not None
    with freeze_time(NOW + timedelta(minutes=1)):
        paule.write("Et demain 10h ?", subject="Re: x")
        tick(app)
    assert len(mailbox.to(PAULE)) == 1  # only the acknowledgement, before STOP


@pytest.mark.parametrize("body", ["ANNULER", "Bonjour,\n\nANNULER\n\nPaule",
                                  "Bonjour Madame,\nJe voudrais annuler ma demande, merci."])
def test_annuler_after_a_greeting_cancels_too(app, db, mailbox, paule, body):
    with freeze_time(NOW):
        paule.write("Rappelez-moi au 06 12 34 56 78")
        paule.write(body, subject="Re: x")
        tick(app)
    assert request(db).status == "cancelled"


def test_two_numbers_arriving_at_once_give_the_request_one(app, db, mailbox, paule):
    from dispatch.waiting import number_arrived
    with freeze_time(NOW):
        paule.write("Bonjour, j'ai besoin d'aide pour mes dettes.")
    sessions = app.extensions["rappel.sessions"]
    with sessions() as by_mail, sessions() as by_sms:
        first, second = by_mail.get(Request, 1), by_sms.get(Request, 1)
        assert first.callback_number is None and second.callback_number is None
        number_arrived(by_mail, first, "+33612345678", NOW, "par mail")
        by_mail.commit()
        number_arrived(by_sms, second, "+33699999999", NOW, "par SMS")  # it read None before
        by_sms.commit()
    assert request(db).callback_number == "+33612345678"


def test_a_coach_who_could_not_reach_them_is_told_by_mail_in_the_thread(app, db, mailbox,
                                                                         paule, phone):
    with freeze_time(NOW):
        paule.write("Rappelez-moi au 06 12 34 56 78 demain 10h")
        tick(app)
    with freeze_time(NOW + timedelta(minutes=5)):
        phone.text(MICHEL, "OK 1")
    with freeze_time(NOW + timedelta(hours=24)):
        answer = reply_of(phone.text(MICHEL, "ECHEC 1"))
        tick(app)
    assert "La personne est prévenue." in answer
    tried = mailbox.to(PAULE)[-1]
    assert "a essayé de vous appeler au 06 12 34 56 78 pour votre demande n° 1" in tried.body
    assert tried.subject == "Re: Demande de rappel – demande n° 1"
    assert tried.references == ("<1.paule.martin@example.fr>",) and tried.kind == "tried_to_call"
