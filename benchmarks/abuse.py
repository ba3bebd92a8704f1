"""The application layer under abuse, in figures: what issue #15 measured.

Runs in-process against `webhooks.create_app` (Flask's test client, errors
answered as they would be in production, not raised), on SQLite or on
PostgreSQL (--db postgres: a database of its own, dropped afterwards):

- signed webhook bodies fuzzed from a fixed seed (NUL bytes, fields longer
  than the columns, other scripts' digits, random text): answers 5xx;
- pre-authentication probes (offer links, nameless multipart parts, an
  out-of-range request number): answers 5xx;
- one sender repeating AIDE, ANNULER, OK 12, a crisis text: replies given;
- login: wrong passwords from rotating X-Forwarded-For addresses with one
  trusted proxy (password checks let through), a stranger's tries then the
  coordinator from a browser she used before, a session cookie copied
  before logout and used after it.

Point PYTHONPATH at another checkout to measure it the same way.

    .venv/bin/python -m benchmarks.abuse [--db sqlite|postgres] [--bodies 2000] [--seed 15]
"""
from __future__ import annotations

import argparse
import random
import tempfile
from pathlib import Path
from typing import Any

from twilio.request_validator import RequestValidator

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "abuse-auth-token"
PUBLIC_URL = "https://rappel.example.org"
HOTLINE = "+33380000000"
PASSWORD = "un mot de passe solide"
CLAIRE = "claire.moreau@example.org"
AWKWARD = ["\x00", "+336\x0012345678", "SM" + "e" * 70, "+33" + "1" * 70, "²", "١٢", "1" * 5000,
           "-1", " ", "\u202e", "é" * 40, "x" * 300, "%00", "SM\x00", "delivered\x00"]
FIELDS = ["MessageSid", "SmsSid", "AccountSid", "From", "To", "Body", "NumMedia", "NumSegments",
          "MessageStatus", "ErrorCode", "MediaUrl0", "OptOutType"]


def make_app(url: str, directory: Path, **extra: Any) -> Any:
    from webhooks import create_app
    config = {"DATABASE_URL": url, "SECRET_KEY": "abuse-secret", "TWILIO_AUTH_TOKEN": TOKEN,
              "PUBLIC_URL": PUBLIC_URL, "INSTANCE_PATH": str(directory / "instance"),
              "VOLUNTEERS_FILE": str(ROOT / "volunteers.yaml"), "API_TOKEN": "abuse-api",
              "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False,
              "PROPAGATE_EXCEPTIONS": False, **extra}
    return create_app(config)


def fresh_database(kind: str, directory: Path, name: str) -> str:
    from benchmarks import seed, slow_clients
    if kind == "postgres":
        url = seed.recreate_postgres(name)
        engine = seed.make_engine(url)
        from dispatch.migrate import upgrade
        upgrade(engine)
        engine.dispose()
        slow_clients.load_roster(url, ROOT / "volunteers.yaml")
        return url
    (directory / name).mkdir()
    return slow_clients.prepare_database(directory / name)


def signed(client: Any, path: str, form: dict[str, str]) -> int:
    signature = RequestValidator(TOKEN).compute_signature(PUBLIC_URL + path, form)
    return client.post(path, data=form, headers={"X-Twilio-Signature": signature}).status_code


def value(rng: random.Random) -> str:
    if rng.random() < 0.4:
        return rng.choice(AWKWARD)
    return "".join(chr(rng.choice([rng.randrange(32, 127), rng.randrange(0, 0x3000)]))
                   for _ in range(rng.randrange(0, 40)))


def fuzz_bodies(app: Any, count: int, seed: int) -> tuple[int, int]:
    rng, client, errors = random.Random(seed), app.test_client(), 0
    for n in range(count):
        form = {"MessageSid": f"SM{n:032x}", "From": "+33612345678", "To": HOTLINE,
                "Body": "Bonjour", "MessageStatus": "delivered"}
        for name in rng.sample(FIELDS, rng.randrange(1, 4)):
            form[name] = value(rng)
        form = {k: v.encode("utf-8", "replace").decode("utf-8") for k, v in form.items()}
        path = "/twilio/sms" if rng.random() < 0.7 else "/twilio/status"
        errors += signed(client, path, form) >= 500
    return errors, count


