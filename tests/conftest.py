"""Shared fixtures: a migrated database per test (SQLite, or PostgreSQL when
TEST_DATABASE_URL is set), the app, a signed Twilio client, the clock."""
from __future__ import annotations

import os
import shutil
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import freezegun
import pytest
from sqlalchemy import create_engine, select, text
from twilio.request_validator import RequestValidator

from dispatch.db import make_engine
from dispatch.migrate import upgrade
from dispatch.models import Base, Message

# pytest's own clock (--durations, timeouts) keeps real time under freeze_time:
# a frozen clock made it report setups of 1.8 billion seconds.
freezegun.configure(extend_ignore_list=["_pytest.timing"])

PARIS: ZoneInfo = ZoneInfo("Europe/Paris")
# Tuesday 24 November 2026, 10:15 in Dijon.
NOW: datetime = datetime(2026, 11, 24, 10, 15, tzinfo=PARIS)
CAST = Path(__file__).parent / "cast.yaml"
AUTH_TOKEN = "test-auth-token-12345"
PUBLIC_URL = "https://rappel.example.org"
PG_URL = os.environ.get("TEST_DATABASE_URL")
HOTLINE = "+33380000000"
MICHEL, ODILE, SYLVIE = "+33639981001", "+33639981002", "+33639981003"
CLAIRE, BERTRAND = "+33639980001", "+33639980002"
PAUL = "+33612345678"

postgres_only = pytest.mark.skipif(
    not PG_URL, reason="PostgreSQL behaviour: set TEST_DATABASE_URL (CI does)")


def pytest_configure(config: Any) -> None:
    if os.environ.get("RAPPEL_REQUIRE_POSTGRES") and not PG_URL:
        raise pytest.UsageError("RAPPEL_REQUIRE_POSTGRES is set but TEST_DATABASE_URL is not")


