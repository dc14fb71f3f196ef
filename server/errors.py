"""One place that turns every error into an HTTP response: a status and a short message, as
plain text (or JSON for clients that ask for it). No traceback ever reaches a client."""

from __future__ import annotations

import logging

from flask import Flask, Response, request
from werkzeug.exceptions import HTTPException

from kg.errors import KGError, StoreError
from server.executor import ExecutorLost, QueryTimeout
from server.negotiation import NotAcceptable
from server.query_guard import GuardError

log = logging.getLogger("osce_kg.server")


def error_response(status: int, message: str, headers: dict | None = None) -> Response:
    if request.accept_mimetypes.best == "application/json":
        import json

        body, media_type = json.dumps({"status": status, "error": message}), "application/json"
    else:
        body, media_type = message.rstrip() + "\n", "text/plain; charset=utf-8"
    response = Response(body, status=status, mimetype=media_type.split(";")[0], headers=headers or {})
    response.headers["Content-Type"] = media_type
    response.headers["Cache-Control"] = "no-store"
    return response


def init_app(app: Flask) -> None:
    timeout = app.config["QUERY_TIMEOUT"]

    @app.errorhandler(GuardError)
    def guard(error: GuardError):
        return error_response(error.status, error.message)

    @app.errorhandler(NotAcceptable)
    def not_acceptable(error: NotAcceptable):
        return error_response(406, str(error))

    @app.errorhandler(QueryTimeout)
    def query_timeout(_error):
        return error_response(503, f"the query ran longer than this endpoint's limit of {timeout:g} seconds "
                                   "and was stopped; make it more selective or add a LIMIT",
                              {"Retry-After": "1"})

    @app.errorhandler(ExecutorLost)
    def executor_lost(_error):
        return error_response(500, "the query made its worker process fail; the worker was replaced")

    @app.errorhandler(StoreError)
    def store_error(error: StoreError):
        return error_response(503, f"the graph is not available: {error}")

    @app.errorhandler(KGError)
    def kg_error(error: KGError):
        return error_response(400, str(error))

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if error.code == 413:
            return error_response(413, f"the request is larger than this endpoint's limit of "
                                       f"{app.config['MAX_QUERY_BYTES']} bytes")
        response = error_response(error.code or 500, error.description or error.name)
        if error.code == 405 and getattr(error, "valid_methods", None):
            response.headers["Allow"] = ", ".join(error.valid_methods)
        return response

    @app.errorhandler(Exception)
    def unexpected(error: Exception):
        log.exception("unexpected error on %s", request.path)
        return error_response(500, "internal error; it has been logged")
