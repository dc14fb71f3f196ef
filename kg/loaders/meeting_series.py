"""Types of OSCE meetings (Summits, Ministerial Councils, ...), as event series."""

from __future__ import annotations

from typing import Iterator

from kg.loaders.mapping import Context, Field, Quad, entities
from kg.sources import Record
from kg.vocab import OSCE, SCHEMA

KIND = "meeting-series"
FIELDS = (Field("site_sections", "strings", OSCE.siteSection),)


def quads(records: list[Record], ctx: Context) -> Iterator[Quad]:
    for _subject, _record, out in entities(KIND, records, ctx, [OSCE.MeetingSeries, SCHEMA.EventSeries], FIELDS):
        yield from out
