"""Generic rules beyond the seeds: other wording, other sites, other languages must be
cleaned, and article sentences that merely mention the same things must stay.

Every rule has at least one case it must clean and one it must leave alone; the last test
checks that, so a new rule cannot land without both."""

from __future__ import annotations

import pytest

from cleaners import clean_html, clean_text
from cleaners.rules import dates, phrases
from cleaners.rules.lines import Line

HEADLINE = "Council approves new budget for city parks"
BEFORE = (
    "The city council on Tuesday approved a budget that doubles spending on parks, "
    "after a debate that lasted more than four hours."
)
AFTER = (
    "The mayor said the first projects would start in spring, and that residents would "
    "be consulted on each of them before any work begins."
)


def _story(line: str, at_end: bool = False) -> str:
    """A small article with `line` between two paragraphs (or after them)."""
    if at_end:
        return f"{HEADLINE}\n\n{BEFORE}\n\n{AFTER}\n\n{line}\n"
    return f"{HEADLINE}\n\n{BEFORE}\n\n{line}\n\n{AFTER}\n"


# (rule id, clutter line, placed after the story?)
CLUTTER = [
    ("share_prompt", "Share this story", False),
    ("share_prompt", "Share on WhatsApp", False),
    ("share_prompt", "Facebook Twitter LinkedIn Email", False),
    ("share_prompt", "Follow us on Instagram and TikTok", True),
    ("share_prompt", "Follow us", True),
    ("share_prompt", "Diesen Artikel teilen", False),
    ("share_prompt", "Partager cet article", False),
    ("share_prompt", "Compartilhe esta notícia", False),
    ("share_prompt", "Поделиться", False),
    ("share_prompt", "Like this story? Share it with a friend!", True),
    ("share_prompt", "Partager sur Facebook", False),
    ("share_prompt", "Auf WhatsApp teilen", False),
    ("share_prompt", "Compartir en Twitter", False),
    ("share_prompt", "Compartilhar no WhatsApp", False),
    ("share_prompt", "Поделиться в Telegram", False),
    ("share_prompt", "Join our WhatsApp channel for the latest updates", True),
    ("share_prompt", "Подписывайтесь на наш канал в Telegram", True),
    ("newsletter_prompt", "Sign up for our daily briefing newsletter", True),
    ("newsletter_prompt", "SUBSCRIBE NOW", False),
    ("newsletter_prompt", "Newsletter abonnieren", False),
    ("newsletter_prompt", "Suscríbete a nuestro boletín diario", False),
    ("newsletter_prompt", "Подпишитесь на рассылку", False),
    ("newsletter_prompt", "Thanks for signing up!", False),
    ("newsletter_prompt", "Already have an account? Log in", False),
    ("newsletter_prompt", "Abonnez-vous à notre newsletter", True),
    ("newsletter_prompt", "Jetzt kostenlos für unseren Newsletter anmelden", True),
    ("newsletter_prompt", "Inscreva-se na newsletter e receba as notícias do dia", True),
    ("newsletter_prompt", "Recevez chaque matin l'essentiel de l'actualité.", True),
    (
        "newsletter_prompt",
        "Get the latest headlines delivered right to your inbox every morning.",
        True,
    ),
    ("app_promo", "Download our free app for iOS and Android", True),
    ("app_promo", "Get it on Google Play", True),
    ("app_promo", "Daily Herald TV Apple TV", True),
    ("app_promo", "Jetzt die App herunterladen", True),
    ("app_promo", "Скачайте наше приложение", True),
    ("comment_widget", "To join the conversation, please log in or register", True),
    ("comment_widget", "Leave a comment", True),
    (
        "comment_widget",
        "This topic was automatically closed after 30 days. New replies are no longer allowed.",
        True,
    ),
    ("comment_widget", "Comments (12)", True),
    ("comment_widget", "Kommentare (3)", True),
    ("comment_widget", "Laisser un commentaire", True),
    ("comment_widget", "Um zu kommentieren, melden Sie sich bitte an.", True),
    ("comment_widget", "Connectez-vous pour commenter", True),
    ("comment_widget", "Inicia sesión para comentar", True),
    ("comment_widget", "Sign in to join the discussion", True),
    ("comment_widget", "Чтобы оставить комментарий, авторизуйтесь или зарегистрируйтесь", True),
    ("section_label", "Most Read", True),
    ("section_label", "Editors' Choice", True),
    ("section_label", "You might also like", True),
    ("section_label", "Meistgelesen", True),
    ("section_label", "Les plus lus", True),
    ("section_label", "Lo más leído", True),
    ("section_label", "Читайте также", True),
    (
        "alternate_addresses",
        "This site can also be reached at the following mirror addresses:",
        True,
    ),
    ("alternate_addresses", "Unsere Website ist auch unter folgenden Adressen erreichbar", True),
    (
        "alternate_addresses",
        "You are reading the Gazette at gazette.example. If this page does not load, this "
        "article is also available at our alternate address www2.gazette.example.",
        True,
    ),
    (
        "alternate_addresses",
        "Having trouble loading the Gazette? Read this story at our alternate address "
        "www2.gazette.example.",
        True,
    ),
    ("alternate_addresses", "Наш сайт также доступен по следующим адресам:", True),
    ("site_tagline", "Read the latest news and analysis from across Europe.", False),
    ("site_tagline", "Your trusted source for local news, sports and weather", False),
    ("byline", "By Maria Gonzalez and Tom Li", False),
    ("byline", "Von Anna Schmidt", False),
    ("credit_line", "5 min read", False),
    ("credit_line", "(Reporting by Jane Doe; Editing by John Smith)", True),
    ("credit_line", "(AFP)", True),
    ("credit_line", "Photo: Jan Novak", True),
    (
        "credit_line",
        "Reporting by Rosa Campos; additional reporting by Stefanie Keller, Sadiq Iqbal Ahmed "
        "and Gertrud Chavez-Dreyfus; Editing by Nick Zimmerman and Dan Greber",
        True,
    ),
    ("contact_prompt", "Follow her on Twitter @janedoe", True),
    ("contact_prompt", "Follow us on @harbourtown for updates", True),
    ("contact_prompt", "Email the reporter at jane.doe@example.org", True),
    ("contact_prompt", "Contact Jane Doe at jane.doe@example.org with story ideas", True),
    ("contact_prompt", "Have a tip? Send it to news@example.org or call us.", True),
    (
        "contact_prompt",
        "Have a tip? Amy Kuperman may be reached at akuperman@harbourmedia.example. Follow her "
        "on Twitter @AmyKup or on Facebook.",
        True,
    ),
    ("click_prompt", "CLICK HERE TO GET THE DAILY HERALD APP", True),
    ("newsletter_prompt", "Get the print edition every week for £2. Click here for details.", True),
    ("teaser_link", "Also on example.com Mayor unveils plan for new bridge", False),
    ("teaser_link", "READ MORE: Parks budget explained in five charts", False),
    ("teaser_link", "Lesen Sie auch: Wie die Stadt ihre Parks finanziert", False),
    ("teaser_link", "Leia também: Prefeitura anuncia novo parque", False),
    ("reader_prompt", "Tell us what you think in the comments below.", True),
    ("reader_prompt", "What do you think? Let us know.", True),
    ("reader_prompt", "Enjoyed this piece? Tell your friends about it.", True),
    ("support_appeal", "Support us", True),
    ("support_appeal", "Make a donation today", True),
    ("support_appeal", "Become a member", True),
    ("support_appeal", "Unterstützen Sie uns", True),
    (
        "markup_residue",
        '[button link="https://example.org/tips" type="big"] Send us a tip[/button]',
        True,
    ),
    ("page_chrome", "ADVERTISEMENT", False),
    ("page_chrome", "Story continues below advertisement", False),
    ("page_chrome", "Anzeige", False),
    ("page_chrome", "Skip to content", False),
    ("page_chrome", "Skip to product list", False),
    ("page_chrome", "Skip to footer", True),
    ("page_chrome", "Back to top", True),
    ("page_chrome", "Next article", True),
    ("teaser_link", "Next article: Council names new parks director", True),
    ("page_chrome", "Article précédent", True),
    ("page_chrome", "Tags: budget, parks, council", True),
    ("page_chrome", "Filed under: Politics", True),
    ("page_chrome", "Posted in Local News", True),
    ("page_chrome", "Listen to this article", False),
    ("page_chrome", "Podcast: Play in new window | Download (Duration: 13:55 — 9.6MB)", True),
    ("page_chrome", "Subscribe: Apple Podcasts | Spotify | RSS", True),
    ("page_chrome", "Learn more about our editorial process.", True),
    ("subscription_pitch", "This article is exclusive to Premium subscribers", False),
    ("subscription_pitch", "Unlock this article — plus analysis, newsletters and events.", False),
    (
        "subscription_pitch",
        "Sign up to join 120,000+ other subscribers and receive weekly emails from the editors.",
        True,
    ),
    (
        "subscription_pitch",
        "Love gardening? Our Weekend newsletter brings the best tips, delivered to your inbox.",
        True,
    ),
    (
        "subscription_pitch",
        "If you're enjoying this article, consider supporting our journalism by subscribing.",
        True,
    ),
    ("credit_line", "3 MIN. READ", False),
    ("credit_line", "Copyright 2019 Hawaii News Now. All rights reserved.", True),
    ("credit_line", "© Reuters", True),
    ("credit_line", "Copyright The Financial Times Limited 2024. All rights reserved.", True),
    ("subscription_pitch", "Subscribe to continue reading.", False),
    ("subscription_pitch", "This story is available to subscribers only.", False),
    ("subscription_pitch", "You have reached your limit of free articles.", False),
    ("subscription_pitch", "Enjoying this article? Consider subscribing.", True),
    ("page_chrome", "Podcast (The Daily Dirt): Download (Duration: 21:04 — 19.3MB)", True),
    ("page_chrome", "Subscribe: Apple Podcasts | Spotify | RSS | More", True),
    ("page_chrome", "Read our editorial policy", True),
    ("page_chrome", "Report an error", True),
    ("page_chrome", "Table of Contents", True),
    ("page_chrome", "In this article:", True),
    ("page_chrome", "Inhaltsverzeichnis", True),
    ("share_prompt", "Click to share on Facebook (Opens in new window)", True),
    ("section_label", "Trending Now", True),
    ("separator_only", "* * *", False),
    ("separator_only", "——————", False),
    ("counter", "42", True),
    ("breadcrumb", "Home › Local › Politics", False),
    ("breadcrumb", "Nachrichten > Politik > Inland", False),
    ("breadcrumb", "Home > Men's > Shoes", False),
    ("breadcrumb", "Home > Men’s > Shoes", False),
    ("breadcrumb", "Home  >  News\t›\tLocal", False),
    ("menu_item", "| Weather", True),
    ("foreign_script_label", "Последние новости", True),
    ("date_line.modified", "Last updated: 12 March 2021 14:05", False),
    ("date_line.modified", "Aktualisiert am 3. Mai 2020", False),
    ("date_line.published", "Published: 2021-03-12", False),
    ("date_line.published", "Publicado el 4 de junio de 2019", False),
]

