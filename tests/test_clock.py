"""The clock: one at a time, APScheduler wiring, and two clocks at once on PostgreSQL."""
from __future__ import annotations

import threading
from datetime import timedelta

from freezegun import freeze_time
from sqlalchemy import func, select

from dispatch.models import Escalation, Message, Offer
from scheduling import tick
from scheduling.lock import clock_lock
from tests.conftest import NOW, make_app, postgres_only


def test_a_second_clock_stands_aside_while_one_holds_the_lock(app):
    engine = app.extensions["rappel.engine"]
    with clock_lock(engine) as mine:
        assert mine
        assert tick(app, now=NOW)["skipped"] == "another clock is running"
    assert "skipped" not in tick(app, now=NOW)


def test_the_scheduler_ticks_every_15_seconds_coalesced_without_overlap(app):
    from apscheduler.schedulers.background import BackgroundScheduler

    from scheduling.runner import _configure
    scheduler = _configure(BackgroundScheduler(timezone="UTC"), app)
    job = scheduler.get_job("tick")
    assert job.trigger.interval == timedelta(seconds=15)
    assert job.coalesce is True and job.max_instances == 1
    reconcile = scheduler.get_job("reconcile")  # the carrier's API never holds up a decision
    assert reconcile.trigger.interval == timedelta(minutes=1) and reconcile.max_instances == 1


def test_the_app_never_starts_a_scheduler_itself(app):
    import threading as th
    names = {t.name for t in th.enumerate()}
    assert not any("APScheduler" in n for n in names)


@postgres_only
def test_two_clocks_running_together_never_offer_or_escalate_twice(app, phone, db, database_url,
                                                                  tmp_path):
    with freeze_time(NOW):
        for i in range(12):
            phone.text(f"+3361234{i:04d}", f"Client {i}, rappel demain matin")
    other = make_app(database_url, tmp_path / "other")
    times = [NOW + timedelta(minutes=5 * k) for k in range(0, 12 * 26)]
    barrier = threading.Barrier(2)

    def run(a):
        for at in times[::3]:
            barrier.wait()
            tick(a, now=at)

    threads = [threading.Thread(target=run, args=(a,)) for a in (app, other)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    db.expire_all()
    # One offer per coach per request and round, and each escalation step once per request.
    pairs = db.execute(select(Offer.request_id, Offer.coach_id, Offer.round)).all()
    assert len(pairs) == len(set(pairs))
    steps = db.execute(select(Escalation.request_id, Escalation.kind)).all()
    assert len(steps) == len(set(steps))
    alerts = db.scalar(select(func.count()).select_from(Message).where(Message.kind == "alert"))
    overdue = db.scalar(select(func.count()).select_from(Escalation)
                        .where(Escalation.kind == "overdue"))
    assert overdue == 12 and alerts > 0
    sent_twice = db.execute(select(Message.sid, func.count()).where(Message.sid.is_not(None))
                            .group_by(Message.sid).having(func.count() > 1)).all()
    assert sent_twice == []
