"""Georgian and Russian word stems (issue 17): a workplace's case forms meet its
dictionary form. The words are the project's own, not rows of the ka/ru sets."""

from __future__ import annotations

import pytest

from matching.occupations.stems import georgian_stem, russian_stem, title_stems, word_stem


@pytest.mark.parametrize(
    "forms",
    [
        # nominative, genitive, locative -ში, -ზე, plural, plural genitive
        ["ტყე", "ტყის", "ტყეში"],
        ["სახერხი", "სახერხის", "სახერხში", "სახერხები", "სახერხების"],
        ["სასადილო", "სასადილოს", "სასადილოში", "სასადილოსთვის"],
        ["მაღარო", "მაღაროს", "მაღაროში", "მაღაროები"],
        ["პლანტაცია", "პლანტაციის", "პლანტაციაში", "პლანტაციაზე"],
        ["ფერმა", "ფერმიდან", "ფერმასთან", "ფერმები"],
        # Latin-typed Georgian, spelt variously, meets Mkhedruli
        ["ქვაბსახლი", "kvabsakhlis", "qvabsaxlshi", "kvabsaxli"],
        ["ფურნე", "furnis", "purneshi"],
        # Russian case forms
        ["прачечная", "прачечной", "прачечную"],
        ["котельная", "котельной", "котельную"],
        ["лесопилка", "лесопилки", "лесопилку", "лесопилке"],
    ],
)
def test_forms_meet(forms: list[str]) -> None:
    assert len({word_stem(w) for w in forms}) == 1, [word_stem(w) for w in forms]


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("ტყე", "ტყავი"),  # forest, leather
        ("ბაღი", "ბარი"),  # garden, bar
        ("склад", "сад"),
        ("ферма", "фирма"),
    ],
)
def test_different_words_stay_apart(left: str, right: str) -> None:
    assert word_stem(left) != word_stem(right)


def test_stems_keep_short_words_and_vowel_stems() -> None:
    assert georgian_stem("ხე") == "ხე"  # two letters stay
    assert georgian_stem("სამზარეულოში") == "სამზარეულო"  # -o and -u are the word's own
    assert russian_stem("бар") == "бар"  # three letters stay
    assert russian_stem("швеиного") == "швеин"  # folded й


def test_title_stems_split_hyphens_and_fold() -> None:
    assert title_stems("Ქოლ-ცენტრის ოპერატორი") == [
        word_stem("ქოლ"),
        word_stem("ცენტრი"),
        word_stem("ოპერატორი"),
    ]
    assert title_stems("") == []
