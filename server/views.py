"""Turning RDF terms into what people read: labels in the reader's language, dates for people,
links to entity pages or marked external links, and statements grouped by property."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flask import request, url_for
from rdflib import Literal, URIRef

from kg import iri
from kg.describe import Description
from kg.vocab import OSCE, PREFIXES, RDF, RDFS, SCHEMA, SKOS, XSD

HIDDEN = {str(RDFS.label), str(SKOS.prefLabel), str(OSCE.bodyText)}
FIRST = [str(RDF.type), str(SKOS.altLabel), str(SKOS.note), str(SCHEMA.description)]
EXTERNAL_NAMES = {"www.wikidata.org": "Wikidata", "sws.geonames.org": "GeoNames"}
VOCABULARIES = tuple(ns for prefix, ns in PREFIXES.items() if prefix not in ("id", "wd"))


@dataclass
class Value:
    text: str
    href: str | None = None
    external: bool = False
    language: str | None = None
    source: str | None = None

    @property
    def css(self) -> str:
        return "external" if self.external else ("entity" if self.href else "literal")


def language() -> str:
    """The reader's language among the six the graph has labels in; English otherwise."""
    return request.accept_languages.best_match(["en", "fr", "de", "it", "ru", "es"], default="en")


def label_of(node: str, found: Description, fallback: str | None = None) -> str:
    labels = found.labels.get(str(node), {})
    return labels.get(language()) or labels.get("en") or labels.get("") or fallback or _local_name(str(node))


def _local_name(value: str) -> str:
    """A readable last resort for an IRI without a label: "FieldOperation" -> "Field operation"."""
    tail = value.rstrip("/").rsplit("#", 1)[-1].rsplit("/", 1)[-1]
    words, current = [], ""
    for char in tail:
        if char.isupper() and current and not current[-1].isupper():
            words.append(current)
            current = char
        else:
            current += char
    words.append(current)
    text = " ".join(words).replace("-", " ").replace("_", " ")
    return text[:1].upper() + text[1:].lower()


def page_url(node: str) -> str | None:
    split = iri.split_entity(node)
    return url_for("pages.entity_page", kind=split[0], key=split[1]) if split else None


def format_date(literal: Literal) -> str:
    """ "25 July 2013", "December 1995", "2013"."""
    text = str(literal)
    try:
        if literal.datatype == XSD.date:
            day = dt.date.fromisoformat(text)
            return f"{day.day} {day:%B %Y}"
        if literal.datatype == XSD.gYearMonth:
            return dt.date.fromisoformat(f"{text}-01").strftime("%B %Y")
        if literal.datatype == XSD.dateTime:
            return dt.datetime.fromisoformat(text).strftime("%d %B %Y, %H:%M UTC").lstrip("0")
    except ValueError:
        pass
    return text


def value_of(node, found: Description, source: str | None = None) -> Value:
    if isinstance(node, Literal):
        if node.datatype in (XSD.date, XSD.gYearMonth, XSD.gYear, XSD.dateTime):
            return Value(format_date(node), source=source)
        if node.datatype == XSD.boolean:
            return Value("yes" if node.toPython() else "no", source=source)
        return Value(str(node), language=node.language, source=source)
    text = str(node)
    href = page_url(text)
    if href:
        return Value(label_of(text, found), href, source=source)
    if text.startswith(VOCABULARIES):  # a class or property: its label, and our own terms documented
        own = text.startswith(str(OSCE))
        return Value(label_of(text, found), url_for("linked.ontology") + "#" + text.split("#", 1)[1] if own else None,
                     source=source)
    host = text.split("/")[2] if text.startswith("http") and text.count("/") >= 2 else ""
    if host in EXTERNAL_NAMES or (host and not text.startswith(iri.BASE)):
        name = EXTERNAL_NAMES.get(host)
        shown = f"{name}: {text.rstrip('/').rsplit('/', 1)[-1]}" if name else label_of(text, found, host)
        return Value(shown, text, external=True, source=source)
    return Value(label_of(text, found), None, source=source)


def statement_groups(found: Description) -> list[tuple[str, str, list[Value]]]:
    """(property label, property IRI, values) in a sensible order: types and names first."""
    groups: dict[str, list[Value]] = {}
    for _s, predicate, obj, graph in found.statements:
        key = str(predicate)
        if key in HIDDEN or (isinstance(obj, URIRef) and str(obj).startswith(f"{found.subject}#")):
            continue
        groups.setdefault(key, []).append(value_of(obj, found, found.sources.get(str(graph), _graph_name(graph))))
    order = sorted(groups, key=lambda p: (FIRST.index(p) if p in FIRST else len(FIRST), label_of(p, found).lower()))
    return [(label_of(p, found), p, sorted(groups[p], key=lambda v: v.text.lower())) for p in order]


def _graph_name(graph) -> str:
    return str(graph).rsplit("/graph/", 1)[-1]


def other_names(found: Description) -> list[tuple[str, str]]:
    """The entity's names in the other languages: (language, name)."""
    names = found.labels.get(str(found.subject), {})
    return sorted((lang, name) for lang, name in names.items() if lang and lang != language())


def inbound_groups(found: Description) -> list[tuple[str, int, list[Value]]]:
    """Inbound links grouped by property, with the total per property and this page's subjects."""
    groups: dict[str, list[Value]] = {}
    for subject, predicate, _o, _g in found.inbound:
        if predicate == OSCE.mentionedEntity:
            continue  # the release's schema:mentions says the same, better
        groups.setdefault(str(predicate), []).append(value_of(subject, found))
    counts = {p: n for p, n in found.inbound_counts.items() if p != str(OSCE.mentionedEntity)}
    return [(label_of(p, found), counts[p], groups.get(p, [])) for p in sorted(counts, key=lambda p: -counts[p])]
