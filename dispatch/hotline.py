"""The hotline as the decision code sees it: its zone, hours and people."""
from __future__ import annotations

import hashlib
import hmac
import base64
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
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


def offer_token(secret: str, offer_id: int) -> str:
    """A short signed token naming an offer: "<id>.<10 chars of HMAC>"."""
    mac = hmac.new(secret.encode(), f"offer:{offer_id}".encode(), hashlib.sha256).digest()
    return f"{offer_id}.{base64.urlsafe_b64encode(mac).decode()[:12]}"


def check_offer_token(secret: str, token: str) -> int | None:
    """The offer id of a genuine token, None for a forged or garbled one."""
    head, _, _ = token.partition(".")
    if not head.isdigit():
        return None
    return int(head) if hmac.compare_digest(offer_token(secret, int(head)), token) else None


def on_call(db: Session, now: datetime, tz: ZoneInfo) -> list[Coordinator]:
    """Coordinators on call at `now`; all active ones when nobody is."""
    everyone = list(db.scalars(select(Coordinator).where(Coordinator.active.is_(True))
                               .order_by(Coordinator.id)))
    blocked = blocked_numbers(db)
    reachable = [c for c in everyone if c.mobile not in blocked] or everyone
    current = [c for c in reachable if in_plan(c.on_call, now, tz)]
    return current or reachable


def who(db: Session, number: str) -> Coach | Coordinator | None:
    """The coach or coordinator with this mobile, or None for an entrepreneur."""
    coach = db.scalar(select(Coach).where(Coach.mobile == number))
    if coach is not None:
        return coach
    return db.scalar(select(Coordinator).where(Coordinator.mobile == number,
                                               Coordinator.active.is_(True)))
