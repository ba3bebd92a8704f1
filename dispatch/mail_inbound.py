"""An inbound e-mail, stored first, then handled like an entrepreneur's SMS.

`receive_mail` is idempotent on the mail's sid (a key made from its
Message-ID): a mail seen twice is handled once. Automatic mail (auto-replies,
delivery reports, lists) is stored and nothing else: it is never answered and
never opens a request; a delivery report of one of our mails marks it failed.
A mail in one of our threads (In-Reply-To / References naming a mail we
sent about a request), or from the address of a request in progress, is
added to that request as a second SMS would be; otherwise it opens one
(dispatch.conversation: the same parser, deadlines, crisis path). The answer
goes back by mail, queued in the outbox, threaded under the person's mail.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from channels.base import EMAIL, FAILED, Failure
from dispatch import conversation, lifecycle, outbox, texts
from dispatch.commands import OPT_OUT, is_cancel, keyword
from dispatch.conversation import Answer
from dispatch.delivery import undeliverable
from dispatch.hotline import Context
from dispatch.inbound import hold_sender
from dispatch.models import ACTIVE_STATES, CLOSED, CONTACTED, Message, PhoneStatus, Request
from dispatch.parsing import parse
from dispatch.phones import mask, national

log = logging.getLogger(__name__)
MAX_BODY = 4000
# A person may write several mails while they think; a loop writes dozens.
FLOOD_LIMIT = 20
# A line that only greets: a command is looked for on the line after it.
GREETING = re.compile(r"^\W*(bonjour|bonsoir|salut|hello|hi|dear \w+|madame|monsieur|"
                      r"madame,? monsieur)\b[\w\s]{0,30}?\W*$", re.I)
REPLY_PREFIX = re.compile(r"^\s*(re|aw|sv|tr|fw|fwd|réf|ref)\s*:", re.I)


@dataclass(frozen=True)
class InboundMail:
    """A mail as the mailbox hands it over (channels.email.reading).

    `sid`: a stable key for it; `body`: the person's own words (quotes and
    signature dropped); `references`: the ids it answers, In-Reply-To last;
    `automatic`: why no person wrote it, or None; `bounced`: for a delivery
    report, the Message-IDs and addresses of ours it says failed."""
    sid: str
    sender: str
    to: str
    subject: str
    body: str
    mail_id: str | None = None
    references: tuple[str, ...] = ()
    name: str | None = None
    automatic: str | None = None
    bounced: tuple[str, ...] = ()
    sent_at: datetime | None = None


def receive_mail(db: Session, ctx: Context, mail: InboundMail, now: datetime) -> Message | None:
    """Store the mail, act on it and queue the answer by mail. Commits.

    Returns the stored message, None when this mail was handled before."""
    hold_sender(db, mail.sender or mail.sid)
    if db.scalar(select(Message.id).where(Message.sid == mail.sid)) is not None:
        return None
    message = Message(
        direction="in", channel=EMAIL, route=EMAIL, sid=mail.sid, from_number=mail.sender[:254],
        to_number=mail.to[:254], subject=mail.subject[:300], body=mail.body[:MAX_BODY],
        mail_id=(mail.mail_id or "")[:255] or None,
        references=" ".join(mail.references) or None, status="received", created_at=now,
        kind="automatic" if mail.automatic or not mail.sender else None)
    db.add(message)
    try:
        db.flush()
    except IntegrityError:  # the same mail, stored by a concurrent run
        db.rollback()
        return None
    if message.kind == "automatic":
        _automatic(db, ctx, message, mail, now)
    else:
        known = db.get(PhoneStatus, mail.sender)
        if known is not None and known.undeliverable_code is not None:
            known.undeliverable_code = None  # it writes to us: the address works after all
        _answer(db, ctx, message, mail, now)
    db.commit()
    log.info("mail in %s from %s: %s", mail.sid, mask(mail.sender),
             f"automatic ({mail.automatic})" if message.kind == "automatic"
             else f"request {message.request_id}")
    return message


def _automatic(db: Session, ctx: Context, message: Message, mail: InboundMail,
               now: datetime) -> None:
    """Kept, never answered; a delivery report fails the mail of ours it names."""
    if not mail.bounced:
        return
    ids = [b for b in mail.bounced if b.startswith("<")]
    addresses = [b for b in mail.bounced if not b.startswith("<")]
    query = select(Message).where(Message.direction == "out", Message.channel == EMAIL,
                                  Message.status.in_(("sent", "delivered")))
    mine = list(db.scalars(query.where(Message.mail_id.in_(ids)))) if ids else []
    if not mine and addresses:  # no id quoted: the latest mail to that address
        latest = db.scalar(query.where(Message.to_number.in_(addresses))
                           .order_by(Message.id.desc()).limit(1))
        mine = [latest] if latest is not None else []
    for sent in mine:
        sent.status = FAILED
        message.request_id = message.request_id or sent.request_id
        undeliverable(db, ctx, sent, Failure(bad_address=True), now)
        lifecycle.log(db, sent.request_id, now, "hotline", "mail_bounced",
                      f"le mail à {mask(sent.to_number)} n'a pas pu être remis")


def _answer(db: Session, ctx: Context, message: Message, mail: InboundMail,
            now: datetime) -> None:
    threaded = _thread_request(db, mail)
    active = threaded if threaded is not None and threaded.status in ACTIVE_STATES else None
    request = active or lifecycle.active_request_of(db, mail.sender)
    message.request_id = request.id if request else None
    had_number = request is not None and request.callback_number is not None
    answer = _decide(db, ctx, message, mail, request, now, ended=threaded)
    if answer is None:
        return
    request = db.get(Request, message.request_id) if message.request_id else None
    _queue_reply(db, ctx, message, mail, request, answer, had_number, now)


def _thread_request(db: Session, mail: InboundMail) -> Request | None:
    """The request whose mails this one answers, if any (the latest)."""
    if not mail.references:
        return None
    return db.scalar(select(Request).join(Message, Message.request_id == Request.id).where(
        Message.mail_id.in_(mail.references)).order_by(Request.id.desc()).limit(1))


def _decide(db: Session, ctx: Context, message: Message, mail: InboundMail,
            request: Request | None, now: datetime,
            ended: Request | None = None) -> Answer | None:
    """What the mail does, as conversation.handle does for an SMS; the answer.

    `ended`: the request whose thread it answers, if that one is over."""
    first = _first_words(mail.body)
    lang = request.language if request else "fr"
    if keyword(first) in OPT_OUT:
        # No more mail to this address (the outbox cancels what would go).
        status = outbox.phone_status(db, mail.sender)
        status.opted_out_at, status.opt_out_keyword, status.opt_out_sid = \
            now, keyword(first), message.sid
        lifecycle.log(db, message.request_id, now, "entrepreneur", "opted_out", "par mail")
        return None
    if is_cancel(first) or keyword(first) == "CANCEL":
        if request is None:
            return Answer("nothing_to_cancel", lang)
        lifecycle.cancel(db, ctx, request, now, "entrepreneur")
        return Answer("cancelled", lang, {"n": request.id})
    flooding = conversation.is_flooding(db, ctx, mail.sender, now, FLOOD_LIMIT,
                                        "alert_flood_mail")
    # A new mail's subject may say it all ("Rappel demain 14h"); a reply's is ours.
    words = mail.body if request is not None or REPLY_PREFIX.match(mail.subject) \
        else f"{mail.subject}\n{mail.body}"
    if not any(c.isalnum() for c in words):
        if request is not None:
            lifecycle.log(db, request.id, now, "entrepreneur", "mail_in", "(mail vide)")
        return None
    parsed = parse(words, now, ctx.tz.key)
    if request is None:
        recent = ended if ended is not None and ended.status in (CONTACTED, CLOSED) \
            else conversation.recently_ended(db, mail.sender, now)
        if recent is not None and conversation.says_not_called(mail.body):
            answer = conversation.not_called(db, ctx, message, parsed, recent, now)
            return None if flooding and not parsed.crisis else answer
        if recent is not None and conversation.says_nothing_new(parsed, mail.body, now):
            # "Merci pour l'appel" after the call: kept with that request, no new one.
            message.request_id = recent.id
            lifecycle.log(db, recent.id, now, "entrepreneur", "mail_in", mail.body)
            return None
        answer = conversation.open_request(db, ctx, message, parsed, now)
    else:
        answer = conversation.merge(db, ctx, request, message, parsed, now, flooding)
    return None if flooding and not parsed.crisis else answer


def _first_words(body: str) -> str:
    """The mail's first line that says something ("Bonjour," does not), where
    a command such as ANNULER or STOP stands."""
    lines = [line for line in body.splitlines() if line.strip()]
    return next((line for line in lines if not GREETING.match(line)), lines[0] if lines else "")


def _queue_reply(db: Session, ctx: Context, message: Message, mail: InboundMail,
                 request: Request | None, answer: Answer, had_number: bool,
                 now: datetime) -> None:
    """The answer as a mail in the outbox, threaded under the person's mail."""
    key = answer.key
    waiting = request is not None and request.callback_number is None
    if waiting and key == "crisis":
        key = "crisis_ask_number"
    elif waiting and key in ("ack", "ack_ask_when", "ack_later"):
        key = "ack_ask_number"
    elif waiting and key in ("merged", "merged_slot"):
        key = "merged_ask_number"
    elif key in ("merged", "merged_slot") and not had_number and request is not None:
        key = "number_added"
    values = _values(ctx, mail.sender, request, answer.lang, answer.values)
    subject, body = texts.mail(key, answer.lang, **values)
    if mail.subject.strip():
        subject = texts.reply_subject(mail.subject, answer.lang, **values)
    out = outbox.queue(db, mail.sender, body, now, kind="reply", channel=EMAIL,
                       request_id=message.request_id)
    out.subject = subject[:300]
    chain = [*mail.references, *([mail.mail_id] if mail.mail_id else [])]
    out.references = " ".join(dict.fromkeys(chain)) or None
    message.reply = body


