"""Bulk seeding for the benchmarks: a migrated database holding years of history.

`seed(engine, now, closed=N, active=M)` writes, with SQLAlchemy Core
executemany in batches (no ORM objects):

- N past requests (closed, some cancelled or contacted) received over the two
  years before `now`, each with 1-3 offers, 3-6 messages, 4-8 timeline events,
  and escalation rows for about one in eight;
- M requests in progress (open, offered, accepted) whose deadlines are spread
  over the next 24 hours, as a clock that last ran a few minutes before `now`
  would leave them: pending offers expiring around `now`, open requests due
  around `now`, escalation steps already taken for what was due before, a few
  outbound SMS queued.

The roster is synced first with the project's own code
(`dispatch.roster.load_roster_file` + `dispatch.roster_sync.sync`), from
volunteers.yaml plus, optionally, synthetic coaches (`extra_coaches`) so that
1,000 requests in progress have coaches with room to take them.

Command line (creates and fills a scratch database):

    python -m benchmarks.seed --db postgres --closed 100000 --active 1000
"""
from __future__ import annotations

import argparse
import json
import random
import tempfile
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml
from sqlalchemy import Boolean, Engine, Table, create_engine, func, select, text

from dispatch.db import make_engine
from dispatch.migrate import upgrade
from dispatch.models import (
    Base,
    Coach,
    Coordinator,
    Escalation,
    Event,
    Message,
    Offer,
    Request,
)

ROOT = Path(__file__).resolve().parent.parent
VOLUNTEERS = ROOT / "volunteers.yaml"
PARIS = ZoneInfo("Europe/Paris")
HOTLINE = "+33380000000"
PG_ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
# Tuesday 24 November 2026, 10:15 in Dijon: inside calling hours, Claire on call.
DEFAULT_NOW = datetime(2026, 11, 24, 10, 15, tzinfo=PARIS).astimezone(timezone.utc)
BATCH = 5000

FIRST = ["Paul", "Sophie", "Marc", "Nadia", "Karim", "Isabelle", "Thierry", "Céline", "Julien",
         "Sandrine", "Mehdi", "Nathalie", "Olivier", "Aurélie", "Franck", "Laetitia", "Pascal",
         "Émilie", "Yannick", "Fatima", "Stéphane", "Virginie", "Cédric", "Amandine", "Hervé"]
LAST = ["Martin", "Durand", "Lefebvre", "Moreau", "Garnier", "Roussel", "Petit", "Benali",
        "Bertrand", "Fontaine", "Girard", "Mercier", "Blanc", "Guerin", "Boyer", "Chevallier",
        "Lemoine", "Perrot", "Renaud", "Colin", "Vidal", "Barbier", "Arnaud", "Marchand"]
TRADES = ["boulangerie", "garage", "salon de coiffure", "restaurant", "épicerie", "menuiserie",
          "cabinet infirmier", "auto-école", "fleuriste", "bar-tabac", "entreprise de maçonnerie",
          "librairie", "boucherie", "agence immobilière", "transport routier", "gîte"]
TOWNS = ["Dijon", "Beaune", "Chenôve", "Auxonne", "Montbard", "Nuits-Saint-Georges", "Talant",
         "Quetigny", "Is-sur-Tille", "Semur-en-Auxois", "Genlis", "Longvic"]
TROUBLES = [
    ("financier", "la trésorerie est à zéro et la banque refuse le découvert"),
    ("financier", "je n'arrive plus à payer l'URSSAF"),
    ("juridique", "le tribunal a ouvert un redressement judiciaire"),
    ("juridique", "un litige avec un fournisseur bloque tout"),
    ("equilibre", "je ne dors plus et je suis épuisé"),
    ("equilibre", "je me sens très seul face à tout ça"),
    ("social", "je dois licencier deux salariés et je ne sais pas comment faire"),
    ("administratif", "je suis perdu dans les démarches pour les aides"),
    ("rebond", "j'ai fermé mon commerce le mois dernier et je veux rebondir"),
]
WHEN = ["demain entre 14h et 16h", "jeudi après-midi", "n'importe quand", "dès que possible",
        "plutôt le matin", "après 18h", "vendredi avant 10h", "demain matin", "ce soir",
        "lundi ou mardi après 18h", "en semaine entre midi et deux", ""]
