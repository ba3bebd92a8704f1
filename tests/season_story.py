"""Nights and weeks of the calendar a plain week does not have, lived as people
live them, with the machinery of tests/week_story.py (the real app on the
sample roster, the real `tick` every five minutes, people who only text):

- the nights the clocks change: Saturday 24 to Monday 26 October 2026 (at
  03:00 the clocks go back to 02:00: 02:30 happens twice) and Saturday 27 to
  Monday 29 March 2027 (at 02:00 they go forward to 03:00: no 02:30 at all);
- Christmas (24 to 27 December 2026) and the New Year (30 December 2026 to
  2 January 2027), most volunteers away.

The clock steps five *real* minutes at a time (in UTC): the hour lived twice
is ticked twice, the hour that does not exist is not ticked at all, as a
phone on the wall lives them.

    .venv/bin/python -m tests.season_story october|march|christmas|new-year

prints what each person sent and got, in order, in local time with its UTC
offset, as they read it on their phone. tests/test_season_story.py asserts
on the same stories.
"""
from __future__ import annotations

import shutil
import sys
import tempfile
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from sqlalchemy import select

from tests.week_story import COACHES, PARIS, SAMPLE, Coach, Life, Script, Week, _figures

UTC = timezone.utc
MINUTES = timedelta(minutes=1)


def paris(year: int, month: int, day: int, hour: int, minute: int = 0, fold: int = 0) -> datetime:
    """A local moment, in UTC; `fold=1` is the second of a wall time lived twice."""
    return datetime(year, month, day, hour, minute, fold=fold, tzinfo=PARIS).astimezone(UTC)


@dataclass
class Story:
    """A script and the span of time it is lived over, on a roster."""
    name: str
    script: Script
    start: datetime
    end: datetime
    night_listener: bool = False   # the sample roster plus Nadia, trained, up at night


# Nadia listens at night (crisis-trained): her window holds the hour that
# happens twice in October, and the hour that does not happen in March.
NADIA = """
  - id: nadia
    name: Nadia Lemoine
    mobile: "06 39 98 10 09"
    languages: [fr]
    topics: [equilibre]
    availability: {sat: "22:00-24:00", sun: "00:00-04:00"}
    max_active: 3
    crisis: true
    partner: apesa21
"""
NADIA_MOBILE = "+33639981009"


def _night_reader(moment: datetime) -> bool:
    hour = moment.astimezone(PARIS).hour
    return hour >= 22 or hour < 4


def clock_change(month: int) -> Story:
    """The Saturday evening to the Monday noon of the night clocks change:
    October 2026 (back) or March 2027 (forward)."""
    year, saturday = (2026, 24) if month == 10 else (2027, 27)

    def at(day: int, hour: int, minute: int = 0, fold: int = 0) -> datetime:
        return paris(year, month, saturday + day, hour, minute, fold)
    first = [
        (at(0, 19, 40), "+33611220001", "Bonsoir, Paul Martin, garage à Auxonne, la banque me "
         "lâche. Rappelez-moi demain entre 9h et 11h"),
        (at(0, 20, 30), "+33611220002", "Hello, I'm Tom, I run a B&B near Beaune and can't pay "
         "my suppliers. Call me tomorrow between 10 and 12"),
        (at(0, 22, 10), "+33611220003", "Rappelez-moi dimanche après 14h svp, Anne, fleuriste, "
         "plus de trésorerie"),
        (at(1, 1, 15), "+33611220004", "Je n'arrive pas à dormir à cause de mes dettes URSSAF, "
         "rappelez moi lundi matin. Luc"),
        # 02:30 twice in October; in March, 01:55 and 03:05, ten minutes apart.
        (at(1, 2, 30) if month == 10 else at(1, 1, 55), "+33611220005",
         "Je n'en peux plus, je veux en finir cette nuit. Marc"),
        (at(1, 2, 30, fold=1) if month == 10 else at(1, 3, 5), "+33611220006",
         "Je pense au suicide, je ne vois plus d'issue. Sarah 06 11 22 00 06"),
        (at(1, 2, 45, fold=1) if month == 10 else at(1, 3, 20), "+33611220007",
         "Bonjour, Karim, restaurant en difficulté, rappelez-moi quand vous pouvez"),
        (at(1, 8, 5), "+33611220008", "Bonjour, Julie, salon de coiffure, rappelez-moi "
         "aujourd'hui après 16h"),
        (at(1, 21, 30), "+33611220009", "Bonsoir, Éric, plombier, l'URSSAF me relance, rappel "
         "demain midi"),
    ]
    coaches = dict(COACHES, nadia=Coach("nadia", _night_reader, delay=3 * MINUTES))
    script = Script(first=first, later=[], coaches=coaches, paused={}, never_picks_up=set(),
                    pris_after=(4 * MINUTES, 2 * MINUTES))
    return Story("october" if month == 10 else "march", script, at(0, 18), at(2, 14),
                 night_listener=True)


