"""Export of the whole graph to a file, streamed by pyoxigraph's serializers, gzipped when the
file name ends in ``.gz``. The file appears complete or not at all (written aside, then renamed)."""

from __future__ import annotations

import gzip
import os
from pathlib import Path

from kg.errors import UnsupportedFormat
from kg.store import RDF_FORMATS, Store

EXTENSIONS = {
    ".ttl": "turtle", ".nt": "ntriples", ".nq": "nquads", ".trig": "trig",
    ".jsonld": "jsonld", ".json": "jsonld", ".rdf": "rdfxml", ".xml": "rdfxml", ".owl": "rdfxml",
}


def format_for(path: Path, requested: str | None) -> str:
    """The export format: the one requested, or the one the file extension implies.

    >>> format_for(Path("osce.ttl.gz"), None)
    'turtle'
    """
    if requested:
        if requested not in RDF_FORMATS:
            raise UnsupportedFormat(f"unknown format {requested!r}; choose one of {', '.join(RDF_FORMATS)}")
        return requested
    suffixes = path.suffixes[:-1] if path.suffix == ".gz" else path.suffixes
    fmt = EXTENSIONS.get(suffixes[-1] if suffixes else "")
    if fmt is None:
        raise UnsupportedFormat(f"cannot tell the format from {path.name!r}; give --format")
    return fmt


def export(store: Store, path: Path, rdf_format: str) -> int:
    """Write the graph to ``path`` in ``rdf_format``; returns the size written in bytes."""
    path = Path(path)
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    try:
        if path.suffix == ".gz":
            with gzip.open(partial, "wb", compresslevel=6) as output:
                store.dump(output, rdf_format)
        else:
            with open(partial, "wb") as output:
                store.dump(output, rdf_format)
        os.replace(partial, path)
    finally:
        if partial.exists():
            partial.unlink()
    return path.stat().st_size
