"""What a coordinator may do to a request from the desk.

Actions go through dispatch.lifecycle; `still_as_seen` is the guard that lets
two coordinators act at once: the first wins, the second is told what
changed and nothing of theirs is done. Closing and cancelling with a reason,
telling the person or not, and undoing them are dispatch.desk_end's.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from dispatch import lifecycle
from dispatch.db import changed
from dispatch.hotline import Context
from dispatch.lifecycle import Outcome
from dispatch.localtime import in_plan, next_calling_start
from dispatch.models import ACCEPTED, ACTIVE_STATES, Coach, Coordinator, Event, Offer, Request
from dispatch.pauses import until_words

STATUS_LABELS = {
    "open": "en attente d'un coach", "offered": "proposée", "accepted": "acceptée",
    "contacted": "rappelée", "closed": "close", "cancelled": "annulée",
}


@dataclass(frozen=True)
class Seen:
    """What the coordinator's page showed: the action stands only if it still holds."""
    status: str
    coach_id: int | None
    next_check_at: datetime | None

    @classmethod
    def of(cls, request: Request) -> Seen:
        return cls(request.status, request.coach_id, request.next_check_at)

    def token(self) -> str:
        check = self.next_check_at.isoformat() if self.next_check_at else ""
        return f"{self.status}|{self.coach_id or ''}|{check}"

    @classmethod
    def parse(cls, token: str) -> Seen | None:
        """The Seen a form sent back, None when it is garbled."""
        parts = (token or "").split("|")
        if len(parts) != 3 or not parts[0]:
            return None
        try:
            coach = int(parts[1]) if parts[1] else None
            check = datetime.fromisoformat(parts[2]) if parts[2] else None
        except ValueError:
            return None
        return cls(parts[0], coach, check)


def still_as_seen(db: Session, request_id: int, seen: Seen) -> bool:
    """Lock the request if it is still as the coordinator saw it; False otherwise.

    A no-op conditional UPDATE: it takes the row (PostgreSQL) or the write lock
    (SQLite) until commit, so a concurrent action waits, then finds it changed."""
    query = update(Request).where(Request.id == request_id, Request.status == seen.status)
    query = query.where(Request.coach_id.is_(None) if seen.coach_id is None
                        else Request.coach_id == seen.coach_id)
    query = query.where(Request.next_check_at.is_(None) if seen.next_check_at is None
                        else Request.next_check_at == seen.next_check_at)
    return changed(db.execute(query.values(status=Request.status))) == 1


def offer_to(db: Session, ctx: Context, request: Request, coach: Coach, now: datetime,
             actor: str) -> Outcome:
    """Offer the request to a coach the coordinator chose, again if need be.

    A request a coach holds is taken back from them first (they are told);
    offers standing to others stay (the first OK wins). NOT_YOURS: an offer to
    this coach is already waiting for their answer. WRONG_STATE also when the
    request has no number yet (a person known only by e-mail): no coach can call."""
    if request.status not in ACTIVE_STATES or not request.callback_number:
        return Outcome.WRONG_STATE
    if db.scalar(select(Offer.id).where(Offer.request_id == request.id, Offer.coach_id == coach.id,
                                        Offer.status == lifecycle.PENDING)) is not None:
        return Outcome.NOT_YOURS
    if request.status == ACCEPTED and \
            lifecycle.reassign(db, request, now, actor) is not Outcome.DONE:
        return Outcome.WRONG_STATE
    offer = lifecycle.make_offer(db, ctx, request, coach, "choix de la coordination", now,
                                 actor=actor)
    return Outcome.DONE if offer is not None else Outcome.WRONG_STATE


def retry(db: Session, ctx: Context, request: Request, now: datetime, actor: str) -> Outcome:
    """After 3 calls without an answer, the coordinator's decision "try again":
    the coach is asked by SMS, and the request counts among theirs again (and
    has its reminders and alerts) with its tries counted afresh."""
    if request.status != ACCEPTED or request.coach is None \
            or request.failed_attempts < lifecycle.FAILED_CALLS_LIMIT:
        return Outcome.WRONG_STATE
    request.failed_attempts = 0
    lang = lifecycle.lang_of(request.coach)
    lifecycle.tell_coach(db, request.coach, "retry_asked", now, kind="retry_asked",
                         request_id=request.id,
                         not_before=next_calling_start(now, ctx.calling, ctx.tz),
                         **lifecycle.details(request, ctx, lang))
    lifecycle.log(db, request.id, now, actor, "note",
                  f"Décision : {request.coach.first_name} réessaie d'appeler (SMS envoyé).")
    return Outcome.DONE


# The same words by the same person on the same request this soon after are the
# form sent twice (a double click, a page reloaded), not a second note.
SAME_NOTE_WITHIN = timedelta(minutes=10)


def add_note(db: Session, request: Request, text: str, now: datetime, actor: str) -> bool:
    """Add a coordinator's note to the timeline; False when it is already there."""
    words = text.strip()[:2000]
    again = db.scalar(select(Event.id).where(
        Event.request_id == request.id, Event.kind == "note", Event.actor == actor,
        Event.detail == words, Event.at >= now - SAME_NOTE_WITHIN).limit(1))
    if again is not None:
        return False
    lifecycle.log(db, request.id, now, actor, "note", words)
    return True


