"""Reading scraped press-release pages: from raw page text to title, date, dateline, source field
and body, whatever chrome the scraper left around them.

Pages come as plain text (an HTML page is reduced to the same text first, see :func:`html_to_text`).
What is handled, because real pages have it:

- a first line ``# source: URL`` saying where the page came from;
- the osce.org site menu flattened into ``-`` / ``- item`` lines;
- page furniture: "Press release", "Newsroom", image and photo lines, captions, share links;
- ``Date:`` / ``Source:`` field lines, their value on the same line or on the next ``- `` line;
- datelines with or without a comma, with several cities (``BELGRADE/PODGORICA``), followed by
  ``-``, ``–`` or ``—`` (with or without spaces), or no dateline and a date on a line of its own;
- titles prefixed by a reposting site's tag ("Ukraine: ...");
- contact blocks at the end.

A page without a recognisable title or date raises :class:`PageError` naming the file and why.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from kg.errors import KGError

MONTHS = {name: number for number, names in enumerate((
    ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
    ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
    ("october", "oct"), ("november", "nov"), ("december", "dec")), start=1) for name in names}
_MONTH = r"(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
DATE_TEXT = (rf"(?:\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}\s+\d{{4}}"
             rf"|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
             r"|\d{4}-\d{2}-\d{2}|\d{1,2}\.\d{1,2}\.\d{4})")
_PLACE_WORD = r"[^\W\d_][\w'’.\-]*"
_PLACE = rf"{_PLACE_WORD}(?:\s{_PLACE_WORD}){{0,3}}"
DATELINE = re.compile(
    rf"^(?P<places>{_PLACE}(?:\s*/\s*{_PLACE}|\s+and\s+{_PLACE})*)\s*,?\s+(?P<date>{DATE_TEXT})"
    r"\s*(?:\([^)]{1,40}\)\s*)?[-–—]+\s*", re.IGNORECASE)
DATE_LINE = re.compile(rf"^(?:(?:date|published|posted|issued)\s*:\s*)?(?P<date>{DATE_TEXT})\.?$", re.IGNORECASE)
FIELD_LINE = re.compile(r"^-?\s*(?P<name>date|source|published|posted|issued)\s*:\s*(?P<value>.*)$", re.IGNORECASE)
SOURCE_COMMENT = re.compile(r"^#\s*source:\s*(?P<url>https?://\S+?)[,;)]?(?:\s|$)(?P<rest>.*)$", re.IGNORECASE)
QUOTED_SOURCE = re.compile(r'["“]Source:\s*(?P<value>[^"”]+)["”]')

KINDS = {"press release", "press releases", "press statement", "statement", "news", "news item",
         "feature", "story", "announcement", "media advisory", "news release"}
FURNITURE = KINDS | {
    "newsroom", "news and press releases", "image", "images", "photo", "photos", "video", "share",
    "print", "print this page", "related", "related content", "related news", "tags", "latest news",
    "read more", "back", "home", "menu", "search", "subscribe", "follow us", "navigation", "skip to main content",
}
FURNITURE_PREFIXES = ("image:", "photo:", "photo credit", "photo by", "©", "(photo", "caption:", "credit:",
                      "download", "share on", "share this", "[image", "[photo", "tags:", "related:")
CAPTION = re.compile(r"\((?:photo:?\s*)?[\w.\- ]{2,40}/[^)]{2,60}\)\s*$"
                     r"|^.{0,250}\((?:centre|center|left|right|l|r|c|second (?:left|right)|front|back|middle)\).{0,250}$",
                     re.IGNORECASE)
CONTACT_START = re.compile(r"^(?:contacts?|media contacts?|press contacts?|for (?:further|more) information\b.*"
                           r"|contact:.*)$", re.IGNORECASE)
SITE_PREFIXES = {"reliefweb", "osce", "osce news", "press release", "news"}
MIN_TITLE_WORDS = 3


class PageError(KGError):
    """A page that cannot be read as a press release; says which file and why."""

    def __init__(self, label: str, reason: str):
        self.label, self.reason = label, reason
        super().__init__(f"{label}: {reason}")


@dataclass
class ParsedPage:
    """What the parser found on one page. Offsets are into :attr:`body`."""

    label: str
    title: str
    date: dt.date
    body: str
    url: str | None = None
    kind: str | None = None
    title_prefix: str | None = None
    dateline: list[tuple[str, int, int]] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    date_from: str = "dateline"


def parse_date(text: str) -> dt.date | None:
    """A date from "25 July 2013", "July 25, 2013", "2013-07-25" or "25.07.2013".

    >>> parse_date("9 September  2020")
    datetime.date(2020, 9, 9)
    >>> parse_date("31 February 2020") is None
    True
    """
    text = " ".join(text.replace(",", " ").split()).lower()
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return dt.date.fromisoformat(text)
        if m := re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", text):
            return dt.date(int(m[3]), int(m[2]), int(m[1]))
        words = [re.sub(r"(st|nd|rd|th|\.)$", "", w) if not w.isalpha() or w.endswith(".") else w
                 for w in text.split()]
        if len(words) != 3:
            return None
        if words[0].isdigit():
            day, month, year = words
        else:
            month, day, year = words
        return dt.date(int(year), MONTHS[month.rstrip(".")], int(day))
    except (ValueError, KeyError):
        return None


def _is_furniture(line: str) -> bool:
    lower = line.lower().strip(" :|")
    return lower in FURNITURE or lower.startswith(FURNITURE_PREFIXES) or bool(CAPTION.search(line))


def _skip_menu(lines: list[str]) -> int:
    """Index of the first line after the site menu (0 when there is none)."""
    index, expect_heading = 0, False
    while index < len(lines):
        stripped = lines[index].strip()
        if stripped == "-":
            expect_heading = True
        elif expect_heading and stripped and not stripped.startswith("- "):
            expect_heading = False
        elif not (stripped.startswith("- ") and index > 0):
            break
        index += 1
    return index if index > 1 else 0


def _header(lines: list[str]) -> tuple[str | None, list[str], list[str]]:
    """The URL and quoted Source of a ``# source:`` first line, and the remaining lines."""
    if lines and lines[0].lstrip().startswith("#"):
        match = SOURCE_COMMENT.match(lines[0].strip())
        if match:
            quoted = QUOTED_SOURCE.search(match["rest"])
            return match["url"], [quoted["value"].strip()] if quoted else [], lines[1:]
        return None, [], lines[1:]
    return None, [], lines