# (rule id it must not trigger, article line)
ARTICLE = [
    ("page_chrome", "In this article, we compare the three largest cloud providers."),
    ("share_prompt", "Investors who share the bank's concerns sold their holdings on Monday."),
    ("share_prompt", "Share prices fell."),
    ("share_prompt", "Follow the money, the prosecutor told jurors, and you will find the motive."),
    ("share_prompt", "Follow us into the forest, the guide told the group."),
    (
        "newsletter_prompt",
        "More than 40,000 readers subscribe to the council's newsletter, officials said.",
    ),
    ("newsletter_prompt", "Residents can register at any library until the end of the month."),
    ("newsletter_prompt", "Already have an account with the bank? Many residents do not."),
    (
        "newsletter_prompt",
        "Farmers receive a payment every month from the regional fund, officials said.",
    ),
    ("share_prompt", "Users can share on Facebook only after the company approves their accounts."),
    ("comment_widget", "Readers had to log in to comment on the old site, the editor recalled."),
    ("app_promo", "The company said its new app had been downloaded two million times on Android."),
    ("app_promo", "Roku shares rose 5% after the streaming company reported strong results."),
    ("comment_widget", "The minister declined to comment on the leaked report."),
    ("comment_widget", "This topic was closed to the press, the minister said."),
    ("comment_widget", "Comments from residents will be published before the vote in June."),
    ("section_label", "The most read book in the library last year was a guide to local birds."),
    ("section_label", "Related costs, such as maintenance, are not included in the figure."),
    ("alternate_addresses", "The office moved to a new address in the city centre last year."),
    (
        "alternate_addresses",
        "Evacuated residents can collect their post at an alternative address, officials said.",
    ),
    (
        "alternate_addresses",
        "The list of polling stations is also available at the town hall and in libraries.",
    ),
    (
        "alternate_addresses",
        "Visitors can find the full plan at www.example.org, the council said.",
    ),
    (
        "site_tagline",
        "Readers wanted the latest news on the storm, so the station stayed on air all night.",
    ),
    ("byline", "By the numbers"),
    ("byline", "By Tuesday evening, most roads had reopened."),
    ("credit_line", "(The figures do not include inflation.)"),
    ("contact_prompt", "Police asked anyone with information to contact them on the usual number."),
    ("contact_prompt", "Fans can write to her at the club, or tag the team's account @harbourfc."),
    ("click_prompt", "Users only need to click here and there to change the settings, she said."),
    ("teaser_link", "Read more carefully, the contract gives the city the right to cancel."),
    ("teaser_link", "Next post office: Main Street, open until six on weekdays."),
    ("reader_prompt", "What do you think happens next, the judge asked the witness."),
    ("support_appeal", "Residents who want to support us can volunteer at the food bank."),
    ("subscription_pitch", "This article is exclusive to our readers in the city, he said."),
    ("subscription_pitch", "The club hopes to join 3 other leagues next year, its chairman said."),
    (
        "subscription_pitch",
        "The newsletter lands in your inbox every Friday, and most readers open it, she said.",
    ),
    ("page_chrome", "See our editorial policy on anonymous sources, which the board revised."),
    ("page_chrome", "The podcast, played in new windows of the app, drew a record audience."),
    ("credit_line", "The 3 min. read limit was set by the library, which lends e-books."),
    ("credit_line", "Copyright law gives authors the right to decide who copies their work."),
    ("credit_line", "Copyright Complexity in a Fragmented World"),
    ("credit_line", "Copyright: what every freelance photographer needs to know"),
    (
        "subscription_pitch",
        "Scammers sent a fake newsletter that was delivered to your inbox as an invoice.",
    ),
    (
        "subscription_pitch",
        "Once you sign up, the newsletter is sent to your inbox each Friday, the school says.",
    ),
    (
        "subscription_pitch",
        "More than 3,000 people signed up to join 40,000 other readers in the challenge.",
    ),
    (
        "subscription_pitch",
        "Fans who sign up now will join 1.2 million other subscribers, the company said.",
    ),
    (
        "subscription_pitch",
        "If you're enjoying our content, consider supporting us, the banner read, and it lied.",
    ),
    ("support_appeal", "She decided to donate her collection to the town museum in 2019."),
    ("markup_residue", "The budget [which passed 7-2] takes effect in July."),
    ("page_chrome", "Advertisements for the new park appeared on buses in May, the council said."),
    ("page_chrome", "Topics on the agenda included parks, roads and the new library."),
    ("page_chrome", "Skip the queue by booking online, the museum advised visitors."),
    ("page_chrome", "Skip to the results if you only want the numbers, the guide says."),
    ("separator_only", "5 / 7"),
    ("counter", "2024"),
    (
        "breadcrumb",
        "Prices rose 4% / 5% in the two regions, according to the report by the agency.",
    ),
    ("breadcrumb", "302ms → 261ms (14% faster)"),
    ("breadcrumb", "Height 9 in / 23 cm"),
    ("breadcrumb", "Height  9 in\t/\t23 cm"),
    ("breadcrumb", "Home  >  'Quoted'  >  x"),
    ("breadcrumb", "Home > 'Quoted' > x"),
    ("breadcrumb", "# Open-ended questions → agent with tools"),
    ("menu_item", "| Team | Wins | Losses |"),
    ("foreign_script_label", "The slogan on the banner read Слава труду and was painted in red."),
    ("date_line.modified", "Updated guidance on parks was published by the ministry last week."),
    ("date_line.published", "Published figures show a rise of 3% since 2019."),
]


