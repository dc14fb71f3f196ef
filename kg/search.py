"""The full-text search index of a build: an SQLite FTS5 database beside the store, over the
labels of every entity in every language and the headline and text of every press release.
Ranked with BM25 (labels weigh more than body text); diacritics are folded, so "Azubalis" finds
"Ažubalis"; the last word of a query matches as a prefix, so "Bish" finds Bishkek."""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from kg import iri
from kg.store import Store

SCHEMA = """
CREATE VIRTUAL TABLE documents USING fts5(
    labels, body, iri UNINDEXED, kind UNINDEXED, label UNINDEXED, date UNINDEXED,
    tokenize = 'unicode61 remove_diacritics 2');
"""
LABELS = """SELECT ?s ?label WHERE {
  VALUES ?p { rdfs:label skos:prefLabel skos:altLabel }
  ?s ?p ?label . FILTER(isIRI(?s) && STRSTARTS(STR(?s), STR(id:)))
}"""
ENGLISH = """SELECT ?s ?label WHERE { ?s rdfs:label ?label FILTER(isIRI(?s) && STRSTARTS(STR(?s), STR(id:))) }"""
RELEASES = """SELECT ?s ?date ?body WHERE { ?s a osce:PressRelease ; schema:datePublished ?date ; osce:bodyText ?body }"""
WEIGHTS = (10.0, 1.0)  # labels, body


@dataclass(frozen=True)
class Hit:
    iri: str
    kind: str
    label: str
    date: str
    snippet: str
    score: float


def build_index(store: Store, path: Path) -> int:
    """Write the search index of ``store`` to the new file ``path``; returns the documents indexed."""
    labels: dict[str, list[str]] = {}
    for row in store.rows(LABELS):
        labels.setdefault(str(row["s"]), []).append(str(row["label"]))
    english = {str(row["s"]): str(row["label"]) for row in store.rows(ENGLISH)}
    releases = {str(row["s"]): (str(row["date"]), str(row["body"])) for row in store.rows(RELEASES)}
    connection = sqlite3.connect(path)
    try:
        connection.executescript(SCHEMA)
        rows = []
        for subject, names in labels.items():
            kind = (iri.split_entity(subject) or ("", ""))[0]
            if kind in ("", "tenure"):
                continue  # parts of entities (dated names) and office terms are found through their entity
            date, body = releases.get(subject, ("", ""))
            rows.append((" | ".join(dict.fromkeys(names)), body, subject, kind, english.get(subject, names[0]), date))
        connection.executemany("INSERT INTO documents VALUES (?, ?, ?, ?, ?, ?)", rows)
        connection.execute("INSERT INTO documents(documents) VALUES ('optimize')")
        connection.commit()
    finally:
        connection.close()
    return len(rows)


def match_expression(text: str) -> str | None:
    """An FTS5 query from what a person typed: every word required, the last one as a prefix.

    >>> match_expression('programme office "Bish')
    '"programme" "office" "bish"*'
    """
    words = re.findall(r"\w+", text.lower())
    if not words:
        return None
    return " ".join(f'"{w}"' for w in words[:-1]) + (" " if len(words) > 1 else "") + f'"{words[-1]}"*'


def search(path: Path, text: str, *, kind: str | None = None, limit: int = 20, offset: int = 0) -> tuple[int, list[Hit]]:
    """The total number of matches and one page of hits, best first."""
    expression = match_expression(text)
    if expression is None:
        return 0, []
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        where = "documents MATCH ?" + (" AND kind = ?" if kind else "")
        params = [expression] + ([kind] if kind else [])
        total = connection.execute(f"SELECT count(*) FROM documents WHERE {where}", params).fetchone()[0]
        rows = connection.execute(
            f"SELECT iri, kind, label, date, snippet(documents, 1, '[', ']', ' … ', 12), "
            f"bm25(documents, {WEIGHTS[0]}, {WEIGHTS[1]}) AS score FROM documents WHERE {where} "
            f"ORDER BY score LIMIT ? OFFSET ?", params + [limit, offset]).fetchall()
    finally:
        connection.close()
    return total, [Hit(*row) for row in rows]