def probes(app: Any) -> tuple[int, int]:
    client = app.test_client()
    bearer = {"Authorization": "Bearer abuse-api"}
    answers = [client.get(f"/o/{head}.AbCdEfGhIjKl").status_code
               for head in ("١٢", "１２", "²", "9" * 5000, "19669193108244674904064")]
    nameless = b"--b\r\nContent-Disposition: form-data\r\n\r\nx\r\n--b--\r\n"
    answers += [client.post(path, data=nameless, headers={
        "X-Twilio-Signature": "x", "Content-Type": "multipart/form-data; boundary=b"}).status_code
        for path in ("/twilio/sms", "/twilio/status")]
    answers.append(client.get("/api/requests/19669193108244674904064", headers=bearer).status_code)
    return sum(a >= 500 for a in answers), len(answers)


def repeated(app: Any) -> dict[str, int]:
    client, given = app.test_client(), {}
    texts = {"AIDE": "+33698700001", "ANNULER": "+33698700002", "OK 12": "+33639981001",
             "Je n'en peux plus, je veux en finir": "+33698700003"}
    for n, (body, sender) in enumerate(texts.items()):
        replies = 0
        for i in range(100):
            response = client.post("/twilio/sms", data=(form := {
                "MessageSid": f"SMrep{n}{i:028d}", "From": sender, "To": HOTLINE, "Body": body}),
                headers={"X-Twilio-Signature": RequestValidator(TOKEN).compute_signature(
                    PUBLIC_URL + "/twilio/sms", form)})
            replies += b"<Message>" in response.data
        given[body[:12]] = replies
    return given


def login_figures(url: str, directory: Path) -> dict[str, Any]:
    """Each figure on an app of its own, so that the counts of one do not touch another."""
    from sqlalchemy import update
    from werkzeug.security import generate_password_hash

    from dispatch.models import Coordinator

    def fresh() -> Any:
        app = make_app(url, directory, RATELIMIT_ENABLED=True, BEHIND_PROXY=True)
        with app.extensions["rappel.sessions"]() as db:
            db.execute(update(Coordinator).values(password_hash=hashed))
            db.commit()
        return app

    def login(client: Any, email: str, password: str, address: str) -> int:
        return client.post("/login", data={"email": email, "password": password},
                           headers={"X-Forwarded-For": address}).status_code

    hashed = generate_password_hash(PASSWORD)
    spray = fresh().test_client()
    through = sum(login(spray, f"c{n}@example.org", "x", f"203.0.113.{n}")
                  != 429 for n in range(30))
    app = fresh()
    claire, stranger = app.test_client(), app.test_client()
    login(claire, CLAIRE, PASSWORD, "192.0.2.10")  # her laptop, before the stranger came
    claire.post("/logout")
    for _ in range(20):
        login(stranger, CLAIRE, "x", "198.51.100.9")
    locked_out = login(claire, CLAIRE, PASSWORD, "192.0.2.77") != 302
    claire = fresh().test_client()
    login(claire, CLAIRE, PASSWORD, "192.0.2.10")
    cookie = claire.get_cookie("session").value
    claire.post("/logout")
    thief = app.test_client()
    thief.set_cookie("session", cookie)
    copied_works = thief.get("/").status_code == 200
    return {"sprays let through of 30": through, "coordinator locked out by a stranger": locked_out,
            "copied cookie works after logout": copied_works}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--bodies", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="rappel-abuse-") as name:
        directory = Path(name)
        names = ("rappel_abuse_a", "rappel_abuse_b", "rappel_abuse_c")
        urls = [fresh_database(args.db, directory, n) for n in names]
        app = make_app(urls[0], directory)
        errors, total = fuzz_bodies(app, args.bodies, args.seed)
        print(f"signed fuzzed webhook bodies answered 5xx: {errors} of {total} ({args.db})")
        errors, total = probes(app)
        print(f"pre-authentication probes answered 5xx: {errors} of {total}")
        app.extensions["rappel.engine"].dispose()
        app = make_app(urls[1], directory)
        for body, replies in repeated(app).items():
            print(f"{body!r} sent 100 times by one number: {replies} replies")
        app.extensions["rappel.engine"].dispose()
        for key, figure in login_figures(urls[2], directory).items():
            print(f"login: {key}: {figure}")
        if args.db == "postgres":
            from benchmarks import seed
            for n in names:
                seed.drop_postgres(n)


if __name__ == "__main__":
    main()