TOPICS = ["equilibre", "financier", "juridique", "social", "administratif", "rebond"]


# ---------------------------------------------------------------- databases

def postgres_url(name: str, admin_url: str = PG_ADMIN_URL) -> str:
    return admin_url.rsplit("/", 1)[0] + f"/{name}"


def recreate_postgres(name: str, admin_url: str = PG_ADMIN_URL,
                      template: str | None = None) -> str:
    """Drop and create the scratch database `name` (optionally from `template`)."""
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        extra = f' TEMPLATE "{template}"' if template else ""
        conn.execute(text(f'CREATE DATABASE "{name}"{extra}'))
    admin.dispose()
    return postgres_url(name, admin_url)


def drop_postgres(name: str, admin_url: str = PG_ADMIN_URL) -> None:
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def sqlite_url(path: Path) -> str:
    for suffix in ("", "-wal", "-shm", ".clock-lock"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    return f"sqlite:///{path}"


# ---------------------------------------------------------------- roster

def roster_file(extra_coaches: int, directory: Path) -> Path:
    """volunteers.yaml, plus `extra_coaches` synthetic coaches (fictional numbers)."""
    if extra_coaches <= 0:
        return VOLUNTEERS
    data = yaml.safe_load(VOLUNTEERS.read_text(encoding="utf-8"))
    rng = random.Random(7)
    plans = [{"mon-fri": "09:00-12:00, 14:00-18:00"}, {"mon-fri": "18:00-21:00"},
             {"tue-thu": "09:00-12:00"}, {"mon,wed,fri": "14:00-18:00"},
             {"sat,sun": "10:00-12:00, 16:00-19:00"}, {"mon-sun": "08:00-10:00"},
             {"mon-fri": "12:00-14:00"}]
    for i in range(extra_coaches):
        # 06 39 98 2x xx .. 6x xx: the fiction range, clear of the real roster's 00/10.
        number = 2000 + i
        data["coaches"].append({
            "id": f"bench-{i:04d}",
            "name": f"{rng.choice(FIRST)} {rng.choice(LAST)}-{i}",
            "mobile": f"06 39 98 {number // 100:02d} {number % 100:02d}",
            "languages": ["fr", "en"] if rng.random() < 0.3 else ["fr"],
            "topics": rng.sample(TOPICS, rng.randint(1, 3)),
            "availability": rng.choice(plans),
            "max_active": rng.randint(2, 4),
        })
    path = directory / f"volunteers-bench-{extra_coaches}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def sync_roster(engine: Engine, path: Path) -> None:
    from dispatch.db import make_sessionmaker
    from dispatch.roster import load_roster_file
    from dispatch.roster_sync import sync
    with make_sessionmaker(engine)() as db:
        sync(db, load_roster_file(path))
        db.commit()


# ---------------------------------------------------------------- rows

def french_mobile(rng: random.Random) -> str:
    """A valid-looking French mobile in E.164 (06/07 ranges phonenumbers accepts)."""
    if rng.random() < 0.75:
        return f"+336{rng.choice('01245678')}{rng.randrange(10_000_000):07d}"
    return f"+337{rng.choice('3456789')}{rng.randrange(10_000_000):07d}"


@dataclass
class Ids:
    request: int = 0
    offer: int = 0
    message: int = 0
    event: int = 0
    escalation: int = 0

    def next(self, kind: str) -> int:
        value = getattr(self, kind) + 1
        setattr(self, kind, value)
        return value


@dataclass
class Rows:
    """Rows waiting to be inserted, flushed table by table in batches."""
    engine: Engine
    batch: int = BATCH
    pending: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)

    ORDER = ("requests", "offers", "messages", "events", "escalations")
    TABLES = {"requests": Request.__table__, "offers": Offer.__table__,
              "messages": Message.__table__, "events": Event.__table__,
              "escalations": Escalation.__table__}

    def add(self, table: str, row: dict[str, Any]) -> None:
        self.pending.setdefault(table, []).append(row)
        if len(self.pending[table]) >= self.batch and table == "requests":
            self.flush()

    def flush(self) -> None:
        """Insert what is pending, parents first (foreign keys are on, SQLite too).

        PostgreSQL gets COPY and SQLite a raw executemany, with values converted
        as the models' types store them (UTC text on SQLite, JSON text); other
        databases go through a Core insert."""
        dialect = self.engine.dialect.name
        if dialect not in ("postgresql", "sqlite"):
            with self.engine.begin() as conn:
                for name in self.ORDER:
                    if self.pending.get(name):
                        table = self.TABLES[name]
                        assert isinstance(table, Table)
                        conn.execute(table.insert(), self.pending[name])
                        self._done(name)
            return
        raw = self.engine.raw_connection()
        try:
            cursor = raw.cursor()
            if dialect == "sqlite":  # random-keyed indexes (sid, numbers) need a bigger cache
                cursor.execute("PRAGMA cache_size = -262144")
            for name in self.ORDER:
                rows = self.pending.get(name)
                if not rows:
                    continue
                columns = list(rows[0])
                convert = [_converter(self.TABLES[name].c[c].type, dialect) for c in columns]
                values = [tuple(f(row[c]) for f, c in zip(convert, columns, strict=True)) for row in rows]
                names = ", ".join(f'"{c}"' for c in columns)
                if dialect == "postgresql":
                    with cursor.copy(f"COPY {name} ({names}) FROM STDIN") as copy:
                        for value in values:
                            copy.write_row(value)
                else:
                    marks = ", ".join("?" for _ in columns)
                    cursor.executemany(f"INSERT INTO {name} ({names}) VALUES ({marks})", values)
                self._done(name)
            cursor.close()
            raw.commit()
        finally:
            raw.close()

    def _done(self, name: str) -> None:
        self.counts[name] = self.counts.get(name, 0) + len(self.pending[name])
        self.pending[name].clear()


