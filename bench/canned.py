"""Canned queries on a large corpus: each of them timed with its default parameters on a store of
the curated graph plus 100,000 synthetic releases, and the two query shapes their texts rely on
measured side by side (same rows, different plans):

- a State's neighbourhood with the releases' titles and dates inside OPTIONAL vs as required patterns;
- counting before joining labels vs counting after.

    python -m bench.canned [--count 100000] [--repeat 5]

The releases stream from the real parser and linker into the store (no whole corpus in memory).
"""

from __future__ import annotations

import json
import statistics
import tempfile
import time
from itertools import chain
from pathlib import Path

from bench import report
from bench.corpus import write_corpus
from kg.build import compile_curated, ontology_quads, provenance
from kg.canned import canned_queries, existing_entities
from kg.gazetteer import Gazetteer
from kg.releases import iter_pages
from kg.settings import Settings
from kg.store import Store

SHAPES = {
    "neighbourhood: titles and dates required": """SELECT ?release ?title ?date WHERE {
        ?release schema:mentions id:country\\/ukr ; schema:headline ?title ; schema:datePublished ?date }""",
    "neighbourhood: titles and dates in OPTIONAL": """SELECT ?release ?title ?date WHERE {
        ?release schema:mentions id:country\\/ukr OPTIONAL { ?release schema:headline ?title }
        OPTIONAL { ?release schema:datePublished ?date } }""",
    "count after joining labels": """SELECT ?state ?label (COUNT(?r) AS ?n) WHERE {
        ?r schema:mentions ?state . ?state a osce:ParticipatingState ; rdfs:label ?label } GROUP BY ?state ?label""",
    "count before joining labels": """SELECT ?state ?label ?n WHERE {
        { SELECT ?state (COUNT(?r) AS ?n) WHERE { ?r schema:mentions ?state } GROUP BY ?state }
        ?state a osce:ParticipatingState ; rdfs:label ?label }""",
}


def load(store: Store, count: int, folder: Path) -> dict:
    """Fill ``store`` with the curated graph and ``count`` synthetic releases; returns timings."""
    settings = Settings.from_env()
    started = time.perf_counter()
    write_corpus(folder, count)
    quads, sources, _origins = compile_curated(settings)
    gazetteer = Gazetteer.from_triples(q[:3] for q in quads)
    skipped, page_sources = [], []

    def pages():
        for source, page_quads in iter_pages(sorted(folder.glob("*.txt")), gazetteer, None, skipped):
            page_sources.append(source)
            yield from page_quads

    store.add(chain(quads, pages()))
    store.add(provenance(sources + page_sources, "bench") + ontology_quads(settings))
    store.flush()
    return {"releases": len(page_sources), "skipped": len(skipped), "quads": len(store),
            "load_s": round(time.perf_counter() - started, 1)}


def median_ms(store: Store, text: str, repeat: int, substitutions: dict | None = None) -> tuple[float, int]:
    times, rows = [], 0
    for _ in range(repeat):
        start = time.perf_counter()
        body = store.serialize_query(text, "json", substitutions=substitutions)
        times.append((time.perf_counter() - start) * 1000)
        rows = len(json.loads(body).get("results", {}).get("bindings", []))
    return round(statistics.median(times), 1), rows


def run(count: int, repeat: int) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        store = Store(Path(folder) / "store", read_only=False)
        loaded = load(store, count, Path(folder) / "pages")
        canned = {}
        for name, query in canned_queries().items():
            bindings = query.bindings({}, existing_entities(store, query, {}))
            canned[name] = dict(zip(("median_ms", "rows"), median_ms(store, query.text, repeat, bindings)))
        shapes = {name: dict(zip(("median_ms", "rows"), median_ms(store, text, repeat))) for name, text in SHAPES.items()}
    return {**loaded, "repeat": repeat, "canned": canned, "shapes": shapes}


def show(result: dict) -> None:
    print(f"{result['releases']} releases, {result['quads']} quads, loaded in {result['load_s']} s")
    print(f"{'canned query':40} {'median ms':>10} {'rows':>8}")
    for name, row in result["canned"].items():
        print(f"{name:40} {row['median_ms']:>10} {row['rows']:>8}")
    print(f"{'query shape':48} {'median ms':>10} {'rows':>8}")
    for name, row in result["shapes"].items():
        print(f"{name:48} {row['median_ms']:>10} {row['rows']:>8}")


if __name__ == "__main__":
    report.main("canned", __doc__.splitlines()[0], run, show, 100_000, 5)
