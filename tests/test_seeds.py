"""The five seed texts define what "clean" means: every clutter line goes, every article
line stays, the headline is the title and not part of the text."""

from __future__ import annotations

import pytest

from cleaners import clean_text

PRESS_TV_TAIL = [
    "Press TV’s website can also be accessed at the following alternate addresses:",
    "SHARE THIS ARTICLE",
    "Press TV News Roku",
]

SEEDS = {
    "000_547f3fb860c186dc.txt": {
        "title": "Russia to US: Seal Turkey-Syria border to stop terrorists inflow",
        "clutter": ["News   /   Russia", "www.presstv.ir", *PRESS_TV_TAIL],
    },
    "001_c95f25a13bd07841.txt": {
        "title": "Terrorists in Syria get arms via Turkey border: Russia",
        "clutter": [
            "News   /   Russia   /   News",
            # A caption fragment above the first paragraph, not a sentence of the story.
            "Russia’s Defense Ministry spokesman Major General Igor Konashenkov",
            "Press TV’s website can also be accessed at the following alternate addresses:",
            "Press TV News Roku",
        ],
    },
    "002_00a68a702aa2d2c6.txt": {
        "title": "Russia Registers Movement of Militants, Weapons From Turkey to Syria",
        "clutter": [
            "- Sputnik International",
            "World",
            "Get the latest news from around the world, live coverage, off-beat stories, "
            "features and analysis.",
            "Shot with an extreme telephoto lens and through haze from the outskirts of Suruc "
            "at the Turkey-Syria border, militants with the Islamic State group are seen after "
            "placing their group's flag on a hilltop at the eastern side of the town of Kobani, "
            "Syria (File) - Sputnik International",
            "Subscribe",
            "Turkish-backed Syrian opposition forces, one carrying a Turkish flag, patrol in "
            "Dabiq, Syria (File) - Sputnik International",
            "Turkey 'Can Play Either Positive or Negative Role in Syria's Future'",
            "Newsfeed",
            "0",
            "To participate in the discussion",
            "log in or register",
            "loader",
            "Chats",
            "Заголовок открываемого материала",
        ],
    },
    "003_0c38d4ad67123643.txt": {
        "title": "Russia urges to close Syrian-Turkish border",
        "modified": "2016-04-02T09:20",
        "clutter": [
            "Updated: 2016-04-02 09:20",
            "(Xinhua)",
            "|",
            "||||||||",
            "Most Viewed",
            "Editor's Picks",
            "Today's Top News",
            "US Weekly",
            # Every line of the headline lists after the story, with or without bullets/pipes.
            *[
                f"- {headline}"
                for headline in (
                    "Damaged ancient columns seen in Syria",
                    "China appoints special envoy for Syria",
                    "Kerry to travel to Russia, meet Putin on Syria next week",
                    "China to deliver committed humanitarian aids to Syria soon: diplomat",
                    "Putin says Russians to start withdrawing from Syria, as peace talks resume",
                    "Daily life of children in Syria",
                    "Daily life in Syria",
                    "Xi: Talks 'only correct way' for China, ROK",
                    "Xi to Obama: Disputes should be managed",
                    "Cypriot court remands in custody man suspected of hijacking EgyptAir flight",
                    "Govt eyes luxury tourists amid concerns over safety",
                    "Sleep tight and don't let sharks bite at Paris aquarium",
                    "Aung San Suu Kyi appointed as Myanmar's new foreign minister",
                    "Xi tells Obama disputes should avoid misunderstandings",
                    "BYD launches two new electric models, Qin EV and e5",
                    "Discover beautiful China in Spring blossom (II)",
                    "Xi calls for bigger progress in China-Denmark ties",
                    "China move into the final stage of Asia qualifiers after 15 years",
                    "Grief, anger engulf Taiwan as suspected killer of girl arrested",
                    "Stolen Buddha statue head arrives in Hebei museum",
                    "Top 10 best-selling beers in the world",
                )
            ],
            "Anti-graft campaign targets poverty relief |",
            "Cherry blossom signal arrival of spring |",
            "In pictures: Destroying fake and shoddy products |",
            "China's southernmost city to plant 500,000 trees |",
            "Cavers make rare finds in Guangxi expedition |",
            "Cutting hair for Longtaitou Festival |",
            "Marriott unlikely to top Anbang offer for Starwood: Observers",
            "Chinese biopharma debuts on Nasdaq",
            "What ends Jeb Bush's White House hopes",
            "Investigation for Nicolas's campaign",
            "Will US-ASEAN meeting be good for region?",
            "Accentuate the positive in Sino-US relations",
            "Dangerous games on peninsula will have no winner",
            "National Art Museum showing 400 puppets in new exhibition",
            "Geared to go |",
            "The place to be |",
        ],
    },
    "004_caba7b9c3f013d6f.txt": {
        "title": "Russian FM insists on halting Turkey's aggression in Syria",
        "clutter": ["News   /   Russia", "www.presstv.co.uk", *PRESS_TV_TAIL],
    },
}


def _squash(line: str) -> str:
    """Whitespace-normalised (the seeds use non-breaking spaces in places)."""
    return " ".join(line.split())


def _lines(text: str) -> list[str]:
    return [_squash(line) for line in text.splitlines() if line.strip()]


@pytest.fixture(params=sorted(SEEDS))
def seed(request, shared_dir):
    name = request.param
    text = (shared_dir / "seeds" / name).read_text(encoding="utf-8")
    return name, text, clean_text(text)


def test_seed_expectations_cover_real_lines(seed):
    name, text, _ = seed
    lines = set(_lines(text))
    expected = SEEDS[name]
    missing = [c for c in expected["clutter"] + [expected["title"]] if _squash(c) not in lines]
    assert missing == [], "expectation names a line that is not in the seed"


def test_every_clutter_line_is_removed(seed):
    name, _, record = seed
    kept = set(_lines(record.text))
    left_in = [line for line in SEEDS[name]["clutter"] if _squash(line) in kept]
    assert left_in == []


def test_every_article_line_stays_in_order(seed):
    name, text, record = seed
    expected = SEEDS[name]
    dropped = {_squash(c) for c in expected["clutter"]} | {expected["title"]}
    article = [line for line in _lines(text) if line not in dropped]
    assert _lines(record.text) == article


def test_headline_is_the_title_and_not_in_text(seed):
    name, _, record = seed
    assert record.title == SEEDS[name]["title"]
    assert record.title not in record.text


def test_every_removed_line_is_reported_with_its_rule(seed):
    _, text, record = seed
    removed = [_squash(removal.text) for removal in record.removed]
    assert sorted(removed + _lines(record.text)) == sorted(_lines(text))
    assert all(removal.rule for removal in record.removed)


def test_updated_line_becomes_modified_date(shared_dir):
    record = clean_text((shared_dir / "seeds" / "003_0c38d4ad67123643.txt").read_text())
    assert record.modified == SEEDS["003_0c38d4ad67123643.txt"]["modified"]
    assert "Updated" not in record.text


def test_seed_records_are_english_with_high_probability(seed):
    _, _, record = seed
    assert record.language == "en"
    assert record.language_probability > 0.9


def test_cleaning_a_seed_twice_gives_identical_records(seed):
    _, text, record = seed
    assert clean_text(text).to_dict() == record.to_dict()
