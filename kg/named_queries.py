"""Named SPARQL queries, kept as ``.rq`` files in ``kg/queries/`` and bound with substitutions."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

QUERY_DIR = Path(__file__).resolve().parent / "queries"


@lru_cache(maxsize=None)
def named_query(name: str) -> str:
    """The text of ``kg/queries/{name}.rq``.

    >>> "GROUP BY" in named_query("graphs")
    True
    """
    return (QUERY_DIR / f"{name}.rq").read_text(encoding="utf-8")
