"""The parser and linker on the six real pages: the full expected output, checked by hand
against each text (title, date, dateline, sources, every linked entity, people, roles, quotes)."""

from __future__ import annotations

import pytest

from kg.build import compile_curated
from kg.gazetteer import Gazetteer
from kg.releases import describe, read_page
from kg.settings import Settings
from tests.conftest import DATA

PAGES = DATA / "pages"
SEED = "000_aef55518142ad141.txt"


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    """Names from the curated YAML only, as a fresh build sees them before any page."""
    quads, _sources, _origins = compile_curated(Settings.from_env(data_dir=DATA))
    return Gazetteer.from_triples(q[:3] for q in quads)


def found(name: str, gazetteer: Gazetteer) -> dict:
    return describe(read_page(PAGES / name, gazetteer), gazetteer)


def short(iri: str | None) -> str | None:
    """"country/ukr" for an entity IRI."""
    return None if iri is None else iri.split("/id/", 1)[1]


def entities(result: dict) -> set[str]:
    return {short(link["iri"]) for link in result["links"]}


def people(result: dict) -> dict[str, tuple]:
    return {short(p["iri"]): (p["new"], sorted((short(r["role"]["iri"]), short(r["body"]["iri"] if r["body"] else None),
                                                r["former"]) for r in p["roles"]))
            for p in result["people"]}


def quotes(result: dict) -> list[tuple[str, str]]:
    return [(short(q["speaker"]["iri"]), q["text"][:30]) for q in result["quotes"]]


def test_seed_page(gazetteer):
    result = found(SEED, gazetteer)
    assert result["title"] == "Ways to prevent online illicit drug trade discussed at OSCE meeting in Vienna"
    assert (result["date"], result["date_from"], result["kind"]) == ("2013-07-25", "dateline", "Press release")
    assert [short(d["iri"]) for d in result["dateline"]] == ["place/vienna"]
    assert result["sources"] == ["OSCE Chairpersonship", "OSCE Secretary General"]
    assert [short(p["iri"]) for p in result["publishers"]] == ["chairpersonship/2013", "person/lamberto-zannier"]
    assert result["release"].endswith("/id/press-release/2013-07-25-ways-to-prevent-online-illicit-drug-trade-discussed-at-osce")
    assert entities(result) == {
        "place/vienna", "country/ukr", "chairpersonship/2013", "unit/transnational-threats-department",
        "unit/secretariat", "person/ihor-prokopchuk", "meeting-series/plenary-meetings-of-the-permanent-council",
        "person/lamberto-zannier"}
    assert people(result) == {
        "person/ihor-prokopchuk": (True, [("role/chairperson-of-the-permanent-council",
                                           "meeting-series/plenary-meetings-of-the-permanent-council", False)]),
        "person/lamberto-zannier": (False, [("role/secretary-general", "unit/secretariat", False)])}
    assert quotes(result) == [("person/ihor-prokopchuk", "The spread of illicit drugs, f"),
                              ("person/ihor-prokopchuk", "OSCE participating States shou"),
                              ("person/lamberto-zannier", "While the Internet is primaril")]
    [meeting] = result["meetings_reported"]
    assert (meeting["key"], short(meeting["place"]["iri"]), meeting["start"], meeting["end"]) == \
        ("2013-07-25-conference-vienna", "place/vienna", "2013-07-25", "2013-07-26")
    assert [short(o["iri"]) for o in meeting["organizers"]] == ["chairpersonship/2013", "unit/transnational-threats-department"]


def test_no_menu_entry_of_the_seed_is_a_mention(gazetteer):
    from kg.completeness import menu_items

    result = found(SEED, gazetteer)
    menu = menu_items((PAGES / SEED).read_text(encoding="utf-8"))
    assert result["body"].startswith("VIENNA, 25 July 2013 –")
    assert all(link["start"] >= 0 and link["end"] <= len(result["body"]) for link in result["links"])
    assert len(menu) == 133
    assert not any(paragraph.startswith("-") for paragraph in result["body"].split("\n\n"))
    # Menu entries the article does not itself name are not linked, though all are in the graph
    named_by_menu_only = {"Arms control", "Albania", "Conflict Prevention Centre", "Mission to Skopje", "Ukraine"}
    evidence = {link["evidence"] for link in result["links"]}
    assert not evidence & named_by_menu_only
    assert [l["rule"] for l in result["links"] if l["label"] == "Ukraine"] == ["demonym", "demonym"]


def test_croatia_mission_page(gazetteer):
    result = found("croatia-mission-begins-operations.txt", gazetteer)
    assert (result["title"], result["date"]) == ("OSCE Mission to Croatia begins operations", "1996-07-05")
    assert result["url"] == "https://www.osce.org/pc/52458"
    assert [short(d["iri"]) for d in result["dateline"]] == ["place/vienna"]
    assert [short(p["iri"]) for p in result["publishers"]] == ["meeting-series/plenary-meetings-of-the-permanent-council"]
    assert entities(result) == {
        "person/albert-j-a-m-nooij", "country/nld", "field-operation/mission-to-croatia",
        "meeting-series/plenary-meetings-of-the-permanent-council", "country/hrv", "topic/human-rights",
        "topic/national-minority-issues", "topic/rule-of-law", "institution/hcnm", "institution/odihr",
        "place/zagreb", "place/knin", "place/vukovar"}
    assert people(result) == {"person/albert-j-a-m-nooij": (True, [("role/head-of-mission", None, False)])}
    assert quotes(result) == []  # the quoted words are from a decision, not a speaker


