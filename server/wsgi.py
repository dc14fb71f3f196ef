"""The production server: Granian (an HTTP server written in Rust, speaking WSGI to the app) with
several worker processes, each with its own store handle, request threads and query executors.
Never Flask's development server.

Why Granian: HTTP parsing, keep-alive and the socket work happen in compiled code, so a short query
pays for little more than the app itself. On the same machine and store, a minimal pyoxigraph WSGI
app answered a point query about 1.7x faster under Granian than under gunicorn's sync workers
(which also close the connection after every response).

Workers are spawned processes that import the app themselves, so no store handle or executor
crosses a fork; the settings reach them as ``OSCE_KG_<KEY>`` environment variables (JSON values),
the same ones :func:`server.config.from_env` reads.
"""

from __future__ import annotations

import json
import os

ACCESS_FORMAT = '%(addr)s "%(method)s %(path)s %(protocol)s" %(status)d %(dt_ms).1fms'


def app():
    """The WSGI application of one worker, from the settings in the environment."""
    from server import config, create_app

    return create_app(config.from_env())


def serve(host: str, port: int, workers: int, threads: int, app_config: dict, access_log: bool = False) -> None:
    """Run until interrupted (SIGINT/SIGTERM stop the workers and return). ``access_log`` writes a
    line per request to standard output (off by default: it costs as much as a point query; a
    reverse proxy in front usually keeps that log)."""
    from granian.constants import Interfaces
    from granian.server import Server

    for key, value in app_config.items():
        os.environ[f"OSCE_KG_{key}"] = json.dumps(value)
    # Request threads are started by Granian's Rust code, with Rust's default stack (2 MB) unless
    # this says otherwise; queries that run in the web worker get more room than an executor has.
    os.environ.setdefault("RUST_MIN_STACK", str(16 << 20))
    Server(
        "server.wsgi:app", factory=True, interface=Interfaces.WSGI, address=host, port=port,
        workers=workers, blocking_threads=threads, backpressure=max(threads, 1) * 16,
        respawn_failed_workers=True, respawn_interval=0.5, workers_kill_timeout=10,
        log_access=access_log, log_access_format=ACCESS_FORMAT, websockets=False,
    ).serve()
