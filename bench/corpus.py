"""Synthetic press-release pages for the benchmarks.

The benchmarks time the press-release page parser on 10,000 pages and the graph with 100,000
releases, but ``data/pages/`` holds six real pages. This module makes as many pages as asked, shaped
like those six (plain text scraped from osce.org and its mirrors), so the parser meets the same
variety it meets in the wild:

* the header is either the osce.org site menu copied from the seed page
  ``000_aef55518142ad141.txt`` (every line before ``Press release``) followed by ``Press release``,
  the title and the ``- Date:`` / ``- Source:`` / issuer-list field lines, or a first line
  ``# source: https://www.osce.org/{section}/{number}`` with the title straight after it;
* page furniture now and then: ``Newsroom``, ``Press release``, an ``Image`` block with a
  ``Photo: OSCE/...`` credit and a caption, a blank line after the title, a trailing contact block;
* datelines written the ways real pages write them (``VIENNA, 25 July 2013 – ``,
  ``VIENNA 25 July 2013 - ``, ``BELGRADE/PODGORICA, 3 May 2006 — ``, ``THE HAGUE, 1 March 2019- ``),
  or no dateline but the date on a line of its own before the body;
* titles sometimes prefixed with a reposting site's country tag (``Ukraine: ...``);
* ``Chairman-in-Office``/``Chairmanship`` before 2015, ``Chairperson-in-Office``/``Chairpersonship``
  from 2015 on;
* bodies of 4-10 paragraphs naming real entities exactly as the curated YAML in ``data/`` spells
  them (countries and demonyms, field operations under the name they had that year, Secretariat
  units, institutions, places, meeting series, fields of work, people, roles, the chairing State
  of the year). The entity lists are read from ``data/`` at generation time, never hard-coded.

Dates are spread uniformly over 1995-2025. Everything is drawn from one ``random.Random(seed)``,
so the same ``count`` and ``seed`` give the same pages byte for byte, and a longer run starts with
the pages of a shorter one. Only the standard library and PyYAML are used.

Command line::

    python -m bench.corpus --count 10000 --out bench/out/pages [--seed 0]
"""
from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import date
from pathlib import Path
from typing import Iterator, NamedTuple

import yaml

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
MENU_PAGE = "pages/000_aef55518142ad141.txt"
FIRST_DAY = date(1995, 1, 1).toordinal()
LAST_DAY = date(2025, 12, 31).toordinal()
YEARS = range(1995, 2026)
NEUTRAL_TERMS_FROM = 2015
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
ISSUERS = ("OSCE Chairpersonship", "OSCE Secretary General")
SITE_SECTIONS = ("cio", "pc", "secretariat", "sg", "fom")
SOURCE_HOSTS = ("https://www.osce.org", "https://www.osce.org", "https://www.osce.org", "http://osce.org")
CONTACTS = ("Contacts", "Communication and Media Relations Section", "OSCE Secretariat")
PHONES = ("Phone: +43 1 514 36 6000", "Phone: + 43 676 71 74 592")
PRESS_MAIL = "press@osce.org"
QUOTE_MARKS = (("“", "”"), ("“", "”"), ('"', '"'))
NAME_PARTICLES = frozenset({"de", "De", "da", "di", "van", "Van", "von", "Von", "der"})
DASHES = ("–", "–", "-", "—")
QUOTES = (
    "Our co-operation on {topic} has never been more important for the security of the OSCE region",
    "The OSCE stands ready to support the authorities in {country} in implementing their commitments",
    "Dialogue and trust are the foundations on which comprehensive security is built",
    "I urge all sides to continue doing all it takes to ensure an effective and sustainable ceasefire",
    "This attack is totally unacceptable, as it constitutes a direct threat to free media",
    "Today's meeting showed that participating States share a common interest in {topic}",
    "We will continue to work closely with civil society and international partners",
    "The results of this project will benefit people across {country} for years to come",
    "There must be no impunity for attacks or threats against journalists",
    "Only by working together can we address the transnational threats our societies face",
)
TITLES = (
    "{fo_title} organizes workshop on {topic} in {city}",
    "OSCE Secretary General {person} visits {country}",
    "OSCE {cio} welcomes progress on {topic} in {country}",
    "{series_cap} opens in {city} with focus on {topic}",
    "{inst_title} condemns attack on journalist, calls on authorities in {city} for swift investigation",
    "{person} appointed {role}",
    "Ways to improve {topic} discussed at OSCE meeting in {city}",
    "{demonym} officials trained by {fo_title} on {topic}",
)
LEADS = (
    "The {fo} today organized a workshop on {topic} in {city}, bringing together {n} participants.",
    "Challenges, best practices and co-operation between countries in {topic} are key themes of an "
    "OSCE conference that started in {city} today.",
    "OSCE Secretary General {person} met {demonym} Foreign Minister {minister} in {city}.",
    "The OSCE {cio}, {chair_demonym} Foreign Minister {chair_person}, today received a letter from "
    "{demonym} Foreign Minister {minister}.",
    "The {inst_full} today wrote to Foreign Minister {minister} in {city}, calling for a swift "
    "and transparent investigation.",
)
SENTENCES = (
    "OSCE Secretary General {person} met {demonym} Foreign Minister {minister} in {city}.",
    "The {fo} organized a workshop on {topic} in {city2}.",
    "{lq}{quote},{rq} {surname} said.",
    "{head_role} {person2}, the Head of the {fo}, said: {lq}{quote}.{rq}",
    "The event is organized jointly by the {chair_demonym} {year} OSCE {chairship} and the {unit} "
    "of the OSCE Secretariat.",
    "The {inst_full} will provide expertise to the {fo}.",
    "More than {n} representatives of OSCE participating States, international organizations and "
    "civil society took part in the {series} in {city2}.",
    "The OSCE {cio}, {chair_demonym} Foreign Minister {chair_person}, said: {lq}{quote}.{rq}",
    "On {short_date}, {surname} also met representatives of the {other_demonym} delegation to "
    "discuss {topic2}.",
    "The {unit} supports the {fo} in its work on {topic2}.",
    "The OSCE has {n_states} participating States and promotes {topic2} across the OSCE region.",
    "{lq}{quote2},{rq} said {person2}.",
)


