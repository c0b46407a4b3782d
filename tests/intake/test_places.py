from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from matching.intake.errors import CellError, Reason
from matching.intake.places import (
    Gazetteer,
    PlaceKind,
    default_gazetteer,
    parse_region,
    read_places,
    resolve_place,
)
from matching.records import GeorgianRegion

ENTRIES = read_places()
MUNICIPALITIES = [e for e in ENTRIES if e.kind in (PlaceKind.CITY, PlaceKind.MUNICIPALITY)]
NAMED_PLACES = [e for e in ENTRIES if e.kind is not PlaceKind.REGION]


def test_gazetteer_covers_every_region_and_municipality() -> None:
    regions = {e.region for e in ENTRIES if e.kind is PlaceKind.REGION}
    assert regions == set(GeorgianRegion)
    # 64 municipalities under the central government, plus Akhalgori, Java and Abkhazia's 7.
    controlled = [e for e in MUNICIPALITIES if e.region is not GeorgianRegion.ABKHAZIA]
    assert len(controlled) == 64 + 2
    ids = [e.place_id for e in ENTRIES]
    assert len(ids) == len(set(ids))
    for entry in ENTRIES:
        if entry.municipality_id is not None:
            assert entry.municipality_id in {m.place_id for m in MUNICIPALITIES}
            assert default_gazetteer().by_id_[entry.municipality_id].region is entry.region


@pytest.mark.parametrize(
    ("region", "count"),
    [
        (GeorgianRegion.ADJARA, 6),
        (GeorgianRegion.GURIA, 3),
        (GeorgianRegion.IMERETI, 12),
        (GeorgianRegion.KAKHETI, 8),
        (GeorgianRegion.KVEMO_KARTLI, 7),
        (GeorgianRegion.MTSKHETA_MTIANETI, 5),
        (GeorgianRegion.RACHA_LECHKHUMI, 4),
        (GeorgianRegion.SAMEGRELO, 9),
        (GeorgianRegion.SAMTSKHE_JAVAKHETI, 6),
        (GeorgianRegion.SHIDA_KARTLI, 5),
        (GeorgianRegion.TBILISI, 1),
    ],
)
def test_municipalities_per_region(region: GeorgianRegion, count: int) -> None:
    assert sum(e.region is region for e in MUNICIPALITIES) == count


@pytest.mark.parametrize("entry", NAMED_PLACES, ids=lambda e: e.place_id)
def test_every_place_resolves_from_each_spelling(entry) -> None:
    for name in entry.names:
        place = resolve_place(name)
        assert place is not None, name
        assert (place.region, place.place_id) == (entry.region, entry.place_id), name
        assert place.municipality == entry.municipality_id


@pytest.mark.parametrize("entry", NAMED_PLACES, ids=lambda e: e.place_id)
def test_every_place_resolves_with_prefixes_and_case(entry) -> None:
    for text in (
        f"ქ. {entry.name_ka}",
        f"г. {entry.name_ru}",
        f"city of {entry.name_latn}",
        entry.name_latn.upper(),
        entry.name_latn.lower(),
    ):
        place = resolve_place(text)
        assert place is not None and place.place_id == entry.place_id, text


@pytest.mark.parametrize("entry", [e for e in ENTRIES if e.kind is PlaceKind.REGION],
                         ids=lambda e: e.place_id)  # fmt: skip
def test_region_names_resolve_to_the_region(entry) -> None:
    for name in entry.names:
        place = resolve_place(name)
        assert place is not None and place.region is entry.region, name
        if entry.region is GeorgianRegion.TBILISI:  # the region is the city
            assert place.municipality == "tbilisi"
        else:
            assert place.municipality is None and place.kind is PlaceKind.REGION, name


