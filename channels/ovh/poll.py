"""OVHcloud's clock job: incoming SMS, delivery reports, the account's credit.

OVH keeps every incoming SMS in the account's list (GET /sms/{account}/incoming):
the clock reads what arrived since its cursor (with an overlap; each id is
stored once), so SMS that came while the database was away are simply read
later. Delivery reports are read on the outgoing entries of the last two
days that are still only "sent". OVH's delivery receipts follow the SMSC's
report mask (1 delivered, 2 and 16 not delivered, 4 and 8 on their way); a
failure's `ptt` code says why, and GET /sms/ptts tells whether it is for good.
"""
from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from flask import Flask
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from channels import routestate
from channels.base import DELIVERED, UNDELIVERED, Failure, Report, RouteState, SendError
from channels.ovh.transport import PREFIX, OvhTransport, calling
from dispatch import delivery, inbound
from dispatch.hotline import Context
from dispatch.models import ClockState, Message

log = logging.getLogger(__name__)
NAME = "ovh"
IN_PREFIX = "ovh-in-"
OVERLAP = timedelta(minutes=10)
REPORTS_FOR = timedelta(days=2)
REPORTS_PER_RUN = 50
DELIVERED_MASK, NOT_DELIVERED = 1, (2, 16)


def poll(app: Flask, db: Session, ctx: Context, state: ClockState, now: datetime) -> int:
    """Read new incoming SMS and reports, and the credit; how many SMS came in."""
    from channels.registry import transport_for
    transport: Any = transport_for(app)
    try:
        handled = _incoming(app, db, ctx, state, transport, now)
        _reports(db, ctx, transport, now)
        seen = _credit(app, transport, now)
    except SendError as exc:
        log.warning("ovh: the API could not be read: %s", exc)
        db.rollback()
        seen = RouteState(NAME, "unreachable", f"the API does not answer: {exc}", now)
        handled = 0
    routestate.save(db, seen)
    db.commit()
    return handled


def _incoming(app: Flask, db: Session, ctx: Context, state: ClockState,
              transport: OvhTransport, now: datetime) -> int:
    if state.reconcile_from is None:
        state.reconcile_from = app.config.get("RECONCILE_SINCE") or now
    since = max(state.reconcile_from, (state.reconcile_cursor_at or state.reconcile_from)
                - OVERLAP)
    client = transport.client
    ids = calling(lambda: client.get(transport.path("incoming"),
                                     **{"creationDatetime.from": since.isoformat()}))
    known = set(db.scalars(select(Message.sid).where(
        Message.sid.in_([f"{IN_PREFIX}{i}" for i in ids])))) if ids else set()
    handled = 0
    for item_id in sorted(ids):
        if f"{IN_PREFIX}{item_id}" in known:
            continue
        item = calling(lambda i=item_id: client.get(transport.path("incoming", i)))
        handled += _receive(app, db, ctx, item, now)
    state.reconcile_cursor_at, state.last_reconcile_at = now, now
    db.commit()
    return handled


def _receive(app: Flask, db: Session, ctx: Context, item: dict[str, Any], now: datetime) -> int:
    sms = inbound.Inbound(sid=f"{IN_PREFIX}{item['id']}", sender=str(item.get("sender") or ""),
                          to=app.config.get("OVH_SMS_SENDER") or app.config.get("HOTLINE_NUMBER")
                          or "", body=str(item.get("message") or ""), route=NAME)
    try:
        received = min(datetime.fromisoformat(item["creationDatetime"]), now)
    except (KeyError, TypeError, ValueError):
        received = now
    try:
        inbound.receive(db, ctx, sms, received, reply_by_sms=True)
    except SQLAlchemyError:
        raise  # the database is away: the cursor stays, the next run reads it again
    except Exception:  # one message that cannot be handled must not block the others
        db.rollback()
        log.exception("ovh: could not handle incoming %s", item.get("id"))
        return 0
    return 1


def _reports(db: Session, ctx: Context, transport: OvhTransport, now: datetime) -> None:
    rows = db.scalars(select(Message.sid).where(
        Message.direction == "out", Message.route == NAME, Message.status == "sent",
        Message.sid.like(f"{PREFIX}%"), Message.sent_at >= now - REPORTS_FOR)
        .order_by(Message.sent_at).limit(REPORTS_PER_RUN))
    client = transport.client
    for sid in list(rows):
        outgoing_id = (sid or "")[len(PREFIX):]
        try:
            sent = calling(lambda i=outgoing_id: client.get(transport.path("outgoing", i)))
        except SendError:
            continue  # not in the outgoing list yet (still a pending job)
        said = report(transport, sid or "", sent)
        if said is not None:
            delivery.apply_report(db, ctx, said, now)
            db.commit()


def report(transport: OvhTransport, sid: str, sent: dict[str, Any]) -> Report | None:
    """An outgoing entry in neutral terms; None while it is on its way."""
    receipt = int(sent.get("deliveryReceipt") or 0)
    if receipt == DELIVERED_MASK:
        return Report(sid, DELIVERED)
    if receipt in NOT_DELIVERED:
        ptt = sent.get("ptt")
        code = int(str(ptt)) if str(ptt).isdigit() else None
        for_good = _for_good(transport, code)
        return Report(sid, UNDELIVERED, Failure(code, bad_address=for_good, transient=not for_good))
    return None


def _for_good(transport: OvhTransport, ptt: int | None) -> bool:
    """OVH says whether a ptt code is a permanent failure (GET /sms/ptts)."""
    if ptt is None:
        return False
    try:
        details = calling(lambda: transport.client.get("/sms/ptts", ptt=ptt))
    except SendError:
        return False
    return bool(details.get("duration") == "permanent")


def _credit(app: Flask, transport: OvhTransport, now: datetime) -> RouteState:
    account = calling(lambda: transport.client.get(transport.path()))
    credits = float(account.get("creditsLeft") or 0)
    low = credits < app.config.get("OVH_CREDIT_WARN", 50)
    return RouteState(NAME, "warning" if low else "ok",
                      f"{credits:g} crédits SMS restants" + (" : rechargez le compte" if low
                                                             else ""),
                      now, {"credits": credits, "credit_low": low})


def check(app: Flask) -> list[str]:
    """What is configured and reachable, sending nothing."""
    from datetime import timezone

    from channels.registry import transport_for
    transport: Any = transport_for(app)
    conf = app.config
    lines = [f"ovh: account {conf['OVH_SMS_ACCOUNT']} on {conf['OVH_ENDPOINT']}, sending "
             + (f"from {conf['OVH_SMS_SENDER']}" if conf.get("OVH_SMS_SENDER")
                else "from a number people can answer (senderForResponse)")
             + ", without STOP clause (noStopClause)",
             "ovh: incoming SMS and delivery reports are read by the clock (rappel scheduler)",
             "ovh: no voice on this route: crisis pages go by SMS only "
             "(the page's call is marked failed)"]
    try:
        seen = _credit(app, transport, datetime.now(timezone.utc))
    except SendError as exc:
        return [*lines, f"ovh: NOT reachable: {exc}"]
    return [*lines, f"ovh: reachable, {seen.detail}"]
