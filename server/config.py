"""The server's settings: every key, its default and what it does. ``create_app`` takes a mapping
that overrides any of them; ``osce-kg serve`` reads them from ``OSCE_KG_<KEY>`` environment
variables too. The README lists the same table, and a test checks that it does."""

from __future__ import annotations

import json
import os

DEFAULTS: dict[str, object] = {
    "HOME": None,                 # store home (builds and the ``current`` link); default kg.settings
    "QUERY_TIMEOUT": 30.0,        # seconds a query may run before it is stopped (503)
    "MAX_QUERY_BYTES": 100_000,   # longest query or request body accepted (413 beyond)
    "MAX_RESULT_BYTES": 64 << 20, # largest serialized result sent (413 beyond)
    "MAX_ROWS": 0,                # cap on SELECT rows, applied as a LIMIT (0: no cap)
    "MAX_NESTING": 256,           # deepest nesting of braces/brackets/parentheses accepted (400 beyond)
    "CACHE_BYTES": 64 << 20,      # size of the in-memory result cache per worker (0: off)
    "CACHE_MAX_AGE": 300,         # Cache-Control max-age of query results, in seconds
    "SERVICE_ALLOWLIST": [],      # SPARQL endpoints SERVICE may call; empty: SERVICE refused
    "EXECUTORS": 2,               # query executor processes per web worker
    "INLINE_BELOW": 0.025,        # a query an executor answered within this many seconds runs in the
                                  # web worker next time (0: every query in an executor)
    "ALLOCATOR": "auto",          # malloc of `osce-kg serve`'s processes: auto (jemalloc if installed),
                                  # system, or the path of a library to preload (server/allocator.py)
}


def from_env(environ=os.environ) -> dict[str, object]:
    """Settings given as ``OSCE_KG_<KEY>`` environment variables (JSON values, or plain strings)."""
    found = {}
    for key in DEFAULTS:
        raw = environ.get(f"OSCE_KG_{key}")
        if raw is None:
            continue
        try:
            found[key] = json.loads(raw)
        except json.JSONDecodeError:
            found[key] = raw
    return found
