"""Data retention: personal data is erased once it is no longer needed.

A request closed or cancelled more than RETENTION_DAYS ago (by `closed_at`),
or left in progress with no activity for RETENTION_DAYS (closed first, the
coordinators told the night before: dispatch.inactivity),
is anonymised: what the monthly report needs stays (request number, times,
deadline, status, topic, language, crisis flag, offers, escalations, the
timeline's kinds and actors), and everything that says who the person was
goes:

- the request's name, sender (a number or an e-mail address), callback number,
  phones, e-mails and slots;
- every message linked to it, in and out, SMS or mail: body, TwiML reply, a
  mail's subject, Message-ID and References erased, and the entrepreneur's
  side of the conversation (any number or address that is not the hotline's,
  a coach's or a coordinator's) set to NULL; each inbound mail's copy in the
  hotline's mailbox is queued for deletion first (dispatch.retention_mail);
- messages linked to no request and older than the cutoff (a STOP, a help
  request, a coach's "OK 12" and the reply that quoted the person's number, a
  mail that opened nothing): scrubbed the same way, mailbox copies included;
- timeline details, except those of kinds known to hold no personal data;
  actors that are a (masked) number become "entrepreneur";
- the phone_status rows of the person's numbers and e-mail addresses, unless
  another request still in retention uses the number, or the number opted out. An opt-out row is
  KEPT on purpose: it holds the bare number and the date, nothing else, and
  without it Rappel would text again someone who answered STOP (the law
  requires honouring an opt-out; the number is the only way to do it).

dispatch.erasure does the same at once for a person who asks (from the
dashboard, after a confirmation).

Callers commit. Both are idempotent: an anonymised request is not counted again.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, delete, or_, select, update
from sqlalchemy.orm import Session

from dispatch import inactivity, lifecycle, retention_mail
from dispatch.db import one_of
from dispatch.hotline import load_context
from dispatch.models import (
    CANCELLED,
    CLOSED,
    CONTACTED,
    ClockState,
    Coach,
    Coordinator,
    Event,
    Hotline,
    Message,
    PhoneStatus,
    Request,
)

log = logging.getLogger(__name__)
ENTREPRENEUR = "entrepreneur"
PURGE_AT = time(3, 0)  # local time: the quietest hour of the hotline
# Timeline kinds whose detail is written by Rappel and names no entrepreneur.
SAFE_KINDS = frozenset({
    "opened", "offered", "offer_expired", "accepted", "declined", "contacted", "closed",
    "cancelled", "reassigned", "escalated", "crisis", "call_failed", "opted_out",
    "anonymised", "erased", "purge_notice",
})


@dataclass
class PurgeReport:
    """What a purge anonymised (or, in a dry run, would anonymise)."""
    cutoff: datetime
    dry_run: bool
    requests: list[int] = field(default_factory=list)
    inactive: list[int] = field(default_factory=list)  # of `requests`: closed for inactivity
    messages: int = 0
    mail_copies: int = 0   # inbound mails whose mailbox copy is queued for deletion
    events: int = 0
    phone_numbers: int = 0

    def __str__(self) -> str:
        verb = "would anonymise" if self.dry_run else "anonymised"
        numbers = ", ".join(str(n) for n in self.requests[:50]) or "none"
        more = f" (+{len(self.requests) - 50} more)" if len(self.requests) > 50 else ""
        inactive = (f"  of which closed after no activity since then: "
                    f"{', '.join(str(n) for n in self.inactive[:50])}\n" if self.inactive else "")
        return (f"{verb} {len(self.requests)} request(s) closed before "
                f"{self.cutoff:%Y-%m-%d %H:%M} UTC: {numbers}{more}\n{inactive}"
                f"  messages: {self.messages}, mailbox copies: {self.mail_copies}, "
                f"timeline details: {self.events}, "
                f"phone statuses: {self.phone_numbers}")


def staff_numbers(db: Session) -> set[str]:
    """Numbers (and addresses) that are not an entrepreneur's: hotline, coaches,
    coordinators."""
    numbers = set(db.scalars(select(Coach.mobile))) | set(db.scalars(select(Coordinator.mobile)))
    numbers |= set(db.scalars(select(Coordinator.email)))
    numbers |= {n.replace(" ", "") for n in db.scalars(select(Hotline.number))}
    return numbers


def numbers_of(requests: list[Request]) -> set[str]:
    """The people's numbers and e-mail addresses (those in lower case too)."""
    found: set[str] = set()
    for request in requests:
        found |= {n for n in (request.sender, request.callback_number) if n}
        found |= set(request.phones or []) | retention_mail.addresses_of(request)
    return found


