"""The SPARQL 1.1 Protocol endpoint at ``/sparql``: GET, POST form and POST direct; results in
every standard format chosen by Accept or ``format=``; read-only; SERVICE refused; each query
run under a time limit (see server.executor); ETags tied to the build version; a result cache.

One function, :func:`answer`, turns a query into a reply. It has two callers: the Flask view, which
serves every form of request, and :class:`FastPath`, a WSGI layer in front of Flask that takes the
most common one, ``GET /sparql?query=...`` from a program, straight to :func:`answer` and skips
Flask's per-request machinery (request context, routing, hooks, response objects), which costs
more than a point query itself. Anything else on ``/sparql`` (POST, browsers, the service
description, updates, OPTIONS, HEAD) goes through Flask.
"""

from __future__ import annotations

import hashlib
import io
import logging
import threading
from collections import OrderedDict
from dataclasses import dataclass
from http import HTTPStatus
from urllib.parse import parse_qsl

from flask import Blueprint, Response, current_app, render_template, request
from werkzeug.http import parse_etags

from kg.store import KEEP_BUILDS
from server.errors import KNOWN_ERRORS, describe_error, error_parts
from server.executor import QueryJob
from server.negotiation import (
    GRAPH_FORMATS,
    RESULT_FORMATS,
    choose,
    choose_for,
    prefers_html,
    prefers_html_for,
)
from server.query_guard import MEMO_BYTES, GuardError, cap_rows, inspect
from server.service_description import service_description

log = logging.getLogger("osce_kg.server")

blueprint = Blueprint("sparql", __name__)

DIRECT_QUERY = "application/sparql-query"
FORM = "application/x-www-form-urlencoded"
UPDATE = "application/sparql-update"


def _params() -> dict[str, list[str]]:
    """The protocol parameters of the request, URL and form, decoded strictly as UTF-8."""
    params: dict[str, list[str]] = {}
    sources = [request.query_string]
    content_type = (request.mimetype or "").lower()
    if request.method == "POST" and content_type == FORM:
        sources.append(request.get_data(cache=True))
    for raw in sources:
        parse_params(raw, params)
    if request.method == "POST" and content_type == DIRECT_QUERY:
        try:
            params.setdefault("query", []).append(request.get_data(cache=True).decode("utf-8"))
        except UnicodeDecodeError as exc:
            raise GuardError(400, f"the query is not valid UTF-8 ({exc.reason} at byte {exc.start})")
    return params


def parse_params(raw: bytes, params: dict[str, list[str]]) -> dict[str, list[str]]:
    """Add the parameters of a query string or form body to ``params``, decoded strictly as UTF-8."""
    try:
        pairs = parse_qsl(raw.decode("ascii"), keep_blank_values=True, encoding="utf-8", errors="strict")
    except UnicodeDecodeError as exc:
        raise GuardError(400, f"the request parameters are not valid UTF-8 ({exc.reason} at byte {exc.start})")
    for key, value in pairs:
        params.setdefault(key, []).append(value)
    return params


def _refuse_updates(params: dict) -> None:
    content_type = (request.mimetype or "").lower()
    if content_type == UPDATE or "update" in params:
        raise GuardError(403, "this endpoint is read-only: SPARQL updates are not accepted")
    if request.method == "POST" and content_type and content_type not in (FORM, DIRECT_QUERY):
        raise GuardError(415, f"POST a query as {FORM} (query=...) or as {DIRECT_QUERY}, not {content_type or 'no type'}")


@blueprint.route("/sparql", methods=["GET", "POST", "OPTIONS"])
def endpoint():
    if request.method == "OPTIONS":
        return _preflight()
    params = _params()
    _refuse_updates(params)
    queries = params.get("query", [])
    if len(queries) > 1:
        raise GuardError(400, "give exactly one query parameter")
    if not queries or not queries[0].strip():
        if request.method == "POST":
            raise GuardError(400, "no query given: send query=... or a body of type application/sparql-query")
        return _describe_service()
    if request.method == "GET" and "format" not in params and prefers_html(request):
        return query_page(queries[0])  # a permalink opened in a browser: the page runs it
    version = request.args.get("version") or request.form.get("version")
    reply = answer(current_app.extensions["osce_kg"], current_app.config, queries[0],
                   params.get("default-graph-uri", []), params.get("named-graph-uri", []),
                   accept=request.headers.get("Accept", ""), requested=(params.get("format") or [None])[0],
                   if_none_match=request.headers.get("If-None-Match", ""), version=version)
    return Response(reply.body, status=reply.status, headers=reply.headers)


