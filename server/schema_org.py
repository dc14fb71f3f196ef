"""schema.org JSON-LD for entity pages, so search engines read them as what they are."""

from __future__ import annotations

import json

from kg.describe import Description
from kg.vocab import GEO, OWL, SCHEMA

TYPES = {"country": "Country", "territory": "AdministrativeArea", "place": "City", "person": "Person",
         "meeting": "Event", "meeting-series": "EventSeries", "press-release": "NewsArticle",
         "unit": "GovernmentOrganization", "institution": "GovernmentOrganization",
         "field-operation": "GovernmentOrganization", "organization": "GovernmentOrganization"}
DATES = {SCHEMA.startDate: "startDate", SCHEMA.endDate: "endDate", SCHEMA.datePublished: "datePublished",
         SCHEMA.foundingDate: "foundingDate", SCHEMA.dissolutionDate: "dissolutionDate"}


def schema_org(found: Description, name: str) -> str:
    """A JSON-LD script body describing the entity with schema.org terms."""
    kind = str(found.subject).split("/id/", 1)[-1].split("/", 1)[0]
    data = {"@context": "https://schema.org", "@type": TYPES.get(kind, "Thing"), "@id": str(found.subject), "name": name}
    same = [str(o) for _s, p, o, _g in found.statements if p == OWL.sameAs]
    if same:
        data["sameAs"] = same
    for _s, p, o, _g in found.statements:
        if p in DATES:
            data[DATES[p]] = str(o)
        elif p == SCHEMA.headline:
            data["headline"] = str(o)
        elif p in (GEO.lat, GEO.long):
            data.setdefault("geo", {"@type": "GeoCoordinates"})["latitude" if p == GEO.lat else "longitude"] = float(o)
    return json.dumps(data, ensure_ascii=False).replace("</", "<\\/")