class Entities(NamedTuple):
    """Names read from ``data/`` once per run; every draw picks from these tuples."""
    menu: tuple[str, ...]
    people: tuple[str, ...]
    first_names: tuple[str, ...]
    surnames: tuple[str, ...]
    states: tuple[tuple[str, str], ...]   # (name, demonym) of participating States
    n_states: int                         # how many participating States there are
    country_names: dict[str, str]         # key -> name, countries and territories
    demonyms: dict[str, str]              # key -> demonym (name where there is none)
    places: tuple[tuple[str, str], ...]   # (name, country key)
    ops_by_year: dict[int, tuple[tuple[str, str, str], ...]]  # year -> (name, city, host key)
    topics: tuple[str, ...]
    units: tuple[str, ...]
    institutions: tuple[tuple[str, str], ...]  # (full name with OSCE, short title)
    series: tuple[str, ...]
    roles: tuple[str, ...]
    head_roles: tuple[str, ...]
    chairs: dict[int, tuple[str, tuple[str, ...]]]  # year -> (state key, chairpersons)
    sections: tuple[str, ...]


def _load(data_dir: Path, stem: str) -> list[dict]:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with open(data_dir / f"{stem}.yaml", encoding="utf-8") as f:
        return yaml.load(f, Loader=loader) or []


def _menu(data_dir: Path) -> tuple[str, ...]:
    """The site menu of the seed page: every line before the first ``Press release``."""
    lines = (data_dir / MENU_PAGE).read_text(encoding="utf-8").splitlines()
    return tuple(lines[:lines.index("Press release")])


def _date_text(value) -> str | None:
    """A date field as a string; a conflict mapping gives its agreed or first claimed value."""
    if isinstance(value, dict):
        value = value.get("value") or next((c.get("value") for c in value.get("conflict", [])), None)
    return str(value) if value else None


def _year(value, default: int) -> int:
    text = _date_text(value)
    return int(text[:4]) if text else default


def _topic_phrase(name: str) -> str:
    """Lower-case a field of work for running text, unless later words are capitalized.

    >>> _topic_phrase("Arms control"), _topic_phrase("Roma and Sinti")
    ('arms control', 'Roma and Sinti')
    """
    if any(word[:1].isupper() for word in name.split()[1:]):
        return name
    return name[:1].lower() + name[1:]


