"""Canned queries as stable URLs, the Datasette way: ``/queries`` lists them, ``/queries/{name}``
is a form and its results, ``/queries/{name}.{json|csv|tsv}`` is the API, ``/openapi.json``
describes every one. Parameters are query-string values bound with substitutions."""

from __future__ import annotations

import json

from flask import Blueprint, Response, abort, current_app, render_template, request, url_for
from rdflib import URIRef

from kg.canned import CannedQuery, ParameterError, canned_queries, existing_entities
from server.errors import error_response
from server.executor import QueryJob
from server.negotiation import RESULT_FORMATS

blueprint = Blueprint("queries", __name__)

API_FORMATS = {f.name: f for f in RESULT_FORMATS if f.name in ("json", "csv", "tsv")}


def _query(name: str) -> CannedQuery:
    query = canned_queries().get(name)
    if query is None:
        abort(404)
    return query


def run_canned(query: CannedQuery, values: dict, fmt: str) -> tuple[int, bytes | str]:
    """Run a canned query with the given parameter values through the executors."""
    graph = current_app.extensions["osce_kg"]
    try:
        bindings = query.bindings(values, existing_entities(graph.store, query, values))
    except ParameterError as error:
        return 400, str(error)
    from server.sparql import pinned_store

    store_path, _version = pinned_store(graph)
    job = QueryJob(store_path, query.text, fmt, max_bytes=int(current_app.config["MAX_RESULT_BYTES"]),
                   substitutions=tuple(bindings.items()))
    reply = graph.executors.run(job, float(current_app.config["QUERY_TIMEOUT"]))
    return (200, reply[1]) if reply[0] == "ok" else (reply[1], reply[2])


def _values(query: CannedQuery) -> dict:
    return {p.name: request.args.get(p.name, "") for p in query.parameters}


@blueprint.route("/queries")
def listing():
    queries = canned_queries().values()
    if request.args.get("format") == "json" or request.accept_mimetypes.best == "application/json":
        return {"queries": [_summary(q) for q in queries]}
    return render_template("queries.html", queries=queries, version=current_app.extensions["osce_kg"].version)


def _summary(query: CannedQuery) -> dict:
    return {"name": query.name, "title": query.title, "description": query.description,
            "parameters": [{"name": p.name, "type": p.type, "default": p.default, "description": p.help}
                           for p in query.parameters],
            "html": url_for("queries.form", name=query.name, _external=True),
            "api": {ext: url_for("queries.api", name=query.name, ext=ext, _external=True) for ext in API_FORMATS}}


@blueprint.route("/queries/<name>.<ext>")
def api(name: str, ext: str):
    query = _query(name)
    if ext not in API_FORMATS:
        abort(404)
    status, body = run_canned(query, _values(query), ext)
    if status != 200:
        return error_response(status, body)
    from server.sparql import pinned_store

    return Response(body, content_type=f"{API_FORMATS[ext].media_type}; charset=utf-8",
                    headers={"X-Graph-Version": pinned_store(current_app.extensions["osce_kg"])[1],
                             "Cache-Control": f"public, max-age={int(current_app.config['CACHE_MAX_AGE'])}"})


@blueprint.route("/queries/<name>")
def form(name: str):
    query = _query(name)
    values = _values(query)
    status, body = run_canned(query, values, "json")
    results = json.loads(body) if status == 200 else None
    pinned = {"version": request.args["version"]} if request.args.get("version") else {}
    downloads = {ext: url_for("queries.api", name=name, ext=ext, **{k: v for k, v in values.items() if v}, **pinned)
                 for ext in API_FORMATS}
    from server.sparql import pinned_store

    page = render_template("canned.html", query=query, values=values, results=results, downloads=downloads,
                           error=None if status == 200 else body, labels=_labels(results),
                           version=pinned_store(current_app.extensions["osce_kg"])[1])
    return page, status


def _labels(results: dict | None) -> dict[str, str]:
    """English labels of the IRIs in a result, so the table shows names linking to pages."""
    from kg.vocab import RDFS

    if not results or "results" not in results:
        return {}
    store = current_app.extensions["osce_kg"].store
    labels = {}
    for row in results["results"]["bindings"][:500]:
        for cell in row.values():
            if cell["type"] == "uri" and cell["value"] not in labels:
                found = [o for *_x, o, _g in store.quads(subject=URIRef(cell["value"]), predicate=RDFS.label)]
                if found:
                    labels[cell["value"]] = str(found[0])
    return labels


@blueprint.route("/openapi.json")
def openapi():
    paths = {}
    for query in canned_queries().values():
        parameters = [{"name": p.name, "in": "query", "required": False, "description": p.help,
                       "schema": {"type": "integer" if p.type == "integer" else "string", "default": p.default}}
                      for p in query.parameters]
        paths[f"/queries/{query.name}.{{format}}"] = {"get": {
            "operationId": query.name.replace("-", "_"), "summary": query.title, "description": query.description,
            "parameters": [{"name": "format", "in": "path", "required": True,
                            "schema": {"type": "string", "enum": list(API_FORMATS)}}] + parameters,
            "responses": {"200": {"description": "the results", "content": {
                f.media_type: {"schema": {"type": "object"} if name == "json" else {"type": "string"}}
                for name, f in API_FORMATS.items()}},
                "400": {"description": "a parameter value does not fit its type"},
                "503": {"description": "the query ran past the time limit"}}}}
    return {"openapi": "3.1.0",
            "info": {"title": "osce-kg canned queries", "version": current_app.extensions["osce_kg"].version,
                     "description": "Ready-made questions over the OSCE knowledge graph; each is also a page at /queries/{name}."},
            "servers": [{"url": request.host_url.rstrip("/")}], "paths": paths}
