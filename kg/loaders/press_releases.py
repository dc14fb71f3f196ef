"""Press releases: a parsed and linked page in, the quads of its named graph out.

Each link becomes an ``osce:Mention`` with the exact evidence span; roles stated in the release
become ``osce:Tenure`` nodes attested on the release date; attributed quotes become ``osce:Quote``
nodes; a meeting the release reports becomes a meeting entity the release is about.
"""

from __future__ import annotations

from typing import Iterator

from rdflib import Literal, URIRef

from kg import iri
from kg.gazetteer import Gazetteer
from kg.linker import Linked
from kg.loaders.mapping import Quad
from kg.vocab import DCTERMS, FOAF, ORG, OSCE, RDF, RDFS, SCHEMA, SKOS, XSD

KIND = "press-release"
TITLE_SLUG_LENGTH = 60


def release_iri(linked: Linked) -> URIRef:
    """``{BASE}id/press-release/{date}-{slug of the title}``."""
    page = linked.page
    return iri.entity(KIND, f"{page.date.isoformat()}-{iri.slugify(page.title, TITLE_SLUG_LENGTH)}")


def graph_iri(release: URIRef) -> URIRef:
    """The named graph of a release: ``{BASE}graph/pages/{release key}``. A page that gives the
    same release (same date and title) replaces it."""
    return iri.graph(f"pages/{iri.split_entity(str(release))[1]}")


def quads(linked: Linked, gazetteer: Gazetteer, graph: URIRef) -> Iterator[Quad]:
    """The quads of one release, its mentions, roles, quotes, new people and reported meetings."""
    page, release = linked.page, release_iri(linked)

    def q(s, p, o):
        return (s, p, o, graph)

    title = Literal(page.title, lang="en")
    yield from (q(release, RDF.type, OSCE.PressRelease), q(release, RDF.type, SCHEMA.NewsArticle),
                q(release, RDFS.label, title), q(release, SCHEMA.headline, title),
                q(release, SCHEMA.datePublished, Literal(page.date.isoformat(), datatype=XSD.date)),
                q(release, OSCE.bodyText, Literal(page.body)), q(release, OSCE.sourceFile, Literal(page.label)))
    if page.url:
        yield q(release, OSCE.originalUrl, URIRef(page.url))
    if page.title_prefix:
        yield q(release, OSCE.titlePrefix, Literal(page.title_prefix))
    if page.sources:
        yield q(release, OSCE.sourceLabel, Literal(", ".join(page.sources)))
    for publisher in linked.publishers:
        yield q(release, SCHEMA.publisher, URIRef(publisher))
    for place in linked.dateline:
        yield q(release, OSCE.dateline, URIRef(place.iri))
    for number, link in enumerate(linked.links, start=1):
        yield from _mention(release, f"mention-{number}", link.iri, link.start, link.end, link.text, link.rule, q)
    yield from _people(linked, gazetteer, release, q)
    yield from _quotes(linked, release, q)
    yield from _events(linked, gazetteer, release, q)


def _mention(release, fragment, entity, start, end, text, rule, q) -> Iterator[Quad]:
    node = URIRef(f"{release}#{fragment}")
    yield from (q(release, OSCE.mention, node), q(release, SCHEMA.mentions, URIRef(entity)),
                q(node, RDF.type, OSCE.Mention), q(node, OSCE.mentionedEntity, URIRef(entity)),
                q(node, OSCE.evidence, Literal(text)), q(node, OSCE.linkRule, Literal(rule)),
                q(node, OSCE.spanStart, Literal(start, datatype=XSD.integer)),
                q(node, OSCE.spanEnd, Literal(end, datatype=XSD.integer)))


def _people(linked: Linked, gazetteer: Gazetteer, release: URIRef, q) -> Iterator[Quad]:
    for subject, person in linked.people.items():
        if person["known"] or subject in gazetteer.labels:
            continue
        name = Literal(person["name"], lang="en")
        yield from (q(URIRef(subject), RDF.type, SCHEMA.Person), q(URIRef(subject), RDF.type, FOAF.Person),
                    q(URIRef(subject), RDFS.label, name), q(URIRef(subject), SKOS.prefLabel, name))
    day = linked.page.date.isoformat()
    for role in linked.roles:
        if role.former:
            continue  # the role is past; the release does not attest it on its date
        person_key = iri.split_entity(role.person)[1]
        role_key = iri.split_entity(role.role)[1]
        tenure = iri.entity("tenure", f"{person_key}-{role_key}-{day}")
        names = [gazetteer.labels.get(role.person) or linked.people[role.person]["name"],
                 gazetteer.labels.get(role.role, role_key)]
        if role.body:
            names.append(gazetteer.labels.get(role.body, role.body))
        yield from (q(tenure, RDF.type, OSCE.Tenure), q(tenure, RDF.type, ORG.Membership),
                    q(tenure, RDFS.label, Literal(f"{', '.join(names)} (as of {day})", lang="en")),
                    q(tenure, ORG.member, URIRef(role.person)), q(tenure, ORG.role, URIRef(role.role)),
                    q(tenure, OSCE.attestedOn, Literal(day, datatype=XSD.date)),
                    q(tenure, DCTERMS.source, release), q(release, OSCE.personRole, tenure),
                    q(tenure, OSCE.roleEvidence, Literal(linked.page.body[role.start:role.end])))
        if role.body:
            yield q(tenure, ORG.organization, URIRef(role.body))


def _quotes(linked: Linked, release: URIRef, q) -> Iterator[Quad]:
    for number, quote in enumerate(linked.quotes, start=1):
        node = URIRef(f"{release}#quote-{number}")
        yield from (q(release, OSCE.quote, node), q(node, RDF.type, OSCE.Quote),
                    q(node, RDF.type, SCHEMA.Quotation), q(node, SCHEMA.text, Literal(quote.text)),
                    q(node, OSCE.spanStart, Literal(quote.start, datatype=XSD.integer)),
                    q(node, OSCE.spanEnd, Literal(quote.end, datatype=XSD.integer)))
        if quote.speaker:
            yield q(node, OSCE.speaker, URIRef(quote.speaker))


def _events(linked: Linked, gazetteer: Gazetteer, release: URIRef, q) -> Iterator[Quad]:
    for number, event in enumerate(linked.events, start=1):
        meeting = iri.entity("meeting", event.key)
        label = Literal(event.label, lang="en")
        yield from (q(meeting, RDF.type, OSCE.Meeting), q(meeting, RDF.type, SCHEMA.Event),
                    q(meeting, RDFS.label, label), q(meeting, SKOS.prefLabel, label),
                    q(meeting, SCHEMA.startDate, Literal(event.start.isoformat(), datatype=XSD.date)),
                    q(meeting, SCHEMA.location, URIRef(event.place)),
                    q(meeting, SCHEMA.description, Literal(linked.page.title, lang="en")),
                    q(meeting, DCTERMS.source, release), q(release, SCHEMA.about, meeting))
        if event.end:
            yield q(meeting, SCHEMA.endDate, Literal(event.end.isoformat(), datatype=XSD.date))
        for organizer in event.organizers:
            yield q(meeting, SCHEMA.organizer, URIRef(organizer))
        start, end = event.evidence
        yield from _mention(release, f"event-{number}", meeting, start, end,
                            linked.page.body[start:end], "event", q)