def _converter(kind: Any, dialect: str) -> Any:
    """How a value of column type `kind` is written by the raw driver."""
    from sqlalchemy import JSON as JSONType

    from dispatch.models import UTCDateTime
    if isinstance(kind, UTCDateTime):
        if dialect == "sqlite":
            return lambda v: None if v is None else \
                v.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M:%S.%f")
        return lambda v: v
    if isinstance(kind, JSONType):
        return lambda v: None if v is None else json.dumps(v)
    if dialect == "sqlite" and isinstance(kind, Boolean):
        return lambda v: None if v is None else int(v)
    return lambda v: v


def _request(ids: Ids, **values: Any) -> dict[str, Any]:
    row = {"id": ids.next("request"), "status": "closed", "received_at": None, "deadline": None,
           "sender": None, "callback_number": None, "name": None, "phones": [], "emails": [],
           "slots": [], "flexible": False, "topic": None, "language": "fr", "crisis": False,
           "coach_id": None, "accepted_at": None, "contacted_at": None, "closed_at": None,
           "failed_attempts": 0, "next_check_at": None, "anonymised_at": None}
    row.update(values)
    return row


def _offer(ids: Ids, request_id: int, coach_id: int, status: str, created: datetime,
           answered: datetime | None, reason: str) -> dict[str, Any]:
    return {"id": ids.next("offer"), "request_id": request_id, "coach_id": coach_id,
            "status": status, "created_at": created, "expires_at": created + timedelta(minutes=30),
            "answered_at": answered, "reason": reason}


def _message(ids: Ids, direction: str, frm: str | None, to: str | None, body: str, status: str,
             kind: str | None, request_id: int | None, at: datetime, *,
             offer_id: int | None = None, reply: str | None = None,
             next_attempt_at: datetime | None = None) -> dict[str, Any]:
    mid = ids.next("message")
    sent = status in ("sent", "delivered", "received")
    return {"id": mid, "direction": direction,
            "sid": f"SM{mid:032x}" if sent else None,
            "from_number": frm, "to_number": to, "body": body, "status": status,
            "error_code": None, "kind": kind, "request_id": request_id, "offer_id": offer_id,
            "created_at": at, "attempts": 1 if direction == "out" and sent else 0,
            "next_attempt_at": next_attempt_at,
            "sent_at": at if direction == "out" and sent else None,
            "reply": reply}


