"""Search speed at 100,000 press releases: the FTS5 index a build makes (kg.search) against the
naive alternative, a LIKE scan over the same texts, measured in the same run.

    python -m bench.search [--count 100000] [--repeat 5]

The releases are synthetic pages (bench/corpus.py) run through the real page parser; the index is
built by the same function a build uses, from a store with the curated graph and the releases.
"""

from __future__ import annotations

import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

from bench import report
from bench.corpus import generate
from kg.pages import PageError, parse_text
from kg.search import SCHEMA, match_expression, search

QUERIES = ("Bishkek", "border management", "Mijatović", "trafficking human beings", "Programme Office in Astana",
           "media freedom", "Ministerial Council Basel", "Azubalis", "ceasefire", "Kazakh")


def _index(path: Path, count: int) -> int:
    """An index shaped like the build's, filled with ``count`` parsed synthetic releases."""
    connection = sqlite3.connect(path)
    connection.executescript(SCHEMA)
    rows = []
    for name, text in generate(count):
        try:
            page = parse_text(text, name)
        except PageError:
            continue
        rows.append((page.title, page.body, f"https://w3id.org/osce-kg/id/press-release/{name}", "press-release",
                     page.title, page.date.isoformat()))
    connection.executemany("INSERT INTO documents VALUES (?, ?, ?, ?, ?, ?)", rows)
    connection.execute("INSERT INTO documents(documents) VALUES ('optimize')")
    connection.commit()
    connection.close()
    return len(rows)


def _like(path: Path, text: str) -> int:
    connection = sqlite3.connect(path)
    words = text.lower().split()
    where = " AND ".join("(lower(labels) LIKE ? OR lower(body) LIKE ?)" for _ in words)
    params = [p for w in words for p in (f"%{w}%", f"%{w}%")]
    found = connection.execute(f"SELECT count(*) FROM documents WHERE {where}", params).fetchone()[0]
    connection.close()
    return found


def _median_ms(function, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def run(count: int, repeat: int) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "search.sqlite"
        started = time.perf_counter()
        indexed = _index(path, count)
        build_s = time.perf_counter() - started
        rows = []
        for text in QUERIES:
            total, _hits = search(path, text)
            fts = _median_ms(lambda: search(path, text), repeat)
            like = _median_ms(lambda: _like(path, text), max(1, repeat // 2))
            rows.append({"query": text, "matches": total, "fts_ms": round(fts, 2), "like_scan_ms": round(like, 1),
                         "speedup": round(like / fts, 1)})
        size_mb = path.stat().st_size / 1e6
    return {"releases": indexed, "index_build_s": round(build_s, 1), "index_mb": round(size_mb, 1),
            "median_fts_ms": statistics.median(r["fts_ms"] for r in rows), "queries": rows,
            "expression_example": match_expression(QUERIES[1])}


def show(result: dict) -> None:
    print(f"{result['releases']} releases indexed in {result['index_build_s']} s ({result['index_mb']} MB)")
    print(f"{'query':30} {'matches':>8} {'FTS5 ms':>8} {'LIKE ms':>8} {'speed-up':>8}")
    for row in result["queries"]:
        print(f"{row['query']:30} {row['matches']:>8} {row['fts_ms']:>8} {row['like_scan_ms']:>8} {row['speedup']:>8}")


if __name__ == "__main__":
    report.main("search", __doc__.splitlines()[0], run, show, 100_000, 5)
