"""The completeness check: every entity the osce.org site menu names is in the graph, with the
right type.

Scraped osce.org pages start with the site menu flattened into lines: a bare ``-`` line, then a
section heading, then ``- item`` lines. The flattening loses the nesting, so a few items in a
section are links to other pages rather than members of that section (``Projects`` after the
fields of work); :data:`NOT_ENTITIES` lists them with the reason, and nothing else is exempt.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from rdflib import Literal, URIRef

from kg import iri
from kg.named_queries import named_query
from kg.store import Store
from kg.vocab import ORG, OSCE, SKOS

# section heading -> (entity kind, class) of the items listed under it
SECTIONS: dict[str, tuple[str, URIRef]] = {
    "Fields of work": ("topic", SKOS.Concept),
    "Meetings and conferences": ("meeting-series", OSCE.MeetingSeries),
    "Participating States": ("country", OSCE.ParticipatingState),
    "Secretariat": ("unit", OSCE.SecretariatUnit),
    "Field operations": ("field-operation", OSCE.FieldOperation),
}

# (section, item) -> (kind, class) for items that are entities of another kind than their section's
OTHER_KINDS: dict[tuple[str, str], tuple[str, URIRef]] = {
    ("Participating States", "Asian Partners for Co-operation"): ("partner-group", OSCE.PartnerGroup),
    ("Participating States", "Mediterranean Partners for Co-operation"): ("partner-group", OSCE.PartnerGroup),
    ("Secretariat", "Secretary General"): ("role", ORG.Role),
    ("Field operations", "Parliamentary Assembly"): ("institution", OSCE.ParliamentaryAssembly),
    ("Field operations", "Court of Conciliation and Arbitration"): ("institution", OSCE.Court),
}

# (section, item) -> class whose instances the item's page lists: at least one must exist
CLASS_PAGES: dict[tuple[str, str], URIRef] = {
    ("Structures and institutions", "Chairpersonship"): OSCE.Chairpersonship,
    ("Secretariat", "Institutions"): OSCE.Institution,
    ("Field operations", "Closed field activities"): OSCE.FieldOperation,
}

# (section, item) -> why the item is a navigation link, not an entity
NOT_ENTITIES: dict[tuple[str, str], str] = {
    ("Fields of work", "Field operations"): "link of the 'Our work' menu to the field operations page",
    ("Fields of work", "Projects"): "link of the 'Our work' menu to the projects page",
    ("Meetings and conferences", "Partnerships"): "link of the 'Our work' menu to the partnerships page",
    ("Countries", "All"): "link to the list of all countries",
    ("Field operations", "Organizational structure"): "link to the organigram page",
    ("Field operations", "About us"): "link to the about page",
}

CHAIR_SUFFIX = re.compile(r"\s+[–—-]\s+OSCE Chair(?:person|man)ship \d{4}$")


@dataclass(frozen=True)
class MenuItem:
    section: str
    label: str
    line: int


@dataclass(frozen=True)
class Finding:
    item: MenuItem
    expected: str
    found: tuple[str, ...]
    reason: str = ""

    @property
    def ok(self) -> bool:
        return bool(self.found) or bool(self.reason)


def menu_items(text: str) -> list[MenuItem]:
    """The items of the site menu at the top of a scraped page, with their sections.

    >>> [i.label for i in menu_items("-\\nCountries\\n- All\\nPress release")]
    ['All']
    """
    items: list[MenuItem] = []
    section = None
    lines = text.splitlines()
    start = 1 if lines and lines[0].startswith("# source:") else 0
    expect_heading = False
    for number, line in enumerate(lines[start:], start=start + 1):
        stripped = line.strip()
        if stripped == "-":
            expect_heading = True
        elif expect_heading:
            section, expect_heading = stripped, False
        elif stripped.startswith("- ") and section is not None:
            items.append(MenuItem(section, stripped[2:].strip(), number))
        else:
            break
    return items


def check(store: Store, items: list[MenuItem]) -> list[Finding]:
    """One finding per menu item: the matching entities, or why none is expected."""
    findings = []
    for item in items:
        key = (item.section, item.label)
        if key in NOT_ENTITIES:
            findings.append(Finding(item, "navigation", (), NOT_ENTITIES[key]))
        elif key in CLASS_PAGES:
            cls = CLASS_PAGES[key]
            found = [r["s"] for r in store.rows("SELECT ?s ?c WHERE { ?s a ?c } LIMIT 3", substitutions={"c": cls})]
            findings.append(Finding(item, f"instances of {cls}", tuple(map(str, found))))
        else:
            kind, cls = OTHER_KINDS.get(key) or SECTIONS.get(item.section, (None, None))
            if kind is None:
                findings.append(Finding(item, f"a known section (not '{item.section}')", ()))
                continue
            label = CHAIR_SUFFIX.sub("", item.label) if kind == "country" else item.label
            rows = store.rows(named_query("find-typed"), substitutions={"type": cls, "name": Literal(label)})
            found = tuple(str(r["entity"]) for r in rows if (iri.split_entity(str(r["entity"])) or ("",))[0] == kind)
            findings.append(Finding(item, f"{kind} of type {cls}", found))
    return findings


def check_page(store: Store, page: Path) -> list[Finding]:
    return check(store, menu_items(page.read_text(encoding="utf-8")))
