"""Synthetic traffic: who texts the hotline when, saying what.

Arrivals are a Poisson process whose rate follows the hour of the week
(`Assumptions.profile`), `per_day` requests a day on average. Each person's
first SMS is written as people write (a situation, a name, often a number
and a time to call); a share of them are crises, a few are in English. What
the simulation needs to know about each person beyond their words (the topic
they speak of, how long their call will last, how many tries ring out before
they pick up) is drawn here too, so that every policy and the oracle see the
same people. Everything is drawn from generators seeded by strings: a seed
gives the same traffic whatever runs it (`hash()` randomisation never enters).

Entrepreneurs' numbers come from ARCEP's fictional range (06 39 98 50 00 on).
"""
from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from planner.assumptions import Assumptions

FIRST_ENTREPRENEUR = 5000
FIRST = ("Paul", "Julie", "Karim", "Sophie", "Marc", "Nadia", "Thierry", "Claire", "Yann",
         "Isabelle", "Mehdi", "Laurence", "Bruno", "Aurélie", "Pascal", "Céline", "Didier",
         "Fatima", "Olivier", "Sandrine")
LAST = ("Martin", "Durand", "Lefebvre", "Moreau", "Girard", "Benali", "Roussel", "Faure",
        "Blanc", "Guerin", "Muller", "Henry", "Perrot", "Da Silva", "Lemaire", "Colin")
# (what the person writes, the topic a coach reading it would see)
SITUATIONS = (
    ("j'ai des dettes URSSAF et la banque ne suit plus", "financier"),
    ("ma tresorerie est a zero, je ne peux plus payer les charges", "financier"),
    ("la banque me refuse un pret pour passer l'hiver", "financier"),
    ("je suis epuise, je ne dors plus depuis des semaines", "equilibre"),
    ("je me sens tres seul avec mon entreprise", "equilibre"),
    ("le tribunal m'a convoque pour un redressement judiciaire", "juridique"),
    ("un client me fait un proces et je ne sais pas quoi faire", "juridique"),
    ("je dois licencier un salarie et j'ai peur de mal faire", "social"),
    ("conflit avec mon associe et mon equipe", "social"),
    ("je suis perdu dans les demarches et les impots", "administratif"),
    ("j'ai ferme ma boulangerie et je voudrais repartir", "rebond"),
    ("mon restaurant a ferme, je cherche une reconversion", "rebond"),
    ("je voudrais parler a quelqu'un de ma situation", None),
)
# (phrase, weight): most people say "tomorrow", "this evening" or "any time";
# fewer name a day of the week, which often puts the call beyond 24 hours.
SLOTS = (("demain 14h-16h", 3), ("demain matin", 4), ("demain apres-midi", 3),
         ("ce soir apres 18h", 3), ("demain entre 9h et 11h", 2), ("n'importe quand", 4),
         ("des que possible", 3), ("demain midi", 1), ("cet apres-midi", 2),
         ("en fin de journee", 2), ("jeudi matin", 1), ("lundi apres-midi", 1),
         ("vendredi 10h-12h", 1), ("mercredi 17h-19h", 1), ("samedi matin", 1))
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
CRISIS = ("Je n'en peux plus, je pense a en finir. {name}, {number}",
          "Bonjour, {situation}. J'ai envie de me suicider. {name} {number}",
          "Je ne vois plus d'issue, je veux mourir. {number}")
FOLLOW_UPS = ("Plutot {slot}", "Vous pouvez m'appeler {slot}", "{slot} si possible, merci")


@dataclass(frozen=True)
class Arrival:
    """One person: their first SMS and what the simulation knows about them."""
    at: datetime            # UTC
    sender: str             # E.164
    body: str
    topic: str | None       # what a coach reading the offer understands it is about
    language: str
    crisis: bool
    call_min: float         # how long the call lasts once they pick up
    failures: int           # tries that ring out before they answer (>= attempts: never)
    follow_up: tuple[datetime, str] | None = None   # "when?" answered later


def fictional(index: int) -> str:
    """The index-th number of the fictional range: 06 39 98 xx xx, as E.164."""
    return f"+3363998{index:04d}"


def national(e164: str) -> str:
    digits = "0" + e164[3:]
    return " ".join(digits[i:i + 2] for i in range(0, 10, 2))


def poisson(rng: random.Random, mean: float) -> int:
    """Knuth's method: the means here are a fraction of one an hour."""
    limit, count, product = math.exp(-mean), 0, rng.random()
    while product > limit:
        count += 1
        product *= rng.random()
    return count


def start_of(first_day: date, tz: ZoneInfo) -> datetime:
    return datetime.combine(first_day, time(0), tzinfo=tz).astimezone(timezone.utc)


def arrivals(seed: int, first_day: date, days: int, per_day: float, tz: ZoneInfo,
             assumed: Assumptions) -> list[Arrival]:
    """Every person who texts during the run, by time of their first SMS."""
    rng = random.Random(f"traffic:{seed}")
    out: list[Arrival] = []
    for offset in range(days):
        day = first_day + timedelta(days=offset)
        for hour in range(24):
            mean = per_day * assumed.profile[day.weekday() * 24 + hour]
            for _ in range(poisson(rng, mean)):
                moment = datetime.combine(day, time(hour, rng.randrange(60), rng.randrange(60)),
                                          tzinfo=tz).astimezone(timezone.utc)
                out.append(_person(rng, moment, FIRST_ENTREPRENEUR + len(out), assumed))
    return sorted(out, key=lambda a: a.at)


def _person(rng: random.Random, at: datetime, index: int, assumed: Assumptions) -> Arrival:
    sender = fictional(index)
    situation, topic = rng.choice(SITUATIONS)
    values = {"name": f"{rng.choice(FIRST)} {rng.choice(LAST)}", "number": national(sender),
              "situation": situation}
    crisis = rng.random() < assumed.crisis_share
    english = not crisis and rng.random() < assumed.english_share
    follow_up = None
    if crisis:
        body = rng.choice(CRISIS).format(**values)
    elif english:
        body, topic = ENGLISH.format(**values), "financier"
    elif rng.random() < assumed.no_slot_share:
        body = rng.choice(TEMPLATES_NO_SLOT).format(**values)
        if rng.random() < assumed.follow_up_share:
            text = rng.choice(FOLLOW_UPS).format(slot=_slot(rng))
            follow_up = (at + timedelta(minutes=rng.randint(10, 180)), _capital(text))
    else:
        body = _capital(rng.choice(TEMPLATES).format(slot=_slot(rng), **values))
    return Arrival(at, sender, body, topic, "en" if english else "fr", crisis,
                   call_minutes(rng, assumed), _failures(rng, assumed), follow_up)


def _capital(text: str) -> str:
    return text[0].upper() + text[1:]


def _slot(rng: random.Random) -> str:
    return rng.choices([p for p, _ in SLOTS], [w for _, w in SLOTS])[0]


def call_minutes(rng: random.Random, assumed: Assumptions) -> float:
    if assumed.call_sample:
        return rng.choice(assumed.call_sample)
    return rng.triangular(assumed.call_min, assumed.call_max, assumed.call_mode)


def _failures(rng: random.Random, assumed: Assumptions) -> int:
    """Tries that ring out before the person picks up; `attempts` when they never do."""
    if rng.random() < assumed.unreachable_share:
        return assumed.attempts
    failures = 0
    while failures < assumed.attempts and rng.random() >= assumed.pickup:
        failures += 1
    return failures
