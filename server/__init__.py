"""The web application that serves the built graph: the SPARQL endpoint (and, as they come,
entity pages and dumps). It reads the store the ``kg`` library builds and never writes to it.

    from server import create_app
    app = create_app({"QUERY_TIMEOUT": 10})
"""

from __future__ import annotations

import atexit

from flask import Flask

from kg.settings import Settings
from kg.store import Store
from server import config as server_config
from server.state import ServedGraph


def create_app(config: dict | None = None, *, store: Store | None = None) -> Flask:
    """The Flask application.

    :param config: settings overriding :data:`server.config.DEFAULTS` (see the README).
    :param store: serve this store instead of the store home's current build.
    """
    app = Flask(__name__)
    settings = {**server_config.DEFAULTS, **(config or {})}
    unknown = set(config or {}) - set(server_config.DEFAULTS)
    if unknown:
        raise ValueError(f"unknown setting(s): {', '.join(sorted(unknown))}")
    if settings["HOME"] is None:
        settings["HOME"] = str(Settings.from_env().home)
    app.config.update(settings)
    app.config["MAX_CONTENT_LENGTH"] = int(settings["MAX_QUERY_BYTES"])
    app.extensions["osce_kg"] = graph = ServedGraph(settings, store)
    atexit.register(graph.executors.close)

    from server import entities, errors, linked, pages, queries, sparql

    errors.init_app(app)
    for module in (sparql, entities, pages, linked, queries):
        app.register_blueprint(module.blueprint)
    app.before_request(graph.refresh)
    app.after_request(_cors)
    app.wsgi_app = sparql.FastPath(app)
    return app


def _cors(response):
    """Public, read-only data: any origin may read it."""
    from server.sparql import CORS_HEADERS

    response.headers.update(CORS_HEADERS)
    return response
