"""The schemes' own trades in Georgian and Russian (issue 17): titles that came out wrong
and the rules that fixed them, on the built-in catalogue and on full ESCO."""

from __future__ import annotations

from pathlib import Path

import pytest

from matching.occupations import Taxonomy, load_esco
from matching.occupations.normalizer import TitleNormalizer
from matching.occupations.taxonomy import ISCO_URI_PREFIX, OCCUPATION_URI_PREFIX, LabelKind

STRUCTURAL_IRONWORKER = OCCUPATION_URI_PREFIX + "691ec040-f5ad-47ef-8698-03212d66dbbf"
BUILDING_CLEANER = OCCUPATION_URI_PREFIX + "303a1e34-cb16-4054-b323-81e5eec17397"
COOK = OCCUPATION_URI_PREFIX + "90f75f67-495d-49fa-ab57-2f320e251d7e"

# A bare "installer" and the fitter-erector are the steel fitter of the schemes' ads, not
# the furniture assembler, marine fitter or machinery assembler whose labels hold the word.
FITTERS = ["მემონტაჟე", "ზეინკალ-მემონტაჟე", "Слесарь-монтажник", "zeinkal-memontaje"]
# One cleaner, whichever language the title is in.
CLEANERS = [
    "დამლაგებელი",
    "damlagebeli",
    "уборщица",
    "уборщик",
    "Reinigungskraft (m/w/d)",
    "Putzkraft",
    "sprzątaczka",
    "cleaner",
    "עובד ניקיון",
]
COOKS = ["מבשל", "מבשלת", "טבח", "მზარეული", "повар"]


@pytest.fixture(scope="module")
def esco_normalizer(esco_dir: Path) -> TitleNormalizer:
    taxonomy = load_esco(esco_dir, languages=["pl", "de"], with_skills=False)
    return TitleNormalizer(languages=["pl", "de"]).fit(taxonomy)


def _check_trades(normalizer: TitleNormalizer) -> None:
    for title in FITTERS:
        top = normalizer.normalize(title).top
        assert top.uri == STRUCTURAL_IRONWORKER, (title, top)
        assert not top.needs_review, title
    for title in CLEANERS:
        assert normalizer.normalize(title).top.uri == BUILDING_CLEANER, title
    for title in COOKS:
        assert normalizer.normalize(title).top.uri == COOK, title


def test_the_schemes_trades(builtin_normalizer: TitleNormalizer) -> None:
    _check_trades(builtin_normalizer)


@pytest.mark.esco
@pytest.mark.slow
def test_the_schemes_trades_on_full_esco(esco_normalizer: TitleNormalizer) -> None:
    _check_trades(esco_normalizer)
    # Full ESCO has an occupation in nearly every unit group: none is listed as a group.
    for title in ["Plasterers", "House builders", "штукатур", "Murarz", "კალატოზი"]:
        result = esco_normalizer.normalize(title)
        assert not any(m.is_isco_group for m in result), (title, result.matches)


@pytest.mark.parametrize(
    ("title", "group"),
    [("Plasterers", "7123"), ("House builders", "7111"), ("Cleaners and helpers in offices, "
     "hotels and other establishments", "9112"), ("штукатур", "7123"), ("მშენებელი", "7111")],
)  # fmt: skip
def test_a_group_label_stands_for_an_occupation_of_its_group(
    builtin_normalizer: TitleNormalizer, title: str, group: str
) -> None:
    result = builtin_normalizer.normalize(title)
    assert result.top.isco_group == group
    assert not result.top.is_isco_group
    # Only a group the catalogue has no occupation of may be listed as itself.
    groups = [m.isco_group for m in result if m.is_isco_group]
    assert all(builtin_normalizer.representative(g) is None for g in groups), groups


def test_representatives_are_the_groups_main_occupations(
    builtin_normalizer: TitleNormalizer,
) -> None:
    label = builtin_normalizer.taxonomy_.concept_label
    expected = {
        "7111": "house builder",
        "7112": "bricklayer",
        "7123": "plasterer",
        "7212": "welder",
        "8332": "cargo vehicle driver",
        "9112": "building cleaner",
        "5120": "cook",
        "5322": "home care aide",
    }
    for code, name in expected.items():
        assert label(builtin_normalizer.representative(code)) == name, code
    # "House builders" is a group label only: it gets the group's representative.
    assert builtin_normalizer.normalize("House builders").top.preferred_label == "house builder"


def test_a_group_without_occupations_stays_a_group(builtin_normalizer: TitleNormalizer) -> None:
    # The built-in catalogue has no occupation of unit group 0110 (armed forces officers).
    assert builtin_normalizer.representative("0110") is None
    top = builtin_normalizer.normalize("ოფიცერი").top
    assert top.uri == ISCO_URI_PREFIX + "0110"


@pytest.mark.parametrize(("title", "code"), [("сборщик", "8219"), ("Подсобный рабочий", "9629")])
def test_a_residual_group_stays_a_group(
    builtin_normalizer: TitleNormalizer, title: str, code: str
) -> None:
    # "Assemblers not elsewhere classified" holds unrelated occupations: a bare "assembler"
    # is none of them, so neither a representative nor a partly matched one stands for it.
    assert builtin_normalizer.representative(code) is None
    top = builtin_normalizer.normalize(title).top
    assert top.uri == ISCO_URI_PREFIX + code
    assert not top.needs_review


def test_an_exact_lexicon_match_never_needs_review(
    builtin_taxonomy: Taxonomy, builtin_normalizer: TitleNormalizer
) -> None:
    # Several concepts may share a word ("მომვლელი", "сиделка"); the lexicon's weights
    # say which one it names, so typing any lexicon label exactly is not a guess.
    titles = sorted(
        {
            lb.text
            for lb in builtin_taxonomy.labels
            if lb.kind is LabelKind.LEXICON and lb.language in ("ka", "ka-Latn", "ru", "he")
        }
    )
    results = builtin_normalizer.batch_normalize(titles, top_k=1)
    flagged = [t for t, r in zip(titles, results, strict=True) if r.needs_review]
    assert not flagged, flagged[:20]


def test_words_in_another_order_are_not_the_same_label(
    builtin_normalizer: TitleNormalizer,
) -> None:
    # "маляр-штукатур" is a painter who also plasters; "штукатур-маляр" the reverse.
    top = builtin_normalizer.normalize("маляр-штукатур").top
    assert top.isco_group == "7131"
    assert top.matched_label == "маляр-штукатур"
    assert not top.needs_review