def _op_name(op: dict, year: int) -> str:
    """The name a field operation went by in ``year`` (a former name where one covers the year)."""
    name = op.get("official_name") or op["name"]
    for former in op.get("former_names") or []:
        if _year(former.get("from"), 0) <= year < _year(former.get("to"), 9999):
            name = former["name"]
    if year < NEUTRAL_TERMS_FROM:
        name = name.replace("Chairperson-in-Office", "Chairman-in-Office")
    return name


def _ops_by_year(ops: list[dict], places: dict[str, str]) -> dict[int, tuple]:
    """For each year, the field operations open that year, as (name, city, host key)."""
    by_year = {}
    for year in YEARS:
        open_ops = [op for op in ops
                    if _year(op.get("established"), 0) <= year <= _year(op.get("closed"), 9999)]
        by_year[year] = tuple(
            (_op_name(op, year), places.get(op.get("headquarters"), ""), op.get("host") or "")
            for op in open_ops or ops)
    return by_year


def _countries(data_dir: Path) -> tuple[tuple, int, dict, dict]:
    records = _load(data_dir, "countries") + _load(data_dir, "territories")
    names = {r["key"]: r["name"] for r in records}
    demonyms = {r["key"]: (r.get("demonyms") or [r["name"]])[0] for r in records}
    participating = [r for r in records if r.get("status") == "participating"]
    states = tuple((r["name"], demonyms[r["key"]]) for r in participating if r.get("demonyms"))
    return states, len(participating), names, demonyms


def _surname(name: str) -> str:
    """The name a release uses on second mention.

    >>> _surname("Lamberto Zannier"), _surname("Guido De Sanctis")
    ('Zannier', 'De Sanctis')
    """
    parts = name.split()
    return " ".join(parts[-2:]) if len(parts) > 2 and parts[-2] in NAME_PARTICLES else parts[-1]


def _people(data_dir: Path) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    names = tuple(p["name"] for p in _load(data_dir, "people"))
    several = [n for n in names if len(n.split()) > 1]
    return names, tuple(sorted({n.split()[0] for n in several})), tuple(sorted({_surname(n) for n in several}))


def _institutions(data_dir: Path) -> tuple[tuple[str, str], ...]:
    result = []
    for inst in _load(data_dir, "institutions"):
        full = next((a for a in inst.get("alt_names") or [] if a.startswith("OSCE ")),
                    "OSCE " + inst["name"])
        result.append((full, inst["name"] if full.startswith("OSCE ") else full))
    return tuple(result)


def _roles(data_dir: Path) -> tuple[tuple[str, ...], tuple[str, ...]]:
    roles = _load(data_dir, "roles")
    names = tuple(r["name"] for r in roles if r["key"] != "chairperson-in-office")  # not appointed
    heads = tuple(n for r in roles if r["key"] == "head-of-mission"
                  for n in [r["name"], *(r.get("alt_names") or [])])
    return names, ("Ambassador", "Ambassador", "Amb.") + heads


def _sections(ops: list[dict], institutions: list[dict]) -> tuple[str, ...]:
    abbreviations = [i.get("abbreviation", "").lower() for i in institutions]
    return SITE_SECTIONS + tuple(a for a in abbreviations if a.isalpha()) + tuple(
        op["key"] for op in ops if op.get("status") == "active")


def _chairs(data_dir: Path) -> dict[int, tuple[str, tuple[str, ...]]]:
    """Year -> (chairing State key, names of its Chairpersons-in-Office)."""
    names = {p["key"]: p["name"] for p in _load(data_dir, "people")}
    return {int(c["year"]): (c["state"], 
                             tuple(names[k] for k in c.get("chairpersons") or () if k in names))
            for c in _load(data_dir, "chairpersonships")}