@pytest.mark.parametrize(("rule", "line", "at_end"), CLUTTER)
def test_clutter_line_is_removed_by_its_rule(rule, line, at_end):
    record = clean_text(_story(line, at_end))
    assert [(r.rule, r.text) for r in record.removed if r.text == line] == [(rule, line)]
    assert record.text == f"{BEFORE}\n{AFTER}"
    assert record.title == HEADLINE


@pytest.mark.parametrize(("rule", "line"), ARTICLE)
def test_article_line_stays(rule, line):
    record = clean_text(_story(line))
    assert record.text == f"{BEFORE}\n{line}\n{AFTER}"


def test_a_line_longer_than_a_rule_allows_in_characters_is_not_tried_against_it():
    # Few words but many characters (a run of punctuation): byline allows 10 words.
    matcher = phrases.PhraseMatcher(phrases.generic_rules())
    longest = Line("By A" + "a" * (10 * phrases.MAX_CHARS_PER_WORD - 4))
    assert matcher.first_match(longest).id == "byline"
    assert matcher.first_match(Line(longest.text + "a")) is None
    assert matcher.first_match(Line("By A" + " ," * 5000 + " Lee")) is None


def test_alternate_addresses_take_the_domain_lines_under_them():
    text = _story(
        "Our website can also be accessed at the following alternative domains:\n"
        "example-news.org\nhttps://mirror.example-news.net\n\n"
        "www.example-news.co.uk",
        at_end=True,
    )
    record = clean_text(text)
    assert [r.rule for r in record.removed if r.rule == "alternate_addresses"] == [
        "alternate_addresses"
    ] * 4
    assert record.text == f"{BEFORE}\n{AFTER}"