def due(db: Session, cutoff: datetime) -> list[Request]:
    """Closed, cancelled or contacted before `cutoff`, and not yet anonymised.

    A contacted request is the usual happy ending: nobody closes it by hand,
    so its contact time starts the retention period."""
    ended = ((one_of(Request.status, (CLOSED, CANCELLED)) & (Request.closed_at < cutoff))
             | ((Request.status == CONTACTED) & (Request.contacted_at < cutoff)))
    return list(db.scalars(select(Request).where(ended, Request.anonymised_at.is_(None))
                           .order_by(Request.id)))


def linked_messages(db: Session, ids: list[int]) -> list[Message]:
    return list(db.scalars(select(Message).where(Message.request_id.in_(ids)))) if ids else []


def _loose_messages(db: Session, before: datetime, staff: set[str]) -> list[Message]:
    """Old messages linked to no request that still hold a body or a person's number
    (those scrubbed on an earlier night are not read again)."""
    people = sorted(staff)
    return list(db.scalars(select(Message).where(
        Message.request_id.is_(None), Message.created_at < before,
        or_(Message.body.is_not(None), Message.reply.is_not(None),
            Message.subject.is_not(None), Message.mail_id.is_not(None),
            Message.references.is_not(None),
            Message.from_number.is_not(None) & Message.from_number.not_in(people),
            Message.to_number.is_not(None) & Message.to_number.not_in(people)))))


def scrub_message(message: Message, staff: set[str]) -> None:
    """Erase what a message says and who it was with; queue_copies comes first."""
    message.body, message.reply = None, None
    retention_mail.scrub_mail(message)
    if message.from_number not in staff:
        message.from_number = None
    if message.to_number not in staff:
        message.to_number = None
    if message.direction == "out" and message.status in ("queued", "sending"):
        message.status, message.next_attempt_at = "cancelled", None


def _events(db: Session, ids: list[int], before: datetime | None) -> list[Event]:
    """Timeline lines of `ids` (and, with `before`, loose older ones) that need scrubbing."""
    clauses: list[ColumnElement[bool]] = [Event.request_id.in_(ids)] if ids else []
    if before is not None:
        # Loose lines are many and mostly harmless: only those that may not be are read.
        clauses.append(Event.request_id.is_(None) & (Event.at < before) & or_(
            (Event.detail != "") & Event.kind.not_in(SAFE_KINDS),
            Event.actor.like("+%"), Event.actor.like("%•%"), Event.actor.like("%@%")))
    if not clauses:
        return []
    rows = db.scalars(select(Event).where(or_(*clauses)))
    return [e for e in rows if _event_personal(e)]


def _event_personal(event: Event) -> bool:
    return bool((event.detail and event.kind not in SAFE_KINDS) or _looks_like_number(event.actor))


def _looks_like_number(actor: str | None) -> bool:
    if not actor:
        return False
    return (actor.startswith("+") or "•" in actor or "@" in actor
            or sum(c.isdigit() for c in actor) >= 6)


def _scrub_event(event: Event) -> None:
    if event.kind not in SAFE_KINDS:
        event.detail = ""
    if _looks_like_number(event.actor):
        event.actor = ENTREPRENEUR


