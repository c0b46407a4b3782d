"""Titles read with evidence: compound titles split per trade, generic titles refined."""

from __future__ import annotations

from datetime import date

import pytest
from matching_population import seeker

from matching.occupations.coding import TitleCache, code_job_seekers
from matching.occupations.evidence import (
    BUS_DRIVER,
    CAR_AND_VAN_DELIVERY_DRIVER,
    CARGO_VEHICLE_DRIVER,
    FORKLIFT_OPERATOR,
    TRADE_NOT_SPECIFIED,
    WELDER,
    generic_kind,
    head_kind,
    split_compound,
    trade_from_evidence,
)
from matching.occupations.normalizer import TitleNormalizer
from matching.records import Certificate, DrivingLicence, JobSeeker, WorkExperience

PLASTERER = "http://data.europa.eu/esco/occupation/f4a22809-c00c-4dd0-8b09-c7251f8dcd1c"
PAINTER = "http://data.europa.eu/esco/occupation/15620506-fb5d-49cd-87a2-1c9047fb406a"


@pytest.mark.parametrize(
    ("title", "parts"),
    [
        ("მალიარ-შტუკატური", ["მალიარი", "შტუკატური"]),
        ("слесарь-сантехник", ["слесарь", "сантехник"]),
        ("Maler und Lackierer", ["Maler", "Lackierer"]),
        ("штукатур - маляр", ["штукатур", "маляр"]),
        ("Spawacz MIG/MAG", []),
        ("Elektroniker/in", []),
        ("შემდუღებელი", []),
    ],
)
def test_compound_titles_split_per_trade(title, parts):
    assert split_compound(title) == parts


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("მძღოლი", "driver"),
        ("mdzgholi CE", "driver"),
        ("Kierowca kat. C+E", "driver"),
        ("водитель", "driver"),
        ("נהג", "driver"),
        ("მშენებელი", "builder"),
        ("Budowlaniec", "builder"),
        ("рабочий", "worker"),
        ("ოსტატი", "master"),
        ("operator", "operator"),
        ("ტაქსის მძღოლი", None),
        ("tiris mdzgholi", None),
        ("водитель погрузчика", None),
    ],
)
def test_generic_titles_are_their_head_word_alone(title, kind):
    assert generic_kind(title) == kind


def test_a_head_word_is_found_inside_a_longer_title():
    assert head_kind("tiris mdzgholi") == "driver" and head_kind("კალატოზი") is None


def licensed(*categories: str, code95: bool = False, **fields: object) -> JobSeeker:
    return seeker(
        driving_licence=DrivingLicence(categories=list(categories), code95=code95), **fields
    )


def test_licences_and_certificates_name_the_trade():
    assert trade_from_evidence("driver", licensed("B", "C", "CE", code95=True), []).esco_uri == (
        CARGO_VEHICLE_DRIVER
    )
    assert trade_from_evidence("driver", licensed("B", "D"), []).esco_uri == BUS_DRIVER
    assert trade_from_evidence("driver", licensed("B"), []).esco_uri == (
        CAR_AND_VAN_DELIVERY_DRIVER
    )
    forklift = licensed("B", certificates=[Certificate(kind="forklift")])
    assert trade_from_evidence("driver", forklift, []).esco_uri == FORKLIFT_OPERATOR
    welder = seeker(certificates=[Certificate(kind="welding", code="135")])
    evidence = trade_from_evidence("worker", welder, [])
    assert evidence.esco_uri == WELDER and evidence.isco_group == "7212"
    both = licensed("CE", "D")
    assert trade_from_evidence("driver", both, []).esco_uri is None
    past = WorkExperience(title="ავტობუსის მძღოლი", years=3, esco_uri=BUS_DRIVER)
    assert trade_from_evidence("driver", both, [past]).esco_uri == BUS_DRIVER
    builder = trade_from_evidence("builder", seeker(), [])
    assert builder.esco_uri is None and builder.reason.startswith(TRADE_NOT_SPECIFIED)


@pytest.fixture(scope="module")
def cache(builtin_normalizer: TitleNormalizer) -> TitleCache:
    return TitleCache(builtin_normalizer)


def coded(cache: TitleCache, person: JobSeeker) -> list[WorkExperience]:
    return next(code_job_seekers([person], cache, batch_size=10)).experience


def test_import_splits_a_compound_title_into_one_item_per_trade(cache):
    person = seeker(experience=[WorkExperience(title="მალიარ-შტუკატური", years=10)])
    items = coded(cache, person)
    assert [(e.esco_uri, e.years) for e in items] == [(PAINTER, 10), (PLASTERER, 10)]
    assert all("compound title მალიარ-შტუკატური" in (e.coding_note or "") for e in items)


def test_import_reads_a_generic_title_with_the_licence(cache):
    truck = licensed(
        "B", "C", "CE", code95=True, experience=[WorkExperience(title="მძღოლი", years=20)]
    )
    [item] = coded(cache, truck)
    assert item.esco_uri == CARGO_VEHICLE_DRIVER and item.isco_group == "8332"
    assert item.coding_note == "read with evidence: licence C+CE and Code 95"
    builder = seeker(experience=[WorkExperience(title="მშენებელი", years=12)])
    [item] = coded(cache, builder)
    assert item.esco_uri is None and item.isco_group is None
    assert item.coding_note and item.coding_note.startswith(TRADE_NOT_SPECIFIED)
    taxi = licensed("B", "CE", experience=[WorkExperience(title="ტაქსის მძღოლი", years=6)])
    [item] = coded(cache, taxi)
    assert item.isco_group == "8322" and item.coding_note is None  # the title says taxi


def test_a_trade_not_specified_is_matched_to_no_trade(builtin_taxonomy):
    from matching.rules.scoring import PairScorer

    scorer = PairScorer().fit(builtin_taxonomy)
    item = WorkExperience(title="მშენებელი", years=12, coding_note=TRADE_NOT_SPECIFIED)
    sp = scorer.profile_seeker(seeker(experience=[item], birth_date=date(1980, 1, 1)))
    assert all(i.occupation_uri is None and i.isco_group is None for i in sp.items)


def test_a_compound_read_twice_as_one_trade_counts_once(cache):
    person = licensed(
        "B",
        "C",
        "CE",
        code95=True,
        experience=[WorkExperience(title="водитель-дальнобойщик", years=15)],
    )
    items = coded(cache, person)
    assert [(e.esco_uri, e.years) for e in items] == [(CARGO_VEHICLE_DRIVER, 15)]
    assert "compound title водитель-дальнобойщик" in (items[0].coding_note or "")


def test_latin_typed_georgian_compounds_split_like_mkhedruli_ones():
    assert split_compound("Malar-Shtukaturi") == ["Malari", "Shtukaturi"]
    assert split_compound("pipe-fitter") == ["pipe", "fitter"]  # then kept whole if unsure