def _event(ids: Ids, request_id: int, at: datetime, actor: str, kind: str,
           detail: str = "") -> dict[str, Any]:
    return {"id": ids.next("event"), "request_id": request_id, "at": at, "actor": actor,
            "kind": kind, "detail": detail}


def first_sms(rng: random.Random) -> tuple[str, str, str | None]:
    """A first SMS as entrepreneurs write them: (body, name, topic)."""
    name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    topic, trouble = rng.choice(TROUBLES)
    when = rng.choice(WHEN)
    hello = rng.choice(["Bonjour", "Bjr", "Bonsoir", "Bonjour,", "Salut"])
    body = (f"{hello} c'est {name}, {rng.choice(TRADES)} à {rng.choice(TOWNS)}. {trouble}. "
            + (f"Rappelez-moi {when}." if when else "Merci de me rappeler."))
    return body, name, topic


def _slots(rng: random.Random, received: datetime) -> tuple[list[dict[str, str]], bool]:
    roll = rng.random()
    if roll < 0.3:
        return [], True  # "n'importe quand" / "dès que possible"
    if roll < 0.45:
        return [], False  # no time given: the acknowledgement asks when
    local = received.astimezone(PARIS)
    day = (local + timedelta(days=rng.randint(0, 2))).date()
    start_hour = rng.choice([9, 12, 14, 17, 18])
    start = datetime(day.year, day.month, day.day, start_hour, tzinfo=PARIS)
    end = start + timedelta(hours=rng.choice([2, 3, 4]) if start_hour < 18 else 3)
    return [{"start": start.isoformat(), "end": end.isoformat()}], False


# ---------------------------------------------------------------- history

