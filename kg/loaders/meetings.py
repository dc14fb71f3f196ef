"""Meetings as events: Summits, Ministerial Councils, conferences."""

from __future__ import annotations

from typing import Iterator

from kg.loaders.mapping import Context, Field, Quad, entities
from kg.sources import Record
from kg.vocab import OSCE, SCHEMA

KIND = "meeting"

FIELDS = (
    Field("series", "ref", SCHEMA.superEvent, ("meeting-series",), required=True),
    Field("number", "int", OSCE.meetingNumber),
    Field("year", "date", OSCE.year),
    Field("start", "date", SCHEMA.startDate),
    Field("end", "date", SCHEMA.endDate),
    Field("place", "ref", SCHEMA.location, ("place",)),
    Field("online", "own"),
    Field("outcome", "text", SCHEMA.description),
    Field("organizers", "refs", SCHEMA.organizer, ("unit", "institution", "chairpersonship", "field-operation")),
)


def quads(records: list[Record], ctx: Context) -> Iterator[Quad]:
    for subject, record, out in entities(KIND, records, ctx, [OSCE.Meeting, SCHEMA.Event], FIELDS):
        yield from out
        online = record.get("online")
        if online is True:
            yield ctx.quad(subject, SCHEMA.eventAttendanceMode, SCHEMA.OnlineEventAttendanceMode)
        elif online not in (None, False):
            ctx.problem(record, "online", f"field 'online' must be true or false, got {online!r}")