def _phone_rows(db: Session, numbers: set[str], keep_ids: list[int]) -> list[str]:
    """Status rows to drop: not opted out, and no other request still uses the number."""
    if not numbers:
        return []
    rows = list(db.scalars(select(PhoneStatus).where(PhoneStatus.number.in_(numbers),
                                                     PhoneStatus.opted_out_at.is_(None))))
    still_used = numbers_of(list(db.scalars(select(Request).where(
        Request.anonymised_at.is_(None), Request.id.not_in(keep_ids or [0]),
        or_(Request.sender.in_(numbers), Request.callback_number.in_(numbers))))))
    return [row.number for row in rows if row.number not in still_used]


def anonymise(db: Session, requests: list[Request], now: datetime, loose_before: datetime | None,
               dry_run: bool, report: PurgeReport, spare: frozenset[int] = frozenset()
               ) -> PurgeReport:
    """Scrub `requests` and what goes with them; messages whose id is in `spare` stay."""
    staff = staff_numbers(db)
    ids = [r.id for r in requests]
    messages = [m for m in linked_messages(db, ids) if m.id not in spare]
    if loose_before is not None:
        messages += _loose_messages(db, loose_before, staff)
    events = _events(db, ids, loose_before)
    phones = _phone_rows(db, numbers_of(requests) - staff, ids)
    report.requests, report.messages = ids, len(messages)
    report.events, report.phone_numbers = len(events), len(phones)
    report.mail_copies = len(set(retention_mail.mailbox_copies(messages)))
    if dry_run:
        return report
    retention_mail.queue_copies(db, messages, now)
    for message in messages:
        scrub_message(message, staff)
    for event in events:
        _scrub_event(event)
    if phones:
        db.execute(delete(PhoneStatus).where(PhoneStatus.number.in_(phones)))
    if ids:
        db.execute(update(Request).where(Request.id.in_(ids)).values(
            name=None, sender=None, callback_number=None, phones=[], emails=[], slots=[],
            anonymised_at=now))
    db.flush()
    return report


def purge(db: Session, now: datetime, retention_days: int, dry_run: bool = False) -> PurgeReport:
    """Anonymise what is older than the retention period; a dry run changes nothing.

    Requests in progress untouched for the period are closed first, once the
    coordinators were told the night before (inactivity.warn)."""
    cutoff = now - timedelta(days=retention_days)
    stale = inactivity.due(db, now, retention_days)
    notices: frozenset[int] = frozenset()
    if not dry_run and stale:
        ids = [r.id for r in stale]
        before = {m.id for m in linked_messages(db, ids)}
        inactivity.close(db, stale, now)
        db.flush()
        # The coach's "request N withdrawn" quotes only the number: it must go out.
        notices = frozenset(m.id for m in linked_messages(db, ids)) - before
    requests = sorted(due(db, cutoff) + stale, key=lambda r: r.id)
    report = anonymise(db, requests, now, cutoff, dry_run, PurgeReport(cutoff, dry_run),
                        notices)
    report.inactive = [r.id for r in stale]
    if not dry_run:
        for request_id in report.requests:
            why = "without activity" if request_id in report.inactive else ""
            lifecycle.log(db, request_id, now, "clock", "anonymised",
                          f"personal data erased after {retention_days} days {why}".strip())
    return report


def nightly(db: Session, state: ClockState, now: datetime, tz: ZoneInfo,
            retention_days: int) -> PurgeReport | None:
    """The clock's job: purge once a local day, from 03:00, then tell the
    coordinators which requests in progress the next night's purge closes;
    None when not due. Commits.

    Meant for scheduling.tick, next to jobs.daily_summary:
        done["purged"] = bool(retention.nightly(db, state, now, ctx.tz, days))"""
    local = now.astimezone(tz)
    today = local.date().isoformat()
    if local.time() < PURGE_AT or state.last_purge_on == today:
        return None
    state.last_purge_on = today
    report = purge(db, now, retention_days)
    ctx = load_context(db, secret="", base_url="", default_tz=tz.key)
    inactivity.warn(db, ctx, now, retention_days)
    db.commit()
    log.info("retention: anonymised %d request(s), %d message(s)",
             len(report.requests), report.messages)
    return report
