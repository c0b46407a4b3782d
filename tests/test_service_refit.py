"""The engine takes people written since its last look into the matcher incrementally
(new, changed, erased), and answers exactly as an engine that fitted everyone afresh."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pytest
from matching_population import TODAY, random_seekers, random_vacancies

import matching.service
from matching.config import Settings
from matching.ranking.matcher import Matcher
from matching.service import Engine
from matching.storage.store import Store


@pytest.fixture
def fits(monkeypatch) -> list[int]:
    """How many people each full fit profiled."""
    calls: list[int] = []
    fit = Matcher.fit

    def counting(self, job_seekers, taxonomy):
        people = list(job_seekers)
        calls.append(len(people))
        return fit(self, people, taxonomy)

    monkeypatch.setattr(Matcher, "fit", counting)
    monkeypatch.setattr(matching.service, "STALENESS_CHECK_SECONDS", 0.0)
    return calls


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_incremental_refit_equals_a_fresh_engine(tmp_path: Path, builtin_taxonomy, fits, seed):
    rng = random.Random(seed)
    people = random_seekers(builtin_taxonomy, 200, seed=seed)
    others = random_seekers(builtin_taxonomy, 200, seed=seed + 100)
    vacancies = random_vacancies(builtin_taxonomy, 15, seed=seed)
    url = f"sqlite:///{tmp_path / 'registry.sqlite'}"
    settings = Settings(esco_dir=None, database_url=url, data_dir=tmp_path, _env_file=None)
    options = {"today": TODAY}
    with Engine(settings, taxonomy=builtin_taxonomy, matcher_options=options) as engine:
        engine.store.upsert_job_seekers(people[:150])
        first = engine.matcher()
        assert fits == [150]
        stored = [p.external_id for p in people[:150]]
        for round_ in range(3):
            with Store(url) as elsewhere:  # another process edits the registry
                changed = [
                    others[rng.randrange(len(others))].model_copy(update={"external_id": sid})
                    for sid in rng.sample(stored, 10)
                ]
                new = [
                    p.model_copy(update={"external_id": f"R{round_}-{p.external_id}"})
                    for p in rng.sample(others, 8)
                ]
                elsewhere.upsert_job_seekers(changed + new)
                for sid in rng.sample(stored, 3):
                    elsewhere.erase_job_seeker(sid)
                    stored.remove(sid)
                stored += [p.external_id for p in new]
            engine.save_job_seekers(  # and this engine writes too
                [others[round_].model_copy(update={"external_id": f"E{round_}"})]
            )
            stored.append(f"E{round_}")
            updated = engine.matcher()
            assert fits == [150], "taken in incrementally, not refitted"
            assert updated is not first and len(first) == 150  # holders keep theirs
            assert sorted(updated.population_.ids) == sorted(stored)
            assert engine.matcher_version == engine.store.job_seekers_version()
        with Engine(settings, taxonomy=builtin_taxonomy, matcher_options=options) as fresh:
            again = fresh.matcher()
            assert again.population_.ids == updated.population_.ids
            for a, b in zip(
                updated.batch_match_vacancies(vacancies, k=20),
                again.batch_match_vacancies(vacancies, k=20),
                strict=True,
            ):
                assert a.matches == b.matches
                assert a.near_misses == b.near_misses
                assert (a.n_considered, a.n_qualified) == (b.n_considered, b.n_qualified)
                assert np.array_equal(a.qualified_rows, b.qualified_rows)
            assert any(sl.matches for sl in again.batch_match_vacancies(vacancies))


def test_a_person_registered_again_under_a_new_row_refits_everyone(
    tmp_path: Path, builtin_taxonomy, fits
):
    people = random_seekers(builtin_taxonomy, 30, seed=5)
    url = f"sqlite:///{tmp_path / 'registry.sqlite'}"
    settings = Settings(esco_dir=None, database_url=url, data_dir=tmp_path, _env_file=None)
    with Engine(settings, taxonomy=builtin_taxonomy) as engine:
        engine.store.upsert_job_seekers(people)
        engine.matcher()
        engine.erase_job_seeker(people[3].external_id)
        engine.save_job_seekers([people[3]])  # back, now last in the store's order
        matcher = engine.matcher()
        assert fits == [30, 30]
        assert matcher.population_.ids[-1] == people[3].external_id