def seed_closed(rows: Rows, ids: Ids, rng: random.Random, now: datetime, count: int,
                coaches: list[tuple[int, str, str]], coordinators: list[str]) -> None:
    """`count` past requests received over the two years before `now`."""
    senders = [french_mobile(rng) for _ in range(max(1, int(count * 0.8)))]
    for _ in range(count):
        received = now - timedelta(days=1, seconds=rng.randrange(730 * 86400))
        sender = rng.choice(senders)
        body, name, topic = first_sms(rng)
        slots, flexible = _slots(rng, received)
        status = rng.choices(["closed", "cancelled", "contacted"], [88, 9, 3])[0]
        n_offers = rng.choice((1, 1, 2, 2, 3)) if len(coaches) >= 3 else 1
        picked = rng.sample(coaches, n_offers)
        crisis = rng.random() < 0.01
        old = received < now - timedelta(days=90)
        rid = ids.request + 1
        t = received + timedelta(minutes=rng.randint(1, 30))
        events = [_event(ids, rid, received, "entrepreneur", "sms_in", body),
                  _event(ids, rid, received, "hotline", "opened",
                         f"deadline {(received + timedelta(hours=24)).isoformat()}")]
        messages = [_message(ids, "in", sender, HOTLINE, body, "received", None, rid, received,
                             reply=f"Merci, demande n°{rid} bien reçue."),
                    _message(ids, "out", HOTLINE, sender, f"Merci, demande n°{rid} bien reçue.",
                             "sent", "reply", rid, received)]
        coach_id = accepted_at = None
        for i, (cid, cname, cmobile) in enumerate(picked):
            last = i == n_offers - 1
            offer_status = ("accepted" if status != "cancelled" else "withdrawn") if last else \
                rng.choice(("declined", "expired"))
            answered = t + timedelta(minutes=rng.randint(2, 29))
            offer = _offer(ids, rid, cid, offer_status, t, answered,
                           f"{cname.split()[0]}: libre, sujet {topic}")
            rows.add("offers", offer)
            events.append(_event(ids, rid, t, "clock", "offered", offer["reason"]))
            if len(messages) < 6:
                messages.append(_message(ids, "out", HOTLINE, cmobile,
                                         f"Rappel n°{rid} : {name.split()[0]} attend un appel.",
                                         "delivered", "offer", rid, t, offer_id=offer["id"]))
            if offer_status == "accepted":
                coach_id, accepted_at = cid, answered
                events.append(_event(ids, rid, answered, cname, "accepted"))
                if len(messages) < 6:
                    messages.append(_message(ids, "in", cmobile, HOTLINE, f"OK {rid}", "received",
                                             None, rid, answered, reply="C'est noté, merci."))
            elif offer_status != "withdrawn":
                kind = "declined" if offer_status == "declined" else "offer_expired"
                events.append(_event(ids, rid, answered, cname if kind == "declined" else "clock",
                                     kind))
            t = answered + timedelta(minutes=1)
        contacted = closed = None
        if status in ("closed", "contacted"):
            contacted = t + timedelta(hours=rng.uniform(1, 20))
            events.append(_event(ids, rid, contacted, picked[-1][1], "contacted"))
            if len(messages) < 6:
                messages.append(_message(ids, "in", picked[-1][2], HOTLINE, f"FAIT {rid}",
                                         "received", None, rid, contacted, reply="Merci !"))
        if status == "closed":
            closed = contacted + timedelta(hours=rng.uniform(1, 72))  # type: ignore[operator]
            assert isinstance(closed, datetime)
            events.append(_event(ids, rid, closed, rng.choice(coordinators), "closed"))
        elif status == "cancelled":
            closed = t + timedelta(minutes=rng.randint(5, 600))
            events.append(_event(ids, rid, closed, "entrepreneur", "cancelled"))
            messages.append(_message(ids, "in", sender, HOTLINE, "ANNULER", "received", None,
                                     rid, closed, reply="Votre demande est annulée."))
        while len(messages) < 3 + rng.randrange(2):
            messages.append(_message(ids, "in", sender, HOTLINE, "Merci beaucoup pour l'appel",
                                     "received", None, rid, t, reply=None))
        if rng.random() < 0.12:
            for kind in rng.sample(("unaccepted", "due_soon", "overdue"), rng.randint(1, 2)):
                rows.add("escalations", {"id": ids.next("escalation"), "request_id": rid,
                                         "kind": kind, "at": received + timedelta(hours=6)})
                events.append(_event(ids, rid, received + timedelta(hours=6), "clock",
                                     "escalated", kind))
        rows.add("requests", _request(
            ids, status=status, received_at=received, deadline=received + timedelta(hours=24),
            sender=sender, callback_number=sender, name=None if old else name,
            phones=[] if old else [sender], slots=slots, flexible=flexible, topic=topic,
            crisis=crisis, coach_id=coach_id, accepted_at=accepted_at, contacted_at=contacted,
            closed_at=closed, anonymised_at=now - timedelta(days=1) if old else None))
        assert ids.request == rid
        for row in messages[:6]:
            rows.add("messages", row)
        for row in events[:8]:
            rows.add("events", row)


# ---------------------------------------------------------------- in progress

