"""`jingwang serve`: the production server (gunicorn) with static files from whitenoise."""

from __future__ import annotations

import os
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from jingwang.audit import sealer
from jingwang.audit.services import audit_seal
from jingwang.core.middleware import IdentifierLogFilter
from jingwang.worker import beside
from jingwang.wsgi import application


def gunicorn_logger() -> type:
    """gunicorn's logger, its error log filtered like Django's: an error line names the request
    with its query string (`Error handling request GET /…?q=…`), which may hold an ID number."""
    from gunicorn.glogging import Logger

    class JingwangLogger(Logger):  # type: ignore[misc]
        def setup(self, cfg: Any) -> None:
            super().setup(cfg)
            self.error_log.addFilter(IdentifierLogFilter())

    return JingwangLogger


def run_gunicorn(host: str, port: int, workers: int) -> None:
    from gunicorn.app.base import BaseApplication

    class Server(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            self.cfg.set("bind", f"{host}:{port}")
            self.cfg.set("workers", workers)
            self.cfg.set("worker_class", "gthread")
            self.cfg.set("threads", 4)
            self.cfg.set("timeout", 60)
            self.cfg.set("accesslog", "-")
            # Access lines carry no query strings: no personal data in logs (SECURITY 13).
            self.cfg.set("access_log_format", '%(h)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms')
            self.cfg.set("logger_class", gunicorn_logger())

        def load(self) -> Any:
            return application

    Server().run()


class Command(BaseCommand):
    help = "Serve Jingwang with a production WSGI server."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default=os.environ.get("JINGWANG_HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("JINGWANG_PORT", "8000")))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("JINGWANG_WORKERS", "2")))
        parser.add_argument("--no-collectstatic", action="store_true")
        parser.add_argument(
            "--worker",
            choices=["auto", "yes", "no"],
            default=os.environ.get("JINGWANG_SERVE_WORKER", "auto"),
            help="run a background worker beside the server (auto: on the embedded SQLite database)",
        )

    def handle(self, *args: Any, **opts: Any) -> None:
        if not opts["no_collectstatic"]:
            settings.STATIC_ROOT.mkdir(parents=True, exist_ok=True)
            call_command("collectstatic", interactive=False, verbosity=0)

        audit_seal()  # whatever commands wrote while no server ran
        sealer.enable()

        worker = beside.spawn() if beside.wanted(opts["worker"]) else None
        self.stdout.write(f"Serving on http://{opts['host']}:{opts['port']}/")
        try:
            run_gunicorn(opts["host"], opts["port"], opts["workers"])
        finally:
            beside.stop(worker)
