"""The SMS side under abuse: the hotline's own number, a sender who repeats
commands or a crisis text, and webhook bodies nobody on the project wrote."""
from __future__ import annotations

import pytest
from freezegun import freeze_time
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from dispatch.models import Message, Request
from tests.conftest import HOTLINE, NOW, reply_of


def count(db, model, *where) -> int:
    db.expire_all()
    return db.scalar(select(func.count()).select_from(model).where(*where))


@freeze_time(NOW)
def test_the_hotlines_own_number_opens_nothing(phone, db):
    for sender in (HOTLINE, "+33 3 80 00 00 00"):
        response = phone.text(sender, "Bonjour, Paul Martin, rappel demain 14h-16h, dettes")
        assert response.status_code == 200 and reply_of(response) == ""
    assert count(db, Request) == 0
    assert count(db, Message, Message.direction == "in") == 2  # stored all the same
    assert count(db, Message, Message.direction == "out") == 0


@freeze_time(NOW)
def test_repeated_commands_get_ten_replies_then_silence(phone, db):
    from tests.conftest import MICHEL, PAUL
    for sender, body in ((PAUL, "AIDE"), ("+33698765432", "ANNULER"), (MICHEL, "OK 12"),
                         ("+33698765433", "HELP")):
        replies = [reply_of(phone.text(sender, body)) for _ in range(30)]
        assert all(replies[:10]) and not any(replies[10:]), (sender, body)
    assert count(db, Message, Message.kind == "reply") == 40
    assert count(db, Message, Message.direction == "in") == 120  # every SMS kept


@freeze_time(NOW)
def test_a_crisis_repeated_is_answered_with_3114_once_and_kept_each_time(phone, db):
    from dispatch.models import Event
    from tests.conftest import PAUL
    text = "Je n'en peux plus, je veux en finir ce soir"
    replies = [reply_of(phone.text(PAUL, text)) for _ in range(30)]
    # The crisis answer once; after it, short answers that people are on their way
    # (3114 recalled in a few words), within the reply cap.
    assert "15 ou 112" in replies[0] and not any("15 ou 112" in r for r in replies[1:])
    assert all(r.startswith("Nous avons bien votre message") for r in replies[1:] if r)
    assert sum(bool(r) for r in replies) <= 10
    assert count(db, Request) == 1 and count(db, Request, Request.crisis) == 1
    assert count(db, Event, Event.kind == "crisis") == 1
    assert count(db, Event, Event.kind == "sms_in") == 30  # each shown on the timeline


@freeze_time(NOW)
def test_a_crisis_after_a_flood_of_help_still_gets_3114(phone, db):
    from tests.conftest import PAUL
    for _ in range(12):
        phone.text(PAUL, "AIDE")
    reply = reply_of(phone.text(PAUL, "Je n'en peux plus, je veux en finir ce soir"))
    assert "3114" in reply and count(db, Request, Request.crisis) == 1


# ---------------------------------------------------------------- webhook bodies

NAMELESS_PART = b"--b\r\nContent-Disposition: form-data\r\n\r\nx\r\n--b--\r\n"


def test_a_multipart_body_with_a_nameless_part_is_refused_on_both_endpoints(client):
    for path in ("/twilio/sms", "/twilio/status"):
        response = client.post(path, data=NAMELESS_PART, headers={
            "X-Twilio-Signature": "abc", "Content-Type": "multipart/form-data; boundary=b"})
        assert response.status_code == 415, path


def sms_form(**fields: str) -> dict[str, str]:
    form = {"MessageSid": "SM" + "a" * 32, "AccountSid": "AC" + "0" * 32, "From": "+33612345678",
            "To": HOTLINE, "Body": "Bonjour, Paul, rappel demain 14h", "NumMedia": "0"}
    form.update(fields)
    return form


