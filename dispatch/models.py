"""The stored state of the hotline: SQLAlchemy 2.x typed models.

Times are timezone-aware UTC in Python. `UTCDateTime` stores them as naive UTC
on SQLite (which has no time zone type) and as timestamptz on PostgreSQL, and
always gives back aware datetimes, so comparisons never mix naive and aware.
"""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class UTCDateTime(TypeDecorator):
    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the database")
        value = value.astimezone(timezone.utc)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc)


class Base(DeclarativeBase):
    type_annotation_map = {datetime: UTCDateTime, dict[str, Any]: JSON, list[Any]: JSON}


# Request states (the lifecycle of spec/service.md).
OPEN, OFFERED, ACCEPTED, CONTACTED, CLOSED, CANCELLED = (
    "open", "offered", "accepted", "contacted", "closed", "cancelled")
ACTIVE_STATES = (OPEN, OFFERED, ACCEPTED)
STATES = (OPEN, OFFERED, ACCEPTED, CONTACTED, CLOSED, CANCELLED)


class Hotline(Base):
    __tablename__ = "hotline"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    number: Mapped[str] = mapped_column(String(20))
    timezone: Mapped[str] = mapped_column(String(64), default="Europe/Paris")
    calling_start: Mapped[str] = mapped_column(String(5), default="08:00")
    calling_end: Mapped[str] = mapped_column(String(5), default="21:00")
    # No SMS to coordinators in these hours, outside a crisis.
    quiet_start: Mapped[str] = mapped_column(String(5), default="21:00")
    quiet_end: Mapped[str] = mapped_column(String(5), default="08:00")
    crisis_deadline_minutes: Mapped[int] = mapped_column(Integer, default=60)


class Coordinator(Base):
    __tablename__ = "coordinators"
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    mobile: Mapped[str] = mapped_column(String(20), index=True)
    email: Mapped[str] = mapped_column(String(200), unique=True)
    # {"0": [["08:00", "20:00"]], ...} keyed by weekday, Monday = 0.
    on_call: Mapped[dict[str, Any]] = mapped_column(default=dict)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    password_hash: Mapped[str | None] = mapped_column(String(255))
    # Place in the roster: crisis pages climb in this order.
    rank: Mapped[int] = mapped_column(Integer, default=0)
    # Each login session carries the version it began with; logging out moves
    # it on, which ends every session of this coordinator (cookies included).
    session_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class Coach(Base):
    __tablename__ = "coaches"
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    mobile: Mapped[str] = mapped_column(String(20), unique=True)
    languages: Mapped[list[Any]] = mapped_column(default=list)
    topics: Mapped[list[Any]] = mapped_column(default=list)
    availability: Mapped[dict[str, Any]] = mapped_column(default=dict)
    max_active: Mapped[int] = mapped_column(Integer, default=3)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Set by the coach's PAUSE / DISPO, never by the roster sync.
    paused: Mapped[bool] = mapped_column(Boolean, default=False)
    # "PAUSE jusqu'au 4 janvier": when the pause ends by itself (00:00 local
    # the day after; dispatch.pauses), "PAUSE 2h": that very moment; None for a
    # pause until DISPO.
    paused_until: Mapped[datetime | None]
    last_offered_at: Mapped[datetime | None]
    # Trained for suicide-risk listening: offered crises first, at any hour.
    crisis: Mapped[bool] = mapped_column(Boolean, default=False)
    # The organisation the coach answers for (the monthly review's "by partner").
    partner: Mapped[str | None] = mapped_column(String(64))

    @property
    def first_name(self) -> str:
        return self.name.split()[0]


