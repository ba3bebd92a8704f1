"""Synthetic traffic for `rappel simulate`: who texts when, saying what, and
how each coach answers. Everything is drawn from generators seeded by
strings, so a seed gives the same traffic and the same coach answers to every
policy compared (and `hash()` randomisation never enters).

Arrivals follow a weekly pattern: weekdays busier than weekends, and an
evening peak (18:00-22:00, after the shop shuts) on weekdays. Entrepreneurs'
numbers come from ARCEP's fictional range (06 39 98 50 00 onwards).
"""
from __future__ import annotations

import math
import random
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

# Monday first; the mean is 1, so --per-day is the mean over a week.
DAY_WEIGHT = (1.15, 1.15, 1.15, 1.15, 1.1, 0.7, 0.6)
WEEKDAY_HOURS = (0.15,) * 7 + (0.5,) + (0.9,) * 4 + (1.1,) * 2 + (0.9,) * 4 + (2.2,) * 4 \
    + (1.5, 0.6)
WEEKEND_HOURS = (0.2,) * 8 + (1.0,) * 15 + (0.5,)
FIRST_ENTREPRENEUR = 5000
CLONE_FIRST = 2000  # cloned coaches get 06 39 98 2x xx
CRISIS_SHARE, ENGLISH_SHARE, FOLLOW_UP_SHARE = 0.02, 0.05, 0.6

FIRST = ("Paul", "Julie", "Karim", "Sophie", "Marc", "Nadia", "Thierry", "Claire", "Yann",
         "Isabelle", "Mehdi", "Laurence", "Bruno", "Aurélie", "Pascal", "Céline", "Didier",
         "Fatima", "Olivier", "Sandrine")
LAST = ("Martin", "Durand", "Lefebvre", "Moreau", "Girard", "Benali", "Roussel", "Faure",
        "Blanc", "Guerin", "Muller", "Henry", "Perrot", "Da Silva", "Lemaire", "Colin")
SITUATIONS = (
    "j'ai des dettes URSSAF et la banque ne suit plus",
    "ma tresorerie est a zero, je ne peux plus payer les charges",
    "la banque me refuse un pret pour passer l'hiver",
    "je suis epuise, je ne dors plus depuis des semaines",
    "je me sens tres seul avec mon entreprise",
    "le tribunal m'a convoque pour un redressement judiciaire",
    "un client me fait un proces et je ne sais pas quoi faire",
    "je dois licencier un salarie et j'ai peur de mal faire",
    "conflit avec mon associe et mon equipe",
    "je suis perdu dans les demarches et les impots",
    "j'ai ferme ma boulangerie et je voudrais repartir",
    "mon restaurant a ferme, je cherche une reconversion",
    "je voudrais parler a quelqu'un de ma situation",
)
# (phrase, weight): most people say "tomorrow", "this evening" or "any time";
# fewer name a day of the week, which often puts the call beyond 24 hours.
SLOTS = (("demain 14h-16h", 3), ("demain matin", 4), ("demain apres-midi", 3),
         ("ce soir apres 18h", 3), ("demain entre 9h et 11h", 2), ("n'importe quand", 4),
         ("des que possible", 3), ("demain midi", 1), ("cet apres-midi", 2),
         ("en fin de journee", 2), ("jeudi matin", 1), ("lundi apres-midi", 1),
         ("vendredi 10h-12h", 1), ("mercredi 17h-19h", 1), ("samedi matin", 1))
NO_SLOT_SHARE = 0.25
TEMPLATES = (
    "Bonjour, {name}, {situation}. Rappel possible {slot} au {number}.",
    "{situation}. Je suis {name}, pouvez-vous me rappeler {slot} ? {number}",
    "Bonjour je m'appelle {name}. {situation}, {slot}",
    "Bonjour, {situation}. {name}, {number}, joignable {slot}.",
)
TEMPLATES_NO_SLOT = (
    "Bonjour, {name}, {situation}. Mon numero: {number}",
    "Bonjour je m'appelle {name}, {situation}.",
)
ENGLISH = ("Hello, this is {name}, my business has cash flow problems and debts. "
           "Please call me tomorrow 2-4pm on {number}.")
