"""Dumps of a build in every RDF format, gzipped, with size, statement count and sha256, made at
build time (never per request). File names carry the build version; ``manifest.json`` lists them."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

from kg.export import export
from kg.store import RDF_FORMATS, Store

EXTENSIONS = {"turtle": "ttl", "ntriples": "nt", "nquads": "nq", "trig": "trig", "jsonld": "jsonld", "rdfxml": "rdf"}
MEDIA_TYPES = {"turtle": "text/turtle", "ntriples": "application/n-triples", "nquads": "application/n-quads",
               "trig": "application/trig", "jsonld": "application/ld+json", "rdfxml": "application/rdf+xml"}
MANIFEST = "manifest.json"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def write_dumps(store: Store, folder: Path, version: str) -> list[dict]:
    """Write ``osce-kg-{version}.{ext}.gz`` for every export format into the new folder ``folder``
    and a ``manifest.json`` describing them; returns the manifest entries."""
    folder.mkdir(parents=True)
    quads = len(store)
    triples = int(next(store.rows("SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }"))["n"])
    entries = []
    for rdf_format, extension in EXTENSIONS.items():
        path = folder / f"osce-kg-{version}.{extension}.gz"
        export(store, path, rdf_format)
        keeps_graphs = RDF_FORMATS[rdf_format].supports_datasets
        entries.append({
            "file": path.name, "format": rdf_format, "media_type": MEDIA_TYPES[rdf_format],
            "encoding": "gzip", "bytes": path.stat().st_size, "sha256": _sha256(path),
            "named_graphs": keeps_graphs, "statements": quads if keeps_graphs else triples,
        })
    manifest = {"version": version, "created": dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat(),
                "quads": quads, "triples": triples, "dumps": entries}
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    return entries


def read_manifest(folder: Path) -> dict | None:
    """The manifest of a build's dumps, or None when the build has none."""
    path = folder / MANIFEST
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None