def seed_active(rows: Rows, ids: Ids, rng: random.Random, now: datetime, count: int,
                coaches: list[tuple[int, str, str]], lag: timedelta,
                capacity: dict[int, int] | None = None) -> None:
    """`count` requests in progress, as a clock that last ran `lag` before `now` leaves them.

    Offered and accepted requests go to coaches below their `max_active` while
    any is left (then to anyone, as an over-committed hotline would)."""
    seen = now - lag
    capacity = capacity or {}
    load: dict[int, int] = {}
    for _ in range(count):
        deadline = now + timedelta(seconds=rng.randrange(24 * 3600))
        received = deadline - timedelta(hours=24)
        sender = french_mobile(rng)
        body, name, topic = first_sms(rng)
        slots, flexible = _slots(rng, received)
        status = rng.choices(["open", "offered", "accepted"], [40, 25, 35])[0]
        rid = ids.request + 1
        rows.add("messages", _message(ids, "in", sender, HOTLINE, body, "received", None, rid,
                                      received, reply=f"Merci, demande n°{rid} bien reçue."))
        rows.add("messages", _message(ids, "out", HOTLINE, sender,
                                      f"Merci, demande n°{rid} bien reçue.", "sent", "reply",
                                      rid, received))
        rows.add("events", _event(ids, rid, received, "entrepreneur", "sms_in", body))
        rows.add("events", _event(ids, rid, received, "hotline", "opened",
                                  f"deadline {deadline.isoformat()}"))
        values: dict[str, Any] = {}
        # Earlier offers, declined or expired, to coaches the request cannot go back to.
        earlier = rng.choice((0, 0, 1, 2)) if status != "accepted" else 0
        chosen = rng.sample(coaches, min(len(coaches), earlier + 1))
        t = received + timedelta(minutes=5)
        for cid, cname, _cmobile in chosen[:earlier]:
            if t + timedelta(minutes=30) >= seen:
                break
            rows.add("offers", _offer(ids, rid, cid, rng.choice(("declined", "expired")), t,
                                      t + timedelta(minutes=20), f"{cname.split()[0]}: libre"))
            rows.add("events", _event(ids, rid, t, "clock", "offered", cname))
            t += timedelta(minutes=31)
        cid, cname, cmobile = chosen[-1]
        if status != "open":
            free = [c for c in coaches if load.get(c[0], 0) < capacity.get(c[0], 3)
                    and c not in chosen[:earlier]]
            if free:
                cid, cname, cmobile = rng.choice(free)
        if status == "open":
            values["next_check_at"] = now + timedelta(seconds=rng.randint(-1800, 1800))
        elif status == "offered":
            expires = now + timedelta(seconds=rng.randint(-900, 900))
            created = expires - timedelta(minutes=30)
            offer = _offer(ids, rid, cid, "pending", created, None, f"{cname.split()[0]}: libre")
            rows.add("offers", offer)
            rows.add("events", _event(ids, rid, created, "clock", "offered", offer["reason"]))
            rows.add("messages", _message(ids, "out", HOTLINE, cmobile,
                                          f"Rappel n°{rid} : {name.split()[0]} attend un appel.",
                                          "sent", "offer", rid, created, offer_id=offer["id"]))
            values["next_check_at"] = expires
            load[cid] = load.get(cid, 0) + 1
        else:
            accepted = received + (now - received) * rng.uniform(0.1, 0.95)
            offer = _offer(ids, rid, cid, "accepted", accepted - timedelta(minutes=10), accepted,
                           f"{cname.split()[0]}: libre")
            rows.add("offers", offer)
            rows.add("events", _event(ids, rid, accepted, cname, "accepted"))
            values.update(coach_id=cid, accepted_at=accepted)
            load[cid] = load.get(cid, 0) + 1
        # Escalation steps the clock already took before it stopped `lag` ago.
        steps = []
        if status != "accepted" and received + timedelta(hours=6) <= seen:
            steps.append("unaccepted")
        if status == "accepted" and values["accepted_at"] > received + timedelta(hours=6):
            steps.append("unaccepted")
        if deadline - timedelta(hours=4) <= seen:
            steps.append("due_soon")
        for kind in steps:
            rows.add("escalations", {"id": ids.next("escalation"), "request_id": rid,
                                     "kind": kind, "at": seen})
        rows.add("requests", _request(
            ids, status=status, received_at=received, deadline=deadline, sender=sender,
            callback_number=sender, name=name, phones=[sender], slots=slots, flexible=flexible,
            topic=topic, crisis=rng.random() < 0.01, **values))
        assert ids.request == rid
    # A few outbound SMS in the outbox: half due now, half later (retries).
    for i in range(min(40, count)):
        due = now + timedelta(seconds=rng.randint(-300, -1) if i % 2 else rng.randint(60, 900))
        rows.add("messages", _message(ids, "out", HOTLINE, french_mobile(rng),
                                      "Un bénévole a essayé de vous appeler.", "queued",
                                      "tried", None, due - timedelta(minutes=1),
                                      next_attempt_at=due))


