"""Returnees: domestic vacancies whatever they once asked for; legal work abroad counts."""

from __future__ import annotations

from datetime import date

from matching_population import SEASON, TODAY, WELDER, seeker, vacancy

from matching.config import Settings
from matching.occupations import Taxonomy
from matching.ranking import Matcher
from matching.records import MigrationEpisode
from matching.rules.gates import GateKind, check_gates

ABROAD = MigrationEpisode(
    country="PL",
    start=date(2023, 3, 1),
    end=date(2025, 3, 1),
    scheme="PL seasonal",
    title="spawacz",
    esco_uri=WELDER,
    isco_group="7212",
)


def test_a_returnee_may_work_at_home_whatever_they_asked_for() -> None:
    home = vacancy("GE-R1", destination_country="GE", reintegration=True)
    returnee = seeker(destination_preferences=["DE"], returned_on=date(2026, 1, 5))
    stayer = seeker("GE-2", destination_preferences=["DE"])
    assert returnee.returnee and not stayer.returnee
    assert [f.kind for f in check_gates(returnee, home, on=SEASON)] == []
    assert [f.kind for f in check_gates(stayer, home, on=SEASON)] == [GateKind.DESTINATION]
    assert seeker("GE-3", migration_history=[ABROAD]).returnee  # an ended stay abroad


def test_legal_work_abroad_counts_as_experience_and_says_so(builtin_taxonomy: Taxonomy) -> None:
    returnee = seeker("GE-R", destination_preferences=["DE"], migration_history=[ABROAD])
    stayer = seeker("GE-S", destination_preferences=["DE"])
    matcher = Matcher(Settings(esco_dir=None), today=TODAY).fit(
        [returnee, stayer], builtin_taxonomy
    )
    home = vacancy("GE-R1", destination_country="GE", reintegration=True, min_experience_years=1)
    shortlist = matcher.match_vacancy(home)
    assert shortlist.job_seeker_ids == ["GE-R"]  # the stayer wants DE and has no experience
    assert shortlist.job_seeker_ids == matcher.match_pairwise(home).job_seeker_ids
    reasons = shortlist.matches[0].explanation.reasons
    assert reasons[0].startswith("2 years as welder")
    assert any("legal work abroad counted as experience" in r and "PL 2023-03-01" in r
               for r in reasons)  # fmt: skip
    recommendations = matcher.match_job_seeker(returnee, [home, vacancy("PL-1")])
    assert "GE-R1" in recommendations.vacancy_ids


def test_a_stay_abroad_is_read_and_coded_from_a_file(tmp_path, builtin_taxonomy) -> None:
    from matching.config import Settings as _Settings
    from matching.intake.importer import import_job_seekers
    from matching.occupations.normalizer import TitleNormalizer
    from matching.storage.store import Store

    path = tmp_path / "people.csv"
    path.write_text(
        "id,name,birth date,migration history\n"
        "GE-R,Giorgi,1988-04-12,PL:2023-03-01..2025-03-01:seasonal:spawacz\n",
        encoding="utf-8",
    )
    normalizer = TitleNormalizer.from_settings(_Settings(esco_dir=None)).fit(builtin_taxonomy)
    with Store("sqlite://") as store:
        report = import_job_seekers(path, store, normalizer=normalizer)
        assert not report.errors
        [episode] = store.get_job_seeker("GE-R").migration_history
    assert (episode.scheme, episode.title, episode.isco_group) == ("seasonal", "spawacz", "7212")
