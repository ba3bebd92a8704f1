"""The foundation: schema from migrations only, settings, health, roster sync."""
from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from freezegun import freeze_time
from sqlalchemy import create_engine, select

from dispatch.models import Base, Coach, Coordinator
from tests.conftest import CAST, NOW, make_app, sync_cast
from webhooks.settings import SettingsError, load


def test_it_finds_nothing_to_autogenerate_after_the_migrations(database_url):
    engine = create_engine(database_url)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}),
                                Base.metadata)
    engine.dispose()
    assert diff == []


def test_it_refuses_twilio_without_credentials_naming_the_variable(tmp_path):
    with pytest.raises(SettingsError, match="TWILIO_ACCOUNT_SID"):
        load({"SMS_BACKEND": "twilio", "INSTANCE_PATH": str(tmp_path)})
    with pytest.raises(SettingsError, match="TWILIO_AUTH_TOKEN"):
        load({"SMS_BACKEND": "twilio", "TWILIO_ACCOUNT_SID": "AC1", "INSTANCE_PATH": str(tmp_path)})
    with pytest.raises(SettingsError, match="HOTLINE_NUMBER"):
        load({"SMS_BACKEND": "twilio", "TWILIO_ACCOUNT_SID": "AC1", "TWILIO_AUTH_TOKEN": "t",
              "INSTANCE_PATH": str(tmp_path)})
    complete = {"SMS_BACKEND": "twilio", "TWILIO_ACCOUNT_SID": "AC1", "TWILIO_AUTH_TOKEN": "t",
                "HOTLINE_NUMBER": "+33380000000", "INSTANCE_PATH": str(tmp_path)}
    with pytest.raises(SettingsError, match="PUBLIC_URL"):
        load(complete)
    with pytest.raises(SettingsError, match="SECRET_KEY"):
        load({**complete, "PUBLIC_URL": "https://rappel.example.org"})


def test_it_refuses_a_bad_boolean_or_number(tmp_path):
    with pytest.raises(SettingsError, match="BEHIND_PROXY"):
        load({"BEHIND_PROXY": "maybe", "INSTANCE_PATH": str(tmp_path)})
    with pytest.raises(SettingsError, match="ACK_TIMEOUT_MINUTES"):
        load({"ACK_TIMEOUT_MINUTES": "soon", "INSTANCE_PATH": str(tmp_path)})