# ---------------------------------------------------------------- entry point

def _next_ids(engine: Engine) -> Ids:
    with engine.connect() as conn:
        top = {name: conn.scalar(select(func.coalesce(func.max(table.c.id), 0)))
               for name, table in Rows.TABLES.items()}
    return Ids(request=top["requests"] or 0, offer=top["offers"] or 0,
               message=top["messages"] or 0, event=top["events"] or 0,
               escalation=top["escalations"] or 0)


def _fix_sequences(engine: Engine) -> None:
    if engine.dialect.name != "postgresql":
        return
    with engine.begin() as conn:
        for table in Base.metadata.sorted_tables:
            if "id" in table.c and table.c.id.primary_key and \
                    isinstance(table.c.id.type, type(Request.__table__.c.id.type)):
                conn.execute(text(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                    f"GREATEST((SELECT max(id) FROM {table.name}), 1))"))


def seed(engine: Engine, now: datetime = DEFAULT_NOW, *, closed: int = 100_000,
         active: int = 1_000, extra_coaches: int = 0, lag: timedelta = timedelta(minutes=10),
         rng_seed: int = 2026, roster: Path | None = None) -> dict[str, Any]:
    """Sync the roster and write the rows; returns counts and the time taken."""
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        sync_roster(engine, roster or roster_file(extra_coaches, Path(tmp)))
    with engine.connect() as conn:
        found = list(conn.execute(select(Coach.id, Coach.name, Coach.mobile, Coach.max_active)
                                  .where(Coach.active.is_(True)).order_by(Coach.id)))
        coaches = [(r.id, r.name, r.mobile) for r in found]
        capacity = {r.id: r.max_active for r in found}
        coordinators = [r.name for r in conn.execute(select(Coordinator.name))]
    rng = random.Random(rng_seed)
    rows, ids = Rows(engine), _next_ids(engine)
    seed_closed(rows, ids, rng, now, closed, coaches, coordinators or ["coordination"])
    # Its own generator: the requests in progress are the same whatever the history.
    seed_active(rows, ids, random.Random(rng_seed + 1), now, active, coaches, lag, capacity)
    rows.flush()
    _fix_sequences(engine)
    if engine.dialect.name == "postgresql":
        # What autovacuum does shortly after a bulk load (plans then see real
        # sizes), and a checkpoint so the load's writes are not flushed mid-benchmark.
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE"))
            conn.execute(text("CHECKPOINT"))
    else:
        # Fold the load's WAL into the database file now, not during the benchmark.
        # (No ANALYZE: the application never runs it, so plans are production's.)
        with engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    return {"rows": dict(rows.counts), "coaches": len(coaches),
            "seconds": time.perf_counter() - started}


def prepare(url: str) -> Engine:
    """A migrated, empty database at `url` (Alembic, as production does)."""
    engine = make_engine(url)
    upgrade(engine)
    return engine


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--closed", type=int, default=100_000)
    parser.add_argument("--active", type=int, default=1_000)
    parser.add_argument("--extra-coaches", type=int, default=0)
    parser.add_argument("--name", default="rappel_bench_seed",
                        help="PostgreSQL database or SQLite file stem")
    parser.add_argument("--dir", default=None, help="SQLite directory (default: a tempdir)")
    args = parser.parse_args()
    if args.db == "postgres":
        url = recreate_postgres(args.name)
    else:
        directory = Path(args.dir or tempfile.mkdtemp(prefix="rappel-bench-"))
        url = sqlite_url(directory / f"{args.name}.sqlite3")
    engine = prepare(url)
    result = seed(engine, closed=args.closed, active=args.active,
                  extra_coaches=args.extra_coaches)
    engine.dispose()
    print(f"{url}: {result['rows']} ({result['coaches']} coaches) "
          f"in {result['seconds']:.1f} s")


if __name__ == "__main__":
    main()
