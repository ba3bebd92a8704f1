"""The nights the clocks change and the holidays, lived through the real engine
(tests/season_story.py), asserted as the people living them would judge them:
deadlines of 24 real hours, every time an SMS gives the local time it means,
offers only when coaches can read them, a crisis to a human within minutes at
any hour, nobody woken for anything else, dates across the year change read
as the person meant them."""
from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest
from freezegun import freeze_time
from sqlalchemy import select

from dispatch.localtime import in_calling_hours, in_plan, moment_words, windows_between
from tests.season_story import NADIA_MOBILE, STORIES, live, paris, stamp
from tests.week_story import PARIS, in_quiet_hours

CALLING = ("08:00", "21:00")
COORDINATORS = {"+33639980001": "claire", "+33639980002": "bertrand", "+33639980003": "ines"}
AWAY = {"+33639981001", "+33639981006", "+33639981002", "+33639981005"}
HELENE = "+33639981007"


def _lived(name, tmp_path_factory):
    story = STORIES[name]()
    week = live(story, tmp_path_factory.mktemp(name))
    return story, week


@pytest.fixture(scope="module", params=["october", "march"])
def night(request, tmp_path_factory):
    story, week = _lived(request.param, tmp_path_factory)
    yield story, week
    week.app.extensions["rappel.engine"].dispose()


@pytest.fixture(scope="module")
def christmas(tmp_path_factory):
    story, week = _lived("christmas", tmp_path_factory)
    yield story, week
    week.app.extensions["rappel.engine"].dispose()


@pytest.fixture(scope="module")
def new_year(tmp_path_factory):
    story, week = _lived("new-year", tmp_path_factory)
    yield story, week
    week.app.extensions["rappel.engine"].dispose()


def _rows(week, model, *where):
    with week.app.extensions["rappel.sessions"]() as db:
        return list(db.scalars(select(model).where(*where).order_by(model.id)))


def _sms(week, to=None, kind=None):
    from dispatch.models import Message
    return [m for m in _rows(week, Message, Message.direction == "out",
                             Message.status.in_(("sent", "delivered")))
            if (to is None or m.to_number == to) and (kind is None or m.kind == kind)]


def _request_of(week, sender):
    from sqlalchemy.orm import selectinload

    from dispatch.models import Request
    with week.app.extensions["rappel.sessions"]() as db:
        return db.scalars(select(Request).where(Request.sender == sender)
                          .options(selectinload(Request.coach))).one()


def _slots(request):
    return [(datetime.fromisoformat(s["start"]).astimezone(PARIS).isoformat(),
             datetime.fromisoformat(s["end"]).astimezone(PARIS).isoformat())
            for s in request.slots]


# ------------------------------------------------------------- what holds every time

def _no_request_left_alone(week):
    assert week.stuck == []


def _deadlines_are_real_hours(week):
    """24 real hours after receipt, or the end of the person's first slot when
    every slot starts later; a crisis, one real hour."""
    from dispatch.models import Request
    for r in _rows(week, Request):
        starts = [datetime.fromisoformat(s["start"]) for s in r.slots]
        if r.crisis:
            expected = r.received_at + timedelta(hours=1)
        elif starts and min(starts) >= r.received_at + timedelta(hours=24):
            expected = datetime.fromisoformat(r.slots[0]["end"])
        else:
            expected = r.received_at + timedelta(hours=24)
        assert r.deadline == expected, (r.id, stamp(r.received_at), stamp(r.deadline))


MENTION = re.compile(r"(?:avant|échéance(?: passée)?|heure passée \() "
                     r"((?:lun|mar|mer|jeu|ven|sam|dim)\. \d{1,2}/\d{1,2} \d{1,2}h(?:\d\d)?)")


