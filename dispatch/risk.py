"""When an offer first reached a coach, read for a whole list of requests at
once: the ladder counts "not accepted" from it (dispatch.deadlines).
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

from dispatch.db import read
from dispatch.models import Offer

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
