"""Metadata on the record: from the page's own declarations, with the title cleaned."""

from cleaners import clean_html
from cleaners.rules.header import strip_site_from_title

PAGE = """<html><head>
<title>Storm closes airport - Example Times</title>
<meta property="og:title" content="Storm closes airport - Example Times">
<meta property="og:site_name" content="Example Times">
<meta name="description" content="Flights were cancelled as winds reached 120 km/h.">
<meta name="keywords" content="weather, airports">
<meta property="og:image" content="https://times.example.org/img/storm.jpg">
<link rel="canonical" href="https://times.example.org/storm-airport">
<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle",
 "headline": "Storm closes airport", "datePublished": "2021-02-03T08:00:00Z",
 "author": {"@type": "Person", "name": "Ann Lee"}}</script>
</head><body><article><h1>Storm closes airport</h1>
<p>All flights were cancelled on Wednesday as winds reached 120 km/h, the airport said.</p>
<p>Airlines advised passengers to check their bookings before travelling on Thursday.</p>
</article></body></html>"""


def test_record_carries_the_pages_metadata():
    record = clean_html(PAGE, url="https://times.example.org/storm-airport?utm_source=x")
    assert record.title == "Storm closes airport"
    assert record.url == "https://times.example.org/storm-airport?utm_source=x"
    assert record.canonical_url == "https://times.example.org/storm-airport"
    assert record.domain == "times.example.org"
    assert record.site_name == "Example Times"
    assert record.authors == ["Ann Lee"]
    assert record.published == "2021-02-03T08:00:00+00:00"
    assert record.image == "https://times.example.org/img/storm.jpg"
    assert record.license is None
    assert record.description == "Flights were cancelled as winds reached 120 km/h."
    assert record.language == "en"
    assert record.word_count == len(record.text.split()) + 1  # "km/h" is two \w+ tokens


def test_title_loses_the_site_name_only_when_it_names_the_site():
    assert strip_site_from_title(
        "Storm closes airport | Example Times", ["Example Times"], None
    ) == ("Storm closes airport")
    assert strip_site_from_title("Storm hits - ExampleTimes", [], "www.exampletimes.com") == (
        "Storm hits"
    )
    assert strip_site_from_title("Review: a quiet storm", ["Example Times"], None) == (
        "Review: a quiet storm"
    )


def test_a_page_with_no_article_gives_an_empty_text_not_an_error():
    record = clean_html("<html><body><nav><a href='/'>Home</a></nav></body></html>")
    assert record.text == ""
    assert record.word_count == 0


def test_page_bytes_are_decoded_as_the_page_declares():
    for charset, text in (
        ("windows-1251", "Привет, мир: это статья о погоде в Москве."),
        ("iso-8859-1", "Café à Malmö: déjà vu au marché ce matin."),
    ):
        page = (
            f'<html><head><meta charset="{charset}"><title>T</title></head><body><article>'
            f"<p>{text} {text}</p><p>{text}</p></article></body></html>"
        ).encode(charset)
        assert text in clean_html(page).text


def test_a_date_without_a_time_is_not_given_one():
    page = PAGE.replace("2021-02-03T08:00:00Z", "2021-02-03")
    assert clean_html(page).published == "2021-02-03"


def test_a_time_with_an_offset_keeps_it():
    page = PAGE.replace("2021-02-03T08:00:00Z", "2021-02-03T08:15:00+05:30")
    assert clean_html(page).published == "2021-02-03T08:15:00+05:30"


def test_a_declared_licence_is_carried():
    page = PAGE.replace(
        "</article>",
        '</article><footer><a rel="license" href="https://creativecommons.org/licenses/by/4.0/">'
        "CC BY 4.0</a></footer>",
    )
    assert clean_html(page).license == "CC BY 4.0"