def _times_are_local(week):
    """Every deadline an SMS gives is its request's, in local time (with the
    deadlines it had before a person moved it)."""
    from dispatch.models import Event, Request
    said = {r.id: {moment_words(r.deadline, PARIS)} for r in _rows(week, Request)}
    for event in _rows(week, Event, Event.kind.in_(("opened", "deadline_moved"))):
        for day, hour in re.findall(r"échéance (\S+ \S+) à (\S+)", event.detail or ""):
            said[event.request_id].add(f"{day} {hour}")
    checked = 0
    for sms in _sms(week):
        known = set().union(*(said.get(n, set()) for n in _about(sms)))
        for mention in MENTION.findall(sms.body or ""):
            checked += 1
            assert mention in known, (sms.kind, sms.body)
    assert checked >= 10


def _about(sms) -> set[int]:
    """The requests an SMS is about: its own, or those a digest names."""
    if sms.request_id is not None:
        return {sms.request_id}
    return {int(n) for n in re.findall(r"\bdemandes? (\d+)", sms.body or "", re.I)}


def _offers_when_readable(week):
    """Offers in calling hours, in a window of the coach or the two hours
    before it; outside calling hours, only a crisis, only to a coach trained
    for it and in a window now."""
    from dispatch.models import Coach, Request
    coaches = {c.mobile: c for c in _rows(week, Coach)}
    crises = {r.id for r in _rows(week, Request, Request.crisis.is_(True))}
    for sms in _sms(week, kind="offer"):
        coach, sent = coaches[sms.to_number], sms.sent_at
        if not in_calling_hours(sent, CALLING, PARIS):
            assert sms.request_id in crises and coach.crisis, (coach.key, stamp(sent))
            assert in_plan(coach.availability, sent, PARIS), (coach.key, stamp(sent))
        else:
            near = windows_between(coach.availability, sent,
                                   sent + timedelta(hours=2, minutes=1), PARIS)
            assert near or sms.request_id in crises, (coach.key, stamp(sent))


def _quiet_hours_are_for_crises(week):
    """A coordinator's phone rings at night for a crisis only."""
    from dispatch.models import Request
    crises = {r.id for r in _rows(week, Request, Request.crisis.is_(True))}
    for sms in _sms(week):
        if sms.to_number in COORDINATORS and sms.kind != "reply" and in_quiet_hours(sms.sent_at):
            assert sms.kind == "page" or _about(sms) <= crises, (sms.kind, sms.body)


def _pages_at_once(week, on_call):
    """Each crisis pages the coordinator on call the minute it arrives."""
    from dispatch.models import Request
    for crisis in _rows(week, Request, Request.crisis.is_(True)):
        pages = [m for m in _sms(week, kind="page") if m.request_id == crisis.id]
        assert pages, crisis.id
        assert pages[0].to_number == on_call and pages[0].created_at == crisis.received_at


# ---------------------------------------------------------- the night clocks change

def test_the_night_clocks_change_keeps_every_promise_in_real_hours(night):
    story, week = night
    _no_request_left_alone(week)
    _deadlines_are_real_hours(week)
    _times_are_local(week)
    _offers_when_readable(week)
    _quiet_hours_are_for_crises(week)
    _pages_at_once(week, on_call="+33639980003")   # Inès, the weekend's
    from dispatch.models import Request
    late = [(r.id, stamp(r.deadline), r.contacted_at and stamp(r.contacted_at))
            for r in _rows(week, Request) if r.deadline <= story.end
            and (r.contacted_at is None or r.contacted_at > r.deadline)]
    assert late == []


def test_saturday_evenings_deadline_is_sunday_an_hour_earlier_or_later_on_the_wall(night):
    """Paul writes on Saturday at 19:40 for Sunday 9-11: 24 real hours later is
    18:40 on the wall in October (an hour given back), 20:40 in March (an
    hour lost); Hélène is told that time, and calls on Sunday morning."""
    story, week = night
    paul = _request_of(week, "+33611220001")
    assert paul.deadline - paul.received_at == timedelta(hours=24)
    wall = "dim. 25/10 18h40" if story.name == "october" else "dim. 28/3 20h40"
    [offer] = [m.body for m in _sms(week, to=HELENE, kind="offer") if m.request_id == paul.id]
    assert f"Appel avant {wall}." in offer
    assert paul.contacted_at is not None and paul.contacted_at <= paul.deadline