# Away for the holidays: they text PAUSE on the 24th, DISPO on 4 January.
AWAY = ("michel", "gerard", "odile", "nathalie")
HOLIDAYS = {date(2026, 12, 24), date(2026, 12, 25), date(2026, 12, 31), date(2027, 1, 1)}


def _not_on_holidays(coach: Coach, days: set[date]) -> Coach:
    def reads(moment: datetime) -> bool:
        return moment.astimezone(PARIS).date() not in days and coach.reads(moment)
    return replace(coach, reads=reads)


def _holiday_coaches() -> dict[str, Coach]:
    """Jean-Pierre and Sylvie read nothing on the 24th, the 25th, the 31st and
    the 1st; Hélène nothing on Christmas Day; the others are on PAUSE."""
    coaches = dict(COACHES)
    for key in ("jean-pierre", "sylvie"):
        coaches[key] = _not_on_holidays(coaches[key], HOLIDAYS)
    coaches["helene"] = _not_on_holidays(coaches["helene"], {date(2026, 12, 25)})
    return coaches


def _december(month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return paris(2026 if month == 12 else 2027, month, day, hour, minute)


def _holidays(name: str, first: list[tuple[datetime, str, str]], start: datetime,
              end: datetime) -> Story:
    """A holiday story: the coaches away until 4 January, the others as on holiday."""
    script = Script(first=first, later=[], coaches=_holiday_coaches(), never_picks_up=set(),
                    paused={key: (start, _december(1, 4, 8)) for key in AWAY},
                    pris_after=(4 * MINUTES, 2 * MINUTES))
    return Story(name, script, start, end)


def christmas() -> Story:
    """Christmas Eve 17:00 to Sunday 27 December noon."""
    d = _december
    first = [
        (d(12, 24, 19, 30), "+33611240001", "Bonsoir, Bruno, le magasin a fermé ce mois-ci, je "
         "suis épuisé. Rappelez-moi quand vous pouvez"),
        (d(12, 25, 3, 10), "+33611240002", "Je n'en peux plus, je vais en finir cette nuit. "
         "Laurent"),
        (d(12, 25, 10, 0), "+33611240003", "Bonjour, Chantal, coiffeuse, l'URSSAF me réclame "
         "8000 euros, rappelez-moi le 2 janvier"),
        (d(12, 25, 15, 0), "+33611240004", "Bonjour, Yves, garage, je n'arrive plus à payer mon "
         "loyer commercial, rappelez-moi quand vous pouvez"),
        (d(12, 26, 9, 0), "+33611240005", "Bonjour, Fatima, épicerie, problème avec ma banque, "
         "rappelez-moi lundi entre 14h et 16h"),
    ]
    start = d(12, 24, 17)
    return _holidays("christmas", first, start, d(12, 27, 12))


def new_year() -> Story:
    """Wednesday 30 December 09:00 to Saturday 2 January 2027 noon."""
    d = _december
    first = [
        (d(12, 30, 10, 0), "+33611240008", "Bonjour, Hervé, menuisier, dossier de redressement, "
         "rappel le 2/01 à 10h"),
        (d(12, 31, 18, 0), "+33611240009", "Bonsoir, Pascale, fleuriste, je n'ai plus de "
         "trésorerie, rappelez-moi demain après-midi"),
        (d(12, 31, 23, 50), "+33611240010", "Bonne année... je ne la passerai pas, je veux "
         "mourir. Sébastien"),
        (d(1, 1, 11, 0), "+33611240011", "Bonjour, Denis, boulangerie, mon associé veut partir, "
         "besoin d'aide juridique, rappelez moi lundi matin"),
    ]
    start = d(12, 30, 9)
    return _holidays("new-year", first, start, d(1, 2, 12))


STORIES = {"october": lambda: clock_change(10), "march": lambda: clock_change(3),
           "christmas": christmas, "new-year": new_year}


def live(story: Story, folder: Path | None = None) -> Week:
    """Live the story on a fresh database, a tick every five real minutes.
    With `folder`, the database stays there for the caller to read."""
    from dispatch.db import make_engine
    from dispatch.migrate import upgrade
    from tests.conftest import Phone, make_app, sync_cast
    scratch = folder is None
    folder = folder or Path(tempfile.mkdtemp(prefix="rappel-season-"))
    roster = SAMPLE
    if story.night_listener:
        roster = folder / "volunteers.yaml"
        roster.write_text(SAMPLE.read_text() + NADIA)
    url = f"sqlite:///{folder}/season.sqlite3"
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    app = make_app(url, folder, VOLUNTEERS_FILE=str(roster))
    sync_cast(app, roster)
    life = Life(app, Phone(app.test_client()), story.script)
    life.run(story.start, story.end)   # STEP in UTC: real minutes, whatever the wall clock does
    _figures(life, life.week)
    if scratch:
        app.extensions["rappel.engine"].dispose()
        shutil.rmtree(folder, ignore_errors=True)
    return life.week


def stamp(moment: datetime) -> str:
    """"dim. 25/10 02:30 (+02)": the wall clock and its offset."""
    from dispatch.localtime import DAYS_FR
    local = moment.astimezone(PARIS)
    offset = local.utcoffset() or timedelta(0)
    return f"{DAYS_FR[local.weekday()]} {local:%d/%m %H:%M} ({offset // timedelta(hours=1):+03d})"


def transcript(week: Week) -> dict[str, list[str]]:
    """Each person's phone: what they sent (>>) and got (<<), in order."""
    from dispatch.models import Coach as CoachRow
    from dispatch.models import Coordinator, Message
    phones: dict[str, list[str]] = {}
    with week.app.extensions["rappel.sessions"]() as db:
        names = {c.mobile: f"coach {c.key}" for c in db.scalars(select(CoachRow))}
        names |= {c.mobile: f"coordinator {c.key}" for c in db.scalars(select(Coordinator))}
        for m in db.scalars(select(Message).order_by(Message.created_at, Message.id)):
            person = m.from_number if m.direction == "in" else m.to_number
            if person is None or (m.direction == "out" and m.status == "cancelled"):
                continue
            what = "" if m.direction == "in" else " CALL" if m.channel == "call" else \
                f" {m.kind}"
            arrow = ">>" if m.direction == "in" else "<<"
            phones.setdefault(f"{names.get(person, 'entrepreneur')} {person}", []).append(
                f"{stamp(m.sent_at or m.created_at)} {arrow}{what}: {m.body}")
    return phones


def main(name: str) -> None:
    folder = Path(tempfile.mkdtemp(prefix="rappel-season-"))
    week = live(STORIES[name](), folder)
    for person, lines in transcript(week).items():
        print(f"\n=== {person}")
        print("\n".join("  " + line for line in lines))
    week.app.extensions["rappel.engine"].dispose()
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "october")