def test_updated_line_sets_modified_date_in_iso_8601():
    record = clean_text(_story("Last updated: 12 March 2021 14:05"))
    assert record.modified == "2021-03-12T14:05"
    record = clean_text(_story("Publicado el 4 de junio de 2019"))
    assert record.published == "2019-06-04"


def test_relative_dates_are_not_taken_because_they_depend_on_the_clock():
    record = clean_text(_story("Updated: 3 hours ago"))
    assert record.modified is None
    assert "Updated: 3 hours ago" in record.text


def test_only_the_first_date_lines_of_a_page_are_read(monkeypatch):
    # dateparser takes up to 15 ms a line it cannot read: a page's date lines are read up
    # to MAX_DATE_LINES, and later ones stay in the text.
    monkeypatch.setattr(dates, "MAX_DATE_LINES", 2)
    lines = ["Updated: 12 March 2021", "Published: 4 June 2019", "Updated: 5 May 2020"]
    record = clean_text(_story("\n".join(lines)))
    assert (record.modified, record.published) == ("2021-03-12", "2019-06-04")
    assert "Updated: 5 May 2020" in record.text and "Published: 4 June" not in record.text


def test_every_generic_rule_has_a_case_to_clean_and_a_case_to_keep():
    html_only = {rule.id for rule in phrases.generic_rules() if rule.html_only}
    ids = {rule.id for rule in phrases.generic_rules()} - html_only
    ids |= {
        "separator_only",
        "counter",
        "breadcrumb",
        "menu_item",
        "foreign_script_label",
        "date_line.modified",
        "date_line.published",
    }
    cleaned = {rule for rule, _, _ in CLUTTER}
    kept = {rule for rule, _ in ARTICLE}
    assert ids - cleaned == set(), "rules without a text they must clean"
    assert ids - kept == set(), "rules without a text they must leave alone"


