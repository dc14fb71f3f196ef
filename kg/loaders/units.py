"""The Secretariat and its units."""

from __future__ import annotations

from typing import Iterator

from kg.loaders.bodies import BODY_FIELDS, abbreviation_label
from kg.loaders.mapping import Context, Field, Quad, entities
from kg.sources import Record
from kg.vocab import ORG, OSCE, RDF, SKOS

KIND = "unit"

CATEGORIES = (("secretariat", OSCE.Secretariat), ("unit", OSCE.SecretariatUnit))
FIELDS = BODY_FIELDS + (Field("category", "choice", RDF.type, required=True, choices=CATEGORIES),)


def quads(records: list[Record], ctx: Context) -> Iterator[Quad]:
    for subject, record, out in entities(KIND, records, ctx, [ORG.OrganizationalUnit], FIELDS):
        yield from out
        label = abbreviation_label(record)
        if label is not None:
            yield ctx.quad(subject, SKOS.altLabel, label)
