"""``SourcesCache``: each published table computed once per state of the registry, its
placements and flags; the people of a fitted matcher taken instead of read again."""

from __future__ import annotations

from datetime import date

import pytest
from small_registry import TODAY, sources, welder

from matching.config import Settings
from matching.statistics import SourcesCache
from matching.storage.flags import StoredAgencyFlag
from matching.storage.store import Store


@pytest.fixture
def store():
    src = sources()
    with Store("sqlite://") as opened:
        opened.upsert_job_seekers(src.job_seekers)
        for demand_list in src.demand_lists:
            opened.save_demand_list(demand_list)
        yield opened


SETTINGS = Settings(esco_dir=None, _env_file=None)


def test_a_table_is_computed_once_per_state(store: Store) -> None:
    cache = SourcesCache()
    first = cache.table("gender", store, SETTINGS, today=TODAY)
    assert cache.table("gender", store, SETTINGS, today=TODAY) is first
    pl_all = next(r for r in first.rows if r[:3] == ("PL", "Imereti", "all"))
    assert pl_all[3:5] == (12, 6)
    # A new flag: the agencies table is made again, with it.
    agencies = cache.table("agencies", store, SETTINGS, today=TODAY)
    store.record_agency_flags([StoredAgencyFlag("Batumi Jobs", "worker_fee", "X-1", TODAY, "r")])
    again = cache.table("agencies", store, SETTINGS, today=TODAY)
    assert again is not agencies
    assert sum(r[6] for r in again.rows) == sum(r[6] for r in agencies.rows) + 1
    # A new person: every table is made again.
    store.upsert_job_seekers([welder("W14", "B1", True)])
    changed = cache.table("gender", store, SETTINGS, today=TODAY)
    assert next(r for r in changed.rows if r[:3] == ("PL", "Imereti", "all"))[3:5] == (13, 7)
    assert cache.table("gender", store, SETTINGS, today=date(2026, 3, 2)) is not changed


def test_the_people_of_a_fitted_matcher_are_not_read_again(store: Store, monkeypatch) -> None:
    people = list(store.iter_job_seekers())
    version = store.job_seekers_version()
    asked: list[str] = []

    def held(v: str):
        asked.append(v)
        return people if v == version else None

    def no_read(*args, **kwargs):
        raise AssertionError("the people were read from the store again")

    monkeypatch.setattr(store, "iter_job_seekers", no_read)
    table = SourcesCache().table("gender", store, SETTINGS, today=TODAY, job_seekers=held)
    assert asked == [version] and table.rows


def test_the_records_read_are_kept_out_of_the_cyclic_collector(store: Store) -> None:
    import gc

    gc.unfreeze()
    try:
        SourcesCache().get(store, today=TODAY)
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
