"""The store: the only owner of pyoxigraph.

A store lives in a directory. Builds write a fresh directory under ``builds/`` and then swap the
``current`` link atomically, so readers see either the old or the new graph, never a half-written
one. Queries see the union of the named graphs as their default graph.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path
from typing import IO, Iterable, Iterator

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from kg.errors import QueryError, StoreError, UnsupportedFormat
from kg.vocab import PREFIXES

RDF_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
}
RESULT_FORMATS = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}
KEEP_BUILDS = 3
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def to_oxigraph(term: Node):
    """The pyoxigraph term for an rdflib term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    raise TypeError(f"not an RDF term: {term!r}")


def to_rdflib(term) -> Node:
    """The rdflib term for a pyoxigraph term."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    raise TypeError(f"not an RDF term: {term!r}")


def serialize_triples(triples: Iterable[tuple[Node, Node, Node]], rdf_format: str) -> bytes:
    """rdflib triples serialized by pyoxigraph in ``rdf_format`` (a name of :data:`RDF_FORMATS`)."""
    return ox.serialize((ox.Triple(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o)) for s, p, o in triples),
                        None, RDF_FORMATS[rdf_format], prefixes=PREFIXES)


class Store:
    """An Oxigraph store on disk.

    :param path: the store directory.
    :param read_only: open without taking the write lock (several processes may read).
    :raises StoreError: when there is no store at ``path`` or it cannot be opened.
    """

    def __init__(self, path: Path | str, *, read_only: bool = True):
        self.path = Path(path)
        if read_only and not (self.path / "CURRENT").exists():
            raise StoreError(f"no store at {self.path} (run 'osce-kg build' first)")
        try:
            self._store = ox.Store.read_only(str(self.path)) if read_only else ox.Store(str(self.path))
        except OSError as exc:
            raise StoreError(f"cannot open the store at {self.path}: {exc}") from exc

    def add(self, quads: Iterable[tuple[Node, Node, Node, Node]]) -> None:
        """Add rdflib quads ``(s, p, o, graph)`` in one bulk write."""
        self._store.bulk_extend(
            ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), to_oxigraph(g)) for s, p, o, g in quads)

    def remove(self, quads: Iterable[tuple[Node, Node, Node, Node]]) -> None:
        """Remove rdflib quads ``(s, p, o, graph)``."""
        for s, p, o, g in list(quads):
            self._store.remove(ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), to_oxigraph(g)))

    def remove_graph(self, graph: Node) -> None:
        """Remove a named graph and all its quads (nothing happens if there is none)."""
        name = to_oxigraph(graph)
        if self._store.contains_named_graph(name):
            self._store.remove_graph(name)

    def backup(self, target: Path) -> "Store":
        """A consistent copy of this store in the new directory ``target``, opened for writing
        (hard links where the file system allows, so it is cheap)."""
        self._store.backup(str(target))
        return Store(target, read_only=False)

    def flush(self) -> None:
        self._store.flush()
        self._store.optimize()

    def query(self, sparql: str, *, substitutions: dict | None = None,
              default_graphs: list[str] | None = None, named_graphs: list[str] | None = None,
              prefixes: Iterable[str] | None = None):
        """Evaluate a SPARQL query with the graph's prefixes predeclared. The default graph is the
        union of the named graphs unless ``default_graphs`` names the graphs to use (the SPARQL
        protocol's default-graph-uri); ``named_graphs`` restricts GRAPH to those (named-graph-uri).
        ``prefixes`` names the predeclared prefixes to declare (default: all of them); a caller that
        knows which ones a query uses spares the engine the rest.
        Returns pyoxigraph's result object (solutions, boolean or triples).

        :raises QueryError: with the engine's message for a malformed query.
        """
        subs = {ox.Variable(k): to_oxigraph(v) for k, v in (substitutions or {}).items()}
        dataset = {}
        if default_graphs:
            dataset["default_graph"] = [ox.NamedNode(g) for g in default_graphs]
        else:
            dataset["use_default_graph_as_union"] = True
        if named_graphs:
            dataset["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
        try:
            declared = PREFIXES if prefixes is None else {p: PREFIXES[p] for p in prefixes if p in PREFIXES}
            return self._store.query(sparql, prefixes=declared or None, substitutions=subs or None, **dataset)
        except SyntaxError as exc:
            raise QueryError(str(exc)) from exc
        except (OSError, RuntimeError) as exc:
            raise QueryError(f"query failed: {exc}") from exc

    def rows(self, sparql: str, *, substitutions: dict | None = None) -> Iterator[dict[str, Node]]:
        """The solutions of a SELECT query as dicts of rdflib terms (unbound variables left out)."""
        solutions = self.query(sparql, substitutions=substitutions)
        names = [v.value for v in solutions.variables]
        for solution in solutions:
            yield {n: to_rdflib(solution[n]) for n in names if solution[n] is not None}

    def write_results(self, sparql: str, output: IO[bytes] | None, result_format: str, **dataset) -> bytes | None:
        """Serialize the results of any query to ``output`` (None: return them as bytes, built in
        the engine without a Python call per chunk): SELECT/ASK in json, xml, csv or tsv;
        CONSTRUCT/DESCRIBE in an RDF format (turtle, ntriples, jsonld, rdfxml, ...).

        :raises UnsupportedFormat: when the format does not fit the kind of query.
        """
        result = self.query(sparql, **dataset)  # dataset: default/named graphs, substitutions
        if isinstance(result, ox.QueryTriples):
            rdf_format = RDF_FORMATS.get({"ttl": "turtle", "nt": "ntriples"}.get(result_format, result_format))
            if rdf_format is None:
                raise UnsupportedFormat(f"format {result_format!r} does not fit a graph result; "
                                        f"use one of {', '.join(RDF_FORMATS)}")
            abbreviates = rdf_format not in (ox.RdfFormat.N_TRIPLES, ox.RdfFormat.N_QUADS)
            return ox.serialize(result, output, rdf_format, prefixes=PREFIXES if abbreviates else None)
        results_format = RESULT_FORMATS.get(result_format)
        if results_format is None:
            raise UnsupportedFormat(f"format {result_format!r} does not fit a SELECT/ASK result; "
                                    f"use one of {', '.join(RESULT_FORMATS)}")
        return result.serialize(output, results_format)

    def serialize_query(self, sparql: str, result_format: str, **dataset) -> bytes:
        """The results of a query serialized by pyoxigraph, as bytes (see :meth:`write_results`)."""
        body = self.write_results(sparql, None, result_format, **dataset)
        assert body is not None  # pyoxigraph returns the bytes when given no output
        return body

    def dump(self, output: IO[bytes], rdf_format: str) -> None:
        """Stream the whole graph to ``output``: dataset formats (nquads, trig, jsonld) keep the named graphs;
        triple formats get the union of the named graphs."""
        fmt = RDF_FORMATS[rdf_format]
        if fmt.supports_datasets:
            self._store.dump(output, fmt, prefixes=PREFIXES)
        else:
            triples = self._store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", use_default_graph_as_union=True)
            ox.serialize(triples, output, fmt, prefixes=PREFIXES)

    def quads(self, subject=None, predicate=None, obj=None, graph=None) -> Iterator[tuple]:
        """Quads matching a pattern, as rdflib terms."""
        pattern = [None if t is None else to_oxigraph(t) for t in (subject, predicate, obj, graph)]
        for q in self._store.quads_for_pattern(*pattern):
            yield to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object), to_rdflib(q.graph_name)

    def named_graphs(self) -> list[str]:
        return sorted(g.value for g in self._store.named_graphs() if isinstance(g, ox.NamedNode))

    def __len__(self) -> int:
        return len(self._store)


class StoreHome:
    """The directory that holds the builds and the ``current`` link to the one being served.

    >>> home = StoreHome(Path("var"))
    >>> home.current.name
    'current'
    """

    def __init__(self, root: Path | str):
        self.root = Path(root)
        self.current = self.root / "current"
        self.builds = self.root / "builds"

    def new_build_dir(self, version: str) -> Path:
        """A fresh, empty directory for a build of ``version``."""
        self.builds.mkdir(parents=True, exist_ok=True)
        path = self.builds / f"{time.strftime('%Y%m%dT%H%M%S')}-{version}-{os.getpid()}"
        path.mkdir()
        return path

    def publish(self, build_dir: Path) -> None:
        """Point ``current`` at ``build_dir`` atomically, then drop builds older than the last few."""
        link = self.root / f".current-{os.getpid()}"
        if link.is_symlink() or link.exists():
            link.unlink()
        link.symlink_to(build_dir.relative_to(self.root))
        os.replace(link, self.current)
        self._prune(keep=build_dir)

    def discard(self, build_dir: Path) -> None:
        """Remove a build that failed; the served one is untouched."""
        shutil.rmtree(build_dir, ignore_errors=True)

    def current_build(self) -> Path:
        """The directory of the build being served."""
        if not self.current.exists():
            raise StoreError(f"no build at {self.current} (run 'osce-kg build' first)")
        return self.current.resolve()

    def _prune(self, keep: Path) -> None:
        builds = sorted(p for p in self.builds.iterdir() if p.is_dir())
        for old in builds[:-KEEP_BUILDS]:
            if old.resolve() != keep.resolve():
                shutil.rmtree(old, ignore_errors=True)