def test_grau_statement_reposted_with_a_country_tag(gazetteer):
    result = found("grau-press-statement-tcg-extraordinary-meeting.txt", gazetteer)
    assert result["title"].startswith("Press Statement of Special Representative Grau after the extraordinary")
    assert (result["title_prefix"], result["date"]) == ("Ukraine", "2020-09-09")
    assert [short(d["iri"]) for d in result["dateline"]] == ["place/kyiv"]
    assert result["sources"] == ["Organization for Security and Co-operation in Europe"]
    assert [short(p["iri"]) for p in result["publishers"]] == ["organization/osce"]
    assert entities(result) == {"chairpersonship/2020", "country/ukr", "person/heidi-grau"}
    assert people(result) == {"person/heidi-grau": (True, [("role/special-representative", "chairpersonship/2020", False)])}
    assert quotes(result) == [("person/heidi-grau", "Today's extraordinary meeting ")]
    assert result["quotes"][0]["text"].endswith("in the interest of the civilian population.")
    assert "press@osce.org" not in result["body"] and "Phone" not in result["body"]


def test_haraszti_appointment(gazetteer):
    result = found("haraszti-appointed-rfom.txt", gazetteer)
    assert (result["title"], result["date"]) == ("Miklos Haraszti appointed OSCE Representative on Freedom of the Media", "2004-03-09")
    assert [short(p["iri"]) for p in result["publishers"]] == ["institution/rfom"]
    assert entities(result) == {
        "person/miklos-haraszti", "institution/rfom", "chairpersonship/2004", "country/bgr", "person/solomon-passy",
        "country/hun", "place/paris", "topic/media-freedom-and-development", "person/freimut-duve", "country/deu"}
    assert people(result) == {
        "person/miklos-haraszti": (False, [("role/representative", "institution/rfom", False)]),
        "person/solomon-passy": (False, [("role/chairperson-in-office", "chairpersonship/2004", False),
                                         ("role/foreign-minister", "country/bgr", False)]),
        "person/freimut-duve": (False, [("role/representative", "institution/rfom", True)])}
    assert quotes(result) == [("person/solomon-passy", "I am very pleased with this de")]


def test_mongolia_request(gazetteer):
    result = found("mongolia-requests-participating-state.txt", gazetteer)
    assert (result["title"], result["date"]) == ("Mongolia requests to become OSCE participating State", "2011-10-28")
    assert [short(d["iri"]) for d in result["dateline"]] == ["place/vilnius"]
    assert [short(p["iri"]) for p in result["publishers"]] == ["chairpersonship/2011"]
    assert entities(result) == {
        "chairpersonship/2011", "country/ltu", "person/audronius-azubalis", "country/mng",
        "person/gombojav-zandanshatar", "meeting/summit-2010-astana", "place/astana", "topic/human-rights", "country/mne"}
    assert people(result) == {
        "person/audronius-azubalis": (False, [("role/chairperson-in-office", "chairpersonship/2011", False),
                                              ("role/foreign-minister", "country/ltu", False)]),
        "person/gombojav-zandanshatar": (True, [("role/foreign-minister", "country/mng", False)])}
    assert quotes(result) == [("person/audronius-azubalis", "Mongolia has expressed the wis"),
                              ("person/audronius-azubalis", "By freely adopting the commitm")]


def test_media_freedom_representative_condemns_attack(gazetteer):
    result = found("rfom-condemns-attack-journalist-skopje.txt", gazetteer)
    assert result["title"].startswith("OSCE media freedom representative condemns attack on journalist")
    assert (result["date"], short(result["dateline"][0]["iri"])) == ("2015-07-23", "place/vienna")
    assert [short(p["iri"]) for p in result["publishers"]] == ["institution/rfom"]
    assert entities(result) == {
        "institution/rfom", "person/dunja-mijatovic", "person/nikola-poposki", "place/skopje",
        "person/cornelia-krebs", "country/aut", "country/grc", "topic/media-freedom-and-development"}
    assert people(result) == {
        "person/dunja-mijatovic": (False, [("role/representative", "institution/rfom", False)]),
        "person/nikola-poposki": (True, [("role/foreign-minister", None, False)]),
        "person/cornelia-krebs": (True, [("role/journalist", None, False)])}
    assert [speaker for speaker, _ in quotes(result)] == ["person/dunja-mijatovic"] * 4


@pytest.mark.parametrize("name", sorted(p.name for p in PAGES.glob("*.txt")))
def test_every_evidence_is_the_exact_text_at_its_span(gazetteer, name):
    result = found(name, gazetteer)
    body = result["body"]
    for item in result["links"] + result["dateline"]:
        assert body[item["start"]:item["end"]] == item["evidence"]
    for quote in result["quotes"]:
        assert body[quote["start"]:quote["end"]] == quote["text"]
    for person in result["people"]:
        for role in person["roles"]:
            assert body[role["start"]:role["end"]] == role["evidence"]
