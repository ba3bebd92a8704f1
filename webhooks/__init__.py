"""The Flask HTTP layer: the SMS route's webhooks, dashboard, API.

`create_app` builds the app and never starts a scheduler (gunicorn would
start one per worker): the clock runs in `rappel scheduler` or `rappel serve`.
"""
from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from flask import Flask


def create_app(config: dict[str, Any] | None = None) -> Flask:
    # Imported here, not at module level, so that `rappel parse` (which lives
    # in this package's cli) starts without loading Flask and SQLAlchemy.
    from flask import Flask

    from dispatch.db import make_engine, make_sessionmaker
    from webhooks import settings, web_settings

    conf = settings.load(config)
    conf.update(web_settings.load(conf))
    app = Flask(__name__, instance_path=conf["INSTANCE_PATH"])
    app.config.update(conf)
    app.config["SESSION_COOKIE_HTTPONLY"] = True
    app.config["SESSION_COOKIE_SAMESITE"] = "Lax"
    if conf["TRUSTED_PROXIES"]:
        # Only as many X-Forwarded-* hops as there are proxies of ours: a client
        # cannot choose its own address by adding one more.
        from werkzeug.middleware.proxy_fix import ProxyFix
        hops = conf["TRUSTED_PROXIES"]
        fixed = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
        app.wsgi_app = fixed  # type: ignore[method-assign]
    web_settings.init_app(app)

    engine = conf.get("ENGINE") or make_engine(conf["DATABASE_URL"], settings.timeouts(conf))
    app.extensions["rappel.engine"] = engine
    app.extensions["rappel.sessions"] = make_sessionmaker(engine)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    from dispatch.logmask import install_log_masking
    install_log_masking()  # logs never carry a full phone number or e-mail
    # APScheduler logs every run of the 15-second job; keep its warnings only.
    logging.getLogger("apscheduler").setLevel(logging.WARNING)

    from channels import registry
    from webhooks import db, health
    db.init_app(app)
    app.register_blueprint(health.bp)
    registry.init_app(app)  # the chosen route's webhooks, before the guard opens them
    for name in ("dashboard", "api", "offer_links", "page_links", "simulator", "planner_page"):
        _register_optional(app, name)
    return app


def _register_optional(app: Flask, name: str) -> None:
    """Blueprints register themselves through `init_app` when present."""
    import importlib
    try:
        module = importlib.import_module(f"webhooks.{name}")
    except ModuleNotFoundError as exc:
        if exc.name == f"webhooks.{name}":
            return
        raise
    module.init_app(app)
