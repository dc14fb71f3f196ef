"""The build: sources in, a validated store out, all or nothing.

1. read every YAML source (problems are collected, not raised);
2. index the keys of every kind, so references can be checked;
3. run each kind's loader into its own named graph, with prov: metadata;
4. validate the graph (SHACL shapes, declared vocabulary);
5. write a fresh store directory and swap it in atomically.

Any problem in steps 1-4 raises before the store home is touched; a failure in step 5 discards
the fresh directory. The served store and its files stay exactly as they were.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

from rdflib import Literal, URIRef

import kg
from kg import iri
from kg.errors import Problem, SourceError
from kg.gazetteer import Gazetteer
from kg.loaders import (
    chairpersonships, countries, field_operations, institutions, meeting_series, meetings,
    organization, partner_groups, people, places, regions, roles, tenures, territories, topics, units,
)
from kg.loaders.mapping import Context, Quad
from kg.releases import compile_pages, iter_pages, page_files, skipped_problems
from kg.settings import Settings
from kg.sources import SourceFile, read_source
from kg.store import Store, StoreHome
from kg.vocab import DCTERMS, OSCE, PROV, RDF, RDFS, XSD

# (file stem, loader): the order in which graphs are built; every file must be present.
SOURCES: tuple[tuple[str, ModuleType], ...] = (
    ("countries", countries), ("territories", territories), ("partner-groups", partner_groups),
    ("regions", regions), ("topics", topics), ("roles", roles), ("places", places),
    ("organization", organization), ("units", units), ("institutions", institutions),
    ("field-operations", field_operations), ("meeting-series", meeting_series), ("meetings", meetings),
    ("people", people), ("tenures", tenures), ("chairpersonships", chairpersonships),
)
PROVENANCE_GRAPH = "build"
ONTOLOGY_GRAPH = "ontology"


@dataclass
class Compiled:
    """The whole graph as quads, before it is stored, with what is needed to report on it."""

    quads: list[Quad]
    version: str
    sources: list[SourceFile]
    origins: dict[URIRef, tuple[str, int]] = field(default_factory=dict)
    skipped: list[Problem] = field(default_factory=list)


@dataclass(frozen=True)
class BuildResult:
    version: str
    path: Path
    quads: int
    graphs: int
    skipped: tuple[Problem, ...] = ()


def read_sources(settings: Settings) -> tuple[list[SourceFile], list[Problem]]:
    """Every YAML source in ``settings.data_dir``; a missing or unexpected file is a problem."""
    problems: list[Problem] = []
    expected = {stem for stem, _ in SOURCES}
    for path in sorted(settings.data_dir.glob("*.y*ml")):
        if path.stem not in expected:
            problems.append(Problem(_label(path, settings), None,
                                    f"not a known source file (expected one of: {', '.join(sorted(expected))})"))
    sources = []
    for stem, _loader in SOURCES:
        path = settings.data_dir / f"{stem}.yaml"
        if not path.exists():
            problems.append(Problem(_label(path, settings), None, "source file is missing"))
            continue
        source = read_source(path, _label(path, settings))
        sources.append(source)
        problems += source.problems
    return sources, problems


def index_keys(sources: list[SourceFile]) -> tuple[dict[str, set[str] | None], dict[URIRef, str], list[Problem]]:
    """The keys of every kind and the English name of every entity; bad and duplicate keys are problems."""
    loaders = dict(SOURCES)
    keys: dict[str, set[str]] = {}
    names: dict[URIRef, str] = {}
    problems: list[Problem] = []
    for source in sources:
        kind = loaders[source.stem].KIND
        seen: dict[str, int] = {}
        for record in source.records:
            key = record.get("key")
            key = str(key) if isinstance(key, (str, int)) and not isinstance(key, bool) else None
            if key is None or not iri.is_key(key):
                problems.append(Problem(source.label, record.line_of("key"),
                                        f"bad or missing key {record.get('key')!r} (lower-case words joined by '-')"))
                continue
            if key in seen:
                problems.append(Problem(source.label, record.line_of("key"),
                                        f"duplicate key {key!r} (first used on line {seen[key]})"))
                continue
            seen[key] = record.line_of("key")
            if isinstance(record.get("name"), str):
                names[iri.entity(kind, key)] = record["name"].strip()
        # an unreadable file's keys are unknown, not absent: references to them are not reported
        keys[kind] = set(seen) if source.readable else None
    return keys, names, problems


def compile_curated(settings: Settings) -> tuple[list[Quad], list[SourceFile], dict]:
    """The quads of the curated YAML sources, their files, and where each entity came from;
    :class:`SourceError` with every problem found."""
    sources, problems = read_sources(settings)
    keys, names, key_problems = index_keys(sources)
    problems += key_problems
    loaders = dict(SOURCES)
    quads: list[Quad] = []
    origins: dict[URIRef, tuple[str, int]] = {}
    for source in sources:
        ctx = Context(keys=keys, names=names, graph=iri.graph(source.stem), path=source.label)
        quads += loaders[source.stem].quads(source.records, ctx)
        problems += ctx.problems
        origins.update(ctx.origins)
    if problems:
        raise SourceError(problems)
    return quads, sources, origins


def compile_graph(settings: Settings, *, strict: bool = False) -> Compiled:
    """All quads of the curated sources and the pages, or :class:`SourceError` with every problem
    found. A page that is not a recognisable release is skipped and reported in ``skipped``;
    with ``strict`` it is a problem like any other."""
    quads, sources, origins = compile_curated(settings)
    gazetteer = Gazetteer.from_triples(q[:3] for q in quads)
    files = page_files(settings.pages_dir)
    pages = compile_pages(files, gazetteer, {p: _label(p, settings) for p in files})
    skipped = skipped_problems(pages)
    if strict and skipped:
        raise SourceError(skipped)
    quads += pages.quads
    sources += pages.sources
    version = content_version(settings, sources)
    quads += provenance(sources, version)
    quads += ontology_quads(settings)
    return Compiled(quads=quads, version=version, sources=sources, origins=origins, skipped=skipped)


def content_version(settings: Settings, sources: list[SourceFile]) -> str:
    """A short hash of everything that goes into the graph: sources, ontology and code version."""
    digest = hashlib.sha256(kg.__version__.encode())
    for source in sorted(sources, key=lambda s: s.label):
        digest.update(f"{source.label}\0{source.sha256}\n".encode())
    for path in (settings.ontology_file, settings.shapes_file):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def provenance(sources: list[SourceFile], version: str) -> list[Quad]:
    """The build activity and, per named graph, where it came from (prov:)."""
    graph = iri.graph(PROVENANCE_GRAPH)
    activity = iri.build(version)
    now = Literal(dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat(), datatype=XSD.dateTime)
    quads = [
        (activity, RDF.type, OSCE.Build, graph),
        (activity, RDF.type, PROV.Activity, graph),
        (activity, RDFS.label, Literal(f"osce-kg build {version}", lang="en"), graph),
        (activity, OSCE.buildVersion, Literal(version), graph),
        (activity, PROV.startedAtTime, now, graph),
        (iri.dataset(), DCTERMS.hasVersion, Literal(version), graph),
        (iri.dataset(), DCTERMS.modified, now, graph),
    ]
    for source in sources:
        node = iri.graph(source.graph)
        quads += [
            (node, RDF.type, OSCE.SourceGraph, graph),
            (node, RDF.type, PROV.Entity, graph),
            (node, RDFS.label, Literal(f"Graph from {source.label}", lang="en"), graph),
            (node, OSCE.sourcePath, Literal(source.label), graph),
            (node, OSCE.sha256, Literal(source.sha256), graph),
            (node, PROV.wasGeneratedBy, activity, graph),
            (node, PROV.generatedAtTime, now, graph),
            (activity, PROV.used, node, graph),
        ]
    return quads


def ontology_quads(settings: Settings) -> list[Quad]:
    """The vocabulary itself, in its own named graph, so queries and pages can use its labels."""
    from rdflib import Graph

    graph = iri.graph(ONTOLOGY_GRAPH)
    ontology = Graph().parse(settings.ontology_file, format="turtle")
    return [(s, p, o, graph) for s, p, o in ontology]


def build(settings: Settings, *, validate_shapes: bool = True, strict: bool = False) -> BuildResult:
    """Compile, validate, store and publish; the served store changes only on success.

    With SHACL validation the whole graph is compiled in memory first (the validator needs it);
    without, the pages stream into the store one at a time, so a large corpus fits in memory."""
    from kg.validate import check_graph

    if validate_shapes:
        compiled = compile_graph(settings, strict=strict)
        check_graph(compiled, settings)

        def fill(store: Store) -> tuple[str, list[Problem]]:
            store.add(compiled.quads)
            return compiled.version, compiled.skipped
    else:
        def fill(store: Store) -> tuple[str, list[Problem]]:
            return _stream_into(store, settings, strict)
    return _publish(settings, fill)


def _stream_into(store: Store, settings: Settings, strict: bool) -> tuple[str, list[Problem]]:
    """Curated quads, then each page's quads as it is linked, then provenance and the ontology."""
    quads, sources, _origins = compile_curated(settings)
    gazetteer = Gazetteer.from_triples(q[:3] for q in quads)
    files = page_files(settings.pages_dir)
    errors, page_sources = [], []

    def stream():
        yield from quads
        for source, page_quads in iter_pages(files, gazetteer, {p: _label(p, settings) for p in files}, errors):
            page_sources.append(source)
            yield from page_quads

    store.add(stream())
    skipped = [Problem(e.label, None, e.reason) for e in errors]
    if strict and skipped:
        raise SourceError(skipped)
    version = content_version(settings, sources + page_sources)
    store.add(provenance(sources + page_sources, version) + ontology_quads(settings))
    return version, skipped


