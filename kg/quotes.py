"""Quotes and who said them, where the text attributes them.

A quote is text between “ and ” (or straight double quotes, which may run over several
paragraphs) of at least four words; shorter ones are titles or scare quotes. A quote is
attributed when a person the linker found is named

- right after it with a speech verb: “…,” Mijatović said. / “…,” said Ažubalis.
- in the sentence that leads into it with a colon or a speech verb: Zannier described …: “…”
- or when it continues, in the same or the next paragraph, a quote already attributed.

Unattributed quotes (wording quoted from a decision, book titles) are not kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

SPEECH = r"(?:said|says|added|stated|noted|wrote|stressed|emphasi[sz]ed|declared|continued|underlined|explained|told)"
MIN_WORDS = 4


@dataclass
class Quote:
    text: str
    start: int
    end: int
    speaker: str | None


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Spans of the quoted text (without the marks)."""
    spans = [(m.start() + 1, m.end() - 1) for m in re.finditer(r"“[^“”]+”", text)]
    straight = [m.start() for m in re.finditer(r'"', text)]
    spans += [(a + 1, b) for a, b in zip(straight[::2], straight[1::2])]
    return sorted(s for s in spans if len(text[s[0]:s[1]].split()) >= MIN_WORDS)


def _people_in(linked, start: int, end: int) -> list:
    return [l for l in linked.links if l.kind == "person" and start <= l.start and l.end <= end]


def _after(text: str, end: int, linked) -> str | None:
    """A speaker named right after the quote: ,” Name said / ,” said Name."""
    window_end = min(len(text), end + 90)
    tail = text[end:window_end]
    match = re.match(rf"^[”\"]?\s*[,.!?]?\s*(?:{SPEECH}\s+)?(?P<rest>.*)", tail, re.DOTALL)
    people = _people_in(linked, end, window_end)
    if not people or not match:
        return None
    first = people[0]
    between = text[end:first.start]
    after_name = text[first.end:first.end + 40]
    if re.search(rf"\b{SPEECH}\b", between) and len(between) < 20:
        return first.iri
    if re.match(r"^[”\"]?\s*[,.!?]?[”\"]?\s*$", between) and re.match(rf"^\s+(?:\w+\s+){{0,2}}{SPEECH}\b", after_name):
        return first.iri
    return None


def _before(text: str, start: int, linked) -> str | None:
    """A speaker named in the sentence leading into the quote with a colon or a speech verb."""
    lead = text[max(0, start - 400):start - 1]
    lead_start = start - 1 - len(lead)
    if not re.search(rf"(?::|\b{SPEECH}(?:\s+\w+){{0,4}}[:,]?)\s*$", lead):
        return None
    sentence_start = max((m.end() for m in re.finditer(r"[.!?][”\"]?\s+(?=[A-Z“\"])", lead)), default=0)
    people = _people_in(linked, lead_start + sentence_start, start)
    return people[-1].iri if people else None  # the one nearest the colon or verb


def find_quotes(text: str, linked) -> list[Quote]:
    """The attributed quotes of a release body."""
    quotes = []
    previous: Quote | None = None
    for start, end in quote_spans(text):
        speaker = _after(text, end, linked) or _before(text, start, linked)
        if speaker is None and previous is not None and previous.speaker:
            gap = text[previous.end:start - 1]
            if len(gap) < 60 or re.fullmatch(r"[”\"\s.,]*", gap):
                speaker = previous.speaker
        quote = Quote(text[start:end], start, end, speaker)
        if speaker:
            quotes.append(quote)
        previous = quote
    return quotes
