"""What the endpoint's Python adds to a query: one GET /sparql request through the whole WSGI
application (fast path, kept plan, runner, engine, serializer, headers) against the engine and
serializer alone on the same store, in the same process, interleaved.

    python -m bench.request_cost --home HOME [--queries central-asia,describe,two-hop] [--count 2000] [--repeat 5]

The application runs with the result cache off, as `osce-kg serve` would with
``OSCE_KG_CACHE_BYTES=0``, so every request is evaluated; a query seen once runs in the process (it
is known to be cheap), as in a web worker. Like `osce-kg serve`, the run preloads jemalloc when
it is installed (``--allocator system`` keeps the C library's malloc). No HTTP server or socket is
involved: this is the cost inside a worker, per request. Each of ``--repeat`` rounds times
``--count`` requests of each kind, the two kinds taking turns in blocks of 50; the medians of
the rounds are reported, with the allocator.
"""

from __future__ import annotations

import argparse
import io
import json
import statistics
import sys
import time
import urllib.parse
from pathlib import Path

from bench.endpoint import GRAPH_ACCEPT, OUT, QUERIES, accept_for

BLOCK = 50


def environ_for(query_string: str, accept: str) -> dict:
    return {"REQUEST_METHOD": "GET", "PATH_INFO": "/sparql", "QUERY_STRING": query_string, "SCRIPT_NAME": "",
            "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "8000", "SERVER_PROTOCOL": "HTTP/1.1",
            "HTTP_HOST": "127.0.0.1:8000", "HTTP_ACCEPT": accept, "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(b""), "wsgi.errors": sys.stderr, "wsgi.version": (1, 0),
            "wsgi.multithread": True, "wsgi.multiprocess": True, "wsgi.run_once": False}


def measure(app, store, query: str, count: int, repeat: int) -> dict:
    accept = accept_for(query)
    fmt = "ntriples" if accept == GRAPH_ACCEPT else "json"
    query_string = urllib.parse.urlencode({"query": query})
    statuses: list[str] = []

    def through_app() -> bytes:
        body = b"".join(app(environ_for(query_string, accept), lambda status, headers, exc=None: statuses.append(status)))
        if not statuses[-1].startswith("200"):
            raise RuntimeError(f"the endpoint answered {statuses[-1]}: {body[:300]!r}")
        return body

    def engine_alone() -> bytes:
        return store.serialize_query(query, fmt)

    if through_app() != engine_alone():
        raise RuntimeError("the endpoint and the engine gave different bodies")
    for _ in range(50):  # warm up: the plan is kept and the query is known to be cheap from here on
        through_app()
        engine_alone()
    rounds = []
    for _ in range(repeat):  # the two kinds take turns in blocks, so drift on a shared machine hits both
        spent = {"app": 0.0, "engine": 0.0}
        for block in range(0, count, BLOCK):
            for name, call in (("app", through_app), ("engine", engine_alone)):
                started = time.perf_counter()
                for _ in range(min(BLOCK, count - block)):
                    call()
                spent[name] += time.perf_counter() - started
        rounds.append({name: seconds / count * 1e6 for name, seconds in spent.items()})
    app_us = statistics.median(r["app"] for r in rounds)
    engine_us = statistics.median(r["engine"] for r in rounds)
    return {"request_us": round(app_us, 1), "engine_us": round(engine_us, 1),
            "python_us": round(statistics.median(r["app"] - r["engine"] for r in rounds), 1),
            "rounds": [{k: round(v, 1) for k, v in r.items()} for r in rounds]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.request_cost", description=__doc__.split("\n")[0])
    parser.add_argument("--home", type=Path, required=True, help="a built store home (osce-kg build)")
    parser.add_argument("--queries", default="central-asia,describe,two-hop",
                        help="comma-separated names of bench/queries/*.rq (default: the point queries)")
    parser.add_argument("--count", type=int, default=2000, help="requests of each kind per round (default 2000)")
    parser.add_argument("--repeat", type=int, default=5, help="rounds (default 5)")
    parser.add_argument("--allocator", default="auto", help="auto (jemalloc if installed) or system (default auto)")
    args = parser.parse_args(argv)
    names = [name.strip() for name in args.queries.split(",") if name.strip()]
    missing = [name for name in names if not (QUERIES / f"{name}.rq").exists()]
    if missing:
        parser.error(f"--queries: no bench/queries/{missing[0]}.rq")
    if not (args.home / "current" / "store").is_dir():
        parser.error(f"--home {args.home}: no built store there (expected {args.home / 'current' / 'store'})")
    if args.count < 1 or args.repeat < 1:
        parser.error("--count and --repeat must be at least 1")

    from server import create_app
    from server.allocator import restart_with

    allocator = restart_with(args.allocator, from_command_line=argv is None)
    app = create_app({"HOME": str(args.home), "CACHE_BYTES": 0, "EXECUTORS": 1})
    try:
        graph = app.extensions["osce_kg"]
        graph.refresh()
        result = {"allocator": allocator, "count": args.count, "repeat": args.repeat,
                  "queries": {name: measure(app, graph.store, (QUERIES / f"{name}.rq").read_text(encoding="utf-8"),
                                            args.count, args.repeat) for name in names}}
    finally:
        app.extensions["osce_kg"].executors.close()
    OUT.mkdir(exist_ok=True)
    (OUT / "request_cost.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"malloc: {allocator}; medians of {args.repeat} rounds of {args.count} requests")
    print("| query | whole request µs | engine + serializer µs | Python around it µs |")
    print("|---|---|---|---|")
    for name, found in result["queries"].items():
        print(f"| {name} | {found['request_us']} | {found['engine_us']} | {found['python_us']} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
