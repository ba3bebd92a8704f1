"""Putting volunteers.yaml into the database: idempotent, never deleting.

A coach or coordinator removed from the file is deactivated (their history
stays); a coach's PAUSE is theirs, not the file's, so a sync leaves it alone.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from dispatch import lifecycle
from dispatch.models import ACCEPTED, Coach, Coordinator, Hotline, Offer, Request
from dispatch.roster import Roster, Window

Person = type[Coach] | type[Coordinator]


def _rows(db: Session, *where: Any) -> list[Coach | Coordinator]:
    """Coordinators then coaches matching `where` (written for both models)."""
    found: list[Coach | Coordinator] = []
    found += db.scalars(select(Coordinator).where(*(w(Coordinator) for w in where)))
    found += db.scalars(select(Coach).where(*(w(Coach) for w in where)))
    return found


@dataclass
class SyncReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    deactivated: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        parts = [f"{len(self.added)} added", f"{len(self.updated)} updated",
                 f"{len(self.deactivated)} deactivated"]
        return ", ".join(parts) + "".join(
            f"\n  {word}: {', '.join(ids)}" for word, ids in
            (("added", self.added), ("updated", self.updated), ("deactivated", self.deactivated))
            if ids)


def _hhmm(moment: time) -> str:
    return "24:00" if moment == time.max else moment.strftime("%H:%M")


def plan(days: dict[int, tuple[Window, ...]]) -> dict[str, list[list[str]]]:
    return {str(day): [[_hhmm(w.start), _hhmm(w.end)] for w in windows]
            for day, windows in sorted(days.items()) if windows}


def _apply(row: Any, values: dict[str, Any]) -> bool:
    changed = False
    for key, value in values.items():
        if getattr(row, key) != value:
            setattr(row, key, value)
            changed = True
    return changed


def _free_mobile(db: Session, mobile: str, keep_key: str) -> None:
    """A number given to someone new is taken from whoever left the roster with it."""
    for row in _rows(db, lambda m: m.mobile == mobile, lambda m: m.key != keep_key,
                     lambda m: m.active.is_(False)):
        row.mobile = f"{mobile}~{row.id}"
    db.flush()


def _release(db: Session, coach: Coach, now: datetime) -> None:
    """A coach who left or stopped: their pending offers expire, their requests go
    back in line (the coach is told)."""
    for offer in db.scalars(select(Offer).where(Offer.coach_id == coach.id,
                                                Offer.status == "pending")):
        lifecycle.expire(db, offer, now, why="n'est plus dans la liste des coachs actifs")
    for request in db.scalars(select(Request).where(Request.coach_id == coach.id,
                                                    Request.status == ACCEPTED)):
        lifecycle.reassign(db, request, now, "roster")


def sync(db: Session, roster: Roster, now: datetime | None = None) -> SyncReport:
    """Make the database match the roster; the caller commits.

    With `now`, a coach who left the roster or became inactive also gives back
    what they held (see _release)."""
    report = SyncReport()
    h = roster.hotline
    hotline = db.scalar(select(Hotline).limit(1)) or Hotline()
    db.add(hotline)
    _apply(hotline, {"name": h.name, "number": h.number, "timezone": h.timezone,
                     "calling_start": _hhmm(h.calling_start), "calling_end": _hhmm(h.calling_end),
                     "quiet_start": _hhmm(h.quiet_start), "quiet_end": _hhmm(h.quiet_end),
                     "crisis_deadline_minutes": h.crisis_deadline_minutes})
    people: list[tuple[Person, str, dict[str, Any]]] = [(Coordinator, c.id, {"name": c.name, "mobile": c.mobile, "email": c.email.lower(),
                                   "on_call": plan(c.on_call), "active": True, "rank": rank})
              for rank, c in enumerate(roster.coordinators)]
    people += [(Coach, c.id, {"name": c.name, "mobile": c.mobile, "languages": list(c.languages),
                              "topics": list(c.topics), "availability": plan(c.availability),
                              "max_active": c.max_active, "active": c.active,
                              "crisis": c.crisis, "partner": c.partner})
               for c in roster.coaches]
    for row in _rows(db, lambda m: m.active.is_(True)):
        if row.key not in {key for m, key, _ in people if isinstance(row, m)}:
            row.active = False
            report.deactivated.append(row.key)
            if isinstance(row, Coach) and now is not None:
                _release(db, row, now)
    db.flush()
    for model, key, values in people:
        _free_mobile(db, values["mobile"], key)
        found = db.scalar(select(model).where(model.key == key))
        if found is None:
            db.add(model(key=key, **values))
            report.added.append(key)
            db.flush()
            continue
        stopped = isinstance(found, Coach) and found.active and not values["active"]
        if _apply(found, values):
            report.updated.append(key)
        if stopped and isinstance(found, Coach) and now is not None:
            # `active: false` stops offers to a coach: what they hold goes back
            # in line too, as when they leave the file.
            _release(db, found, now)
        db.flush()
    if now is not None:
        # A coach added, back, freer or available at more hours: the requests
        # near their deadline are looked at again now, not at a look planned
        # without them.
        lifecycle.coach_freed(db, now)
    return report
