"""The neutral vocabulary of routes: what the domain and the sender know.

A person is reached at an *address* (an E.164 phone number, or an e-mail
address) on a *channel* ("sms", "call", "email"). An outbound message is
handed to a `Transport`, which answers with the provider's id for it or
raises `SendError`; what the provider reports later is a `Report`. None of
these carries a provider's own words: each route package maps its codes and
statuses onto them.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Protocol

SMS, CALL, EMAIL = "sms", "call", "email"
CHANNELS = (SMS, CALL, EMAIL)

# Outbound statuses, in the order a message moves through them; a report
# never moves a message back (reports arrive out of order).
QUEUED, SENDING, SENT, DELIVERED, UNDELIVERED, FAILED = (
    "queued", "sending", "sent", "delivered", "undelivered", "failed")
ORDER = {QUEUED: 0, SENDING: 1, SENT: 2, DELIVERED: 3, UNDELIVERED: 3, FAILED: 3}
FAILED_STATES = (UNDELIVERED, FAILED)

# Clocks differ: an unknown outcome is looked for from a little before the attempt.
LOOK_BACK = timedelta(minutes=2)


@dataclass(frozen=True)
class Failure:
    """Why a message did not arrive, in the domain's terms.

    `code` is the provider's own number for it, kept for the people who read
    alerts and logs; `bad_address`: this address cannot receive on this
    channel (the number is marked undeliverable, whatever the route);
    `opted_out`: the person asked for no more messages; `transient`: the
    address could not be reached now (a handset switched off or out of
    reach) and may be later: the message is sent again."""
    code: int | None = None
    bad_address: bool = False
    opted_out: bool = False
    transient: bool = False


class SendError(Exception):
    """A send that failed.

    `permanent`: retrying cannot help. `opted_out`: the person asked the
    carrier for no more messages (permanent). `unknown`: the message may
    have left all the same, so the carrier is asked before it is tried
    again. `bad_address` defaults to `permanent` (a route that fails for
    good for a number marks it undeliverable); a permanent failure of the
    route itself (its settings) says `bad_address=False`. `route_down`: the
    route cannot be reached at all (a phone switched off): the attempt is
    not counted, and the message waits in the outbox."""

    def __init__(self, message: str, *, permanent: bool, opted_out: bool = False,
                 unknown: bool = False, bad_address: bool | None = None,
                 route_down: bool = False, code: int | None = None) -> None:
        super().__init__(message)
        self.permanent = permanent or opted_out
        self.opted_out = opted_out
        self.unknown = unknown and not self.permanent
        self.bad_address = self.permanent and (bad_address if bad_address is not None
                                               else not opted_out)
        self.route_down = route_down and not self.permanent
        self.code = code

    @property
    def failure(self) -> Failure:
        return Failure(self.code, self.bad_address, self.opted_out)


@dataclass(frozen=True)
class Outgoing:
    """One outbound message as a route sees it: an outbox row's attempt.

    `key` names this attempt uniquely ("rappel-12-3"): a provider that takes a
    client reference is given it, and can be asked for it after an unknown
    outcome."""
    id: int
    attempt: int
    channel: str
    to: str
    body: str
    request_id: int | None = None
    # E-mail: the subject, the ids of the mails it answers (In-Reply-To
    # last), and the row's kind (an answer to the person's mail is marked
    # automatic, RFC 3834).
    subject: str | None = None
    references: tuple[str, ...] = ()
    kind: str | None = None

    @property
    def key(self) -> str:
        return f"rappel-{self.id}-{self.attempt}"


@dataclass(frozen=True)
class Found:
    """A message the carrier holds: its id and when it took it."""
    sid: str
    at: datetime


@dataclass(frozen=True)
class Report:
    """What a provider says later about a message it took (`sid`)."""
    sid: str
    status: str                      # one of ORDER's keys
    failure: Failure | None = None   # with UNDELIVERED or FAILED


@dataclass(frozen=True)
class CarrierWords:
    """Words a carrier acts on itself before Rappel sees the SMS.

    `opt_out`: it blocks the number and confirms (Rappel records the opt-out
    and stays silent); `opt_in`: it unblocks; `answers`: it replies itself
    (Rappel stays silent). A route whose carrier does none of this has empty
    sets, and Rappel confirms STOP itself."""
    opt_out: frozenset[str] = frozenset()
    opt_in: frozenset[str] = frozenset()
    answers: frozenset[str] = frozenset()


NO_CARRIER_WORDS = CarrierWords()


class Transport(Protocol):
    """Sends outbound messages on the channels it carries."""
    name: str
    channels: frozenset[str]

    def send(self, out: Outgoing) -> str:
        """Hand `out` to the provider; its id for it. Raises SendError."""
        ...

    def find_sent(self, out: Outgoing, since: datetime) -> list[Found]:
        """What the provider took for `out`'s last attempt since `since`.
        Raises SendError when the provider cannot be asked."""
        ...


@dataclass
class RouteState:
    """A route's own view of itself for /healthz and the dashboard (a phone
    that stopped answering, an account running out of credit)."""
    name: str
    state: str = "ok"                      # ok | unreachable | warning
    detail: str = ""
    checked_at: datetime | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "state": self.state, "detail": self.detail,
                "checked_at": self.checked_at.isoformat() if self.checked_at else None,
                **self.extra}


def no_voice(out: Outgoing, route: str) -> SendError:
    """A call on a route that cannot ring a phone: failed for good, but the
    number is not to blame (the page's SMS goes all the same)."""
    return SendError(f"no voice on the {route} route: call {out.id} not placed",
                     permanent=True, bad_address=False)


class Routes:
    """The SMS route and the e-mail route beside it, as one Transport: each
    message goes by the route that carries its channel (the first given wins)."""

    def __init__(self, *transports: Transport) -> None:
        self.transports = transports
        self.name = transports[0].name
        self.by_channel: dict[str, Transport] = {}
        for transport in transports:
            for channel in transport.channels:
                self.by_channel.setdefault(channel, transport)
        self.channels = frozenset(self.by_channel)

    def route_for(self, channel: str) -> Transport:
        """The transport for `channel`; the first one when none carries it
        (it refuses the message, as a lone transport would)."""
        return self.by_channel.get(channel, self.transports[0])

    def send(self, out: Outgoing) -> str:
        return self.route_for(out.channel).send(out)

    def find_sent(self, out: Outgoing, since: datetime) -> list[Found]:
        return self.route_for(out.channel).find_sent(out, since)


def route_for(transport: Transport, channel: str) -> Transport:
    """The transport that carries `channel` (itself when it is not Routes)."""
    return transport.route_for(channel) if isinstance(transport, Routes) else transport