def query_page(query: str = "") -> Response:
    from kg.canned import canned_queries
    from kg.vocab import PREFIXES
    from server.pages import EXAMPLES

    examples = list(EXAMPLES) + [(q.title, q.text) for q in canned_queries().values() if not q.parameters]
    page = render_template("query.html", query=query or EXAMPLES[0][1], examples=examples,
                           pinned=request.args.get("version", "")[:12],
                           prefixes=[p for p in PREFIXES if p != "id"] + ["id"],
                           formats=[f.name for f in RESULT_FORMATS], version=current_app.extensions["osce_kg"].version)
    return Response(page, content_type="text/html; charset=utf-8")


@dataclass
class Reply:
    status: int
    headers: list[tuple[str, str]]
    body: bytes


def answer(graph, config, query: str, default_graphs: list[str], named_graphs: list[str], *, accept: str,
           requested: str | None, if_none_match: str, version: str | None) -> Reply:
    """The reply to one query: checked, negotiated, from the cache or run under the time limit.

    :raises GuardError, NotAcceptable, QueryTimeout, ExecutorLost: turned into error replies by the caller.
    """
    return run(graph, config, plan(config, query, default_graphs, named_graphs, accept=accept, requested=requested,
                                   version=version, graph=graph, current=graph.current), if_none_match)


@dataclass(frozen=True)
class Plan:
    """What a query request comes to before it runs: the job, its ETag and the reply's headers.
    It depends only on the request and the build served, so it may be kept for a request that recurs."""
    job: QueryJob
    etag: str
    headers: tuple[tuple[str, str], ...]
    content_type: str
    may_inline: bool


def plan(config, query: str, default_graphs: list[str], named_graphs: list[str], *, accept: str,
         requested: str | None, version: str | None, graph, current: tuple) -> Plan:
    """Check and negotiate a query against the build ``current`` (a snapshot of ``graph.current``).

    :raises GuardError, NotAcceptable: for a query or request this endpoint refuses."""
    if len(query.encode("utf-8")) > config["MAX_QUERY_BYTES"]:
        raise GuardError(413, f"the query is longer than this endpoint's limit of {config['MAX_QUERY_BYTES']} bytes")
    inspection = inspect(query, max_depth=int(config["MAX_NESTING"]),
                         service_allowlist=frozenset(config["SERVICE_ALLOWLIST"]))
    fmt = choose_for(accept, requested, GRAPH_FORMATS if inspection.is_graph else RESULT_FORMATS)
    query = cap_rows(query, inspection, int(config["MAX_ROWS"]))
    if current[0] is None:
        raise GuardError(503, "no graph has been built yet (run 'osce-kg build')")
    store_path, served_version = store_for_version(graph, version, current)
    etag = _etag(served_version, fmt.name, query, default_graphs, named_graphs)
    headers = (("ETag", f'"{etag}"'), ("Vary", "Accept"), ("X-Graph-Version", served_version),
               ("Cache-Control", f"public, max-age={int(config['CACHE_MAX_AGE'])}"))
    job = QueryJob(store_path, query, fmt.name, tuple(default_graphs), tuple(named_graphs),
                   int(config["MAX_RESULT_BYTES"]), prefixes=tuple(sorted(inspection.prefixes)))
    may_inline = inspection.depth <= INLINE_MAX_DEPTH and len(query) <= INLINE_MAX_BYTES and not inspection.volatile
    return Plan(job, etag, headers, _content_type(fmt.media_type), may_inline)


def run(graph, config, planned: Plan, if_none_match: str) -> Reply:
    """The reply to a planned query: 304, from the result cache, or run by the executors."""
    headers = list(planned.headers)
    if if_none_match and parse_etags(if_none_match).contains(planned.etag):
        return Reply(304, headers, b"")
    body = graph.cache.get(planned.etag)
    if body is None:
        reply, where, seconds = graph.executors.run_timed(planned.job, float(config["QUERY_TIMEOUT"]),
                                                          planned.may_inline)
        if reply[0] != "ok":
            raise GuardError(reply[1], reply[2])
        body = reply[1]
        graph.cache.put(planned.etag, body)
        timing = f'query;dur={seconds * 1000:.2f};desc="{where}"'
    else:
        timing = 'cache;desc="result cache"'
    headers.append(("Content-Type", planned.content_type))
    headers.append(("Server-Timing", timing))
    return Reply(200, headers, body)


