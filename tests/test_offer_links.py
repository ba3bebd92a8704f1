"""The coach's signed link /o/<token>: accept, decline, report the call; nothing once stale."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from dispatch import lifecycle
from dispatch.hotline import offer_token
from dispatch.models import Event, Offer, Request
from scheduling import context_for
from tests.conftest import PAUL, make_app, outbox, sync_cast
from tests.desk_fixtures import coach, csrf_token, make_request

MINUTE = timedelta(minutes=1)


def offered(app, db, key="michel"):
    """A request offered to a coach just now, and the path of the coach's link."""
    request = make_request(db, sender=PAUL)
    ctx = context_for(app, db)
    offer = lifecycle.make_offer(db, ctx, request, coach(db, key), "best match",
                                 clock_now(), actor="clock")
    db.commit()
    return request, offer, f"/o/{offer_token(app.config['SECRET_KEY'], offer.id)}"


def clock_now():
    from datetime import datetime, timezone
    return datetime.now(timezone.utc)


def status_of(db, request):
    db.expire_all()
    return db.get(Request, request.id).status


def test_the_link_in_the_offer_sms_is_the_one_served(app, db, client, clock):
    request, offer, path = offered(app, db)
    (sms,) = outbox(db, status="queued")
    assert path in sms.body
    page = client.get(path)
    assert page.status_code == 200
    assert "J'accepte" in page.text and "06 12 34 56 78" in page.text and "Paul" in page.text


def test_a_coach_accepts_then_reports_the_call_done(app, db, client, clock):
    request, offer, path = offered(app, db)
    page = client.post(path, data={"action": "accept"}, follow_redirects=True)
    assert "La demande" in page.text and "est à vous" in page.text
    assert status_of(db, request) == "accepted"
    assert db.get(Request, request.id).coach.key == "michel"
    assert "Appel fait" in page.text
    clock.tick(timedelta(hours=2))
    page = client.post(path, data={"action": "done"}, follow_redirects=True)
    assert "marquée rappelée" in page.text
    assert status_of(db, request) == "contacted"
    actors = [(e.actor, e.kind) for e in db.scalars(select(Event).where(Event.kind.in_(
        ("accepted", "contacted"))).order_by(Event.id))]
    assert actors == [("Michel Bernard", "accepted"), ("Michel Bernard", "contacted")]


def test_a_coach_reports_a_call_nobody_answered(app, db, client, clock):
    request, offer, path = offered(app, db)
    client.post(path, data={"action": "accept"})
    page = client.post(path, data={"action": "failed"}, follow_redirects=True)
    assert status_of(db, request) == "accepted"
    assert db.get(Request, request.id).failed_attempts == 1
    assert [m.kind for m in outbox(db, to=PAUL)] == ["tried_to_call"]
    assert "Appel fait" in page.text  # still theirs: they may try again


def test_a_coach_declines_and_the_request_goes_back_in_line(app, db, client, clock):
    request, offer, path = offered(app, db)
    page = client.post(path, data={"action": "decline"}, follow_redirects=True)
    assert "sera proposée à un autre coach" in page.text
    assert status_of(db, request) == "open"
    assert "ne vous est plus proposée" in client.get(path).text


def test_an_expired_offer_can_still_be_accepted_while_nobody_holds_the_request(app, db, client,
                                                                              clock):
    request, offer, path = offered(app, db)
    clock.tick(31 * MINUTE)
    page = client.get(path)
    assert "J'accepte" in page.text
    accepted = client.post(path, data={"action": "accept"}, follow_redirects=True)
    assert "est à vous" in accepted.text
    assert status_of(db, request) == "accepted"


def test_an_offer_taken_by_another_coach_is_no_longer_offered(app, db, client, clock):
    request, offer, path = offered(app, db)
    ctx = context_for(app, db)
    other = lifecycle.make_offer(db, ctx, db.get(Request, request.id), coach(db, "odile"),
                                 "near the deadline", clock_now())
    lifecycle.accept(db, ctx, other, clock_now())
    db.commit()
    page = client.get(path)
    assert "ne vous est plus proposée" in page.text
    assert "06 12 34 56 78" not in page.text  # no details once it is not theirs
    refused = client.post(path, data={"action": "accept"}, follow_redirects=True)
    assert "plus possible" in refused.text


def test_a_withdrawn_offer_is_no_longer_offered(app, db, client, clock):
    request, offer, path = offered(app, db)
    lifecycle.reassign(db, db.get(Request, request.id), clock_now(), "Claire Moreau")
    db.commit()
    assert "ne vous est plus proposée" in client.get(path).text
    client.post(path, data={"action": "accept"})
    assert db.get(Offer, offer.id).status == "withdrawn"


def test_a_forged_or_garbled_token_is_not_found(app, db, client, clock):
    request, offer, path = offered(app, db)
    forged = path[:-3] + ("AAA" if not path.endswith("AAA") else "BBB")
    other = f"/o/{offer.id + 1}.{path.split('.', 1)[1]}"
    for bad in (forged, other, "/o/abc", "/o/999." + "x" * 12,
                f"/o/{offer_token('another secret', offer.id)}"):
        assert client.get(bad).status_code == 404, bad
        assert client.post(bad, data={"action": "accept"}).status_code == 404, bad
    assert status_of(db, request) == "offered"


def test_digits_of_other_scripts_or_without_end_are_not_found(app, db, client, clock):
    request, offer, path = offered(app, db)
    signature = path.split(".", 1)[1]
    arabic = str(offer.id).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    wide = str(offer.id).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    for head in (arabic, wide, "²", "9" * 5000, "19669193108244674904064", "-1", f" {offer.id}"):
        assert client.get(f"/o/{head}.{signature}").status_code == 404, head[:12]
        assert client.post(f"/o/{head}.{signature}", data={"action": "accept"}).status_code == 404
    assert status_of(db, request) == "offered"


def test_an_unknown_offer_with_a_genuine_signature_is_not_found(app, client, clock):
    assert client.get(f"/o/{offer_token(app.config['SECRET_KEY'], 777)}").status_code == 404


def test_the_offer_form_needs_its_csrf_token(database_url, tmp_path, clock):
    app = make_app(database_url, tmp_path, WTF_CSRF_ENABLED=True)
    sync_cast(app)
    client = app.test_client()
    with app.extensions["rappel.sessions"]() as db:
        request, offer, path = offered(app, db)
        assert client.post(path, data={"action": "accept"}).status_code == 400
        token = csrf_token(client.get(path).text)
        assert client.post(path, data={"action": "accept", "csrf_token": token}).status_code == 302
        assert status_of(db, request) == "accepted"
    app.extensions["rappel.engine"].dispose()
