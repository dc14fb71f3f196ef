"""Press-release pages through parser, linker and loader: for the full build, for adding pages to
a built store, and for showing what the parser found without touching anything."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

from kg.errors import Problem
from kg.gazetteer import Gazetteer
from kg.linker import Linked, link
from kg.loaders import press_releases
from kg.loaders.mapping import Quad
from kg.pages import PageError, parse_file
from kg.sources import SourceFile
from kg.vocab import ORG, OSCE, RDFS, SCHEMA, SKOS

PAGE_SUFFIXES = (".txt", ".html", ".htm")
# The predicates the gazetteer reads; a store is asked for these only.
GAZETTEER_PREDICATES = (RDFS.label, SKOS.prefLabel, SKOS.altLabel, OSCE.demonym, OSCE.siteSection,
                        SCHEMA.superEvent, SCHEMA.location, OSCE.year, OSCE.chairState, ORG.member,
                        ORG.role, ORG.organization, SCHEMA.startDate, SCHEMA.endDate, OSCE.roleOf)


@dataclass
class PageBatch:
    """The quads of a set of pages, the sources they came from, and the pages skipped."""

    quads: list[Quad] = field(default_factory=list)
    sources: list[SourceFile] = field(default_factory=list)
    skipped: list[PageError] = field(default_factory=list)


def page_files(folder: Path) -> list[Path]:
    """The page files of a folder, in name order."""
    return sorted(p for p in folder.iterdir() if p.suffix.lower() in PAGE_SUFFIXES and p.is_file()) \
        if folder.is_dir() else []


def gazetteer_of_store(store) -> Gazetteer:
    """The gazetteer of a built store (asks only for the predicates it needs)."""
    return Gazetteer.from_triples(q[:3] for p in GAZETTEER_PREDICATES for q in store.quads(predicate=p))


def known_names(gazetteer: Gazetteer) -> set[str]:
    return gazetteer.kind_names({"country", "territory"})


def read_page(path: Path, gazetteer: Gazetteer, label: str | None = None) -> Linked:
    """Parse and link one page file. :raises PageError: for a page that is not a release."""
    page = parse_file(path, label or path.name, known_names(gazetteer))
    return link(page, gazetteer)


def iter_pages(files: Iterable[Path], gazetteer: Gazetteer, labels: dict[Path, str] | None,
               skipped: list[PageError]) -> Iterator[tuple[SourceFile, list[Quad]]]:
    """Each readable page's source and quads, one page at a time (so a large corpus streams);
    unreadable pages go to ``skipped``. People a page introduces are added to the gazetteer, so
    later pages link to the same person."""
    names = known_names(gazetteer)
    seen: dict = {}
    for path in files:
        label = (labels or {}).get(path, path.name)
        try:
            page = parse_file(path, label, names)
        except PageError as error:
            skipped.append(error)
            continue
        linked = link(page, gazetteer)
        release = press_releases.release_iri(linked)
        if release in seen:
            skipped.append(PageError(label, f"gives the same release (same date and title) as {seen[release]}"))
            continue
        seen[release] = label
        graph = press_releases.graph_iri(release)
        quads = list(press_releases.quads(linked, gazetteer, graph))
        for subject, person in linked.people.items():
            if not person["known"] and subject not in gazetteer.labels:
                gazetteer.add_name(subject, "person", person["name"], preferred=True)
        source = SourceFile(path=path, label=label, sha256=hashlib.sha256(path.read_bytes()).hexdigest(),
                            graph_name=graph.rsplit("/graph/", 1)[1])
        yield source, quads


def compile_pages(files: Iterable[Path], gazetteer: Gazetteer, labels: dict[Path, str] | None = None) -> PageBatch:
    """The quads of every readable page, and the pages skipped."""
    batch = PageBatch()
    for source, quads in iter_pages(files, gazetteer, labels, batch.skipped):
        batch.quads += quads
        batch.sources.append(source)
    return batch


def skipped_problems(batch: PageBatch) -> list[Problem]:
    return [Problem(error.label, None, error.reason) for error in batch.skipped]


def describe(linked: Linked, gazetteer: Gazetteer) -> dict:
    """What the parser and linker found, as plain data (the ``parse-page`` output)."""
    page = linked.page

    def entity(subject: str) -> dict:
        from kg import iri

        split = iri.split_entity(subject)
        label = gazetteer.labels.get(subject) or linked.people.get(subject, {}).get("name")
        return {"iri": subject, "label": label, "type": split[0] if split else None}

    people = []
    for subject, person in linked.people.items():
        roles = [{"role": entity(r.role), "body": entity(r.body) if r.body else None,
                  "evidence": page.body[r.start:r.end], "start": r.start, "end": r.end,
                  "as_of": None if r.former else page.date.isoformat(), "former": r.former}
                 for r in linked.roles if r.person == subject]
        people.append({**entity(subject), "label": person["name"], "new": not person["known"], "roles": roles})
    return {
        "file": page.label, "url": page.url, "release": str(press_releases.release_iri(linked)),
        "title": page.title, "title_prefix": page.title_prefix, "kind": page.kind,
        "date": page.date.isoformat(), "date_from": page.date_from,
        "dateline": [{**entity(l.iri), "evidence": l.text, "start": l.start, "end": l.end} for l in linked.dateline],
        "sources": page.sources, "publishers": [entity(p) for p in linked.publishers],
        "links": [{**entity(l.iri), "evidence": l.text, "start": l.start, "end": l.end, "rule": l.rule}
                  for l in linked.links],
        "people": people,
        "quotes": [{"speaker": entity(q.speaker), "text": q.text, "start": q.start, "end": q.end}
                   for q in linked.quotes],
        "meetings_reported": [{"key": e.key, "label": e.label, "place": entity(e.place),
                               "start": e.start.isoformat(), "end": e.end.isoformat() if e.end else None,
                               "organizers": [entity(o) for o in e.organizers]} for e in linked.events],
        "body": page.body,
    }