# Only short, shallow queries may run in the web worker: the engine recurses on nesting and on long
# chains (paths, UNION, !!!...), and a request thread's stack may be smaller than an executor's main
# thread's. Within these bounds the engine's recursion stays far below what a 2 MB stack holds (a
# 2,000-deep chain was measured to be safe in one); `osce-kg serve` gives request threads 16 MB.
INLINE_MAX_DEPTH = 32
INLINE_MAX_BYTES = 2048


class FastPath:
    """``GET /sparql?query=...`` from a program, answered without Flask's request machinery; every
    other request passes to the Flask app. Errors get the same statuses, messages and headers as
    Flask's error handlers give."""

    def __init__(self, app):
        self.flask_wsgi, self.graph, self.config = app.wsgi_app, app.extensions["osce_kg"], app.config
        self._plans = Plans(None)

    def __call__(self, environ, start_response):
        accept = environ.get("HTTP_ACCEPT", "")
        if _declared_length(environ) > self.config["MAX_QUERY_BYTES"]:
            return self._too_large(environ, start_response, accept)
        if environ.get("REQUEST_METHOD") in ("POST", "PUT", "PATCH") and not environ.get("CONTENT_LENGTH") \
                and not _buffer_body(environ, self.config["MAX_QUERY_BYTES"]):
            return self._too_large(environ, start_response, accept)
        if environ.get("PATH_INFO") != "/sparql" or environ.get("REQUEST_METHOD") != "GET" \
                or environ.get("CONTENT_TYPE"):
            return self.flask_wsgi(environ, start_response)
        try:
            raw = environ.get("QUERY_STRING", "")
            self.graph.refresh()
            current, plans = self.graph.current, self._plans
            if plans.current is not current:  # a new build: plans made for another one are dropped
                plans = self._plans = Plans(current)
            planned = plans.get((raw, accept))
            if planned is None:
                params = parse_params(raw.encode("latin-1"), {})
                queries = params.get("query")
                if not queries or not queries[0].strip() or "update" in params \
                        or ("format" not in params and prefers_html_for(accept)):
                    return self.flask_wsgi(environ, start_response)  # refused, a page, or the service description
                if len(queries) > 1:
                    raise GuardError(400, "give exactly one query parameter")
                planned = plan(self.config, queries[0], params.get("default-graph-uri", []),
                               params.get("named-graph-uri", []), accept=accept,
                               requested=(params.get("format") or [None])[0],
                               version=(params.get("version") or [None])[0], graph=self.graph, current=current)
                if len(raw) <= PLAN_KEY_BYTES and len(accept) <= PLAN_KEY_BYTES \
                        and planned.job.store == str(current[0].path):  # not a pinned earlier build
                    plans.keep((raw, accept), planned)
            reply = run(self.graph, self.config, planned, environ.get("HTTP_IF_NONE_MATCH", ""))
        except KNOWN_ERRORS as error:
            reply = _error_reply(*describe_error(error, float(self.config["QUERY_TIMEOUT"])), accept)
        except Exception:
            log.exception("unexpected error on /sparql")
            reply = _error_reply(500, "internal error; it has been logged", {}, accept)
        return _send(reply, start_response)

    def _too_large(self, environ, start_response, accept: str):
        """413 for a body over the limit, on any path. The body is read and dropped first (up to
        :data:`DRAIN_BYTES`), so that a client still sending it reads the answer instead of a
        broken connection."""
        stream, left = environ["wsgi.input"], min(_declared_length(environ) or DRAIN_BYTES, DRAIN_BYTES)
        while left > 0:
            chunk = stream.read(min(left, 1 << 16))
            if not chunk:
                break
            left -= len(chunk)
        limit = self.config["MAX_QUERY_BYTES"]
        return _send(_error_reply(413, f"the request is larger than this endpoint's limit of {limit} bytes", {},
                                  accept), start_response)


DRAIN_BYTES = 16 << 20
PLAN_KEY_BYTES = 3 * MEMO_BYTES  # percent-encoding makes a query up to three times longer