@dataclass(frozen=True)
class Choice:
    """A coach as the "Proposer à" list shows them."""
    coach: Coach
    call_at: datetime | None   # the first moment they can call the person
    in_time: bool              # inside the slots, before the deadline
    load: int
    pending: bool              # an offer to them is waiting for an answer
    refused: bool              # they declined or gave it back
    pause_end: str = ""        # "jusqu'au lun. 4/1 inclus", "jusqu'à 18h": pauses.until_words


def offer_choices(db: Session, ctx: Context, request: Request, now: datetime) -> list[Choice]:
    """Every active coach, those who can call in time first, for the coordinator."""
    from dispatch.matching import LOOKAHEAD, call_at
    from dispatch.offering import coach_views, request_view
    views = coach_views(db, now, ctx.tz)
    view = request_view(db, request)
    pending = set(db.scalars(select(Offer.coach_id).where(Offer.request_id == request.id,
                                                          Offer.status == lifecycle.PENDING)))
    refused = set(view.excluded) - pending
    choices = []
    for coach in db.scalars(select(Coach).where(Coach.active.is_(True)).order_by(Coach.name)):
        v = views.get(coach.id)
        in_time = v is not None and call_at(v, view, now, ctx.tz, request.deadline)
        later = v is not None and call_at(v, view, now, ctx.tz, now + LOOKAHEAD)
        choices.append(Choice(coach, in_time or later or None, bool(in_time),
                              v.open_requests if v else 0, coach.id in pending,
                              coach.id in refused, until_words(coach, ctx.tz, now)))
    return sorted(choices, key=lambda c: (not c.in_time, c.call_at is None, c.pending,
                                          c.refused, c.coach.name))


def set_crisis(db: Session, ctx: Context, request: Request, crisis: bool, reason: str,
               now: datetime, actor: str, by: Coordinator | None = None) -> Outcome:
    """A coordinator marks a request as a crisis (paged and offered at once) or
    unmarks one the parser flagged wrongly; the reason goes on the timeline.

    The on-call coordinator is paged at once, as for any crisis (spec 7),
    unless it is the one who marks it (`by`): on call, they have it in hand
    from that moment, and nobody is paged or called about what they just did
    (nor are the others woken because they did not answer such a page)."""
    from dispatch import paging
    if request.crisis == crisis:
        return Outcome.ALREADY
    if crisis:
        if request.status not in ACTIVE_STATES:
            return Outcome.WRONG_STATE
        mine = by is not None and request.taken_by_id in (None, by.id) \
            and in_plan(by.on_call, now, ctx.tz)
        paging.start(db, ctx, request, now, actor, reason, kind="crisis_marked", page=not mine)
        if mine and by is not None:
            lifecycle.take_in_hand(db, request, by, now, "en la marquant comme crise")
        _give_3114(db, ctx, request, now, actor)
    else:
        request.crisis = False
        request.deadline = max(request.deadline,
                               lifecycle.deadline_for(request.received_at, request.slots))
        lifecycle.log(db, request.id, now, actor, "crisis_unmarked", reason)
    return Outcome.DONE


def _give_3114(db: Session, ctx: Context, request: Request, now: datetime, actor: str) -> None:
    """The crisis answer, as the person would have had it had their words been
    read as one (spec 7): 3114, 15 / 112, a call very soon; by mail for a mail."""
    from dispatch import outbox, texts
    from dispatch.phones import national
    if not request.sender:
        return
    values = {"hotline": ctx.name, "n": request.id}
    if request.channel == "email":
        on = " on " if request.language == "en" else " au "
        callback = on + national(request.callback_number) if request.callback_number else ""
        subject, body = texts.mail("crisis", request.language, **values, at_callback=callback)
        outbox.queue(db, request.sender, body, now, kind="notice", request_id=request.id,
                     channel="email").subject = subject
    else:
        outbox.queue(db, request.sender, texts.text("crisis", request.language, **values), now,
                     kind="notice", request_id=request.id)
    lifecycle.log(db, request.id, now, actor, "notice",
                  "3114 donné à la personne par " + ("mail" if request.channel == "email"
                                                     else "SMS"))


def label(status: str) -> str:
    return STATUS_LABELS.get(status, status)


def describe(outcome: Outcome, request: Request, seen_status: str) -> str:
    """Why an action was refused, in words a coordinator reads in a flash message."""
    if outcome is Outcome.NOT_YOURS:
        return f"Ce coach a déjà reçu une proposition pour la demande {request.id}."
    if outcome is Outcome.UNAVAILABLE:
        return ("Ce coach ne reçoit pas de propositions : en pause (PAUSE, jusqu'à son DISPO "
                "ou à la date donnée) ou plus dans la liste des coachs actifs. Rien n'a été "
                "envoyé.")
    if request.status == seen_status:
        change = (f"elle est toujours « {label(request.status)} », mais une autre action "
                  f"(de la coordination, d'un coach ou de l'horloge) a eu lieu")
    else:
        change = (f"elle est maintenant « {label(request.status)} » "
                  f"(vous aviez vu « {label(seen_status)} »)")
    return (f"La demande {request.id} a changé entre-temps : {change}. "
            f"Rien n'a été fait ; vérifiez et recommencez si besoin.")
