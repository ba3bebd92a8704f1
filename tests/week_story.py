"""A week of the hotline, lived as people live it (issue "Dispatch that keeps the
promise through a real week").

The real app on the sample roster (volunteers.yaml), the console transport, the
real `tick` every five minutes from Monday 07:00 to the next Monday 07:00, and
28 requests spread over days, evenings, nights and the weekend. Everyone acts
only through what they would really use: entrepreneurs text the hotline
(signed webhook), coaches read the SMS they were sent when their life lets
them and answer by SMS, coordinators answer pages with PRIS.

Scripted people:
- Nathalie has a day job: she reads her SMS at lunch and after 18:00;
- François never answers;
- Gérard is on PAUSE from Monday morning until Thursday;
- Odile declines anything that is not legal;
- the others read during the day (or, for Sylvie, in the evening), answer
  within minutes, and call inside their own windows and the person's slots;
- Hugo never picks up (the coach tries three times);
- the on-call coordinator, woken by a crisis page, answers PRIS after six
  minutes at night, two by day.

`live_week()` returns what happened, with the figures a coordinator cares
about; tests/test_week_story.py asserts on them and benchmarks/week.py prints
them. It only reads columns and texts that every version of Rappel has, so
the same story can be run on an older checkout for a before/after.
"""
from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from freezegun import freeze_time
from sqlalchemy import select

PARIS = ZoneInfo("Europe/Paris")
ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "volunteers.yaml"
START = datetime(2026, 11, 30, 7, 0, tzinfo=PARIS)   # Monday
END = START + timedelta(days=7)
STEP = timedelta(minutes=5)
QUIET = (time(21, 0), time(8, 0))


def at(day: int, hour: int, minute: int = 0) -> datetime:
    """Day 0 is Monday 30 November 2026."""
    return datetime(2026, 11, 30, hour, minute, tzinfo=PARIS) + timedelta(days=day)