def test_it_keeps_a_generated_secret_key_under_instance(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    first = load({"INSTANCE_PATH": str(tmp_path)})["SECRET_KEY"]
    second = load({"INSTANCE_PATH": str(tmp_path)})["SECRET_KEY"]
    assert first == second and len(first) == 64
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600


def test_it_defaults_to_sqlite_under_instance_and_the_console(tmp_path):
    settings = load({"INSTANCE_PATH": str(tmp_path)})
    assert settings["DATABASE_URL"] == f"sqlite:///{tmp_path / 'rappel.sqlite3'}"
    assert settings["SMS_BACKEND"] == "console"


def test_health_is_503_until_the_clock_ticks_then_200(app, client, db):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json["database"] == "ok" and response.json["clock"] == "stopped"
    from scheduling import tick
    with freeze_time(NOW):
        tick(app)
        response = client.get("/healthz")
    assert response.status_code == 200 and response.json["clock"] == "ok"
    with freeze_time(NOW + timedelta(minutes=3)):
        assert client.get("/healthz").status_code == 503


def test_health_is_503_when_the_database_is_gone(tmp_path):
    app = make_app(f"sqlite:///{tmp_path}/missing/dir/none.sqlite3", tmp_path)
    app.extensions["rappel.engine"].dispose()
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.json["database"].startswith("error")


def test_the_sync_is_idempotent_and_keeps_history(app, db, tmp_path):
    assert {c.key for c in db.scalars(select(Coach))} == {"michel", "odile", "sylvie"}
    michel = db.scalar(select(Coach).where(Coach.key == "michel"))
    michel.paused = True
    db.commit()
    sync_cast(app)  # again, unchanged
    smaller = tmp_path / "smaller.yaml"
    text = CAST.read_text()
    start = text.index("  - id: odile")
    end = text.index("  - id: sylvie")
    smaller.write_text(text[:start] + text[end:])
    sync_cast(app, smaller)
    db.expire_all()
    coaches = {c.key: c for c in db.scalars(select(Coach))}
    assert coaches["odile"].active is False            # removed: deactivated, not deleted
    assert coaches["michel"].paused is True            # PAUSE survives a sync
    sync_cast(app)
    db.expire_all()
    assert db.scalar(select(Coach).where(Coach.key == "odile")).active is True
    assert len(list(db.scalars(select(Coordinator)))) == 2


def test_volunteers_check_reports_every_problem_with_its_line(tmp_path):
    from click.testing import CliRunner

    from webhooks.cli import main
    bad = tmp_path / "bad.yaml"
    bad.write_text(CAST.read_text()
                   .replace("topics: [juridique]", "topics: [juridik]")
                   .replace('availability: {tue-thu: "09:00-12:00"}',
                            'availabilty: {tue-thu: "09:00-12:00"}')
                   .replace('"06 39 98 10 03"', '"06 39 98 10 01"')
                   .replace('{mon-sun: "18:00-21:00"}', '{mon-sun: "18:00-25:00"}')
                   .replace('mobile: "06 39 98 00 02"', 'mobile: "03 80 12 34 56"'))
    result = CliRunner().invoke(main, ["volunteers", "check", str(bad)])
    assert result.exit_code != 0
    lines = [line for line in result.output.splitlines() if line.startswith(str(bad) + ":")]
    assert len(lines) >= 5, result.output
    for word in ("juridik", "availabilty", "duplicate", "25:00", "landline"):
        assert any(word in line for line in lines), (word, result.output)


def test_volunteers_check_passes_on_the_sample_roster():
    from click.testing import CliRunner

    from webhooks.cli import main
    root = Path(__file__).resolve().parent.parent
    result = CliRunner().invoke(main, ["volunteers", "check", str(root / "volunteers.yaml")])
    assert result.exit_code == 0, result.output
    assert "ok" in result.output


def test_a_coach_set_inactive_in_the_roster_gives_back_what_they_held(app, phone, db, tmp_path):
    """`active: false` stops offers to a coach, as the roster's comment says: what
    they hold goes back in line and they are told, as when they leave the file."""
    from freezegun import freeze_time

    from dispatch.models import Offer, Request
    from dispatch.roster import load_roster_file
    from dispatch.roster_sync import sync
    from scheduling import tick
    from tests.conftest import MICHEL, NOW, PAUL, outbox, reply_of
    with freeze_time(NOW):
        phone.text(PAUL, "Paul, rappelez-moi demain 14h-16h, dettes")
        tick(app)
        assert "Demande 1 pour vous" in reply_of(phone.text(MICHEL, "OK 1"))
        phone.text("+33698765432", "Luc, dettes URSSAF, rappel demain 15h")
        tick(app)
    assert db.scalar(select(Offer).where(Offer.request_id == 2)).coach.key == "michel"
    stopped = tmp_path / "stopped.yaml"
    stopped.write_text(CAST.read_text().replace("    max_active: 3\n",
                                                "    max_active: 3\n    active: false\n", 1))
    later = NOW + timedelta(minutes=10)
    with freeze_time(later):
        sync(db, load_roster_file(stopped), now=later)
        db.commit()
        assert reply_of(phone.text(MICHEL, "OK 2")).startswith(
            "Vous ne faites plus partie des coachs actifs")
    db.expire_all()
    first, second = db.get(Request, 1), db.get(Request, 2)
    assert first.coach_id is None and first.status != "accepted"
    assert second.coach_id is None
    assert any("vous n'avez plus à rappeler" in m.body for m in outbox(db, to=MICHEL))
