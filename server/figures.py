"""The small figures of entity pages, drawn here (no map tiles can be fetched): a map of the
entity's places on a plain equirectangular projection with a graticule, and a timeline of its
meetings or of the press releases that mention it, by year."""

from __future__ import annotations

import math
from dataclasses import dataclass

from rdflib import Literal, URIRef

from kg.describe import Description
from kg.store import Store
from kg.vocab import GEO, OSCE, SCHEMA
from server.views import label_of, page_url

WIDTH, HEIGHT, PAD = 640, 360, 24
RELEASES_BY_YEAR = """SELECT ?e ?year (COUNT(DISTINCT ?r) AS ?n) WHERE {
  ?r schema:mentions ?e ; schema:datePublished ?d . BIND(YEAR(?d) AS ?year) } GROUP BY ?e ?year ORDER BY ?year"""
MEETINGS_BY_YEAR = """SELECT ?e ?year (COUNT(DISTINCT ?m) AS ?n) WHERE {
  ?m schema:superEvent ?e ; osce:year ?y . BIND(YEAR(?y) AS ?year) } GROUP BY ?e ?year ORDER BY ?year"""


@dataclass
class Point:
    x: float
    y: float
    label: str
    href: str | None
    lat: float
    long: float


def _coordinates(store: Store, place: URIRef) -> tuple[float, float] | None:
    lat = next((o for *_x, o, _g in store.quads(subject=place, predicate=GEO.lat)), None)
    long = next((o for *_x, o, _g in store.quads(subject=place, predicate=GEO.long)), None)
    return (float(lat), float(long)) if isinstance(lat, Literal) and isinstance(long, Literal) else None


def _places(found: Description) -> list[URIRef]:
    kind_of = str(found.subject).split("/id/", 1)[-1].split("/", 1)[0]
    if kind_of == "place":
        return [found.subject]
    wanted = {OSCE.headquarters, OSCE.office, OSCE.dateline, SCHEMA.location}
    places = [o for _s, p, o, _g in found.statements if p in wanted and isinstance(o, URIRef)]
    places += [s for s, p, _o, _g in found.inbound if p == SCHEMA.containedInPlace]
    return list(dict.fromkeys(places))


@dataclass(frozen=True)
class Projection:
    """Equirectangular, centred on the points, longitudes shrunk by the cosine of the mid latitude."""

    mid_lat: float
    mid_long: float
    scale_x: float
    per_degree: float

    def project(self, lat: float, long: float) -> tuple[float, float]:
        return (round(WIDTH / 2 + (long - self.mid_long) * self.scale_x * self.per_degree, 1),
                round(HEIGHT / 2 - (lat - self.mid_lat) * self.per_degree, 1))


def map_figure(store: Store, found: Description) -> dict | None:
    """Points and graticule of the entity's places, or None when none has coordinates."""
    located = [(place, _coordinates(store, place)) for place in _places(found)]
    located = [(p, c) for p, c in located if c is not None]
    if not located:
        return None
    lats, longs = [c[0] for _p, c in located], [c[1] for _p, c in located]
    mid_lat, mid_long = (max(lats) + min(lats)) / 2, (max(longs) + min(longs)) / 2
    scale_x = math.cos(math.radians(mid_lat))
    span = max(8.0, (max(longs) - min(longs)) * scale_x * 1.3, (max(lats) - min(lats)) * 1.3 * WIDTH / HEIGHT)
    projection = Projection(mid_lat, mid_long, scale_x, (WIDTH - 2 * PAD) / span)
    points = []
    for place, (lat, long) in located:
        x, y = projection.project(lat, long)
        points.append(Point(x, y, label_of(str(place), found, store_label(store, place)), page_url(str(place)), lat, long))
    lat_lines = [(lat, projection.project(lat, mid_long)[1]) for lat in range(-85, 90, 5)]
    long_lines = [(long, projection.project(mid_lat, long)[0]) for long in range(-180, 181, 5)]
    return {"points": points, "width": WIDTH, "height": HEIGHT,
            "lats": [(l, y) for l, y in lat_lines if 0 <= y <= HEIGHT],
            "longs": [(l, x) for l, x in long_lines if 0 <= x <= WIDTH]}


def store_label(store: Store, node: URIRef) -> str | None:
    from kg.vocab import RDFS

    label = next((o for *_x, o, _g in store.quads(subject=node, predicate=RDFS.label)), None)
    return str(label) if label is not None else None


def timeline(store: Store, found: Description) -> list[tuple[int, int]]:
    """(year, count) of the meetings of a series, or of the releases mentioning the entity."""
    query = MEETINGS_BY_YEAR if str(found.subject).split("/id/", 1)[-1].startswith("meeting-series/") else RELEASES_BY_YEAR
    return [(int(r["year"]), int(r["n"])) for r in store.rows(query, substitutions={"e": found.subject}) if "year" in r]
