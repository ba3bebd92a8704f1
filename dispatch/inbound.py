"""An inbound SMS, stored first, then routed to whoever sent it.

`receive` is idempotent on the carrier's MessageSid: a repeated sid returns
the reply given the first time and changes nothing.
"""
from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache

from sqlalchemy import bindparam, func, select, text, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from channels.base import NO_CARRIER_WORDS, CarrierWords
from dispatch import (
    coach_commands,
    conversation,
    coordinator_commands,
    danger_words,
    outbox,
    texts,
)
from dispatch.commands import OPT_IN, OPT_OUT, keyword, parse_command
from dispatch.db import read, write
from dispatch.hotline import Context, who
from dispatch.models import Coach, Message, PhoneStatus
from dispatch.phones import mask, to_e164
from dispatch.segments import to_gsm7

log = logging.getLogger(__name__)
MAX_BODY = 1600
# Each reply is a billed SMS: at most this many to one number in the window,
# whatever was asked (AIDE, ANNULER, OK 12 repeated by a person or a loop).
REPLY_CAP = 10
REPLY_WINDOW = timedelta(minutes=10)


@dataclass(frozen=True)
class Inbound:
    """An SMS as a route hands it over: `sid` is the route's unique id for it
    (a repeated one is answered the same), `carrier` the words its carrier
    acts on itself, `route` the route's name (kept on the stored message)."""
    sid: str
    sender: str
    to: str
    body: str
    num_media: int = 0
    carrier: CarrierWords = NO_CARRIER_WORDS
    route: str | None = None


def clean_body(body: str) -> str:
    """Drop control characters and lone surrogates a broken encoding leaves."""
    text = body.encode("utf-8", "replace").decode("utf-8", "replace")
    text = "".join(c for c in text if c in "\n\t" or c.isprintable())
    return text[:MAX_BODY]


PLUS_NUMBER = re.compile(r"^\+[1-9]\d{7,14}$")


def _sender_number(raw: str) -> str | None:
    """E.164 for a person's number; None for short codes and alphanumeric senders.

    A well-formed international number that phonenumbers does not know (a new
    range, a foreign operator) is still a person who can be answered."""
    if not raw.startswith("+"):
        return None
    return to_e164(raw) or (raw if PLUS_NUMBER.match(raw) else None)


# Advisory locks in two 32-bit keys: this namespace, then a hash of the sender.
# The two-key space never meets the clock's one-key lock (scheduling.lock).
SENDER_LOCKS = 0x52617070  # "Rapp"


def hold_sender(db: Session, sender: str) -> None:
    """Wait until no other transaction is handling an SMS from `sender`.

    Two SMS from a new sender arriving together would otherwise both find no
    request in progress and open one each. PostgreSQL: a transaction-scoped
    advisory lock, released at the commit or rollback that ends `receive`.
    SQLite needs none: one writer at a time, and `receive` stores the message
    before it looks for the sender's request, so the second waits for the first."""
    if db.get_bind().dialect.name != "postgresql":
        return
    digest = hashlib.sha256(sender.encode("utf-8", "replace")).digest()
    key = int.from_bytes(digest[:4], "big", signed=True)
    db.execute(text("SELECT pg_advisory_xact_lock(:space, :key)"),
               {"space": SENDER_LOCKS, "key": key})


# Asked for every SMS received: built once (the values are parameters).
_BY_SID = select(Message).where(Message.sid == bindparam("sid"))
# The sender's status row, if any: a plain SELECT, since for most senders there
# is none and `Session.get` would miss the identity map and load through the ORM.
_STATUS_OF = select(PhoneStatus).where(PhoneStatus.number == bindparam("number"))
_REPLIED = update(Message).where(Message.id == bindparam("message_id")).values(
    reply=bindparam("reply"))
_REPLIES_GIVEN = select(func.count()).select_from(Message).where(
    Message.direction == "out", Message.kind == "reply", Message.to_number == bindparam("to"),
    Message.created_at >= bindparam("since"))


def receive(db: Session, ctx: Context, sms: Inbound, now: datetime,
            reply_by_sms: bool = False, answered: str | None = None) -> str | None:
    """Store, act, and return the reply (None: answer nothing). Commits.

    The reply normally goes back as TwiML; with `reply_by_sms` (a message
    found late, with no webhook to answer) it is queued in the outbox.
    `answered` is what the person was answered already, while the database
    was away (the crisis answer): recorded as the reply, nothing more sent."""
    sender = _sender_number(sms.sender)
    hold_sender(db, sender or sms.sender)
    known = db.scalar(_BY_SID, {"sid": sms.sid})
    if known is not None:
        return known.reply
    message = Message(direction="in", sid=sms.sid, from_number=sender or sms.sender,
                      to_number=sms.to, body=clean_body(sms.body), status="received",
                      created_at=now, kind="media" if sms.num_media else None,
                      route=sms.route)
    db.add(message)
    try:
        db.flush()
    except IntegrityError:  # the same sid, stored by a concurrent delivery
        db.rollback()
        again = db.scalar(_BY_SID, {"sid": sms.sid})
        return again.reply if again else None
    if sender is not None:
        number = db.scalar(_STATUS_OF, {"number": sender})
        if number is not None and number.undeliverable_code is not None:
            number.undeliverable_code = None  # it texts us: it is a working mobile after all
    reply = _route(db, ctx, message, sender, now, sms.carrier)
    if answered is not None:
        reply, reply_by_sms = answered, False
    elif reply is not None:
        # A name or a word with ô, ç or ’ would turn the whole answer into 70-character
        # segments: the same transliteration as every SMS queued (dispatch.outbox).
        reply = to_gsm7(reply)
    if reply is not None and sender is not None and answered is None \
            and not _may_reply(db, ctx, message, sender, reply, now):
        reply = None
    if reply is not None:
        # A plain write: the reply as a change of the message was a flush of its own.
        write(db, _REPLIED, {"message_id": message.id, "reply": reply})
        set_committed_value(message, "reply", reply)
    if reply is not None and sender is not None and reply_by_sms:
        # The confirmation of a STOP goes to a number that just opted out.
        confirming = _opted_out_by(db, sender, message)
        outbox.queue(db, sender, reply, now, kind="reply", request_id=message.request_id,
                     despite_opt_out=confirming)
    elif reply is not None and sender is not None:
        outbox.record_reply(db, message, sender, reply, now, message.request_id)
    db.commit()
    log.info("sms in %s from %s: %s", sms.sid, mask(sender or sms.sender),
             "reply" if reply else "no reply")
    return reply


