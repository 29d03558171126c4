"""Rules that look at neighbouring lines: each with a text it must clean and one it must
leave alone."""

import pytest

from cleaners import clean_html, clean_text, rules
from cleaners.rules import blocks

P1 = "The factory will close in March, the company said on Monday, and 300 jobs will go."
P2 = "Unions said they would ask the regional government to find a buyer for the site."
P3 = "The company has been losing money for three years as demand for its products fell."


def _rules(record, text):
    return [r.rule for r in record.removed if r.text == text]


def test_link_list_after_the_story_goes():
    teasers = ["Mayor opens new library", "Rail strike called off", "Heatwave to end on Friday"]
    record = clean_text("\n".join(["Factory to close", P1, P2, *teasers]))
    assert record.text == f"{P1}\n{P2}"
    assert all(_rules(record, t) == ["related_links"] for t in teasers)


def test_an_articles_own_list_stays():
    listed = ["- free bus passes", "- a new youth centre", "- longer library hours"]
    text = "\n".join(["Council budget", P1, "The budget includes:", *listed, P2])
    assert clean_text(text).text.splitlines()[-4:] == listed + [P2]
    schedule = ["June 9 - Leeds Arena", "June 12 - Glasgow Hydro", "June 14 - Cardiff Castle"]
    assert clean_text("\n".join(["Tour dates", P1, P2, *schedule])).text.endswith(schedule[-1])


def test_headlines_under_a_link_box_label_go_until_the_next_paragraph():
    text = "\n".join(
        ["Factory to close", P1, "Read more", "Port expansion approved", "Bakery wins award", P2]
    )
    record = clean_text(text)
    assert record.text == f"{P1}\n{P2}"
    assert _rules(record, "Bakery wins award") == ["related_links"]


def test_captions_stamped_with_the_site_name_go_with_the_teaser_under_them():
    text = "\n".join(
        [
            "- Example Wire",
            "Factory to close",
            P1,
            "Workers at the gate on Monday - Example Wire",
            "Town fears for its future",
            P2,
        ]
    )
    record = clean_text(text)
    assert record.text == f"{P1}\n{P2}"
    assert _rules(record, "Town fears for its future") == ["related_teaser"]


def test_a_long_caption_stamped_with_the_site_name_goes():
    caption = (
        "Workers at the gate on Monday, as the last shift left the plant that has made "
        "garden tools in the town since 1921, and their families - Example Wire"
    )
    text = "\n".join(["Factory to close", P1, "Example Wire", caption, P2])
    record = clean_text(text)
    assert record.text == f"{P1}\n{P2}"
    assert _rules(record, caption) == ["site_stamped_caption"]


def test_a_line_longer_than_a_caption_is_no_caption_even_stamped_with_the_site_name():
    paragraph = " ".join([P1, P2, P3, P1, P2, P3, P1]) + " - Example Wire"
    assert len(paragraph) > blocks.STAMP_MAX_CHARS
    text = "\n".join(["Factory to close", P1, "Example Wire", paragraph, P2])
    assert paragraph in clean_text(text).text


def test_a_list_item_ending_in_the_site_name_is_no_caption():
    caption = "Workers at the gate on Monday - Example Wire"
    items = ["- Flood maps - Example Wire", "- Sandbag depots - Example Wire"]
    text = "\n".join(["Factory to close", P1, "Example Wire", caption, P2, "Guides:", *items])
    record = clean_text(text)
    assert all(item in record.text for item in items)
    assert _rules(record, caption) == ["site_stamped_caption"]


def test_a_dash_in_a_sentence_does_not_make_a_site_name():
    line = "Workers gathered at the gate on Monday morning - Anna Berg"
    text = "\n".join(["Factory to close", P1, line, P2])
    assert line in clean_text(text).text


def test_press_release_boilerplate_goes_from_about_heading_to_the_end():
    text = "\n".join(
        [
            "Acme opens plant",
            P1,
            P2,
            P3,
            "About Acme",
            "Acme is a leading maker of garden tools with 2,000 staff in 12 countries.",
            "Media contact: press@acme.example",
        ]
    )
    record = clean_text(text)
    assert record.text == f"{P1}\n{P2}\n{P3}"
    assert _rules(record, "About Acme") == ["press_release_boilerplate"]