@dataclass
class _Scan:
    """The state of the walk over the lines before the body."""

    title: str | None = None
    kind: str | None = None
    date: dt.date | None = None
    date_from: str = ""
    sources: list[str] = field(default_factory=list)
    in_source_field: bool = False


def _scan_line(line: str, scan: _Scan) -> bool:
    """Consume one line before the body; True when it was chrome, a field or the title."""
    stripped = line.strip()
    if not stripped:
        scan.in_source_field = False
        return True
    if field_match := FIELD_LINE.match(stripped):
        name, value = field_match["name"].lower(), field_match["value"].strip()
        scan.in_source_field = name == "source" and not value
        if name == "source" and value:
            scan.sources += [v.strip() for v in value.split(",") if v.strip()]
        elif name != "source" and value and scan.date is None:
            scan.date, scan.date_from = parse_date(value), "field"
        return True
    if scan.in_source_field and stripped.startswith("- "):
        scan.sources += [v.strip() for v in stripped[2:].split(",") if v.strip()]
        return True
    if stripped.startswith("- ") or stripped == "-":
        return True
    if (date_match := DATE_LINE.match(stripped)) and scan.date is None:
        scan.date, scan.date_from = parse_date(date_match["date"]), "line"
        return True
    if _is_furniture(stripped):
        if stripped.lower() in KINDS and scan.kind is None:
            scan.kind = stripped
        return True
    if scan.title is None and not DATELINE.match(stripped):
        scan.title = " ".join(stripped.split())
        return True
    return False


CAPTION_LENGTH = 300


def _body(lines: list[str]) -> str:
    """The body paragraphs, without captions, furniture and the trailing contact block. Short
    paragraphs before the dateline paragraph (photo captions without a credit) are dropped."""
    paragraphs = _paragraphs(lines)
    for index, paragraph in enumerate(paragraphs[:4]):
        if DATELINE.match(paragraph) and _dateline(paragraph)[0] is not None:
            if all(len(p) < CAPTION_LENGTH for p in paragraphs[:index]):
                paragraphs = paragraphs[index:]
            break
    return "\n\n".join(paragraphs)


def _paragraphs(lines: list[str]) -> list[str]:
    paragraphs = []
    for line in lines:
        stripped = " ".join(line.split())
        if not stripped:
            continue
        if CONTACT_START.match(stripped):
            break
        if _is_furniture(stripped) or DATE_LINE.match(stripped):
            continue
        paragraphs.append(stripped)
    return paragraphs