# (when, sender, text): the week's first messages, in order.
WEEK: list[tuple[datetime, str, str]] = [
    (at(0, 7, 40), "+33611223301", "Bonjour, Marc Dubois, boulangerie à Beaune, je n'arrive plus à "
     "payer l'URSSAF. Rappelez-moi ce midi ou demain matin au 06 11 22 33 01"),
    (at(0, 9, 15), "+33611223302", "Sandrine Petit, j'ai reçu une assignation du tribunal de "
     "commerce, besoin de conseils juridiques. Dispo mardi ou mercredi matin."),
    (at(0, 12, 30), "+33611223303", "Bonjour, je suis épuisé, je dors plus, mon salon de coiffure "
     "me bouffe. Rappelez moi ce soir après 18h. Karim"),
    (at(0, 14, 5), "+33611223304", "Patrick, gérant d'un garage, un salarié conteste son "
     "licenciement aux prud'hommes. Quand vous voulez."),
    (at(0, 22, 40), "+33611223305", "Bonsoir, je ferme mon restaurant la semaine prochaine, je ne "
     "sais pas quoi faire après. Rappelez-moi demain après-midi. Julie"),
    (at(1, 6, 50), "+33611223306", "Thierry, artisan plombier, la banque refuse mon découvert, "
     "c'est urgent. Rappelez n'importe quand."),
    (at(1, 10, 20), "+33611223307", "Bonjour, Nadia Roche, j'aimerais être rappelée samedi matin, "
     "j'ai un souci avec les impôts et ma comptabilité"),
    (at(1, 13, 45), "+33611223308", "Hello, I'm Tom, I run a small B&B near Dijon and have cash "
     "flow problems. Can you call me tomorrow evening?"),
    (at(1, 19, 10), "+33611223309", "Sophie, commerçante, mon associé veut partir et je dois "
     "racheter ses parts, besoin d'aide juridique. Rappel jeudi matin."),
    (at(1, 23, 55), "+33611223310", "Bonsoir, ma boîte coule et je n'arrive plus à faire face, "
     "rappelez moi demain. Fabrice"),
    (at(2, 2, 10), "+33611223311", "Je n'en peux plus, je pense à en finir. Éric 06 11 22 33 11"),
    (at(2, 8, 20), "+33611223312", "Martine, fleuriste, redressement judiciaire en cours, je "
     "voudrais parler à quelqu'un cette semaine, plutôt le matin."),
    (at(2, 11, 0), "+33611223313", "Bonjour, Franck, transport routier, un client ne me paie pas "
     "depuis 4 mois, trésorerie à sec. Rappelez-moi vendredi 9h-12h"),
    (at(2, 15, 30), "+33611223314", "Lucie, j'ai fermé ma boutique, je veux rebondir, rappelez-moi "
     "quand vous pouvez"),
    (at(2, 20, 45), "+33611223315", "Bonsoir, Alain, les dettes s'accumulent, j'ai peur de tout "
     "perdre. Demain midi ?"),
    (at(3, 8, 5), "+33611223316", "Bonjour, Isabelle, liquidation amiable de ma SARL, questions "
     "juridiques. Rappel ce matin si possible."),
    (at(3, 12, 15), "+33611223317", "Yann, menuisier, j'ai besoin d'aide pour un dossier de prêt "
     "à la banque, rappel lundi prochain"),
    (at(3, 18, 30), "+33611223318", "Romain, auto-entrepreneur, l'URSSAF me réclame 12000 euros, "
     "rappelez-moi ce soir"),
    (at(3, 19, 30), "+33611223319", "Céline, gérante d'une crèche privée, conflit avec une "
     "salariée, je suis disponible vendredi 12h-14h"),
    (at(4, 10, 10), "+33611223320", "Bonjour, Hugo, pizzeria, j'ai un contrôle fiscal, besoin "
     "d'aide administrative, rappel quand vous voulez"),
    (at(4, 16, 40), "+33611223321", "Vincent, agriculteur, je suis au bout du rouleau avec les "
     "dettes, rappelez-moi ce week-end"),
    (at(4, 21, 30), "+33611223322", "Bonsoir, Laura, je veux fermer mon entreprise proprement, "
     "rappel demain"),
    (at(5, 9, 0), "+33611223323", "Gilles, dettes fournisseurs, rappelez-moi lundi matin"),
    (at(5, 14, 20), "+33611223324", "Bonjour c'est Anne, j'ai peur de ne pas pouvoir payer mes "
     "salariés ce mois-ci, dispo dimanche après-midi"),
    (at(6, 11, 0), "+33611223325", "Pierre, mon commerce est en sauvegarde, je voudrais un avis "
     "juridique, rappel mardi"),
    (at(6, 20, 15), "+33611223326", "Je ne vois plus d'issue, je veux mourir. Rappelez-moi. "
     "Stéphanie"),
    (at(6, 22, 0), "+33611223327", "Bonjour, Olivier, taxi, je dois 8000 euros au fisc, rappel "
     "lundi 18h"),
    (at(7, 6, 30), "+33611223328", "Christine, agence immobilière en difficulté, rappel dans la "
     "journée"),
]
# Later messages: (when, sender, text, condition on the request) — a later slot
# given after a coach accepted, and a chase on a late request.
LATER: list[tuple[datetime, str, str, str]] = [
    (at(1, 9, 0), "+33611223306", "Finalement plutôt jeudi 10h-12h, merci", "accepted"),
    (at(6, 15, 0), "+33611223324", "personne ne m'a rappelée… c'est urgent, je suis à bout",
     "late"),
]
NEVER_PICKS_UP = {"+33611223320"}


@dataclass
class Coach:
    """How one volunteer lives with the hotline's SMS."""
    key: str
    reads: Callable[[datetime], bool]
    delay: timedelta = timedelta(minutes=7)
    accepts: Callable[[str], bool] = lambda text: True
    answers: bool = True


