"""The synthetic population: determinism, realism, and qualified sets that really qualify."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from matching.intake.importer import import_job_seekers, import_vacancies
from matching.records import CertificateKind, DrivingCategory, GeorgianRegion
from matching.storage.store import Store
from matching.synth.command import synth_command
from matching.synth.generator import PopulationGenerator, SyntheticPopulation, qualifies
from matching.synth.people import typo
from matching.synth.trades import CHUNK_SIZE

GEORGIAN = re.compile(r"^[\u10d0-\u10ff]+ [\u10d0-\u10ff]+$")


@pytest.fixture(scope="module")
def population() -> SyntheticPopulation:
    return PopulationGenerator(seed=11).fit().generate(4000)


def test_same_seed_same_population_other_seed_other() -> None:
    a = PopulationGenerator(seed=5, vacancies_per_country=4).fit().generate(300)
    b = PopulationGenerator(seed=5, vacancies_per_country=4).fit().generate(300)
    c = PopulationGenerator(seed=6, vacancies_per_country=4).fit().generate(300)
    assert a.job_seekers == b.job_seekers
    assert a.demand_lists == b.demand_lists
    assert a.qualified == b.qualified
    assert [s.full_name for s in a.job_seekers] != [s.full_name for s in c.job_seekers]
    assert a.demand_lists != c.demand_lists


def test_a_smaller_population_is_a_prefix_of_a_larger_one() -> None:
    generator = PopulationGenerator(seed=2, vacancies_per_country=2).fit()
    small = generator.generate(40)
    large = generator.generate(CHUNK_SIZE + 40)  # crosses a chunk boundary
    assert large.job_seekers[:40] == small.job_seekers
    assert len({s.external_id for s in large.job_seekers}) == CHUNK_SIZE + 40
    for vacancy_id, ids in small.qualified.items():
        assert ids <= large.qualified[vacancy_id]


def test_qualified_sets_are_exactly_the_seekers_who_meet_the_requirements(
    population: SyntheticPopulation,
) -> None:
    for vacancy in population.vacancies:
        expected = {s.external_id for s in population.job_seekers if qualifies(s, vacancy)}
        assert population.qualified[vacancy.external_id] == expected, vacancy.external_id
    sizes = [len(ids) for ids in population.qualified.values()]
    assert sum(1 for n in sizes if n > 0) >= 0.8 * len(sizes)


def test_qualified_seekers_satisfy_each_requirement(population: SyntheticPopulation) -> None:
    seekers = {s.external_id: s for s in population.job_seekers}
    checked = 0
    for vacancy in population.vacancies:
        for seeker_id in population.qualified[vacancy.external_id]:
            seeker = seekers[seeker_id]
            assert seeker.consent.active
            assert vacancy.isco_group in {e.isco_group for e in seeker.experience}
            assert seeker.total_years(isco_group=vacancy.isco_group) >= (
                vacancy.min_experience_years
            )
            for need in vacancy.required_languages:
                assert (seeker.language_level(need.language) or 0) >= need.level
            if vacancy.required_driving:
                assert set(vacancy.required_driving) <= seeker.driving_licence.categories
            if vacancy.requires_code95:
                assert seeker.driving_licence.code95
            for need in vacancy.required_certificates:
                assert any(c.satisfies(need, on=vacancy.season_start) for c in seeker.certificates)
            checked += 1
    assert checked > 500


def test_people_look_like_georgian_registrations(population: SyntheticPopulation) -> None:
    seekers = population.job_seekers
    n = len(seekers)
    assert all(GEORGIAN.match(s.full_name) for s in seekers)
    numbers = [s.personal_number for s in seekers]
    assert all(p and len(p) == 11 and p.isdigit() for p in numbers)
    assert len(set(numbers)) == n
    regions = Counter(s.region for s in seekers)
    assert 0.27 < regions[GeorgianRegion.TBILISI] / n < 0.36
    assert len(regions) >= 10
    genders = Counter(s.gender.value for s in seekers)
    assert 0.2 < genders["female"] / n < 0.5
    ages = [s.age_on(population.reference_date) for s in seekers]
    assert min(ages) >= 18 and max(ages) <= 60
    consent = sum(s.consent.active for s in seekers) / n
    assert 0.85 < consent < 0.95
    assert any(not s.consent.given for s in seekers)
    # Azerbaijani names in Kvemo Kartli, Armenian in Samtskhe-Javakheti.
    kvemo = [s.full_name for s in seekers if s.region == GeorgianRegion.KVEMO_KARTLI]
    javakheti = [s.full_name for s in seekers if s.region == GeorgianRegion.SAMTSKHE_JAVAKHETI]
    assert sum(re.search(r"ოვ[ია]$|ევ[ია]$", name) is not None for name in kvemo) > 0.25 * len(
        kvemo
    )
    assert sum(name.endswith("იანი") for name in javakheti) > 0.3 * len(javakheti)


def test_titles_are_written_in_georgian_latin_and_russian(
    population: SyntheticPopulation,
) -> None:
    titles = [e.title for s in population.job_seekers for e in s.experience]
    scripts = Counter(
        "ka" if re.search("[\u10d0-\u10ff]", t) else "ru" if re.search("[а-яё]", t, re.I) else "la"
        for t in titles
    )
    assert all(scripts[k] > 0.15 * len(titles) for k in ("ka", "ru", "la"))
    assert "შემდუღებელი" in titles and "сварщик" in titles and "shemdughebeli" in titles
    welder_titles = {
        e.title for s in population.job_seekers for e in s.experience if e.isco_group == "7212"
    }
    assert len(welder_titles) > 10  # typos and variants


def test_trade_specific_licences_and_certificates(population: SyntheticPopulation) -> None:
    def trade(group: str):
        return [s for s in population.job_seekers if s.experience[0].isco_group == group]

    drivers = trade("8332")
    assert all(DrivingCategory.C in s.driving_licence.categories for s in drivers)
    assert (
        sum(DrivingCategory.CE in s.driving_licence.categories for s in drivers) / len(drivers)
        > 0.75
    )
    assert 0.4 < sum(s.driving_licence.code95 for s in drivers) / len(drivers) < 0.7
    welders = trade("7212")
    codes = Counter(c.code for s in welders for c in s.certificates if c.kind == "welding")
    assert set(codes) == {"111", "135", "136", "141"}
    warehouse = trade("9333")
    forklift = sum(
        any(c.kind == CertificateKind.FORKLIFT for c in s.certificates) for s in warehouse
    )
    assert 0.25 < forklift / len(warehouse) < 0.55
    non_drivers = [s for s in population.job_seekers if s.experience[0].isco_group == "9112"]
    assert not any(
        s.driving_licence and DrivingCategory.CE in s.driving_licence.categories
        for s in non_drivers
    )


def test_demand_lists_read_like_real_ads(population: SyntheticPopulation) -> None:
    lists = {d.destination_country: d for d in population.demand_lists}
    assert set(lists) == {"PL", "DE", "IL", "EE", "FR", "LT"}
    titles = {c: " ".join(v.title for v in d.vacancies) for c, d in lists.items()}
    assert "Spawacz" in titles["PL"] and "Kierowca C+E" in titles["PL"]
    assert "(m/w/d)" in titles["DE"]
    assert re.search("[\u05d0-\u05ea]", titles["IL"])
    assert "(H/F)" in titles["FR"] and "Keevitaja" in titles["EE"]
    vacancies = population.vacancies
    assert all(v.esco_uri and v.isco_group and v.season_start for v in vacancies)
    assert {v.wage_currency for v in vacancies} == {"PLN", "EUR", "ILS"}
    seasonal = [v for v in vacancies if v.season_end]
    assert seasonal and all(v.isco_group == "9211" for v in seasonal)
    drivers = [v for v in vacancies if v.isco_group == "8332"]
    assert all(v.required_driving == ["CE"] and v.requires_code95 for v in drivers)
    welders = [v for v in vacancies if v.isco_group == "7212"]
    assert all(v.required_certificates[0].kind == "welding" for v in welders)


def test_some_ads_charge_a_fee_or_come_through_an_unlicensed_agency() -> None:
    population = PopulationGenerator(seed=3, vacancies_per_country=30).fit().generate(10)
    flagged = [
        v for v in population.vacancies if v.charges_worker_fee or v.agency_licensed is False
    ]
    assert 0 < len(flagged) < 0.3 * len(population.vacancies)
    assert all(v.worker_fee_currency for v in flagged if v.charges_worker_fee)


def test_uncoded_population_leaves_titles_to_the_normaliser() -> None:
    population = PopulationGenerator(seed=1, coded=False, vacancies_per_country=2).fit()
    seekers = population.generate(50).job_seekers
    assert all(e.esco_uri is None and e.isco_group is None for s in seekers for e in s.experience)


def test_typo_changes_a_word_slightly() -> None:
    import random

    rng = random.Random(0)
    variants = {typo("შემდუღებელი", rng) for _ in range(50)}
    assert len(variants) > 5
    assert all(abs(len(v) - len("შემდუღებელი")) <= 1 for v in variants)


def test_synth_command_writes_files_the_importer_reads_back(tmp_path: Path) -> None:
    out = tmp_path / "synth"
    summary = synth_command(250, 9, out, vacancies_per_country=3)
    assert (summary.job_seekers, summary.vacancies, summary.demand_lists) == (250, 18, 6)
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["seed"] == 9 and manifest["job_seekers"] == 250
    qualified = json.loads((out / "qualified.json").read_text())
    expected = PopulationGenerator(seed=9, vacancies_per_country=3).fit().generate(250)
    assert {k: set(v) for k, v in qualified.items()} == expected.qualified
    truth = (out / "occupations.csv").read_text().splitlines()
    assert len(truth) - 1 == sum(len(s.experience) for s in expected.job_seekers)

    with Store(f"sqlite:///{tmp_path / 'db.sqlite'}") as store:
        report = import_job_seekers(out / "job_seekers.csv", store, normalizer=None)
        assert (report.stored, report.errors) == (250, [])
        first = store.get_job_seeker(expected.job_seekers[0].external_id)
        original = expected.job_seekers[0]
        # The CSV carries titles only; everything else comes back as generated.
        assert first.model_dump(exclude={"experience"}) == original.model_dump(
            exclude={"experience"}
        )
        assert [e.title for e in first.experience] == [e.title for e in original.experience]
        for path in sorted((out / "demand_lists").glob("*.csv")):
            report = import_vacancies(path, store, normalizer=None, demand_list_id=path.stem)
            assert (report.stored, report.errors) == (3, [])
        assert store.counts().demand_lists == 6
        stored = store.get_demand_list(expected.demand_lists[0].external_id)
        assert [v.title for v in stored.vacancies] == [
            v.title for v in expected.demand_lists[0].vacancies
        ]