@pytest.mark.parametrize(
    ("text", "municipality"),
    [
        ("ქუთაისში", "kutaisi"),
        ("ქუთაისიდან", "kutaisi"),
        ("ქუთაისის", "kutaisi"),
        ("თელავიდან", "telavi"),
        ("თელავში", "telavi"),
        ("თელაველი", "telavi"),
        ("ზესტაფონის მუნიციპალიტეტი", "zestafoni"),
        ("ზესტაფონის რ-ნი", "zestafoni"),
        ("მცხეთაში", "mtskheta"),
        ("მცხეთიდან", "mtskheta"),
        ("ახალციხის მუნიციპალიტეტი", "akhaltsikhe"),
        ("საგარეჯოს მუნიციპალიტეტი", "sagarejo"),
        ("ხულოდან", "khulo"),
        ("ჩხოროწყუში", "chkhorotsku"),
        ("ბათუმში", "batumi"),
        ("ქ.ბათუმი", "batumi"),
        ("ქალაქი რუსთავი", "rustavi"),
        ("kutaisshi", "kutaisi"),
        ("qutaisi", "kutaisi"),
        ("telavidan", "telavi"),
        ("zestafonis municipaliteti", "zestafoni"),
        ("Tskhaltubo", "tskaltubo"),
        ("tsqaltubo", "tskaltubo"),
        ("Sighnaghi", "signagi"),
        ("signagi", "signagi"),
        ("г. Кутаиси", "kutaisi"),
        ("Зестафонский р-н", "zestafoni"),
        ("Кутаисский", "kutaisi"),
        ("Горийский район", "gori"),
        ("в Телавском районе", "telavi"),
        ("Потийский", "poti"),
        ("Гори", "gori"),
        ("из Мцхеты", "mtskheta"),
        ("Kutaisi city", "kutaisi"),
        ("Zestafoni municipality", "zestafoni"),
        ("Imereti, Tkibuli", "tkibuli"),
        ("იმერეთი, ზესტაფონის მუნიციპალიტეტი, სოფელი კვალითი", "zestafoni"),
        ("თბილისი, ვაკე", "tbilisi"),
        ("ვაკე-საბურთალო", "tbilisi"),  # two districts: the city holding both
        ("Stepantsminda", "kazbegi"),
        ("Bakuriani", "borjomi"),
        ("Sukhumi", "sokhumi"),
    ],
)
def test_inflected_and_decorated_forms(text: str, municipality: str | None) -> None:
    place = resolve_place(text)
    if municipality is None:
        assert place is None
    else:
        assert place is not None and place.municipality == municipality, text


@pytest.mark.parametrize(
    ("text", "region"),
    [
        ("იმერეთი", GeorgianRegion.IMERETI),
        ("Imereti", GeorgianRegion.IMERETI),
        ("Имеретия", GeorgianRegion.IMERETI),
        ("в Кахетии", GeorgianRegion.KAKHETI),
        ("კახეთში", GeorgianRegion.KAKHETI),
        ("ქვემო ქართლში", GeorgianRegion.KVEMO_KARTLI),
        ("სამეგრელო-ზემო სვანეთის მხარე", GeorgianRegion.SAMEGRELO),
        ("აჭარის ავტონომიური რესპუბლიკა", GeorgianRegion.ADJARA),
        ("Racha", GeorgianRegion.RACHA_LECHKHUMI),
        ("shida kartli", GeorgianRegion.SHIDA_KARTLI),
        ("Kutaisi / Tkibuli", GeorgianRegion.IMERETI),  # two municipalities: their region
    ],
)
def test_regions(text: str, region: GeorgianRegion) -> None:
    place = resolve_place(text)
    assert place is not None and place.region is region
    assert place.municipality is None


@pytest.mark.parametrize("text", ["", "Berlin", "Warszawa", "ქუთაისი, კახეთი", "Gori, Batumi"])
def test_no_place(text: str) -> None:
    assert resolve_place(text) is None


def test_parse_region_errors_name_the_field() -> None:
    assert parse_region("ზესტაფონი") is GeorgianRegion.IMERETI
    with pytest.raises(CellError) as unknown:
        parse_region("Berlin")
    assert (unknown.value.field, unknown.value.reason) == ("region", Reason.UNKNOWN_PLACE)
    with pytest.raises(CellError) as conflict:
        parse_region("Kutaisi, Telavi", field="რეგიონი")
    assert conflict.value.reason is Reason.CONFLICTING_PLACES
    assert conflict.value.params == {"regions": "Imereti, Kakheti"}
    with pytest.raises(CellError) as nul:
        parse_region("Kutaisi\x00")
    assert nul.value.reason is Reason.CONTROL_CHARACTER


def test_batch_matches_single() -> None:
    gazetteer = Gazetteer.load()
    texts = ["ქუთაისი", "Mars", "г. Телави", "Imereti"]
    assert gazetteer.batch_resolve(texts) == [gazetteer.resolve(t) for t in texts]


@given(st.text(max_size=40))
def test_resolve_never_raises(text: str) -> None:
    place = resolve_place(text)
    assert place is None or isinstance(place.region, GeorgianRegion)
