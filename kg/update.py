"""Adding or replacing press releases in the built store without rebuilding the rest.

The served store is copied (a RocksDB checkpoint: hard links, cheap), the pages' named graphs are
replaced in the copy, the new graphs are validated against the shapes, and the copy is swapped in.
The page files are copied into ``data/pages/`` so the next full build keeps them. Adding a page
whose graph is already there with the same checksum changes nothing.
"""

from __future__ import annotations

import hashlib
import shutil
from dataclasses import dataclass
from pathlib import Path


from kg import iri
from kg.build import PROVENANCE_GRAPH, _label, _lock, provenance, write_artifacts
from kg.errors import Problem, SourceError
from kg.releases import compile_pages, gazetteer_of_store, skipped_problems
from kg.settings import Settings
from kg.store import Store, StoreHome
from kg.vocab import DCTERMS, OSCE, PROV


@dataclass(frozen=True)
class UpdateResult:
    version: str
    added: tuple[str, ...]
    unchanged: tuple[str, ...]
    skipped: tuple[Problem, ...]
    removed: tuple[str, ...] = ()


def _current_checksums(store: Store) -> dict[str, str]:
    graph = iri.graph(PROVENANCE_GRAPH)
    return {str(s): str(o) for s, _p, o, _g in store.quads(predicate=OSCE.sha256, graph=graph)}


def _version(store: Store) -> str:
    rows = list(store.quads(subject=iri.dataset(), predicate=DCTERMS.hasVersion, graph=iri.graph(PROVENANCE_GRAPH)))
    return str(rows[0][2]) if rows else ""


def add_pages(settings: Settings, files: list[Path], *, strict: bool = False) -> UpdateResult:
    """Add or replace the releases of ``files`` in the served store.

    :raises SourceError: when ``strict`` and a page is not a recognisable release.
    :raises ValidationError: when the new graphs do not conform to the shapes.
    """
    from kg.validate import check_pages

    home = StoreHome(settings.home)
    with _lock(settings.home):
        served = Store(home.current_build() / "store")
        gazetteer = gazetteer_of_store(served)
        labels = {path: _label(settings.pages_dir / path.name, settings) for path in files}
        batch = compile_pages(files, gazetteer, labels)
        skipped = skipped_problems(batch)
        if strict and skipped:
            raise SourceError(skipped)
        checksums = _current_checksums(served)
        fresh = [s for s in batch.sources if checksums.get(str(iri.graph(s.graph))) != s.sha256]
        unchanged = tuple(s.label for s in batch.sources if s not in fresh)
        old_version = _version(served)
        if not fresh:
            return UpdateResult(old_version, (), unchanged, tuple(skipped))
        fresh_graphs = {iri.graph(s.graph) for s in fresh}
        quads = [q for q in batch.quads if q[3] in fresh_graphs]
        check_pages(quads, served, settings)
        digest = hashlib.sha256(old_version.encode())
        for source in sorted(fresh, key=lambda s: s.label):
            digest.update(f"{source.label}\0{source.sha256}\n".encode())
        version = digest.hexdigest()[:12]
        build_dir = home.new_build_dir(version)
        try:
            store = served.backup(build_dir / "store")
            _replace(store, fresh, quads, version)
            store.flush()
            write_artifacts(store, build_dir, version)
            del store
            removed = _superseded(served, fresh, settings)
            _keep_files(settings, [p for p in files if any(s.path == p for s in fresh)], removed)
            home.publish(build_dir)
        except BaseException:
            home.discard(build_dir)
            raise
    return UpdateResult(version, tuple(s.label for s in fresh), unchanged, tuple(skipped),
                        tuple(_label(p, settings) for p in removed))


def _replace(store: Store, sources, quads, version: str) -> None:
    """Swap the pages' graphs and their provenance in ``store``; record the new version."""
    meta = iri.graph(PROVENANCE_GRAPH)
    for source in sources:
        graph = iri.graph(source.graph)
        store.remove_graph(graph)
        store.remove(list(store.quads(subject=graph, graph=meta)))
        store.remove(list(store.quads(predicate=PROV.used, obj=graph, graph=meta)))
    store.remove(list(store.quads(subject=iri.dataset(), graph=meta)))
    store.add(quads)
    store.add(provenance(sources, version))


def _superseded(store: Store, sources, settings: Settings) -> list[Path]:
    """Files in data/pages/ whose release is replaced by a page of another name."""
    meta = iri.graph(PROVENANCE_GRAPH)
    old = []
    for source in sources:
        for _s, _p, path, _g in store.quads(subject=iri.graph(source.graph), predicate=OSCE.sourcePath, graph=meta):
            previous = settings.data_dir.parent / str(path)
            if previous.name != source.path.name and previous.parent.resolve() == settings.pages_dir.resolve():
                old.append(previous)
    return old


def _keep_files(settings: Settings, files: list[Path], superseded: list[Path]) -> None:
    """Copy added page files into data/pages/ so the next full build keeps them, and remove the
    files of the releases they replace."""
    settings.pages_dir.mkdir(parents=True, exist_ok=True)
    for path in superseded:
        path.unlink(missing_ok=True)
    for path in files:
        target = settings.pages_dir / path.name
        if path.resolve() != target.resolve():
            shutil.copyfile(path, target)
