"""The institutions (ODIHR, HCNM, RFoM), the Parliamentary Assembly and the Court of
Conciliation and Arbitration."""

from __future__ import annotations

from typing import Iterator

from kg.loaders.bodies import body_quads
from kg.loaders.mapping import Context, Quad
from kg.sources import Record
from kg.vocab import ORG, OSCE

KIND = "institution"
CATEGORIES = (
    ("institution", OSCE.Institution),
    ("parliamentary-assembly", OSCE.ParliamentaryAssembly),
    ("court", OSCE.Court),
)


def quads(records: list[Record], ctx: Context) -> Iterator[Quad]:
    yield from body_quads(KIND, records, ctx, ORG.Organization, CATEGORIES)