LISTING = [
    "{% if area not in ['unknown', 'unavailable'] %}",
    "{{ area }}",
    "{% endif %}",
    "}",
    "* * *",
]


def _page_with_code(code: str) -> str:
    return (
        f"<html><head><title>{HEADLINE}</title></head><body><article><h1>{HEADLINE}</h1>"
        f"<p>{BEFORE}</p><pre><code>{code}</code></pre><p>——————</p><p>{AFTER}</p>"
        "</article></body></html>"
    )


def test_the_lines_a_page_shows_as_code_are_kept_whole():
    # Template tags and closing braces are the listing, not markup residue or separators;
    # a separator outside the code still goes. (A line is kept wherever it stands if the
    # page shows the same line as code: the text does not say where each line came from.)
    record = clean_html(_page_with_code("\n".join(LISTING)), url="https://example.org/guide")
    assert record.text.splitlines() == [BEFORE, *LISTING, AFTER]
    assert ("separator_only", "——————") in [(r.rule, r.text) for r in record.removed]


def test_a_code_block_without_pre_is_kept_whole_too():
    page = _page_with_code("\n".join(LISTING)).replace("<pre><code>", '<div class="x"><code>')
    page = page.replace("</code></pre>", "</code></div>")
    record = clean_html(page, url="https://example.org/guide")
    assert record.text.splitlines() == [BEFORE, *LISTING, AFTER]


