"""The two groups of Partners for Co-operation (Asian, Mediterranean)."""

from __future__ import annotations

from typing import Iterator

from kg.loaders.mapping import Context, Quad, entities
from kg.sources import Record
from kg.vocab import OSCE

KIND = "partner-group"
FIELDS = ()


def quads(records: list[Record], ctx: Context) -> Iterator[Quad]:
    for _subject, _record, out in entities(KIND, records, ctx, [OSCE.PartnerGroup], FIELDS):
        yield from out