def _values(ctx: Context, address: str, request: Request | None, lang: str,
            given: dict[str, object]) -> dict[str, object]:
    callback = national(request.callback_number) if request and request.callback_number else ""
    on = " on " if lang == "en" else " au "
    return {"hotline": ctx.name, "line": national(ctx.number) if ctx.number else "",
            "address": address, "callback": callback,
            "at_callback": f"{on}{callback}" if callback else "", **given}


def tell(db: Session, ctx: Context, request: Request, key: str, now: datetime, *,
         kind: str) -> Message:
    """Write to a person who came by mail about their request (a coach tried
    to call, ...): the mail `key` of dispatch.texts, queued, threaded under
    the last mail they sent."""
    last = db.scalar(select(Message).where(
        Message.request_id == request.id, Message.direction == "in", Message.channel == EMAIL,
        Message.kind.is_(None), Message.mail_id.is_not(None)).order_by(Message.id.desc()).limit(1))
    values = _values(ctx, request.sender or "", request, request.language, {"n": request.id})
    subject, body = texts.mail(key, request.language, **values)
    if last is not None and (last.subject or "").strip():
        subject = texts.reply_subject(last.subject or "", request.language, **values)
    out = outbox.queue(db, request.sender or "", body, now, kind=kind, channel=EMAIL,
                       request_id=request.id)
    out.subject = subject[:300]
    if last is not None:
        chain = [*(last.references or "").split(), last.mail_id or ""]
        out.references = " ".join(dict.fromkeys(c for c in chain if c)) or None
    return out


def keep_unreadable(db: Session, raw: bytes, why: str, now: datetime) -> None:
    """Keep a mail that could not be read or handled, so that it is shown
    and never lost (its copy stays in the mailbox, unmarked). Commits."""
    import hashlib
    sid = "mail-x-" + hashlib.sha256(raw).hexdigest()[:40]
    if db.scalar(select(Message.id).where(Message.sid == sid)) is not None:
        return
    text = raw.decode("utf-8", "replace")
    sender = re.search(r"^From:.*?([\w.+-]+@[\w-]+(?:\.[\w-]+)+)", text, re.M | re.I)
    db.add(Message(direction="in", channel=EMAIL, route=EMAIL, sid=sid, status="unreadable",
                   kind="unreadable", body=text[:MAX_BODY], created_at=now, error_code=None,
                   from_number=sender.group(1).lower()[:254] if sender else None))
    lifecycle.log(db, None, now, "hotline", "mail_unreadable",
                  f"un mail n'a pas pu être lu ({why[:200]}) : il reste dans la boîte")
    db.commit()