class Request(Base):
    """A callback request: its number is the primary key people quote."""
    __tablename__ = "requests"
    id: Mapped[int] = mapped_column(primary_key=True)
    status: Mapped[str] = mapped_column(String(16), default=OPEN)
    received_at: Mapped[datetime]
    deadline: Mapped[datetime]
    # The person's address: an E.164 number, or an e-mail address (254 is
    # the longest an SMTP path allows).
    sender: Mapped[str | None] = mapped_column(String(254), index=True)
    # The channel the request came by: "sms" or "email" (replies go back on it).
    channel: Mapped[str] = mapped_column(String(8), default="sms", server_default="sms")
    callback_number: Mapped[str | None] = mapped_column(String(32))
    name: Mapped[str | None] = mapped_column(String(200))
    phones: Mapped[list[Any]] = mapped_column(default=list)
    emails: Mapped[list[Any]] = mapped_column(default=list)
    # [{"start": iso, "end": iso}, ...] as parsed, in the hotline's zone.
    slots: Mapped[list[Any]] = mapped_column(default=list)
    flexible: Mapped[bool] = mapped_column(Boolean, default=False)
    topic: Mapped[str | None] = mapped_column(String(32))
    language: Mapped[str] = mapped_column(String(8), default="fr")
    crisis: Mapped[bool] = mapped_column(Boolean, default=False)
    coach_id: Mapped[int | None] = mapped_column(ForeignKey("coaches.id"))
    accepted_at: Mapped[datetime | None]
    contacted_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    # Offers go round the eligible coaches; a coach is offered a request at
    # most once per round (an expired offer passes them over for this round only).
    round: Mapped[int] = mapped_column(Integer, default=1)
    # The coordinator who took the request in hand (PRIS N, 1 on a page call, "Je prends").
    taken_by_id: Mapped[int | None] = mapped_column(ForeignKey("coordinators.id"))
    taken_at: Mapped[datetime | None]
    # The coach's words about the call (FAIT N words, or a free SMS while holding it).
    note: Mapped[str | None] = mapped_column(Text)
    # Why a request was closed when it was not contacted: "unreachable", ...
    closed_reason: Mapped[str | None] = mapped_column(String(32))
    # When the clock should next look at this request (offer, reminder...).
    next_check_at: Mapped[datetime | None]
    anonymised_at: Mapped[datetime | None]

    coach: Mapped[Coach | None] = relationship()
    taken_by: Mapped[Coordinator | None] = relationship()

    __table_args__ = (
        Index("ix_requests_status_deadline", "status", "deadline"),
        Index("ix_requests_status_next_check", "status", "next_check_at"),
        Index("ix_requests_closed_at", "closed_at"),
    )

    @property
    def number(self) -> int:
        return self.id

    @property
    def first_name(self) -> str | None:
        return self.name.split()[0] if self.name else None


class Offer(Base):
    __tablename__ = "offers"
    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("requests.id"), index=True)
    coach_id: Mapped[int] = mapped_column(ForeignKey("coaches.id"), index=True)
    # pending, accepted, declined, expired, withdrawn
    status: Mapped[str] = mapped_column(String(16), default="pending")
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    answered_at: Mapped[datetime | None]
    reason: Mapped[str | None] = mapped_column(Text)
    # The request's round this offer belongs to.
    round: Mapped[int] = mapped_column(Integer, default=1)
    # When its SMS was accepted by the carrier (or the coach opened the link):
    # the time to answer runs from then, not from the offer's creation.
    sent_at: Mapped[datetime | None]

    request: Mapped[Request] = relationship()
    coach: Mapped[Coach] = relationship()

    __table_args__ = (
        Index("ix_offers_status_expires", "status", "expires_at"),
    )


class Message(Base):
    """A message in or out (an SMS, a page's phone call). Outbound rows are
    the outbox the sender sends from."""
    __tablename__ = "messages"
    id: Mapped[int] = mapped_column(primary_key=True)
    direction: Mapped[str] = mapped_column(String(3))  # "in" | "out"
    # "sms" | "call" (a page: the body is what the call says) | "email"
    channel: Mapped[str] = mapped_column(String(8), default="sms")
    # The route it came in or went out by (SMS_BACKEND's name: "twilio",
    # "sms-gateway", "ovh", "console"); NULL for rows older than routes and
    # for replies given in a webhook's answer.
    route: Mapped[str | None] = mapped_column(String(16))
    sid: Mapped[str | None] = mapped_column(String(64), unique=True)
    # A phone number, or an e-mail address for channel "email".
    from_number: Mapped[str | None] = mapped_column(String(254))
    to_number: Mapped[str | None] = mapped_column(String(254))
    body: Mapped[str | None] = mapped_column(Text)
    # E-mail only: the subject, this mail's Message-ID (ours for outbound,
    # the sender's for inbound), and the ids it answers (References, space
    # separated, the last one being In-Reply-To) that thread a conversation.
    subject: Mapped[str | None] = mapped_column(String(300))
    mail_id: Mapped[str | None] = mapped_column(String(255), index=True)
    references: Mapped[str | None] = mapped_column(Text)
    # in: received; out: queued, sending, sent, delivered, undelivered, failed, cancelled
    status: Mapped[str] = mapped_column(String(16))
    error_code: Mapped[int | None] = mapped_column(Integer)
    kind: Mapped[str | None] = mapped_column(String(32))
    request_id: Mapped[int | None] = mapped_column(ForeignKey("requests.id"), index=True)
    offer_id: Mapped[int | None] = mapped_column(ForeignKey("offers.id"))
    created_at: Mapped[datetime]
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None]
    sent_at: Mapped[datetime | None]
    # The TwiML reply given to an inbound message, replayed on a repeated sid.
    reply: Mapped[str | None] = mapped_column(Text)
    # Outbound: when the last attempt to hand it to the carrier began (the
    # window in which to look for it when that attempt's outcome is unknown).
    attempted_at: Mapped[datetime | None]
    # Inbound: when its reply was handed over, as the webhook's answer in
    # Twilio's time or queued as an SMS. NULL while nobody knows that the
    # person got it (the webhook died or finished after Twilio gave up):
    # reconciliation then sends the reply by SMS.
    handled_at: Mapped[datetime | None]

    __table_args__ = (
        Index("ix_messages_outbox", "status", "next_attempt_at"),
        Index("ix_messages_from_created", "from_number", "created_at"),
        Index("ix_messages_to_created", "to_number", "created_at"),
    )