def _hours(*spans: tuple[int, int], days: tuple[int, ...] = tuple(range(7))) -> Callable[..., bool]:
    def reads(moment: datetime) -> bool:
        local = moment.astimezone(PARIS)
        return local.weekday() in days and any(a <= local.hour < b for a, b in spans)
    return reads


LEGAL = re.compile(r"juridique|tribunal|assignation|liquidation|associé|sauvegarde|prud", re.I)
COACHES = {c.key: c for c in [
    Coach("michel", _hours((8, 20))),
    Coach("odile", _hours((8, 19)), accepts=lambda text: bool(LEGAL.search(text))),
    Coach("sylvie", _hours((17, 22)), delay=timedelta(minutes=12)),
    Coach("jean-pierre", _hours((9, 19))),
    Coach("nathalie", _hours((12, 14), (18, 22))),
    Coach("gerard", _hours((7, 19))),
    Coach("helene", lambda m: _hours((9, 20), days=(5, 6))(m) or _hours((18, 21))(m)),
    Coach("francois", _hours((8, 20)), answers=False),
]}
PAUSED = {"gerard": (at(0, 7, 0), at(3, 8, 0))}


@dataclass
class Script:
    """Who writes what and when, and how the volunteers live: the week above
    by default; tests/season_story.py lives other weeks with the same Life."""
    first: list[tuple[datetime, str, str]] = field(default_factory=lambda: list(WEEK))
    later: list[tuple[datetime, str, str, str]] = field(default_factory=lambda: list(LATER))
    coaches: dict[str, Coach] = field(default_factory=lambda: dict(COACHES))
    paused: dict[str, tuple[datetime, datetime]] = field(default_factory=lambda: dict(PAUSED))
    never_picks_up: set[str] = field(default_factory=lambda: set(NEVER_PICKS_UP))
    # How long the coordinator woken by a crisis page takes to answer PRIS, at
    # night (22:00-07:00) and by day.
    pris_after: tuple[timedelta, timedelta] = (timedelta(minutes=6), timedelta(minutes=2))


@dataclass
class Week:
    """What the week produced: the database and the figures."""
    app: Any
    requests: list[Any] = field(default_factory=list)
    stuck: list[tuple[datetime, int]] = field(default_factory=list)   # no offer, coach nor look
    wait: dict[int, timedelta] = field(default_factory=dict)          # longest wait with no coach
    refused_ok: list[tuple[datetime, str, int, bool]] = field(default_factory=list)
    full_ok: list[tuple[datetime, str, int]] = field(default_factory=list)  # late OK, coach full
    over_max: list[tuple[datetime, str, int]] = field(default_factory=list)  # more than max_active
    called: dict[int, datetime] = field(default_factory=dict)        # first call's start
    figures: dict[str, Any] = field(default_factory=dict)
    sms: list[Any] = field(default_factory=list)


