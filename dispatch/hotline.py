"""The hotline as the decision code sees it: its zone, hours and people."""
from __future__ import annotations

import base64
import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from dispatch.localtime import in_plan
from dispatch.models import Coach, Coordinator, Hotline
from dispatch.outbox import blocked_numbers


@dataclass(frozen=True)
class Context:
    """What decisions need besides the database and `now`."""
    name: str
    number: str
    tz: ZoneInfo
    calling: tuple[str, str]
    ack_timeout: timedelta
    secret: str
    base_url: str
    quiet: tuple[str, str] = ("21:00", "08:00")
    crisis_deadline: timedelta = timedelta(minutes=60)

    def offer_link(self, offer_id: int) -> str:
        return f"{self.base_url}/o/{offer_token(self.secret, offer_id)}"


def load_context(db: Session, *, secret: str, base_url: str, ack_timeout_minutes: int = 30,
                 default_tz: str = "Europe/Paris") -> Context:
    row = db.scalar(select(Hotline).limit(1))
    if row is None:
        return Context("Rappel", "", ZoneInfo(default_tz), ("08:00", "21:00"),
                       timedelta(minutes=ack_timeout_minutes), secret, base_url)
    return Context(row.name, row.number, ZoneInfo(row.timezone),
                   (row.calling_start, row.calling_end),
                   timedelta(minutes=ack_timeout_minutes), secret, base_url,
                   (row.quiet_start, row.quiet_end),
                   timedelta(minutes=row.crisis_deadline_minutes))


def _mac(secret: str, what: str) -> str:
    mac = hmac.new(secret.encode(), what.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(mac).decode()[:12]


def offer_token(secret: str, offer_id: int) -> str:
    """A short signed token naming an offer: "<id>.<12 chars of HMAC>"."""
    return f"{offer_id}.{_mac(secret, f'offer:{offer_id}')}"


def page_token(secret: str, request_id: int, coordinator_id: int) -> str:
    """The signed token of a page's link: "<request>-<coordinator>.<HMAC>"."""
    return f"{request_id}-{coordinator_id}.{_mac(secret, f'page:{request_id}:{coordinator_id}')}"


def check_page_token(secret: str, token: str) -> tuple[int, int] | None:
    """(request id, coordinator id) of a genuine page token, else None."""
    head, _, _ = token.partition(".")
    first, _, second = head.partition("-")
    if not (first.isascii() and first.isdigit() and second.isascii() and second.isdigit()) \
            or len(head) > 24:
        return None
    ids = int(first), int(second)
    return ids if hmac.compare_digest(page_token(secret, *ids), token) else None


def check_offer_token(secret: str, token: str) -> int | None:
    """The offer id of a genuine token, None for a forged or garbled one."""
    head, _, _ = token.partition(".")
    # ASCII digits only ("١٢" is a digit to Python) and a sane length.
    if not (head.isascii() and head.isdigit()) or len(head) > 12:
        return None
    return int(head) if hmac.compare_digest(offer_token(secret, int(head)), token) else None


# Asked for every SMS received and every alert or page: built once.
_COORDINATORS = (select(Coordinator).where(Coordinator.active.is_(True))
                 .order_by(Coordinator.rank, Coordinator.id))
_COACH_BY_MOBILE = select(Coach).where(Coach.mobile == bindparam("mobile"))
_COORDINATOR_BY_MOBILE = select(Coordinator).where(Coordinator.mobile == bindparam("mobile"),
                                                   Coordinator.active.is_(True))


def reachable(db: Session) -> list[Coordinator]:
    """Active coordinators who can get an SMS (not opted out), in the roster's order."""
    blocked = blocked_numbers(db)
    return [c for c in db.scalars(_COORDINATORS) if c.mobile not in blocked]


def on_call(db: Session, now: datetime, tz: ZoneInfo) -> list[Coordinator]:
    """Reachable coordinators on call at `now`, in the roster's order; may be empty
    (alerts then wait for the next on-call window)."""
    return [c for c in reachable(db) if in_plan(c.on_call, now, tz)]


def who(db: Session, number: str) -> Coach | Coordinator | None:
    """The coach or coordinator with this mobile, or None for an entrepreneur."""
    coach = db.scalar(_COACH_BY_MOBILE, {"mobile": number})
    if coach is not None:
        return coach
    return db.scalar(_COORDINATOR_BY_MOBILE, {"mobile": number})