def load_entities(data_dir: Path = DATA_DIR) -> Entities:
    """Read every entity list the pages draw names from."""
    states, n_states, country_names, demonyms = _countries(data_dir)
    people, first_names, surnames = _people(data_dir)
    places = _load(data_dir, "places")
    ops = _load(data_dir, "field-operations")
    roles, head_roles = _roles(data_dir)
    series = _load(data_dir, "meeting-series")
    return Entities(
        menu=_menu(data_dir), people=people, first_names=first_names, surnames=surnames,
        states=states, n_states=n_states, country_names=country_names, demonyms=demonyms,
        places=tuple((p["name"], p.get("country") or "") for p in places),
        ops_by_year=_ops_by_year(ops, {p["key"]: p["name"] for p in places}),
        topics=tuple(_topic_phrase(t["name"]) for t in _load(data_dir, "topics")),
        units=tuple(u["name"] for u in _load(data_dir, "units") if u.get("category") == "unit"),
        institutions=_institutions(data_dir),
        series=tuple(n for s in series for n in (s.get("alt_names") or [s["name"]])),
        roles=roles, head_roles=head_roles,
        chairs=_chairs(data_dir),
        sections=_sections(ops, _load(data_dir, "institutions")))


def _date_words(day: date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def _chair(rng: random.Random, ents: Entities, year: int) -> tuple[str, str]:
    """The demonym of the chairing State of ``year`` and a Chairperson-in-Office's name."""
    state, people = ents.chairs.get(year, ("", ()))
    demonym = ents.demonyms.get(state) or rng.choice(ents.states)[1]
    return demonym, rng.choice(people) if people else _random_name(rng, ents)


def _random_name(rng: random.Random, ents: Entities) -> str:
    return f"{rng.choice(ents.first_names)} {rng.choice(ents.surnames)}"


def _story(rng: random.Random, ents: Entities) -> dict[str, object]:
    """What one page is about: its date, place, field operation, people and wording."""
    day = date.fromordinal(rng.randint(FIRST_DAY, LAST_DAY))
    op_name, op_city, host = rng.choice(ents.ops_by_year[day.year])
    city, country = (op_city, host) if op_city and rng.random() < 0.6 else rng.choice(ents.places)
    person = rng.choice(ents.people)
    neutral = day.year >= NEUTRAL_TERMS_FROM
    chair_demonym, chair_person = _chair(rng, ents, day.year)
    inst_full, inst_title = rng.choice(ents.institutions)
    series = rng.choice(ents.series)
    return {
        "day": day, "year": day.year, "date": _date_words(day), "city": city,
        "country": ents.country_names.get(country, city),
        "demonym": ents.demonyms.get(country) or rng.choice(ents.states)[1],
        "fo": op_name, "fo_title": op_name if op_name.startswith(("OSCE", "CSCE")) else "OSCE " + op_name,
        "person": person, "surname": _surname(person), "topic": rng.choice(ents.topics),
        "cio": "Chairperson-in-Office" if neutral else "Chairman-in-Office",
        "chairship": "Chairpersonship" if neutral else "Chairmanship",
        "chair_demonym": chair_demonym, "chair_person": chair_person,
        "inst_full": inst_full, "inst_title": inst_title, "series": series,
        "series_cap": series[:1].upper() + series[1:], "role": rng.choice(ents.roles),
        "n_states": ents.n_states, "lq": "", "rq": "",
    }


def _fresh(rng: random.Random, ents: Entities, story: dict) -> dict[str, object]:
    """The names a paragraph draws anew: second speaker, minister, quote, numbers."""
    day = date.fromordinal(rng.randint(FIRST_DAY, LAST_DAY))
    fields = {
        "minister": _random_name(rng, ents), "person2": rng.choice(ents.people),
        "head_role": rng.choice(ents.head_roles), "city2": rng.choice(ents.places)[0],
        "topic2": rng.choice(ents.topics), "unit": rng.choice(ents.units),
        "other_demonym": rng.choice(ents.states)[1], "n": rng.randint(12, 300),
        "short_date": f"{day.day} {MONTHS[day.month - 1]}",
    }
    fields["quote"] = rng.choice(QUOTES).format(**story)
    fields["quote2"] = rng.choice(QUOTES).format(**story)
    return fields


def _dateline(rng: random.Random, ents: Entities, story: dict) -> str:
    city = str(story["city"]).upper()
    text = str(story["date"])
    if rng.random() < 0.03:  # "9 September  2020", as one seed page has it
        text = text.replace(f" {story['year']}", f"  {story['year']}")
    roll = rng.random()
    if roll < 0.45:
        return f"{city}, {text} {rng.choice(DASHES)} "
    if roll < 0.6:
        return f"{city} {text} - "
    if roll < 0.75:
        return f"{city}/{rng.choice(ents.places)[0].upper()}, {text} {rng.choice(DASHES)} "
    return f"{city}, {text}- "


def _paragraphs(rng: random.Random, ents: Entities, story: dict) -> list[str]:
    """4-10 body paragraphs; the first carries a dateline or follows a date line."""
    story["lq"], story["rq"] = rng.choice(QUOTE_MARKS)
    fields = {**story, **_fresh(rng, ents, story)}
    lead = rng.choice(LEADS).format(**fields)
    if rng.random() < 0.15:
        paragraphs = [str(story["date"]), lead]
    else:
        paragraphs = [_dateline(rng, ents, story) + lead]
    for _ in range(rng.randint(3, 9)):
        fields = {**story, **_fresh(rng, ents, story)}
        count = rng.randint(1, 3)
        paragraphs.append(" ".join(t.format(**fields) for t in rng.sample(SENTENCES, count)))
    return paragraphs


def _title(rng: random.Random, story: dict) -> str:
    title = rng.choice(TITLES).format(**story)
    if rng.random() < 0.1:
        title = f"{story['country']}: {title}"
    return title


def _image(rng: random.Random, ents: Entities, story: dict) -> list[str]:
    credit = f"Photo: OSCE/{_random_name(rng, ents)}"
    caption = (f"{story['person']} (centre) at the event on {story['topic']} in {story['city']}, "
               f"{story['date']}.")
    return ["Image", credit, caption] if rng.random() < 0.5 else ["Image", caption, credit]


def _menu_header(rng: random.Random, ents: Entities, story: dict) -> list[str]:
    """The osce.org layout: site menu, "Press release", title, Date/Source fields, issuers."""
    issuers = list(rng.sample(ISSUERS, rng.randint(1, 2)))
    if rng.random() < 0.4:
        issuers.append(str(story["fo_title"]))
    lines = [*ents.menu, "Press release", _title(rng, story), "- Date:", "- Source:",
             "- " + ", ".join(issuers)]
    if rng.random() < 0.3:
        lines += _image(rng, ents, story)
    return lines


def _source_header(rng: random.Random, ents: Entities, story: dict) -> list[str]:
    """The mirror layout: a "# source:" line, maybe furniture, the title, maybe a blank line."""
    url = f"{rng.choice(SOURCE_HOSTS)}/{rng.choice(ents.sections)}/{rng.randint(1000, 600000)}"
    lines = [f"# source: {url}"]
    if rng.random() < 0.2:
        lines += rng.choice((["Newsroom"], ["Press release"], ["Newsroom", "Press release"]))
    lines.append(_title(rng, story))
    if rng.random() < 0.1:
        lines.append("")
    if rng.random() < 0.2:
        lines += _image(rng, ents, story)
    return lines


def render_page(rng: random.Random, ents: Entities) -> str:
    """One synthetic press-release page."""
    story = _story(rng, ents)
    header = _menu_header if rng.random() < 0.35 else _source_header
    lines = header(rng, ents, story) + _paragraphs(rng, ents, story)
    if rng.random() < 0.25:
        lines += [*CONTACTS, rng.choice(PHONES), PRESS_MAIL]
    return "\n".join(lines) + "\n"


def generate(count: int, seed: int = 0, data_dir: Path = DATA_DIR) -> Iterator[tuple[str, str]]:
    """Yield ``count`` pages as (file name, page text); the same seed gives the same pages."""
    ents = load_entities(data_dir)
    rng = random.Random(seed)
    width = max(6, len(str(count - 1)))
    for index in range(count):
        yield f"synthetic-{index:0{width}d}.txt", render_page(rng, ents)


def write_corpus(target: Path, count: int, seed: int = 0) -> int:
    """Write ``count`` pages into ``target`` (created if missing); return how many were written."""
    target = Path(target)
    target.mkdir(parents=True, exist_ok=True)
    written = 0
    for name, text in generate(count, seed):
        (target / name).write_text(text, encoding="utf-8")
        written += 1
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.corpus", description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, required=True, help="number of pages to write")
    parser.add_argument("--out", type=Path, required=True, help="folder to write them into")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    args = parser.parse_args(argv)
    if args.count < 0:
        parser.error("--count must not be negative")
    started = time.perf_counter()
    written = write_corpus(args.out, args.count, args.seed)
    print(f"wrote {written} pages to {args.out} in {time.perf_counter() - started:.1f} s",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