class Life:
    """The week, step by step."""

    def __init__(self, app: Any, phone: Any, script: Script | None = None) -> None:
        self.app, self.phone = app, phone
        self.script = script or Script()
        self.sessions = app.extensions["rappel.sessions"]
        self.handled: set[int] = set()          # offer SMS ids a coach has dealt with
        self.calls: list[tuple[datetime, str, int]] = []   # (when, coach mobile, request)
        self.tries: dict[int, int] = {}
        self.later = list(self.script.later)
        self.pages_seen: set[int] = set()
        self.waiting_since: dict[int, datetime] = {}
        with self.sessions() as db:
            from dispatch.models import Coach as Row
            from dispatch.models import Coordinator
            self.mobiles = {c.key: c.mobile for c in db.scalars(select(Row))}
            self.keys = {m: k for k, m in self.mobiles.items()}
            self.availability = {c.mobile: c.availability for c in db.scalars(select(Row))}
            self.coordinators = {c.mobile for c in db.scalars(select(Coordinator))}
        self.week = Week(app)
        # The story's one frozen clock (see `run`), moved to each moment:
        # entering freeze_time scans every loaded module (tens of milliseconds),
        # and a week is thousands of moments.
        self.clock: Any = None

    @contextmanager
    def frozen(self, now: datetime) -> Iterator[None]:
        """Time frozen at `now` for what the app does."""
        if self.clock is None:
            with freeze_time(now):
                yield
        else:
            self.clock.move_to(now)
            yield

    def run(self, start: datetime, end: datetime) -> None:
        """A step every STEP (in UTC: real minutes) from `start` to `end`."""
        with freeze_time(start) as self.clock:
            now = start
            while now <= end:
                self.step(now)
                now += STEP
        self.clock = None

    def text(self, sender: str, body: str, now: datetime) -> str:
        from tests.conftest import reply_of
        with self.frozen(now):
            return reply_of(self.phone.text(sender, body))

    def step(self, now: datetime) -> None:
        from scheduling import tick
        for when, sender, body in self.script.first:
            if now - STEP < when <= now:
                self.text(sender, body, when)
        self._later(now)
        self._pauses(now)
        with self.frozen(now):
            tick(self.app)
        self._coaches(now)
        self._calls(now)
        self._coordinators(now)
        self._observe(now)

    def _pauses(self, now: datetime) -> None:
        for key, (start, end) in self.script.paused.items():
            if now - STEP < start <= now:
                self.text(self.mobiles[key], "PAUSE", start)
            if now - STEP < end <= now:
                self.text(self.mobiles[key], "DISPO", end)

    def _later(self, now: datetime) -> None:
        from dispatch.models import Request
        for item in list(self.later):
            when, sender, body, condition = item
            if when > now:
                continue
            with self.sessions() as db:
                request = db.scalar(select(Request).where(Request.sender == sender)
                                    .order_by(Request.id.desc()).limit(1))
            if request is None:
                continue
            if condition == "accepted" and request.status != "accepted":
                continue  # wait until a coach has it
            if condition == "late" and not (request.status in ("open", "offered", "accepted")
                                            and now >= request.deadline):
                if request.status not in ("open", "offered", "accepted"):
                    self.later.remove(item)  # called in time: nothing to chase
                continue
            self.later.remove(item)
            self.text(sender, body, now)

    def _coaches(self, now: datetime) -> None:
        """Each coach reads the offers sent to them, when their day lets them."""
        from dispatch.models import Message, Request
        with self.sessions() as db:
            offers = list(db.scalars(select(Message).where(
                Message.direction == "out", Message.kind == "offer",
                Message.status.in_(("sent", "delivered")), Message.id.not_in(self.handled or {0}))))
        for sms in offers:
            key = self.keys.get(sms.to_number or "")
            coach = self.script.coaches.get(key or "")
            if coach is None:
                continue
            sent = sms.sent_at or sms.created_at
            if not coach.reads(now) or now < sent + coach.delay:
                continue
            self.handled.add(sms.id)
            if not coach.answers:
                continue
            named = re.search(r"(?:Demande|Request) (\d+)", sms.body or "")
            if named is None:
                continue
            number = int(named.group(1))
            word = "OK" if coach.accepts(self._first_text(number)) else "NON"
            with self.sessions() as db:
                status = db.get(Request, number).status
            reply = self.text(sms.to_number or "", f"{word} {number}", now)
            if word == "OK" and "pour vous" in reply:
                self._plan_call(sms.to_number or "", number, now)
            elif word == "OK" and "votre maximum" in reply:
                self.week.full_ok.append((now, key or "", number))
            elif word == "OK" and "déjà à vous" not in reply:
                self.week.refused_ok.append((now, key or "", number,
                                             status in ("open", "offered")))

    def _first_text(self, number: int) -> str:
        from dispatch.models import Message
        with self.sessions() as db:
            first = db.scalar(select(Message.body).where(Message.request_id == number,
                                                         Message.direction == "in")
                              .order_by(Message.id).limit(1))
        return first or ""

    def _call_time(self, mobile: str, number: int, accepted: datetime) -> datetime:
        """The coach calls inside their own windows, inside the person's slots when
        those are still to come, at the earliest a quarter of an hour on."""
        from dispatch.localtime import windows_between
        from dispatch.models import Request
        with self.sessions() as db:
            request = db.get(Request, number)
            slots = [(datetime.fromisoformat(s["start"]), datetime.fromisoformat(s["end"]))
                     for s in request.slots or []]
            flexible = request.flexible
        start = accepted + timedelta(minutes=15)
        plan = self.availability[mobile]
        later = [(max(s, start), e) for s, e in slots if e > start]
        for s, e in ([] if flexible and not later else later):
            windows = windows_between(plan, s, e, PARIS)
            if windows:
                return windows[0][0]
        windows = windows_between(plan, start, start + timedelta(days=8), PARIS)
        return windows[0][0] if windows else start

    def _plan_call(self, mobile: str, number: int, after: datetime) -> None:
        """The call's outcome is reported when it ends: 40 minutes for a talk,
        at once when nobody picks up."""
        from dispatch.models import Request
        start = self._call_time(mobile, number, after)
        self.week.called.setdefault(number, start)
        with self.sessions() as db:
            sender = db.get(Request, number).sender
        ends = start if sender in self.script.never_picks_up else start + timedelta(minutes=40)
        self.calls.append((ends, mobile, number))

    def _calls(self, now: datetime) -> None:
        """A call takes place; the coach reports it (or that nobody answered)."""
        from dispatch.models import Request
        for item in sorted(self.calls):
            when, mobile, number = item
            if when > now:
                continue
            self.calls.remove(item)
            with self.sessions() as db:
                request = db.get(Request, number)
                if request.status != "accepted" or self.mobiles.get(
                        self.keys.get(mobile, ""), "") != mobile:
                    continue
                holder = request.coach.mobile if request.coach else None
                sender = request.sender
            if holder != mobile:
                continue
            if sender in self.script.never_picks_up:
                self.tries[number] = self.tries.get(number, 0) + 1
                self.text(mobile, f"ECHEC {number}", now)
                if self.tries[number] < 3:
                    self._plan_call(mobile, number, now + timedelta(hours=3))
                continue
            self.text(mobile, f"FAIT {number} orienté CCI" if number % 3 == 0 else
                      f"FAIT {number}", now)

    def _coordinators(self, now: datetime) -> None:
        """A crisis page wakes the on-call coordinator, who answers PRIS."""
        from dispatch.models import Message
        with self.sessions() as db:
            pages = list(db.scalars(select(Message).where(
                Message.direction == "out", Message.kind == "page", Message.channel == "sms",
                Message.status.in_(("sent", "delivered")), Message.id.not_in(
                    self.pages_seen or {0})))) if hasattr(Message, "channel") else []
        for page in pages:
            local = (page.sent_at or page.created_at).astimezone(PARIS)
            night, day = self.script.pris_after
            delay = night if local.hour < 7 or local.hour >= 22 else day
            if now < (page.sent_at or page.created_at) + delay:
                continue
            self.pages_seen.add(page.id)
            self.text(page.to_number or "", f"PRIS {page.request_id}", now)

    def _observe(self, now: datetime) -> None:
        """Whether each request has a coach, a standing offer, or a next look;
        whether a coach holds more than their max_active."""
        from dispatch.lifecycle import FAILED_CALLS_LIMIT
        from dispatch.models import Coach, Offer, Request
        with self.sessions() as db:
            active = list(db.scalars(select(Request).where(
                Request.status.in_(("open", "offered", "accepted")))))
            standing = set(db.scalars(select(Offer.request_id).where(Offer.status == "pending")))
            for coach in db.scalars(select(Coach)):
                held = sum(1 for r in active if r.coach_id == coach.id and r.status == "accepted"
                           and r.failed_attempts < FAILED_CALLS_LIMIT)
                if held > coach.max_active:
                    self.week.over_max.append((now, coach.key, held))
        for request in active:
            covered = request.status == "accepted" or request.id in standing
            if covered:
                self.waiting_since.pop(request.id, None)
                continue
            since = self.waiting_since.setdefault(request.id, now)
            self.week.wait[request.id] = max(self.week.wait.get(request.id, timedelta(0)),
                                             now - since)
            if request.next_check_at is None:
                self.week.stuck.append((now, request.id))