CRISIS = "Je n'en peux plus, je pense a en finir. {name}, {number}"
CALL = timedelta(minutes=30)  # a call and its notes: one at a time per coach
LAST_CALL = timedelta(minutes=10)  # a call may start up to this long before a window ends
# A person answers a call in the slot they asked for more often than outside it
# (guesses, to be replaced by the hotline's own figures once it has some).
REACH_IN_SLOT, REACH_OUTSIDE = 0.9, 0.5
ATTEMPTS, RETRY_AFTER = 4, timedelta(minutes=45)  # a coach tries up to 4 times
FOLLOW_UPS = ("Plutot {slot}", "Vous pouvez m'appeler {slot}", "{slot} si possible, merci")


@dataclass(frozen=True)
class Sms:
    at: datetime
    sender: str
    body: str


def fictional(index: int) -> str:
    """The index-th number of the fictional range: 06 39 98 xx xx, as E.164."""
    return f"+3363998{index:04d}"


def national(e164: str) -> str:
    digits = "0" + e164[3:]
    return " ".join(digits[i:i + 2] for i in range(0, 10, 2))


def poisson(rng: random.Random, mean: float) -> int:
    """Knuth's method; fine for the tens of requests a day simulated here."""
    if mean <= 0:
        return 0
    limit, count, product = math.exp(-mean), 0, rng.random()
    while product > limit:
        count += 1
        product *= rng.random()
    return count


def _moment(rng: random.Random, day: date, tz: ZoneInfo) -> datetime:
    weights = WEEKDAY_HOURS if day.weekday() < 5 else WEEKEND_HOURS
    hour = rng.choices(range(24), weights)[0]
    return datetime(day.year, day.month, day.day, hour, rng.randrange(60), rng.randrange(60),
                    tzinfo=tz)


def _slot(rng: random.Random) -> str:
    return rng.choices([p for p, _ in SLOTS], [w for _, w in SLOTS])[0]


def _body(rng: random.Random, number: str) -> tuple[str, bool]:
    """A first SMS, and whether it gave a time to call."""
    name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    values = {"name": name, "number": national(number), "situation": rng.choice(SITUATIONS)}
    roll = rng.random()
    if roll < CRISIS_SHARE:
        return CRISIS.format(**values), True
    if roll < CRISIS_SHARE + ENGLISH_SHARE:
        return ENGLISH.format(**values), True
    if rng.random() < NO_SLOT_SHARE:
        return rng.choice(TEMPLATES_NO_SLOT).format(**values), False
    body = rng.choice(TEMPLATES).format(slot=_slot(rng), **values)
    return body[0].upper() + body[1:], True


def arrivals(seed: int, start: date, days: int, per_day: float, tz: ZoneInfo) -> list[Sms]:
    """Every entrepreneur SMS of the run (first messages and follow-ups), by time."""
    rng = random.Random(f"traffic:{seed}")
    out: list[Sms] = []
    index = FIRST_ENTREPRENEUR
    for offset in range(days):
        day = start + timedelta(days=offset)
        for _ in range(poisson(rng, per_day * DAY_WEIGHT[day.weekday()])):
            sender = fictional(index)
            index += 1
            at = _moment(rng, day, tz)
            body, said_when = _body(rng, sender)
            out.append(Sms(at, sender, body))
            if not said_when and rng.random() < FOLLOW_UP_SHARE:
                later = at + timedelta(minutes=rng.randint(10, 180))
                text = rng.choice(FOLLOW_UPS).format(slot=_slot(rng))
                out.append(Sms(later, sender, text[0].upper() + text[1:]))
    return sorted(out, key=lambda s: (s.at, s.sender))


