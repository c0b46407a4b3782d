"""Hyphenated trade compounds read head first (issue 17): ``Кладовщик-комплектовщик`` is a
storekeeper who picks orders, not an order picker. The titles are the project's own, not
rows of the ka/ru development set or the probes in bench/data."""

from __future__ import annotations

from pathlib import Path

import pytest

from matching.occupations import load_esco
from matching.occupations.compounds import HEAD_SURE, compound_parts, reweigh
from matching.occupations.matches import HEADLESS_WEIGHT
from matching.occupations.normalizer import TitleNormalizer


@pytest.mark.parametrize(
    ("title", "parts"),
    [
        ("შემდუღებელ-ზეინკალი", ("შემდუღებელი", ["ზეინკალი"])),
        ("shemdughebel-zeinkali", ("shemdughebeli", ["zeinkali"])),
        ("Кладовщик-комплектовщик", ("Кладовщик", ["комплектовщик"])),
        ("Кровельщик - жестянщик", ("Кровельщик", ["жестянщик"])),
        # A generic first member names no trade: the second says it.
        ("Мастер-плиточник", None),
        ("მშენებელ-მებეტონე", None),
        ("Водитель-экспедитор", None),
        # Coordinated trades, a slash and a single title are not head-first compounds.
        ("Maler und Lackierer", None),
        ("Spawacz MIG/MAG", None),
        ("ელექტრიკოსი", None),
    ],
)
def test_compound_parts(title: str, parts: tuple[str, list[str]] | None) -> None:
    assert compound_parts(title) == parts


def test_reweigh_tiers() -> None:
    # Concepts: 0 the whole title's own label (or not), 1 names both members, 2 the head member's
    # trade, 3 the second member's trade only, 4 neither (matched the whole title only).
    labels = {0: "a", 10: "коваль слесар", 11: "коваль", 12: "слесар", 13: "токарь"}
    scores = {0: (0.93, 0), 1: (0.80, 10), 2: (0.70, 11), 3: (0.90, 12), 4: (0.60, 13)}
    head = {1: (0.85, 10), 2: (1.0, 11), 4: (0.3, 13)}
    others = {1: (0.85, 10), 3: (1.0, 12)}
    # The title is concept 0's own label: a name, nothing changes.
    named = dict(scores)
    reweigh(named, head, others, {0}, "коваль", ["слесар"], labels.__getitem__)
    assert named == scores
    reweigh(scores, head, others, set(), "коваль", ["слесар"], labels.__getitem__)
    ranked = sorted(scores, key=lambda c: -scores[c][0])
    assert ranked[:2] == [1, 2]
    assert scores[3] == (0.90 * HEADLESS_WEIGHT, 12)  # the second member alone: weighed down
    assert scores[4] == (0.60, 13)  # neither member: as it was
    # A head member that matches nothing surely changes nothing.
    weak = {2: (HEAD_SURE - 0.1, 11)}
    before = {0: (0.5, 0), 3: (0.9, 12)}
    after = dict(before)
    reweigh(after, weak, {3: (1.0, 12)}, set(), "коваль", ["слесар"], labels.__getitem__)
    assert after == before


@pytest.fixture(scope="module")
def esco_normalizer(esco_dir: Path) -> TitleNormalizer:
    taxonomy = load_esco(esco_dir, languages=["pl", "de"], with_skills=False)
    return TitleNormalizer(languages=["pl", "de"]).fit(taxonomy)


# Compounds whose second member alone names another unit group; each is the first's trade.
HEAD_FIRST = [
    ("Кладовщик-комплектовщик", "4321"),  # storekeeper-picker: not 9333 (order picker)
    ("შემდუღებელ-ზეინკალი", "7212"),  # welder-fitter: not 7222
    ("elektrikos-memontaje", "7411"),  # electrician-installer: not 7214
    ("gamkidvel-molare", "5223"),  # shop assistant-cashier: not 5230
    ("mzareul-mckhobeli", "5120"),  # cook-baker: not 7512
    ("Кровельщик-жестянщик", "7121"),
    ("Электрик-монтажник", "7411"),
    ("Продавец-кассир", "5223"),
    ("Каменщик-монтажник", "7112"),
    ("კალატოზ-მებეტონე", "7112"),
    ("დურგალ-ხურო", "7115"),
]


@pytest.mark.esco
@pytest.mark.slow
def test_compounds_on_full_esco(esco_normalizer: TitleNormalizer) -> None:
    for title, group in HEAD_FIRST:
        top = esco_normalizer.normalize(title).top
        assert top.isco_group == group, (title, top)
