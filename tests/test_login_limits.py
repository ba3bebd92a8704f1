"""The login form under password guessing: limits per address, per account and
overall, a stranger never locking a coordinator out, forwarded addresses
believed only through our own proxies, counts shared between web processes
(Redis), and logging out ending the session on the server side."""
from __future__ import annotations

import os
import socket
import uuid

import pytest

from tests.conftest import make_app, sync_cast
from tests.desk_fixtures import BERTRAND_EMAIL, CLAIRE_EMAIL, PASSWORD, set_passwords
from webhooks.settings import SettingsError

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def limited_app(database_url, tmp_path, **overrides):
    app = make_app(database_url, tmp_path, RATELIMIT_ENABLED=True, **overrides)
    sync_cast(app)
    set_passwords(app)
    return app


@pytest.fixture
def app(database_url, tmp_path):
    app = limited_app(database_url, tmp_path)
    yield app
    app.extensions["rappel.engine"].dispose()


def login(client, email, password="wrong", address="203.0.113.1", **headers):
    return client.post("/login", data={"email": email, "password": password},
                       environ_base={"REMOTE_ADDR": address}, headers=headers).status_code


def test_one_address_gets_five_wrong_tries_a_minute(app):
    client = app.test_client()
    assert [login(client, CLAIRE_EMAIL) for _ in range(6)] == [401] * 5 + [429]
    assert login(client, BERTRAND_EMAIL, PASSWORD) == 429  # the address, whatever account
    assert login(client, BERTRAND_EMAIL, PASSWORD, address="198.51.100.2") == 302


def test_a_stranger_from_many_addresses_cannot_lock_a_coordinator_out(app):
    claire = app.test_client()
    assert login(claire, CLAIRE_EMAIL, PASSWORD, address="192.0.2.10") == 302  # her laptop
    claire.post("/logout")
    stranger = app.test_client()
    tries = [login(stranger, CLAIRE_EMAIL, address=f"203.0.113.{n}") for n in range(1, 41)]
    assert tries.count(401) == 5 and tries[5:] == [429] * 35  # the account, for strangers
    # Claire, on the browser she used before, from yet another address: in.
    assert login(claire, CLAIRE_EMAIL, PASSWORD, address="198.51.100.77") == 302
    # A forged device cookie is no recognition.
    stranger.set_cookie("rappel_device", "W10.forged.cookie", path="/login")
    assert login(stranger, CLAIRE_EMAIL, PASSWORD, address="203.0.113.99") == 429


def test_a_password_spray_from_rotating_addresses_is_capped_overall(app):
    stranger = app.test_client()
    accounts = [CLAIRE_EMAIL, BERTRAND_EMAIL] + [f"c{n}@example.org" for n in range(28)]
    tries = [login(stranger, email, address=f"203.0.113.{n + 1}")
             for n, email in enumerate(accounts)]
    assert tries.count(401) == 10 and tries.count(429) == 20


@pytest.mark.parametrize("setting", [{"TRUSTED_PROXIES": 1}, {"BEHIND_PROXY": True}])
def test_only_the_address_our_proxy_saw_counts(database_url, tmp_path, setting):
    app = limited_app(database_url, tmp_path, **setting)
    client = app.test_client()
    # The client writes whatever it likes first; our proxy appends the address it saw.
    tries = [login(client, f"c{n}@example.org", address="10.0.0.2",
                   **{"X-Forwarded-For": f"203.0.113.{n}, 198.51.100.7"}) for n in range(8)]
    assert tries == [401] * 5 + [429] * 3
    app.extensions["rappel.engine"].dispose()


def test_without_trusted_proxies_a_forwarded_address_is_ignored(app):
    client = app.test_client()
    tries = [login(client, f"c{n}@example.org", **{"X-Forwarded-For": f"203.0.113.{n}"})
             for n in range(8)]
    assert tries == [401] * 5 + [429] * 3


def test_the_web_settings_come_from_the_environment(database_url, tmp_path, monkeypatch):
    monkeypatch.setenv("TRUSTED_PROXIES", "2")
    monkeypatch.setenv("RATELIMIT_STORAGE_URI", "memory://")
    from_env, overridden = make_app(database_url, tmp_path), make_app(database_url, tmp_path,
                                                                      TRUSTED_PROXIES=0)
    assert from_env.config["TRUSTED_PROXIES"] == 2 and overridden.config["TRUSTED_PROXIES"] == 0
    assert from_env.config["MAX_CONTENT_LENGTH"] == 64 * 1024
    for app in (from_env, overridden):
        app.extensions["rappel.engine"].dispose()


@pytest.mark.parametrize("value", ["-1", "two", "1.5"])
def test_trusted_proxies_must_be_a_count(database_url, tmp_path, value):
    with pytest.raises(SettingsError, match="TRUSTED_PROXIES"):
        make_app(database_url, tmp_path, TRUSTED_PROXIES=value)


def test_logging_out_ends_the_session_even_for_a_copy_of_its_cookie(app):
    client = app.test_client()
    assert login(client, CLAIRE_EMAIL, PASSWORD) == 302
    copied = client.get_cookie("session").value
    assert client.get("/").status_code == 200
    assert client.post("/logout").status_code == 302
    thief = app.test_client()
    thief.set_cookie("session", copied)
    assert thief.get("/").status_code == 302
    assert thief.get("/api/requests").status_code == 401
    assert login(client, CLAIRE_EMAIL, PASSWORD) == 302 and client.get("/").status_code == 200


# ---------------------------------------------------------------- shared storage

def redis_reachable() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


@pytest.fixture
def redis_storage() -> str:
    if not redis_reachable():
        if os.environ.get("RAPPEL_REQUIRE_REDIS"):
            pytest.fail("RAPPEL_REQUIRE_REDIS is set but Redis does not answer at 127.0.0.1:6379")
        pytest.skip("shared login limits: needs Redis at 127.0.0.1:6379 (CI has it)")
    return REDIS_URL


def test_two_web_processes_share_the_login_counts(database_url, tmp_path, redis_storage,
                                                  monkeypatch):
    monkeypatch.setenv("RATELIMIT_STORAGE_URI", redis_storage)
    prefix = f"rappel-test-{uuid.uuid4().hex}"  # other runs on this Redis count apart
    first = limited_app(database_url, tmp_path, RATELIMIT_KEY_PREFIX=prefix)
    second = limited_app(database_url, tmp_path, RATELIMIT_KEY_PREFIX=prefix)
    assert first.config["RATELIMIT_STORAGE_URI"] == redis_storage
    one, two = first.test_client(), second.test_client()
    tries = [login(one if n % 2 else two, f"c{n}@example.org") for n in range(7)]
    assert tries == [401] * 5 + [429] * 2
    for app in (first, second):
        app.extensions["rappel.engine"].dispose()