def scaled(roster: Any, coaches: int | None) -> Any:
    """The roster with `coaches` coaches: the first ones, or more with clones.

    The k-th copy of a coach (k = 2, 3...) gets a new id ("michel-2"), a new
    fictional number (06 39 98 2x xx) and the same languages, topics, hours
    and max_active, with its week shifted by k - 1 days: new volunteers are
    not all free at the very hours the first ones are, and copies with the
    same week would leave the roster's gaps (no one on Tuesday afternoon in
    the sample) as they are."""
    if coaches is None or coaches == len(roster.coaches):
        return roster
    base = roster.coaches
    people = list(base[:coaches])
    for i in range(max(0, coaches - len(base))):
        model, copy = base[i % len(base)], i // len(base) + 2
        week = {(day + copy - 1) % 7: hours for day, hours in model.availability.items()}
        people.append(replace(model, id=f"{model.id}-{copy}", name=f"{model.name} {copy}",
                              mobile=fictional(CLONE_FIRST + i), availability=week))
    return replace(roster, coaches=tuple(people))


@dataclass(frozen=True)
class Answer:
    accepts: bool
    delay: timedelta     # from the offer SMS to the answer
    call_offset: timedelta  # how far into the coach's window the call is made


def answer(seed: int, coach_key: str, sender: str, accept: float) -> Answer:
    """How `coach_key` answers an offer to call `sender` back: fixed per seed, so the
    same whichever policy makes the offer."""
    rng = random.Random(f"answer:{seed}:{coach_key}:{sender}")
    accepts = rng.random() < accept
    # Most answer within minutes; about one in twelve misses the 30-minute timeout.
    delay = timedelta(minutes=min(rng.expovariate(1 / 12), 240))
    return Answer(accepts, delay, timedelta(minutes=rng.uniform(0, 20)))


def reached(seed: int, coach_key: str, sender: str, attempt: int, inside: bool) -> bool:
    """Whether the person answers this call: fixed per seed, like the answers."""
    rng = random.Random(f"reach:{seed}:{coach_key}:{sender}:{attempt}")
    return rng.random() < (REACH_IN_SLOT if inside else REACH_OUTSIDE)


def in_slot(request: Any, moment: datetime) -> bool:
    """Whether `moment` is within what the person asked for (always, with no slot)."""
    if request.flexible or not request.slots:
        return True
    return any(datetime.fromisoformat(s["start"]) <= moment < datetime.fromisoformat(s["end"])
               for s in request.slots)


def call_time(db: Any, coach: Any, request: Any, accepted_at: datetime, tz: ZoneInfo,
              offset: timedelta, booked: list[tuple[datetime, datetime]]) -> datetime:
    """When the coach calls: the first free half hour of their week (they make one
    call at a time, `booked` holds their calls) within what the person asked for
    before the deadline, else within it after the deadline, else whenever they can.
    The first try starts `offset` into a window (nobody calls on the dot)."""
    from dispatch.localtime import windows_between
    from dispatch.offering import request_view
    asked = request_view(db, request)
    plan, week = coach.availability, accepted_at + timedelta(days=8)
    slots = [] if asked.flexible or not asked.slots else \
        [(max(s, accepted_at), e) for s, e in asked.slots if e > accepted_at]
    tries = []
    for start, end in slots:
        tries += windows_between(plan, start, min(end, asked.deadline), tz) if \
            start < min(end, asked.deadline) else []
    if not slots:
        tries += windows_between(plan, accepted_at, asked.deadline, tz)
    for start, end in slots:
        tries += windows_between(plan, max(start, asked.deadline), end, tz) if \
            max(start, asked.deadline) < end else []
    tries += windows_between(plan, accepted_at, week, tz)
    for start, end in tries:
        moment = _free(start + offset if start + offset + LAST_CALL < end else start, end,
                       booked)
        if moment is not None:
            return moment
    return week


def _free(start: datetime, end: datetime, booked: list[tuple[datetime, datetime]]
          ) -> datetime | None:
    """The first moment from `start`, clear of the booked calls, where a call can
    still start before `end` (a coach free until noon takes a call at 11:45)."""
    moment = start
    for s, e in sorted(booked):
        if e <= moment or s >= moment + CALL:
            continue
        moment = e
    return moment if moment + LAST_CALL <= end else None