def test_a_crisis_at_half_past_two_reaches_a_human_within_minutes_whichever_half_past_two(night):
    """In October 02:30 happens twice: two people write at 02:30, an hour
    apart, and each is paged and offered at once, to Nadia who listens at
    night; in March there is no 02:30: they write at 01:55 and at 03:05, ten
    minutes apart. Each is taken in hand and called within the hour."""
    from dispatch.models import Event
    story, week = night
    marc, sarah = _request_of(week, "+33611220005"), _request_of(week, "+33611220006")
    apart = timedelta(hours=1) if story.name == "october" else timedelta(minutes=10)
    assert sarah.received_at - marc.received_at == apart
    if story.name == "october":
        assert [stamp(marc.received_at), stamp(sarah.received_at)] == [
            "dim. 25/10 02:30 (+02)", "dim. 25/10 02:30 (+01)"]
    for crisis in (marc, sarah):
        [offer] = [m for m in _sms(week, to=NADIA_MOBILE, kind="offer")
                   if m.request_id == crisis.id]
        assert offer.created_at == crisis.received_at
        taken = [e.at for e in _rows(week, Event, Event.request_id == crisis.id,
                                     Event.kind == "taken")]
        assert taken and taken[0] - crisis.received_at <= timedelta(minutes=10)
        assert crisis.contacted_at is not None and crisis.contacted_at <= crisis.deadline


def test_a_person_writing_when_the_night_listener_is_in_her_window_is_called_by_day(night):
    """Karim writes at 02:45 (or 03:20 in March), when we can: Nadia is in her
    window but no offer reaches her before next Saturday evening. Hélène is
    offered it on Sunday morning and calls; the coordinators hear nothing."""
    _, week = night
    karim = _request_of(week, "+33611220007")
    assert karim.coach.key == "helene"
    assert karim.contacted_at is not None and karim.contacted_at <= karim.deadline
    told = " ".join(m.body or "" for m in _sms(week) if m.to_number in COORDINATORS)
    assert f"demande {karim.id} " not in told


@pytest.mark.parametrize("month", [10, 3])
def test_the_summary_and_the_purge_run_once_a_day_at_their_local_hour(sample_app, month):
    """Over the weekend the clocks change, the morning summary is sent once a
    day at 08:30 and the nightly purge runs once a night at 03:00, on the wall
    clock: neither twice in the hour lived twice, nor skipped in the hour
    that does not exist."""
    from dispatch import retention
    from scheduling import _state, context_for, jobs
    from tests.conftest import Phone
    from tests.week_story import Week
    year, saturday = (2026, 24) if month == 10 else (2027, 27)
    with freeze_time(paris(year, month, saturday - 1, 20)):
        # No clock runs: nobody is offered it, it is late from Saturday 20:00.
        Phone(sample_app.test_client()).text(
            "+33611250001", "Bonjour, Zoé, boulangerie, je dois 30000 euros à l'URSSAF, "
            "rappelez-moi quand vous pouvez")
    summaries, purges = [], []
    with sample_app.extensions["rappel.sessions"]() as db:
        state = _state(db)
        state.last_summary_on = state.last_purge_on = f"{year}-{month:02d}-{saturday}"
        db.commit()
        ctx = context_for(sample_app, db)
        now = paris(year, month, saturday, 12)
        while now <= paris(year, month, saturday + 2, 12):
            if jobs.daily_summary(db, ctx, state, now):
                summaries.append(stamp(now))
            if retention.nightly(db, state, now, ctx.tz, 90) is not None:
                purges.append(stamp(now))
            now += timedelta(minutes=5)
    offset = "(+01)" if month == 10 else "(+02)"
    sunday, monday = (f"dim. {saturday + 1}/{month:02d}", f"lun. {saturday + 2}/{month:02d}")
    assert summaries == [f"{sunday} 08:30 {offset}", f"{monday} 08:30 {offset}"]
    assert purges == [f"{sunday} 03:00 {offset}", f"{monday} 03:00 {offset}"]
    from dispatch.models import Message
    queued = _rows(Week(sample_app), Message, Message.kind == "summary")
    assert [(COORDINATORS[m.to_number], stamp(m.created_at)) for m in queued] == [
        ("ines", f"{sunday} 08:30 {offset}"), ("claire", f"{monday} 08:30 {offset}")]