class Plans:
    """The plans of recent requests (query string, Accept) on one build, ``current`` (a snapshot of
    the served graph's ``current``), the least recently used dropped first. Each set of plans belongs
    to one build, so a plan is never used for another; refusals are never kept."""

    def __init__(self, current: tuple | None, size: int = 256):
        self.current, self._size = current, size
        self._kept: OrderedDict[tuple[str, str], Plan] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple[str, str]) -> Plan | None:
        with self._lock:
            found = self._kept.get(key)
            if found is not None:
                self._kept.move_to_end(key)
            return found

    def keep(self, key: tuple[str, str], planned: Plan) -> None:
        with self._lock:
            self._kept[key] = planned
            if len(self._kept) > self._size:
                self._kept.popitem(last=False)


def _buffer_body(environ, limit: int) -> bool:
    """Read a body sent without Content-Length (chunked) into memory, up to ``limit`` bytes, and
    hand it on with its length, so every later reader sees a plain body. False when it is longer."""
    stream, chunks, size = environ["wsgi.input"], [], 0
    while size <= limit:
        chunk = stream.read(min(1 << 16, limit + 1 - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    if size > limit:
        return False
    environ["wsgi.input"] = io.BytesIO(b"".join(chunks))
    environ["CONTENT_LENGTH"] = str(size)
    environ.pop("HTTP_TRANSFER_ENCODING", None)
    return True


def _declared_length(environ) -> int:
    try:
        return int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def _send(reply: Reply, start_response) -> list[bytes]:
    length = [] if reply.status == 304 else [("Content-Length", str(len(reply.body)))]
    headers = reply.headers + length + CORS_HEADERS
    start_response(_STATUS_LINES.get(reply.status) or f"{reply.status} Error", headers)
    return [reply.body]


CORS_HEADERS = [("Access-Control-Allow-Origin", "*"),
                ("Access-Control-Expose-Headers", "ETag, Content-Type, Link, X-Graph-Version, Server-Timing"),
                ("Timing-Allow-Origin", "*")]
_STATUS_LINES = {status.value: f"{status.value} {status.phrase}" for status in HTTPStatus}


def _error_reply(status: int, message: str, headers: dict, accept: str) -> Reply:
    body, content_type = error_parts(status, message, accept)
    return Reply(status, [*headers.items(), ("Content-Type", content_type), ("Cache-Control", "no-store")], body)


def pinned_store(graph) -> tuple[str, str]:
    """The store answering this request: the build ``?version=`` pins, else the current one."""
    return store_for_version(graph, request.args.get("version") or request.form.get("version"))


def store_for_version(graph, version: str | None, current: tuple | None = None) -> tuple[str, str]:
    """(store path, version) of the build ``version`` names, else of the current one.

    :raises GuardError: 410 for a version no longer served."""
    try:
        return graph.store_for(version, current)
    except LookupError as missing:
        raise GuardError(410, f"version {missing} of the graph is no longer served (the current version is "
                              f"{graph.version}; the last {KEEP_BUILDS} builds are kept)")


def _content_type(media_type: str) -> str:
    textual = media_type.startswith("text/") or media_type.endswith(("+json", "+xml", "/json", "/ld+json", "n-triples",
                                                                     "n-quads", "trig"))
    return f"{media_type}; charset=utf-8" if textual else media_type


def _etag(version: str, fmt: str, query: str, default_graphs: list[str], named_graphs: list[str]) -> str:
    digest = hashlib.sha256()
    for part in (version, fmt, query, *sorted(default_graphs), "\0", *sorted(named_graphs)):
        digest.update(part.encode("utf-8") + b"\0")
    return digest.hexdigest()[:32]


def _describe_service() -> Response:
    graph = current_app.extensions["osce_kg"]
    if prefers_html(request):
        return query_page()
    fmt = choose(request, GRAPH_FORMATS)
    body = service_description(request.base_url, graph, fmt.name)
    return Response(body, content_type=_content_type(fmt.media_type),
                    headers={"Vary": "Accept", "X-Graph-Version": graph.version})


def _preflight() -> Response:
    return Response(status=204, headers={
        "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
        "Access-Control-Allow-Headers": "Content-Type, Accept, If-None-Match",
        "Access-Control-Max-Age": "86400"})
