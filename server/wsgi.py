"""The production server: gunicorn, several pre-forked workers, every worker with its own store
handle and query executors. Never Flask's development server. With one thread per worker the
workers are gunicorn's plain sync workers (measured fastest for short queries: about 1.5x the
threaded ones here); with more, gthread workers."""

from __future__ import annotations

from gunicorn.app.base import BaseApplication

from server import create_app


class _Gunicorn(BaseApplication):
    def __init__(self, options: dict, app_config: dict):
        self.options, self.app_config = options, app_config
        super().__init__()

    def load_config(self):
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        return create_app(self.app_config)


def serve(host: str, port: int, workers: int, threads: int, app_config: dict) -> None:
    """Run until interrupted. Each worker imports the app after the fork (no preloading), so no
    store handle or executor crosses a fork."""
    timeout = float(app_config.get("QUERY_TIMEOUT", 30)) + 30
    _Gunicorn({
        "bind": f"{host}:{port}", "workers": workers, "threads": threads,
        "worker_class": "sync" if threads == 1 else "gthread",
        "timeout": int(timeout), "graceful_timeout": 10, "limit_request_line": 8190,
        "accesslog": "-",
        "access_log_format": '%(h)s "%(r)s" %(s)s %(b)s %(M)sms', "proc_name": "osce-kg",
    }, app_config).run()
