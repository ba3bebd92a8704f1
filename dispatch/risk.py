"""At risk for a list of requests, by the ladder's one rule (dispatch.deadlines):
the board, the API and `rappel overdue` say what the coordinators' alerts say.

The rule needs the hotline's calling hours and zone, and when an offer first
reached a coach; the latter is read here for a whole list in one query.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

from dispatch import deadlines
from dispatch.db import read
from dispatch.hotline import Context
from dispatch.models import ACTIVE_STATES, Offer, Request

# An IN list this long stays under every driver's bind-parameter limit.
CHUNK = 500

_FIRST_OFFERS = (select(Offer.request_id, func.min(Offer.sent_at))
                 .where(Offer.request_id.in_(bindparam("ids", expanding=True)),
                        Offer.sent_at.is_not(None))
                 .group_by(Offer.request_id))


def first_offers(db: Session, ids: list[int]) -> dict[int, datetime]:
    """When an offer's SMS first reached a coach, by request id; a request
    never offered yet is absent. One query per 500 ids."""
    found: dict[int, datetime] = {}
    for start in range(0, len(ids), CHUNK):
        found.update((request_id, at) for request_id, at in
                     read(db, _FIRST_OFFERS, {"ids": ids[start:start + CHUNK]})
                     if at is not None)
    return found


@dataclass(frozen=True)
class Risk:
    """deadlines.is_at_risk and urgency bound to the hotline's hours and to
    the first offers of the requests it was built for (`read`: their ids).
    Asked about an active request it has not read, it raises ValueError: it
    would otherwise answer as if no coach had ever been offered it."""
    calling: tuple[str, str]
    tz: ZoneInfo
    first_offer: dict[int, datetime]
    read: frozenset[int]

    @classmethod
    def of(cls, db: Session, ctx: Context, requests: Iterable[Request]) -> Risk:
        """For `requests`: their first offers read at once (active ones only:
        an ended request is never at risk)."""
        ids = [r.id for r in requests if r.status in ACTIVE_STATES]
        return cls(ctx.calling, ctx.tz, first_offers(db, ids), frozenset(ids))

    def at_risk(self, request: Request, now: datetime) -> bool:
        return deadlines.is_at_risk(request, now, self.calling, self.tz, self._since(request))

    def urgency(self, request: Request, now: datetime) -> tuple[int, datetime]:
        return deadlines.urgency(request, now, self.calling, self.tz, self._since(request))

    def _since(self, request: Request) -> datetime | None:
        if request.status in ACTIVE_STATES and request.id not in self.read:
            raise ValueError(f"request {request.id} was not read for this list")
        return self.first_offer.get(request.id)