def _record(inner: str):
    page = (
        f"<html><head><title>{HEADLINE}</title></head><body><article><h1>{HEADLINE}</h1>"
        f"<p>{BEFORE}</p>{inner}<p>{AFTER}</p></article></body></html>"
    )
    return clean_html(page, url="https://example.org/guide")


def test_a_listing_is_read_as_the_page_shows_it():
    # Indented lines of a bare <pre>, and a listing highlighted span by span.
    bare = _record("<pre>{% for user in users %}\n    {{ user.name }}\n{% endfor %}</pre>")
    assert "{{ user.name }}" in bare.text.splitlines()
    spans = '<span class="k">if</span> (x) {\n  <span class="f">f</span>(x);\n'
    spans += '<span class="p">}</span>'
    assert "}" in _record(f"<pre><code>{spans}</code></pre>").text.splitlines()


def test_a_listing_in_a_dialog_the_story_is_shown_in_keeps_its_braces():
    listing = "<pre><code>if (x) {\n  f(x);\n}</code></pre>"
    page = (
        f"<html><head><title>{HEADLINE}</title></head><body>"
        "<div role='dialog' aria-modal='true'><article>"
        f"<h1>{HEADLINE}</h1><p>{BEFORE}</p>{listing}<p>{AFTER}</p></article></div></body></html>"
    )
    assert "}" in clean_html(page, url="https://example.org/guide").text.splitlines()


def test_a_listings_line_outside_the_listing_is_judged_as_any_line():
    # "* * *" in a listing stays; the same line between two paragraphs is a separator.
    record = _record(f"<pre>x = 1\n* * *\ny = 2</pre><p>{BEFORE}</p><p>* * *</p>")
    assert record.text.splitlines() == [BEFORE, "x = 1", "* * *", "y = 2", BEFORE, AFTER]


def test_a_word_in_code_in_a_sentence_or_alone_does_not_keep_the_same_clutter_line():
    record = _record("<p>Write <code>0</code> for none.</p><p>0</p><div><code>Share</code></div>")
    assert record.text.splitlines() == [BEFORE, "Write 0 for none.", AFTER]


def test_a_date_in_a_listing_does_not_date_the_page():
    record = _record("<pre>Last updated: 2019-03-01\nfix: crash on start</pre>")
    assert record.modified is None
    assert "Last updated: 2019-03-01" in record.text


def test_without_the_code_the_same_lines_are_clutter():
    page = _page_with_code("").replace("<pre><code></code></pre>", "<p>* * *</p>")
    assert clean_html(page, url="https://example.org/guide").text.splitlines() == [BEFORE, AFTER]
    assert clean_text("\n".join([BEFORE, *LISTING, AFTER])).text.splitlines() == [BEFORE, AFTER]