def live_week(database_url: str | None = None, folder: Path | None = None) -> Week:
    """Run the week on a fresh database (SQLite in a scratch folder by default)."""
    from dispatch.db import make_engine
    from dispatch.migrate import upgrade
    from tests.conftest import Phone, make_app, sync_cast
    scratch = folder is None
    folder = folder or Path(tempfile.mkdtemp(prefix="rappel-week-"))
    url = database_url or f"sqlite:///{folder}/week.sqlite3"
    if database_url is None:
        engine = make_engine(url)
        upgrade(engine)
        engine.dispose()
    app = make_app(url, folder, VOLUNTEERS_FILE=str(SAMPLE))
    sync_cast(app, SAMPLE)
    life = Life(app, Phone(app.test_client()))
    life.run(START, END)
    week = life.week
    _figures(life, week)
    if scratch:
        app.extensions["rappel.engine"].dispose()
        shutil.rmtree(folder, ignore_errors=True)
    return week


def in_quiet_hours(moment: datetime) -> bool:
    local = moment.astimezone(PARIS).time()
    return local >= QUIET[0] or local < QUIET[1]


def _in_slot(request: Any, moment: datetime) -> bool:
    """Inside what the person asked for (any time when flexible or with no slot)."""
    if request.flexible or not request.slots:
        return True
    return any(datetime.fromisoformat(s["start"]) <= moment < datetime.fromisoformat(s["end"])
               for s in request.slots)