def _dateline(body: str) -> tuple[dt.date | None, list[tuple[str, int, int]]]:
    match = DATELINE.match(body)
    if not match:
        return None, []
    if not all(word[0].isupper() for word in re.findall(_PLACE_WORD, match["places"]) if word != "and"):
        return None, []
    places, offset = [], match.start("places")
    for part in re.finditer(r"[^/]+?(?=\s*/|\s+and\s+|$)", match["places"]):
        name = part.group().strip().removeprefix("and ").strip()
        if name:
            start = offset + part.start() + part.group().index(name)
            places.append((name, start, start + len(name)))
    return parse_date(match["date"]), places


def split_title_prefix(title: str, known_names: set[str]) -> tuple[str | None, str]:
    """Split a reposting site's tag off a title ("Ukraine: Press Statement ..."): only when the
    tag is a known country or territory name or a known site, and the rest is a title itself.

    >>> split_title_prefix("Ukraine: Press Statement of Special Representative Grau", {"Ukraine"})
    ('Ukraine', 'Press Statement of Special Representative Grau')
    >>> split_title_prefix("Kosovo: a new start", set())
    (None, 'Kosovo: a new start')
    """
    match = re.match(r"^([^:]{2,40}):\s+(.+)$", title)
    if match and (match[1] in known_names or match[1].lower() in SITE_PREFIXES) \
            and len(match[2].split()) >= MIN_TITLE_WORDS:
        return match[1], match[2]
    return None, title


def parse_text(text: str, label: str, known_names: set[str] = frozenset()) -> ParsedPage:
    """Parse one page's text.

    :param text: the page as the scraper stored it.
    :param label: how the page is named in messages (its file name).
    :param known_names: country and territory names, to recognise a reposting site's title tag.
    :raises PageError: when no title or no date can be found.
    """
    lines = text.replace("\r\n", "\n").replace("\u00a0", " ").split("\n")
    url, header_sources, lines = _header(lines)
    lines = lines[_skip_menu(lines):]
    scan = _Scan(sources=header_sources)
    index = 0
    while index < len(lines) and _scan_line(lines[index], scan):
        index += 1
    body = _body(lines[index:])
    if scan.title is None:
        raise PageError(label, "no recognisable title (the first text line is already the body)")
    if not body:
        raise PageError(label, "no body text after the title")
    date, places = _dateline(body)
    date_from = "dateline"
    if date is None:
        date, date_from = scan.date, scan.date_from
    if date is None:  # a date line after a photo caption, at the top of the body
        for line in lines[index:index + 6]:
            if match := DATE_LINE.match(line.strip()):
                date, date_from = parse_date(match["date"]), "line"
                break
    if date is None:
        raise PageError(label, "no recognisable date (no dateline such as 'VIENNA, 25 July 2013 –', "
                               "no Date: field, no date on a line of its own)")
    prefix, title = split_title_prefix(scan.title, known_names)
    return ParsedPage(label=label, title=title, date=date, body=body, url=url, kind=scan.kind,
                      title_prefix=prefix, dateline=places, sources=scan.sources, date_from=date_from)


def html_to_text(html: str) -> str:
    """The text of an osce.org article page, in the shape :func:`parse_text` reads: title, date
    line, source line, then one paragraph per line. Uses BeautifulSoup, not regexes over HTML."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style", "nav", "header", "footer", "aside", "form", "noscript"]):
        tag.decompose()
    root = soup.find("article") or soup.find("main") or soup.body or soup
    heading = root.find("h1") or soup.find("h1")
    title = heading.get_text(" ", strip=True) if heading else (soup.title.get_text(strip=True) if soup.title else "")
    lines = []
    canonical = soup.find("link", rel="canonical")
    if canonical and canonical.get("href", "").startswith("http"):
        lines.append(f"# source: {canonical['href']}")
    lines.append(title)
    time_tag = root.find("time") or soup.find("time")
    if time_tag and time_tag.get("datetime"):
        lines.append(f"Date: {time_tag['datetime'][:10]}")
    for paragraph in root.find_all(["p", "li", "blockquote"]):
        text = paragraph.get_text(" ", strip=True)
        if text and text != title and paragraph.find_parent(["p", "li", "blockquote"]) is None:
            lines.append(text)
    return "\n".join(lines)


def parse_file(path, label: str | None = None, known_names: set[str] = frozenset()) -> ParsedPage:
    """Parse a page file: ``.txt`` as is, ``.html``/``.htm`` through :func:`html_to_text`."""
    from pathlib import Path

    path = Path(path)
    label = label or path.name
    try:
        raw = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise PageError(label, f"not UTF-8 text (byte {exc.start})") from exc
    except OSError as exc:
        raise PageError(label, f"cannot read: {exc.strerror}") from exc
    if path.suffix.lower() in (".html", ".htm"):
        raw = html_to_text(raw)
    return parse_text(raw, label, known_names)