def _press_release(tail_lines):
    """A story of 12 paragraphs, then an 'About Acme' tail of `tail_lines` lines."""
    contacts = [f"Media contact {i}: press{i}@acme.example" for i in range(tail_lines - 2)]
    about = ["About Acme", "Acme makes garden tools and employs 2,000 staff.", *contacts]
    return "\n".join(["Acme opens plant", *[P1, P2, P3] * 4, *about])


def test_press_release_boilerplate_of_the_most_lines_goes_and_one_line_more_stays():
    record = clean_text(_press_release(blocks.BOILERPLATE_MAX_LINES))
    assert record.text == "\n".join([P1, P2, P3] * 4)
    record = clean_text(_press_release(blocks.BOILERPLATE_MAX_LINES + 1))
    assert record.text.startswith("\n".join([P1, P2, P3] * 4) + "\nAbout Acme\n")
    assert not any(r.rule == "press_release_boilerplate" for r in record.removed)


def test_a_listicle_of_companies_keeps_every_item_after_a_company_intro():
    items = []
    for name in ("Acme", "Brightside", "Cobalt"):
        items += [
            f"{name} is a leading moving company with 25 years of experience in the city.",
            f"{name} moves homes and offices, packs for you, and stores what does not fit in "
            "the new place at a flat monthly rate.",
            f"Customers praise {name} for arriving on time and for careful work on stairs, "
            "though some found its weekend prices high.",
        ]
    text = "\n".join(["The best movers in town", P1, P2, *items])
    assert clean_text(text).text == "\n".join([P1, P2, *items])


def test_a_company_described_early_in_a_story_stays():
    intro = "Acme is a leading maker of garden tools, and its plant employs 300 people."
    text = "\n".join(["Acme plant to close", intro, P1, P2, P3])
    assert intro in clean_text(text).text


def test_header_lines_above_the_first_paragraph_are_not_text():
    record = clean_text("\n".join(["Business", "Factory to close", "By Anna Berg", P1, P2]))
    assert record.title == "Factory to close"
    assert record.text == f"{P1}\n{P2}"


def test_text_without_a_headline_keeps_its_first_paragraph():
    record = clean_text(f"{P1}\n{P2}")
    assert record.title == ""
    assert record.text == f"{P1}\n{P2}"


def test_html_dek_equal_to_description_goes_but_a_copied_first_paragraph_stays():
    def page(description, lead):
        return (
            f'<html><head><meta name="description" content="{description}"></head><body>'
            f"<article><h1>Factory to close</h1><p>{lead}</p><p>{P1}</p><p>{P2}</p><p>{P3}</p>"
            "</article></body></html>"
        )

    dek = "Three hundred jobs to go at the last factory in town"
    record = clean_html(page(dek, dek))
    assert dek not in record.text and ("standfirst", dek) in [
        (r.rule, r.text) for r in record.removed
    ]
    lead = "Three hundred jobs will go at the last factory in town, its owner said on Monday."
    assert clean_html(page(lead, lead)).text.startswith(lead)


def test_html_headline_repeated_above_the_story_goes_but_a_headline_that_is_all_the_text_stays():
    def page(*paragraphs):
        body = "".join(f"<p>{p}</p>" for p in paragraphs)
        return (
            "<html><head><title>Factory to close</title></head><body><article>"
            f"<h1>Factory to close</h1>{body}</article></body></html>"
        )

    record = clean_html(page(P1, P2))
    assert record.title == "Factory to close"
    assert record.text == f"{P1}\n{P2}"
    assert ("title", "Factory to close") in [(r.rule, r.text) for r in record.removed]
    # A bare headline alone is no text.
    assert clean_html(page()).text == ""



@pytest.mark.parametrize(
    ("title", "headline", "removed"),
    [
        ("Factory to close in March after 40 years", "Factory to close in March", True),
        ("Factory to close", "Factory to close: what it means for the town", True),
        ("Factory to close in March after 40 years", "Factory to close", False),
    ],
)
def test_html_headline_truncating_the_title_or_adding_a_short_tail_goes(title, headline, removed):
    page = (
        f'<html><head><meta property="og:title" content="{title}"></head><body><article>'
        f"<h1>{headline}</h1><p>{P1}</p><p>{P2}</p></article></body></html>"
    )
    record = clean_html(page)
    assert (("title", headline) in [(r.rule, r.text) for r in record.removed]) == removed