def _figures(life: Life, week: Week) -> None:
    from dispatch.models import Message, Request
    with life.sessions() as db:
        requests = list(db.scalars(select(Request).order_by(Request.id)))
        out = list(db.scalars(select(Message).where(Message.direction == "out")
                              .order_by(Message.id)))
        week.requests = [(r.id, r.status, r.received_at, r.deadline, r.contacted_at, r.crisis,
                          r.sender) for r in requests]
        week.sms = [(m.id, m.kind, getattr(m, "channel", "sms"), m.to_number, m.status,
                     m.sent_at or m.created_at, m.body) for m in out]
    due = [r for r in requests if r.deadline <= END]
    in_time = [r for r in due if r.contacted_at is not None and r.contacted_at <= r.deadline]
    to_coordinators = [m for m in out if m.to_number in life.coordinators
                       and m.kind not in ("reply",) and m.status in ("sent", "delivered")
                       and getattr(m, "channel", "sms") == "sms"]
    crisis_words = ("URGENT",)
    quiet = [m for m in to_coordinators if in_quiet_hours(m.sent_at or m.created_at)]
    week.figures = {
        "requests": len(requests),
        "due_in_the_week": len(due),
        "contacted_by_deadline": len(in_time),
        "called_by_deadline": sum(1 for r in due if r.id in week.called
                                  and week.called[r.id] <= r.deadline),
        "called_in_the_persons_slot_by_deadline": sum(
            1 for r in due if r.id in week.called and week.called[r.id] <= r.deadline
            and _in_slot(r, week.called[r.id])),
        "longest_wait_without_coach": max(week.wait.values(), default=timedelta(0)),
        "offers_sent": sum(1 for m in out if m.kind == "offer"
                           and m.status in ("sent", "delivered")),
        "coordinator_sms": len(to_coordinators),
        "coordinator_sms_quiet_hours": len(quiet),
        "coordinator_sms_quiet_not_crisis": sum(
            1 for m in quiet if not any(w in (m.body or "") for w in crisis_words)),
        "too_late_refusals": len(week.refused_ok),
        "too_late_while_nobody_held_it": sum(1 for r in week.refused_ok if r[3]),
        "stuck_request_steps": len(week.stuck),
    }
