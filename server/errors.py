"""One place that turns every error into an HTTP response: a status and a short message, as
plain text (or JSON for clients that ask for it). No traceback ever reaches a client."""

from __future__ import annotations

import json
import logging

from flask import Flask, Response, request
from werkzeug.exceptions import HTTPException

from kg.errors import KGError, StoreError
from server.executor import ExecutorLost, ExecutorsBusy, QueryTimeout
from server.negotiation import NotAcceptable, best_accepted
from server.query_guard import GuardError

log = logging.getLogger("osce_kg.server")


def error_parts(status: int, message: str, accept: str) -> tuple[bytes, str]:
    """The body and content type of an error: plain text, or JSON for clients that ask for it."""
    if best_accepted(accept) == "application/json":
        return json.dumps({"status": status, "error": message}).encode("utf-8"), "application/json"
    return (message.rstrip() + "\n").encode("utf-8"), "text/plain; charset=utf-8"


def error_response(status: int, message: str, headers: dict | None = None) -> Response:
    body, content_type = error_parts(status, message, request.headers.get("Accept", ""))
    response = Response(body, status=status, headers=headers or {})
    response.headers["Content-Type"] = content_type
    response.headers["Cache-Control"] = "no-store"
    return response


def timeout_message(seconds: float) -> str:
    return (f"the query ran longer than this endpoint's limit of {seconds:g} seconds "
            "and was stopped; make it more selective or add a LIMIT")


EXECUTOR_LOST = "the query made its worker process fail; the worker was replaced"


KNOWN_ERRORS = (GuardError, NotAcceptable, QueryTimeout, ExecutorsBusy, ExecutorLost, StoreError, KGError)


def describe_error(error: Exception, timeout: float) -> tuple[int, str, dict]:
    """Status, message and extra headers for one of :data:`KNOWN_ERRORS`."""
    if isinstance(error, GuardError):
        return error.status, error.message, {}
    if isinstance(error, NotAcceptable):
        return 406, str(error), {}
    if isinstance(error, QueryTimeout):
        return 503, timeout_message(timeout), {"Retry-After": "1"}
    if isinstance(error, ExecutorsBusy):
        return 503, (f"the server is busy: no query executor was free within the {timeout:g}-second limit, "
                     "so the query was not run; try again shortly"), {"Retry-After": "5"}
    if isinstance(error, ExecutorLost):
        return 500, EXECUTOR_LOST, {}
    if isinstance(error, StoreError):
        return 503, f"the graph is not available: {error}", {}
    return 400, str(error), {}


def init_app(app: Flask) -> None:
    def known(error: Exception):
        status, message, headers = describe_error(error, float(app.config["QUERY_TIMEOUT"]))
        return error_response(status, message, headers)

    for kind in KNOWN_ERRORS:
        app.register_error_handler(kind, known)

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