# Test files whose tests share one expensive module fixture (a week lived
# through the real app, tests/week_story.py; the seasons, tests/season_story.py).
# Under `-n` (make test) each file goes whole to one worker, so its stories are
# lived once rather than once on each worker; every other test is handed out
# one by one to whichever worker is free. (The xdist_group mark with --dist
# loadgroup would say this in the files, but pytest 9 ignores the group xdist
# 3.8 writes into the node id: pytest-dev/pytest-xdist#1386.)
SHARED_FIXTURE_FILES = ("tests/test_week_story.py", "tests/test_season_story.py")


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: Any, log: Any) -> Any:
    if config.getvalue("dist") != "load":
        return None  # another --dist asked for: xdist's own
    from xdist.scheduler import LoadScopeScheduling  # type: ignore[import-untyped]

    class SharedFixtureFiles(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            path = nodeid.split("::", 1)[0]
            return path if path in SHARED_FIXTURE_FILES else nodeid

    return SharedFixtureFiles(config, log)


def _worker(request: Any) -> str:
    return getattr(request.config, "workerinput", {}).get("workerid", "main")


@pytest.fixture(scope="session")
def database_template(request: Any, tmp_path_factory: Any) -> str:
    """A migrated database: a file to copy (SQLite) or a per-worker database (PostgreSQL)."""
    if PG_URL:
        # The checkout's path in the name: two checkouts on one machine (or two
        # worktrees) never truncate each other's databases.
        import hashlib
        tree = hashlib.sha1(str(Path(__file__).resolve()).encode()).hexdigest()[:6]
        name = f"rappel_test_{tree}_{_worker(request)}"
        admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
        url = PG_URL.rsplit("/", 1)[0] + f"/{name}"
        engine = make_engine(url)
        upgrade(engine)
        engine.dispose()
        return url
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    engine.dispose()
    return str(path)


@pytest.fixture
def database_url(database_template: str, tmp_path: Path) -> str:
    if PG_URL:
        engine = create_engine(database_template)
        tables = ", ".join(t.name for t in Base.metadata.sorted_tables)
        with engine.begin() as conn:
            conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
        engine.dispose()
        return database_template
    path = tmp_path / "rappel.sqlite3"
    shutil.copy(database_template, path)
    return f"sqlite:///{path}"


def make_app(database_url: str, tmp_path: Path, **overrides: Any) -> Any:
    from webhooks import create_app
    config = {"DATABASE_URL": database_url, "TESTING": True, "SECRET_KEY": "test-secret",
              "TWILIO_AUTH_TOKEN": AUTH_TOKEN, "PUBLIC_URL": PUBLIC_URL,
              "INSTANCE_PATH": str(tmp_path / "instance"), "VOLUNTEERS_FILE": str(CAST),
              "API_TOKEN": "test-api-token", "WTF_CSRF_ENABLED": False,
              "RATELIMIT_ENABLED": False}
    config.update(overrides)
    return create_app(config)


def sync_cast(app: Any, path: Path = CAST) -> None:
    from dispatch.roster import load_roster_file
    from dispatch.roster_sync import sync
    with app.extensions["rappel.sessions"]() as db:
        sync(db, load_roster_file(path))
        db.commit()


SAMPLE_ROSTER = Path(__file__).resolve().parent.parent / "volunteers.yaml"


@pytest.fixture
def sample_app(database_url: str, tmp_path: Path) -> Any:
    """The app on the sample roster (volunteers.yaml): tests of a real week's cast."""
    app = make_app(database_url, tmp_path, VOLUNTEERS_FILE=str(SAMPLE_ROSTER))
    sync_cast(app, SAMPLE_ROSTER)
    yield app
    app.extensions["rappel.engine"].dispose()


@pytest.fixture
def app(database_url: str, tmp_path: Path) -> Any:
    app = make_app(database_url, tmp_path)
    sync_cast(app)
    yield app
    app.extensions["rappel.engine"].dispose()


@pytest.fixture
def client(app: Any) -> Any:
    return app.test_client()


@pytest.fixture
def db(app: Any) -> Any:
    with app.extensions["rappel.sessions"]() as session:
        yield session


class Phone:
    """Texts the hotline as Twilio would: a signed form POST."""

    def __init__(self, client: Any) -> None:
        self.client = client
        self.count = 0

    def text(self, sender: str, body: str, sid: str | None = None, **fields: Any) -> Any:
        self.count += 1
        form = {"MessageSid": sid or f"SMin{self.count:030d}", "AccountSid": "AC" + "0" * 32,
                "From": sender, "To": HOTLINE, "Body": body, "NumMedia": "0", **fields}
        return self.post("/twilio/sms", form)

    def post(self, path: str, form: dict[str, str], signature: str | None = None) -> Any:
        url = PUBLIC_URL + path
        sig = signature if signature is not None else \
            RequestValidator(AUTH_TOKEN).compute_signature(url, form)
        return self.client.post(path, data=form, headers={"X-Twilio-Signature": sig})


@pytest.fixture
def phone(client: Any) -> Phone:
    return Phone(client)


def reply_of(response: Any) -> str:
    """The text of a TwiML answer ('' for an empty one)."""
    import xml.etree.ElementTree as ET
    root = ET.fromstring(response.data)
    return " ".join(m.text or "" for m in root.iter("Message"))


def outbox(db: Any, to: str | None = None, status: str | None = None) -> list[Message]:
    db.expire_all()
    query = select(Message).where(Message.direction == "out", Message.kind != "reply")
    if to:
        query = query.where(Message.to_number == to)
    if status:
        query = query.where(Message.status == status)
    return list(db.scalars(query.order_by(Message.id)))


# ---------------------------------------------------------------- routes
# The cast with dialable (non-fictional) mobiles: no route is asked to send
# to ARCEP's fiction range.
REAL_CLAIRE, REAL_BERTRAND, REAL_MICHEL = "+33612980001", "+33612980002", "+33612981001"


def real_cast(tmp_path: Path) -> Path:
    roster = tmp_path / "cast.yaml"
    roster.write_text(CAST.read_text().replace('"06 39 98', '"06 12 98'))
    return roster


def route_app(database_url: str, tmp_path: Path, **overrides: Any) -> Any:
    """An app on a real route, its roster synced with dialable numbers."""
    roster = real_cast(tmp_path)
    app = make_app(database_url, tmp_path, VOLUNTEERS_FILE=str(roster), **overrides)
    sync_cast(app, roster)
    return app


@pytest.fixture
def http() -> Any:
    """Twilio's HTTP layer for the real twilio library (tests/twilio_fakes.py)."""
    from tests.twilio_fakes import RecordingHttpClient
    return RecordingHttpClient()


@pytest.fixture
def twilio_app(database_url: str, tmp_path: Path, http: Any) -> Any:
    app = route_app(database_url, tmp_path, SMS_BACKEND="twilio",
                    TWILIO_ACCOUNT_SID="AC" + "1" * 32, HOTLINE_NUMBER=HOTLINE,
                    TWILIO_HTTP_CLIENT=http)
    yield app
    app.extensions["rappel.engine"].dispose()


@pytest.fixture
def gateway() -> Any:
    """SMS Gateway for Android's API for the real client (tests/fakes/smsgate.py)."""
    from tests.fakes.smsgate import FakeGateway
    return FakeGateway()


@pytest.fixture
def gateway_app(database_url: str, tmp_path: Path, gateway: Any) -> Any:
    from tests.fakes import smsgate
    app = route_app(database_url, tmp_path, SMS_BACKEND="sms-gateway", SMSGATE_URL=smsgate.URL,
                    SMSGATE_USER=smsgate.USER, SMSGATE_PASSWORD=smsgate.PASSWORD,
                    SMSGATE_SIGNING_KEY=smsgate.SIGNING_KEY, HOTLINE_NUMBER=HOTLINE,
                    SMSGATE_HTTP_SESSION=gateway)
    yield app
    app.extensions["rappel.engine"].dispose()


@pytest.fixture
def ovh_api() -> Any:
    """OVHcloud's SMS API for the real `ovh` client (tests/fakes/ovh.py)."""
    from tests.fakes.ovh import FakeOvh
    return FakeOvh()


@pytest.fixture
def ovh_app(database_url: str, tmp_path: Path, ovh_api: Any) -> Any:
    from tests.fakes import ovh
    app = route_app(database_url, tmp_path, SMS_BACKEND="ovh", OVH_APPLICATION_KEY=ovh.APP_KEY,
                    OVH_APPLICATION_SECRET=ovh.APP_SECRET, OVH_CONSUMER_KEY=ovh.CONSUMER_KEY,
                    OVH_SMS_ACCOUNT=ovh.ACCOUNT, HOTLINE_NUMBER=HOTLINE,
                    OVH_HTTP_SESSION=ovh_api)
    yield app
    app.extensions["rappel.engine"].dispose()


ROUTE_FIXTURES = {"console": ("console_app", None), "twilio": ("twilio_app", "http"),
                  "sms-gateway": ("gateway_app", "gateway"), "ovh": ("ovh_app", "ovh_api")}


@pytest.fixture
def console_app(database_url: str, tmp_path: Path) -> Any:
    app = route_app(database_url, tmp_path)
    yield app
    app.extensions["rappel.engine"].dispose()


@pytest.fixture(params=list(ROUTE_FIXTURES))
def line(request: Any) -> Any:
    """The hotline reached through each route in turn (tests/fakes/lines.py)."""
    from tests.fakes.lines import Line
    app_fixture, provider_fixture = ROUTE_FIXTURES[request.param]
    provider = request.getfixturevalue(provider_fixture) if provider_fixture else None
    return Line(request.param, request.getfixturevalue(app_fixture), provider)


def queue(app: Any, to: str = PAUL, body: str = "Bonjour", kind: str = "test",
          now: datetime = NOW, channel: str = "sms") -> int:
    """Write one outbound message to the outbox; its id."""
    from dispatch import outbox as box
    with app.extensions["rappel.sessions"]() as db:
        message = box.queue(db, to, body, now, kind=kind, channel=channel)
        db.commit()
        return message.id


def run_clock(app: Any, start: datetime, end: datetime,
              step: timedelta = timedelta(minutes=5)) -> None:
    """The clock's tick at every `step` from `start` to `end`, time frozen at each.

    One freeze_time moved from tick to tick: entering one scans every loaded
    module (tens of milliseconds, more once SciPy is loaded), moving it costs
    nothing, and the tick sees the same frozen time either way."""
    from scheduling import tick
    at = start
    with freezegun.freeze_time(start) as frozen:
        while at <= end:
            frozen.move_to(at)
            tick(app)
            at += step


def row(app: Any, message_id: int) -> Message:
    """An outbox row as stored now."""
    with app.extensions["rappel.sessions"]() as db:
        return db.get(Message, message_id)


# Fixtures kept in their own modules, shared with every test from here.
from tests.browser_fixtures import browser, page, server  # noqa: E402,F401
from tests.desk_fixtures import bertrand, claire, clock  # noqa: E402,F401
from tests.mailserver import dovecot, mail_ca, mail_ca_file, mailbox, smtp_sink  # noqa: E402,F401
from tests.report_fixtures import november  # noqa: E402,F401