def _publish(settings: Settings, fill) -> BuildResult:
    """A fresh store filled by ``fill(store) -> (version, skipped)``, with its artifacts, swapped in."""
    home = StoreHome(settings.home)
    settings.home.mkdir(parents=True, exist_ok=True)
    with _lock(settings.home):
        build_dir = home.new_build_dir("building")
        try:
            store = Store(build_dir / "store", read_only=False)
            version, skipped = fill(store)
            store.flush()
            count, graphs = len(store), len(store.named_graphs())
            write_artifacts(store, build_dir, version)
            del store
            named = build_dir.with_name(build_dir.name.replace("-building-", f"-{version}-"))
            build_dir.rename(named)
            build_dir = named
            home.publish(build_dir)
        except BaseException:
            home.discard(build_dir)
            raise
    return BuildResult(version=version, path=build_dir, quads=count, graphs=graphs, skipped=tuple(skipped))


def write_artifacts(store: Store, build_dir: Path, version: str) -> None:
    """What a build serves besides the store, made before the build is published: the dumps in
    every RDF format and the full-text search index."""
    from kg.dumps import write_dumps
    from kg.search import build_index

    write_dumps(store, build_dir / "dumps", version)
    build_index(store, build_dir / "search.sqlite")


def _label(path: Path, settings: Settings) -> str:
    try:
        return str(path.relative_to(settings.data_dir.parent))
    except ValueError:
        return str(path)


@contextmanager
def _lock(home: Path):
    """One build at a time per store home."""
    with open(home / ".build.lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
