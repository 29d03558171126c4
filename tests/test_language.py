from cleaners.language import PREFIX_CHARS, detect_language

ENGLISH = "The committee will publish its report next week, after hearing from witnesses. " * 3
GERMAN = "Der Ausschuss wird seinen Bericht nächste Woche veröffentlichen, nach der Anhörung. " * 3
RUSSIAN = "Комитет опубликует свой доклад на следующей неделе после заслушивания свидетелей. " * 3


def test_detects_the_language_with_its_probability():
    assert detect_language(ENGLISH)[0] == "en"
    assert detect_language(GERMAN)[0] == "de"
    lang, prob = detect_language(RUSSIAN)
    assert lang == "ru" and 0.9 < prob <= 1.0


def test_results_are_repeatable():
    assert {detect_language(GERMAN) for _ in range(5)} == {detect_language(GERMAN)}


def test_only_the_prefix_is_read():
    text = ENGLISH * 5
    assert len(text) > PREFIX_CHARS
    assert detect_language(text + GERMAN * 20) == detect_language(text[:PREFIX_CHARS])


def test_text_without_letters_has_no_language():
    assert detect_language("") == (None, None)
    assert detect_language("12 345 -- 2024") == (None, None)