def _opted_out_by(db: Session, sender: str, message: Message) -> bool:
    status = db.get(PhoneStatus, sender)
    return status is not None and status.opted_out_at is not None \
        and status.opt_out_sid == message.sid


def _route(db: Session, ctx: Context, message: Message, sender: str | None,
           now: datetime, carrier: CarrierWords = NO_CARRIER_WORDS) -> str | None:
    if sender is None:
        # Short codes and alphanumeric senders cannot be answered or called back.
        log.warning("sms in %s from a sender that is not a phone number", message.sid)
        return None
    if sender in _hotline_numbers(ctx.number or "", message.to_number or ""):
        # The line texting itself (a loop, a test from the console): opens nothing.
        log.warning("sms in %s from the hotline's own number: ignored", message.sid)
        return None
    person = who(db, sender)
    word = keyword(message.body or "")
    if person is not None and word in OPT_OUT + OPT_IN + tuple(carrier.opt_out):
        # A coach or coordinator opting out: no more offers or alerts until
        # START (the carrier may refuse to text them meanwhile anyway).
        status = outbox.phone_status(db, sender)
        status.opted_out_at = None if word in OPT_IN else now
        status.opt_out_keyword = None if word in OPT_IN else word
        status.opt_out_sid = None if word in OPT_IN else message.sid
        if word in carrier.opt_out or word in carrier.opt_in:
            return None  # the carrier answers its own words
        return texts.text("opted_in" if word in OPT_IN else "opted_out", "fr",
                          hotline=ctx.name)
    if person is not None and word in carrier.opt_in:
        # The carrier lifts its block on more words than START (Twilio: YES), and
        # texts again whoever sent one: so must we. The word stays the sender's
        # command (a coach's YES accepts an offer).
        lifted = db.get(PhoneStatus, sender)
        if lifted is not None and lifted.opted_out_at is not None:
            lifted.opted_out_at = lifted.opt_out_keyword = lifted.opt_out_sid = None
    if isinstance(person, Coach):
        return _from_coach(db, ctx, person, message.body or "", now)
    if person is not None:  # a coordinator
        if danger_words.said(message.body or "") \
                and coordinator_commands.read(message.body or "") is None:
            return danger_words.from_coordinator(db, ctx, person, now)   # a person first
        return coordinator_commands.handle(db, ctx, person, message.body or "", now)
    command = parse_command(message.body or "", strict=True)
    if command is not None and command.verb in ("OK", "NON", "FAIT", "ECHEC", "PAUSE", "DISPO") \
            and command.number is not None:
        return texts.text("unknown_sender", "fr", hotline=ctx.name)
    return conversation.handle(db, ctx, message, now, carrier)


def _from_coach(db: Session, ctx: Context, coach: Coach, body: str, now: datetime) -> str:
    """A coach's command or words; words of danger in them, relayed or their
    own, are answered as such (dispatch.danger_words) after the command."""
    command = parse_command(body)
    danger = danger_words.said(body if command is None else command.words)
    if command is None and danger:
        request = danger_words.meant(db, coach, body, None, now)
        return danger_words.from_coach(db, ctx, coach, body, request, now)
    if command is None:
        return coach_commands.free_text(db, ctx, coach, body, now)
    if not danger:
        return coach_commands.handle(db, ctx, coach, command, now, body)
    # The request the words are about, found before the command moves it (a
    # FAIT makes it called back, a RENDRE gives it away) or after (a FAIT
    # without the OK first makes it theirs).
    request = danger_words.meant(db, coach, body, command, now)
    answer = coach_commands.handle(db, ctx, coach, command, now, body)
    request = request or danger_words.meant(db, coach, body, command, now)
    return danger_words.from_coach(db, ctx, coach, body, request, now, answer=answer)


@lru_cache(maxsize=16)
def _hotline_numbers(roster_number: str, to: str) -> frozenset[str]:
    """The hotline's own number (the roster's, and the one this SMS was sent to).

    Parsed once rather than twice per SMS (phonenumbers is slow): both are the
    hotline's numbers, so no person's number is kept here."""
    return frozenset(n for n in (to_e164(roster_number), _sender_number(to)) if n)


def _may_reply(db: Session, ctx: Context, message: Message, sender: str, reply: str,
               now: datetime) -> bool:
    """Within the reply cap, or the crisis answer (3114), which a request gets once.

    A reply withheld is not stored as sent; the SMS itself is stored and acted on."""
    given = read(db, _REPLIES_GIVEN, {"to": sender, "since": now - REPLY_WINDOW}).scalar() or 0
    if given < REPLY_CAP:
        return True
    if reply in {to_gsm7(texts.text("crisis", lang, hotline=ctx.name, n=message.request_id))
                 for lang in ("fr", "en")}:
        return True
    log.warning("sms in %s from %s: no reply, %d already in %s", message.sid, mask(sender),
                given, REPLY_WINDOW)
    return False