class Event(Base):
    """One line of a request's timeline: who did what, when."""
    __tablename__ = "events"
    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int | None] = mapped_column(ForeignKey("requests.id"), index=True)
    at: Mapped[datetime]
    actor: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(32))
    detail: Mapped[str] = mapped_column(Text, default="")


class Escalation(Base):
    """An escalation step taken for a request; unique so each happens once."""
    __tablename__ = "escalations"
    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("requests.id"))
    kind: Mapped[str] = mapped_column(String(32))
    at: Mapped[datetime]
    __table_args__ = (UniqueConstraint("request_id", "kind", name="uq_escalations_request_kind"),)


class Alert(Base):
    """Something the coordinators must be told, waiting for the right moment.

    Alerts are not SMS yet: the clock delivers them to whoever is on call,
    never in quiet hours outside a crisis, several due together merged into
    one SMS per coordinator. `to_id` narrows an alert to one coordinator (the
    one who took the request in hand)."""
    __tablename__ = "alerts"
    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int | None] = mapped_column(ForeignKey("requests.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    # The values the text quotes, fixed when the alert was raised.
    values: Mapped[dict[str, Any]] = mapped_column(default=dict)
    crisis: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime]
    due_at: Mapped[datetime]
    to_id: Mapped[int | None] = mapped_column(ForeignKey("coordinators.id"))
    delivered_at: Mapped[datetime | None]
    # "sent", or why it was dropped ("resolved", "taken").
    outcome: Mapped[str | None] = mapped_column(String(16))

    __table_args__ = (Index("ix_alerts_pending", "delivered_at", "due_at"),)


class PhoneStatus(Base):
    """What the hotline knows of a number: opted out, unreachable, flooding."""
    __tablename__ = "phone_status"
    # A phone number, or an e-mail address (flooding and opt-outs by mail).
    number: Mapped[str] = mapped_column(String(254), primary_key=True)
    opted_out_at: Mapped[datetime | None]
    opt_out_keyword: Mapped[str | None] = mapped_column(String(32))
    opt_out_sid: Mapped[str | None] = mapped_column(String(64))
    undeliverable_code: Mapped[int | None] = mapped_column(Integer)
    undeliverable_at: Mapped[datetime | None]
    flood_alerted_at: Mapped[datetime | None]


class MailErasure(Base):
    """A mail whose copy in the hotline's mailbox must go (a request erased
    or purged): the e-mail route's clock job deletes it there, then the row."""
    __tablename__ = "mail_erasures"
    id: Mapped[int] = mapped_column(primary_key=True)
    mail_id: Mapped[str] = mapped_column(String(255))
    queued_at: Mapped[datetime]


class ClockState(Base):
    """Single-row bookkeeping of the clock (last tick, last daily summary,
    reconciliation's cursor, the sender's heartbeat)."""
    __tablename__ = "clock_state"
    id: Mapped[int] = mapped_column(primary_key=True)
    last_tick_at: Mapped[datetime | None]
    last_summary_on: Mapped[str | None] = mapped_column(String(10))
    last_purge_on: Mapped[str | None] = mapped_column(String(10))
    last_reconcile_at: Mapped[datetime | None]
    # Reconciliation has handled every inbound message up to this one
    # (Twilio's date_sent, then its sid): the next run lists from there.
    reconcile_cursor_at: Mapped[datetime | None]
    reconcile_cursor_sid: Mapped[str | None] = mapped_column(String(64))
    # Never further back than this: RECONCILE_SINCE, or its first run.
    reconcile_from: Mapped[datetime | None]
    # The sender's heartbeat (deciding and sending run apart) and what it
    # knows of each route: {"sms": {"state": "ok" | "resting", ...}}.
    sender_at: Mapped[datetime | None]
    routes: Mapped[dict[str, Any]] = mapped_column(default=dict)
    # The SMS route's own view of itself, written by its clock job
    # (channels.base.RouteState): a phone not answering, credit running low.
    route_state: Mapped[dict[str, Any] | None] = mapped_column(JSON)