@pytest.mark.parametrize("fields", [
    {"MessageSid": "SM" + "a" * 100}, {"MessageSid": "SM\x00aa"}, {"MessageSid": "SM/../x"},
    {"MessageSid": "", "SmsSid": ""}, {"From": "+33" + "1" * 70}, {"From": "+336\x0012345678"},
    {"To": "+33380000000\x00"}, {"To": "x" * 65},
])
def test_signed_fields_no_carrier_sends_are_a_bad_request(phone, db, fields):
    response = phone.post("/twilio/sms", sms_form(**fields))
    assert response.status_code == 400
    assert count(db, Message) == 0


@pytest.mark.parametrize("fields", [
    {"MessageSid": "SM" + "b" * 80}, {"MessageStatus": "delivered\x00"},
    {"MessageStatus": "x" * 40}, {"ErrorCode": "²"}, {"ErrorCode": "1" * 5000},
])
def test_status_callbacks_with_impossible_fields_are_a_bad_request(phone, fields):
    form = {"MessageSid": "SM" + "c" * 32, "MessageStatus": "delivered", **fields}
    assert phone.post("/twilio/status", form).status_code == 400


def test_without_a_token_a_forwarded_local_address_is_not_this_machine(database_url, tmp_path):
    from tests.conftest import make_app
    app = make_app(database_url, tmp_path, TWILIO_AUTH_TOKEN="", BEHIND_PROXY=True)
    client = app.test_client()
    spoofed = client.post("/twilio/sms", data=sms_form(), environ_base={
        "REMOTE_ADDR": "203.0.113.9"}, headers={"X-Forwarded-For": "127.0.0.1"})
    assert spoofed.status_code == 403
    local = client.post("/twilio/sms", data=sms_form(), environ_base={"REMOTE_ADDR": "127.0.0.1"})
    assert local.status_code == 200
    app.extensions["rappel.engine"].dispose()


TWILIO_FIELDS = ["MessageSid", "SmsSid", "AccountSid", "MessagingServiceSid", "From", "To",
                 "Body", "NumMedia", "NumSegments", "SmsStatus", "MessageStatus", "ErrorCode",
                 "ApiVersion", "FromCountry", "MediaUrl0", "MediaContentType0", "OptOutType"]
any_text = st.text(st.characters(codec="utf-8"), max_size=80)  # no lone surrogates
# What fuzzers found on PostgreSQL: NUL bytes, values longer than the columns, odd digits.
awkward = st.sampled_from(["+33612345678", "SM" + "d" * 32, "0", "delivered", "STOP", "\x00",
                           "+336\x0012345678", "SM" + "e" * 70, "+33" + "1" * 70, "²", "١٢",
                           "1" * 5000, "-1", "99999999999999999999", " ", "\u202e", "é" * 40])
field_values = awkward | any_text


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(fields=st.fixed_dictionaries({}, optional={name: field_values for name in TWILIO_FIELDS}),
       extra=st.dictionaries(any_text, field_values, max_size=3),
       path=st.sampled_from(["/twilio/sms", "/twilio/status"]))
def test_no_signed_webhook_body_gets_a_server_error(phone, fields, extra, path):
    response = phone.post(path, {**extra, **fields})
    assert response.status_code < 500, (path, fields, response.status_code)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=st.binary(max_size=300) | st.sampled_from([NAMELESS_PART, b"From=%00&MessageSid=SMx"]),
       mimetype=st.sampled_from(["application/x-www-form-urlencoded", "multipart/form-data; boundary=b",
                                 "application/json", "text/plain", ""]),
       path=st.sampled_from(["/twilio/sms", "/twilio/status"]))
def test_no_raw_webhook_body_gets_a_server_error(client, body, mimetype, path):
    response = client.post(path, data=body, headers={"X-Twilio-Signature": "x",
                                                     "Content-Type": mimetype})
    assert response.status_code < 500


def test_a_body_over_64_kb_is_refused_and_an_unsigned_one_is_not_read(phone, client, db):
    big = sms_form(Body="x" * (64 * 1024))
    assert phone.post("/twilio/sms", big).status_code == 413
    # No signature header: refused from the headers, the body never parsed.
    response = client.post("/twilio/sms", data=b"a" * 1000, headers={
        "Content-Type": "application/x-www-form-urlencoded"})
    assert response.status_code == 403
    assert count(db, Message) == 0
