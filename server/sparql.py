"""The SPARQL 1.1 Protocol endpoint at ``/sparql``: GET, POST form and POST direct; results in
every standard format chosen by Accept or ``format=``; read-only; SERVICE refused; each query
run in an executor process under a time limit; ETags tied to the build version; a result cache."""

from __future__ import annotations

import hashlib
from urllib.parse import parse_qsl

from flask import Blueprint, Response, current_app, render_template, request

from kg.store import KEEP_BUILDS
from server.errors import error_response
from server.executor import QueryJob
from server.negotiation import GRAPH_FORMATS, RESULT_FORMATS, choose, prefers_html
from server.query_guard import GuardError, cap_rows, inspect
from server.service_description import service_description

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
        try:
            pairs = parse_qsl(raw.decode("ascii"), keep_blank_values=True, encoding="utf-8", errors="strict")
        except UnicodeDecodeError as exc:
            raise GuardError(400, f"the request parameters are not valid UTF-8 ({exc.reason} at byte {exc.start})")
        for key, value in pairs:
            params.setdefault(key, []).append(value)
    if request.method == "POST" and content_type == DIRECT_QUERY:
        try:
            params.setdefault("query", []).append(request.get_data(cache=True).decode("utf-8"))
        except UnicodeDecodeError as exc:
            raise GuardError(400, f"the query is not valid UTF-8 ({exc.reason} at byte {exc.start})")
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
    return _answer(queries[0], params.get("default-graph-uri", []), params.get("named-graph-uri", []))


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


def _answer(query: str, default_graphs: list[str], named_graphs: list[str]) -> Response:
    config = current_app.config
    graph = current_app.extensions["osce_kg"]
    if len(query.encode("utf-8")) > config["MAX_QUERY_BYTES"]:
        raise GuardError(413, f"the query is longer than this endpoint's limit of {config['MAX_QUERY_BYTES']} bytes")
    inspection = inspect(query, max_depth=int(config["MAX_NESTING"]),
                         service_allowlist=frozenset(config["SERVICE_ALLOWLIST"]))
    fmt = choose(request, GRAPH_FORMATS if inspection.is_graph else RESULT_FORMATS)
    query = cap_rows(query, inspection, int(config["MAX_ROWS"]))
    if graph.store is None:
        return error_response(503, "no graph has been built yet (run 'osce-kg build')")
    store_path, version = pinned_store(graph)
    etag = _etag(version, fmt.name, query, default_graphs, named_graphs)
    headers = {"ETag": f'"{etag}"', "Vary": "Accept", "X-Graph-Version": version,
               "Cache-Control": f"public, max-age={int(config['CACHE_MAX_AGE'])}"}
    if request.if_none_match.contains(etag):
        return Response(status=304, headers=headers)
    cached = graph.cache.get(etag)
    if cached is None:
        job = QueryJob(store_path, query, fmt.name, tuple(default_graphs), tuple(named_graphs),
                       int(config["MAX_RESULT_BYTES"]))
        reply = graph.executors.run(job, float(config["QUERY_TIMEOUT"]))
        if reply[0] != "ok":
            return error_response(reply[1], reply[2])
        cached = (fmt.media_type, reply[1])
        graph.cache.put(etag, *cached)
    return Response(cached[1], headers=headers, content_type=_content_type(cached[0]))


def pinned_store(graph) -> tuple[str, str]:
    """The store answering this request: the build ``?version=`` pins, else the current one."""
    try:
        return graph.store_for(request.args.get("version") or request.form.get("version"))
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