# ------------------------------------------------------------------- the holidays

def test_christmas_with_most_volunteers_away(christmas):
    """Four coaches on PAUSE until 4 January, the others not reading on the
    24th and the 25th but Hélène from Saturday: nobody away is offered
    anything, offers wait for calling hours, the Christmas night crisis pages
    Bertrand (on call Thursday to Saturday) at once, and no coordinator is
    woken for anything else."""
    _, week = christmas
    _no_request_left_alone(week)
    _deadlines_are_real_hours(week)
    _times_are_local(week)
    _offers_when_readable(week)
    _quiet_hours_are_for_crises(week)
    _pages_at_once(week, on_call="+33639980002")
    assert not [m for m in _sms(week, kind="offer") if m.to_number in AWAY]


def test_the_2_january_asked_on_christmas_day_is_the_2_january_2027(christmas):
    """Chantal writes on Christmas Day to be called on 2 January: the slot is
    in 2027, she is told so, the promise is that day, and Hélène, the only
    coach of that Saturday, takes it a week ahead."""
    _, week = christmas
    chantal = _request_of(week, "+33611240003")
    assert _slots(chantal) == [("2027-01-02T09:00:00+01:00", "2027-01-02T18:00:00+01:00")]
    assert chantal.deadline.astimezone(PARIS).isoformat() == "2027-01-02T18:00:00+01:00"
    [ack] = [m.body for m in _sms(week, to="+33611240003", kind="reply")]
    assert "rappel le sam. 2/1 entre 9h et 18h" in ack
    assert chantal.status == "accepted" and chantal.coach.key == "helene"


def test_the_new_year_across_the_change_of_year(new_year):
    """'le 2/01' written on 30 December, 'demain' on the 31st, 'lundi' on the
    1st are in 2027; the New Year's Eve crisis pages Bertrand at 23:50; Hervé
    is called in his slot on 2 January and Inès, on call that Saturday, is not
    told that no coach could (Hélène could, once her 08:00 offers settled)."""
    _, week = new_year
    _no_request_left_alone(week)
    _deadlines_are_real_hours(week)
    _times_are_local(week)
    _offers_when_readable(week)
    _quiet_hours_are_for_crises(week)
    _pages_at_once(week, on_call="+33639980002")
    herve, pascale, denis = (_request_of(week, n) for n in (
        "+33611240008", "+33611240009", "+33611240011"))
    assert _slots(herve) == [("2027-01-02T10:00:00+01:00", "2027-01-02T11:00:00+01:00")]
    assert _slots(pascale) == [("2027-01-01T14:00:00+01:00", "2027-01-01T18:00:00+01:00")]
    assert _slots(denis) == [("2027-01-04T09:00:00+01:00", "2027-01-04T12:00:00+01:00")]
    called = week.called[herve.id].astimezone(PARIS).isoformat()
    assert called == "2027-01-02T10:00:00+01:00"
    assert herve.contacted_at is not None and herve.contacted_at <= herve.deadline
    told = " ".join(m.body or "" for m in _sms(week, to="+33639980003"))
    assert f"demande {herve.id} : aucun coach" not in told
