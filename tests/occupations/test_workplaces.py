"""Titles naming a workplace and a generic worker noun (issue 17): ``ტყეში მუშა`` is a
forest worker. The titles are the project's own, not rows of the ka/ru development set or
the probes in bench/data."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from matching.occupations import Taxonomy, load_esco
from matching.occupations.normalizer import TitleNormalizer
from matching.occupations.workplaces import (
    DATA,
    NEAR_SURE,
    WORKPLACE_SCORE,
    load_workplaces,
    promote,
    workplace_trade,
)


@pytest.mark.parametrize(
    ("title", "isco"),
    [
        ("ფერმებში მომუშავე", "9213"),  # plural locative
        ("ტყეში მუშა", "9215"),
        ("sastumroshi momushave", "9112"),  # Latin-typed, locative
        ("portis operatori", "9333"),
        ("საკონდიტროს თანამშრომელი", "7512"),
        ("ავეჯის ფაბრიკის თანამშრომელი", "7522"),  # a trade beside a generic workplace
        ("მეფრინველეობის ფერმის თანამშრომელი", "9212"),  # the modifier says which farm
        ("ხორცკომბინატში მუშა ქალი", "7511"),  # a filler word
        ("სეზონური მუშა ვენახში", "9211"),  # the worker noun first
        ("работница прачечной", "8157"),
        ("сотрудник котельной", "8182"),
        ("рабочий на пилораму", "8172"),
    ],
)
def test_workplace_trade(title: str, isco: str) -> None:
    place = workplace_trade(title)
    assert place is not None and place.isco_group == isco, (title, place)


@pytest.mark.parametrize(
    "title",
    [
        "დაცვის თანამშრომელი",  # security: not a workplace of the table
        "ქარხნის მუშა",  # a factory names no trade
        "ფერმის მენეჯერი",  # no generic worker noun
        "ტყავის ქარხნის მუშა",  # leather: an unknown word
        "мастер цеха",  # a foreman
        "Port operator",  # English: the Georgian worker noun is "operatori"
        "მუშა",
        "",
    ],
)
def test_no_workplace_trade(title: str) -> None:
    assert workplace_trade(title) is None


def test_promote() -> None:
    scores = {0: (0.8, 3), 1: (0.5, 7)}
    promote(scores, 1, title_is_label=False)
    assert scores == {0: (0.8, 3), 1: (WORKPLACE_SCORE, 7)}
    scores = {0: (0.8, 3)}
    promote(scores, 2, title_is_label=False)  # a concept no label matched
    assert scores[2] == (WORKPLACE_SCORE, -1)
    for before, own in [({0: (NEAR_SURE, 3)}, False), ({0: (0.7, 3)}, True)]:
        after = dict(before)
        promote(after, 1, title_is_label=own)  # a label names the title
        assert after == before


def test_table_rows_are_checked(tmp_path: Path) -> None:
    bad = tmp_path / "workplaces.csv"
    bad.write_text(
        "lang,workplace,concept_uri,isco_group,occupation\nka,ფერმა,,9213,crop production worker\n",
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match="row 2"):
        load_workplaces(bad)


def test_table_indexes_longest_first() -> None:
    for entries in load_workplaces().values():
        lengths = [len(w.stems) for w in entries]
        assert lengths == sorted(lengths, reverse=True)


def test_normalizer_ranks_the_trade(builtin_normalizer: TitleNormalizer) -> None:
    top = builtin_normalizer.normalize("ტყეში მუშა").top
    assert top.isco_group == "9215" and not top.needs_review
    # The title is a label: the label's concept stays first.
    assert builtin_normalizer.normalize("ოფისის თანამშრომელი").top.isco_group == "4110"


@pytest.mark.esco
def test_table_occupations_are_esco(esco_dir: Path) -> None:
    taxonomy: Taxonomy = load_esco(esco_dir, languages=[], with_skills=False)
    with DATA.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["concept_uri"]:
                occupation = taxonomy.occupations[row["concept_uri"]]
                assert occupation.isco_group == row["isco_group"], row
                assert occupation.preferred_label == row["occupation"], row