def test_a_headline_that_is_all_the_text_and_reads_as_prose_stays():
    # A link post: its headline is a sentence and the only text the page has.
    post = 'Mayor to council: "We will not close the library," she said on Monday.'
    page = (
        f"<html><head><title>{post}</title></head><body><article><h1>{post}</h1>"
        "</article></body></html>"
    )
    record = clean_html(page)
    assert record.text == post
    assert not any(r.rule == "title" for r in record.removed)


def _authored_page(*paragraphs):
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        '<html><head><meta name="author" content="Anna Berg"></head><body>'
        f"<article><h1>Factory to close</h1>{body}</article></body></html>"
    )


def test_the_authors_bio_under_the_story_goes():
    bio = (
        "Anna Berg is a business reporter who has covered industry in the region for ten "
        "years; before that she wrote about farming for a weekly paper."
    )
    record = clean_html(_authored_page(P1, P2, P3, bio))
    assert record.text == f"{P1}\n{P2}\n{P3}"
    assert _rules(record, bio) == ["author_bio"]


def test_an_authors_bio_goes_only_as_a_short_tail():
    bio = "Anna Berg is a business reporter who has covered industry in the region for years."
    notes = [f"Note {i}: the plant made {i * 10} tools a day in its best year." for i in range(16)]
    story, after = [P1, P2, P3, *notes[:8]], notes[8:]
    longest = after[: blocks.BOILERPLATE_MAX_LINES - 1]
    record = clean_html(_authored_page(*story, bio, *longest))
    assert record.text == "\n".join(story)
    record = clean_html(_authored_page(*story, bio, *after))
    assert record.text == "\n".join([*story, bio, *after])
    long_bio = " ".join([bio] * 20)  # more words than BOILERPLATE_MAX_WORDS
    record = clean_html(_authored_page(*story, long_bio))
    assert record.text == "\n".join([*story, long_bio])


def test_bios_are_looked_for_under_the_first_authors_only(monkeypatch):
    # Every prose line is compared with every name: a page's metadata may list a thousand.
    bio = "Anna Berg is a business reporter who has covered industry in the region for years."
    page = _authored_page(P1, P2, P3, bio)
    assert _rules(clean_html(page), bio) == ["author_bio"]
    monkeypatch.setattr(blocks, "MAX_AUTHOR_NAMES", 1)
    two = page.replace('content="Anna Berg"', 'content="Tom Li; Anna Berg"')
    assert bio in clean_html(two).text


def test_the_authors_bio_goes_whichever_apostrophe_the_metadata_and_the_text_use():
    page = _authored_page(P1, P2, P3, "Conan O’Brien is a reporter who covers the region.")
    record = clean_html(page.replace("Anna Berg", "Conan O'Brien"))
    assert record.text == f"{P1}\n{P2}\n{P3}"
    record = clean_html(page.replace("Anna Berg", "Conan O’Brien"))
    assert record.text == f"{P1}\n{P2}\n{P3}"


def test_a_paragraph_naming_the_author_inside_the_story_stays():
    own = (
        "Anna Berg, who reported from the plant on Monday, was told by workers that the "
        "closure had been expected since the spring."
    )
    record = clean_html(_authored_page(own, P1, P2, P3))
    assert own in record.text
    quoted = "Unions said they would meet the owners again on Friday to discuss the plan."
    record = clean_html(_authored_page(P1, P2, P3, quoted))
    assert record.text.endswith(quoted)


@pytest.mark.parametrize("site_name", ["Factory News", "The factory closes", "THE FACTORY CLOSES"])
def test_a_site_name_that_is_the_headline_names_no_site(site_name):
    # Some pages give their headline as og:site_name: a section heading with the same
    # words is then no site-name line. A site name of its own still is.
    text = "\n".join([P1, "The factory closes", P2, "Factory News", P3])
    record = rules.apply(
        text, title="The factory closes", site_name=site_name, from_html=True, article=True
    )
    lines = record.text.splitlines()
    assert "The factory closes" in lines
    assert ("Factory News" in lines) is (site_name != "Factory News")


def test_a_headline_that_is_the_domains_name_is_the_sites_name():
    # og:title set to the site's name: its lines are still site-name lines.
    text = "\n".join([P1, P2, "Factory News", P3])
    record = rules.apply(
        text,
        title="Factory News",
        site_name="Factory News",
        domain="www.factory-news.com",
        from_html=True,
        article=True,
    )
    assert "Factory News" not in record.text.splitlines()
