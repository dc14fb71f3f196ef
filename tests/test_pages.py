"""The page parser on the variety of real pages: chrome, furniture, dateline forms, dates on their
own line, reposting tags, contact blocks, HTML, and pages that are not releases."""

from __future__ import annotations

import datetime as dt

import pytest

from kg.pages import PageError, html_to_text, parse_text

BODY = "The OSCE Mission to Skopje today opened a training course for police officers."


@pytest.mark.parametrize("dateline,places,date", [
    ("VIENNA, 25 July 2013 – ", ["VIENNA"], dt.date(2013, 7, 25)),
    ("VIENNA 25 July 2013 - ", ["VIENNA"], dt.date(2013, 7, 25)),
    ("BELGRADE/PODGORICA, 3 May 2006 — ", ["BELGRADE", "PODGORICA"], dt.date(2006, 5, 3)),
    ("THE HAGUE, 1 March 2019- ", ["THE HAGUE"], dt.date(2019, 3, 1)),
    ("KYIV, 9 September  2020 –", ["KYIV"], dt.date(2020, 9, 9)),
    ("Warsaw, July 4, 2017 - ", ["Warsaw"], dt.date(2017, 7, 4)),
    ("SKOPJE and PRISTINA, 12 Dec 2011 – ", ["SKOPJE", "PRISTINA"], dt.date(2011, 12, 12)),
])
def test_dateline_forms(dateline, places, date):
    page = parse_text(f"A title for the release\n{dateline}{BODY}", "t.txt")
    assert page.date == date and page.date_from == "dateline"
    assert [name for name, _, _ in page.dateline] == places
    for name, start, end in page.dateline:
        assert page.body[start:end] == name


def test_date_on_its_own_line_and_no_dateline():
    page = parse_text(f"Newsroom\nPress release\nA title for the release\n25 July 2013\n{BODY}", "t.txt")
    assert (page.title, page.date, page.date_from, page.kind) == (
        "A title for the release", dt.date(2013, 7, 25), "line", "Press release")
    assert page.dateline == [] and page.body == BODY


def test_date_line_before_the_title_and_date_field():
    assert parse_text(f"2013-07-25\nA title for the release\n{BODY}", "t.txt").date == dt.date(2013, 7, 25)
    page = parse_text(f"A title for the release\n- Date: 25 July 2013\n- Source:\n- OSCE Mission to Skopje\n{BODY}", "t.txt")
    assert (page.date, page.date_from, page.sources) == (dt.date(2013, 7, 25), "field", ["OSCE Mission to Skopje"])


def test_furniture_captions_and_contacts_are_not_body():
    text = ("# source: https://www.osce.org/skopje/123\nImage\nA title for the release\n"
            "Photo: OSCE/Someone\nSKOPJE, 1 June 2012 – " + BODY + "\n"
            "Participants of the course in Skopje, 1 June 2012. (OSCE/Mirvete Karaga)\n"
            "The course lasts a week.\nContacts\nPress Office\nPhone: +389 2 3234 000\npress@osce.org")
    page = parse_text(text, "t.txt")
    assert page.url == "https://www.osce.org/skopje/123"
    assert page.title == "A title for the release"
    assert page.body == "SKOPJE, 1 June 2012 – " + BODY + "\n\nThe course lasts a week."


def test_reposting_tag_is_split_from_the_title_only_for_known_names():
    text = f"Ukraine: Press Statement of the Special Monitoring Mission\nKYIV, 2 May 2016 – {BODY}"
    assert parse_text(text, "t.txt", {"Ukraine"}).title == "Press Statement of the Special Monitoring Mission"
    assert parse_text(text, "t.txt", set()).title.startswith("Ukraine: ")


def test_a_page_without_a_date_is_refused_with_the_file_name():
    with pytest.raises(PageError) as info:
        parse_text(f"A title for the release\n{BODY}", "undated.txt")
    assert str(info.value).startswith("undated.txt: no recognisable date")


def test_a_page_that_starts_with_the_body_has_no_title():
    with pytest.raises(PageError) as info:
        parse_text(f"VIENNA, 25 July 2013 – {BODY}", "untitled.txt")
    assert "no recognisable title" in str(info.value)


def test_invalid_dates_are_not_dates():
    with pytest.raises(PageError):
        parse_text(f"A title for the release\nVIENNA, 31 February 2013 – {BODY}", "t.txt")


def test_html_article_goes_through_the_same_path():
    html = """<html><head><title>OSCE site</title><link rel="canonical" href="https://www.osce.org/skopje/9"></head>
    <body><nav><ul><li>Arms control</li><li>Field operations</li></ul></nav>
    <article><h1>A title for the release</h1><time datetime="2012-06-01T10:00:00Z">1 June 2012</time>
    <p>SKOPJE, 1 June 2012 – The OSCE Mission to Skopje today opened a <b>training</b> course.</p>
    <p>The course lasts a week.</p></article><footer>Contacts</footer></body></html>"""
    page = parse_text(html_to_text(html), "t.html")
    assert (page.title, page.date, page.url) == ("A title for the release", dt.date(2012, 6, 1), "https://www.osce.org/skopje/9")
    assert page.body == "SKOPJE, 1 June 2012 – The OSCE Mission to Skopje today opened a training course.\n\nThe course lasts a week."


def test_photo_caption_before_the_dateline_or_the_date_line():
    caption = "Feridun H. Sinirlioğlu (centre) at the event on education in Chisinau, 21 April 2022."
    with_dateline = parse_text(f"A title for the release\nImage\n{caption}\nCHISINAU, 21 April 2022 – {BODY}", "t.txt")
    assert with_dateline.body == f"CHISINAU, 21 April 2022 – {BODY}"
    with_line = parse_text(f"A title for the release\n{caption}\n21 April 2022\n{BODY}", "t.txt")
    assert (with_line.date, with_line.body) == (dt.date(2022, 4, 21), BODY)
    uncredited = "Participants of the course, Skopje, 1 June 2012."
    short_first = parse_text(f"A title for the release\n{uncredited}\nSKOPJE, 1 June 2012 – {BODY}", "t.txt")
    assert short_first.body == f"SKOPJE, 1 June 2012 – {BODY}"
