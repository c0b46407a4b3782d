"""Keyset pages: paging through a list returns every row exactly once, in the list's
order, even when rows are written between two pages."""

from __future__ import annotations

from matching_population import seeker, vacancy

from matching.agencies.records import Agency
from matching.records import DemandList
from matching.scope import Scope
from matching.storage.store import Store


def test_job_seekers_page_once_each_with_inserts_between_pages(store: Store) -> None:
    store.upsert_job_seekers(
        [seeker(f"GE-{i:03d}", agency="A" if i % 3 else "B") for i in range(40)]
    )
    before = [p.external_id for p in store.iter_job_seekers(scope=Scope("A"))]
    seen: list[str] = []
    after, n = None, 0
    while True:
        page, after = store.page_job_seekers(after=after, limit=6, scope=Scope("A"))
        seen += [p.external_id for p in page]
        store.upsert_job_seekers([seeker(f"GE-NEW-{n}", agency="A")])  # a write between pages
        n += 1
        if after is None:
            break
    assert len(seen) == len(set(seen))
    assert seen[: len(before)] == before  # each once, in order; new ones may follow
    assert set(seen) - set(before) <= {f"GE-NEW-{i}" for i in range(n)}


def test_vacancies_page_in_list_order_with_inserts_between_pages(store: Store) -> None:
    store.upsert_vacancies([vacancy(f"V-{i:02d}") for i in range(7)])
    for k in range(3):
        store.save_demand_list(
            DemandList(
                external_id=f"L{k}",
                destination_country="PL",
                vacancies=[vacancy(f"L{k}-{j}") for j in range(5)],
            )
        )
    before = [v.external_id for v in store.list_vacancies()]
    assert before[:7] == [f"V-{i:02d}" for i in range(7)]  # unlisted first, then by list
    seen: list[str] = []
    after, n = None, 0
    while True:
        page, after, total = store.page_vacancies(after=after, limit=4)
        seen += [v.external_id for v in page]
        store.upsert_vacancies([vacancy(f"V-NEW-{n}")])  # sorts among the unlisted
        n += 1
        if after is None:
            break
    assert len(seen) == len(set(seen))  # nothing twice ...
    assert [v for v in seen if v in set(before)] == before  # ... each once, in order
    assert total == len(before) + n - 1
    page, _, total = store.page_vacancies("L1", limit=10)
    assert [v.external_id for v in page] == [f"L1-{j}" for j in range(5)] and total == 5


def test_agencies_and_demand_lists_page(store: Store) -> None:
    names = ["Beta", "alpha", "Gamma", "delta", "Alpha"]
    store.upsert_agencies(
        Agency(licence_number=f"LIC-{i}", legal_name=name) for i, name in enumerate(names)
    )
    everyone = [a.licence_number for a in store.list_agencies()]
    seen, after = [], None
    while True:
        page, after = store.page_agencies(after=after, limit=2)
        seen += [a.licence_number for a in page]
        if after is None:
            break
    assert seen == everyone
    for k in range(5):
        store.save_demand_list(DemandList(external_id=f"D{k}", destination_country="DE"))
    ids, after = store.page_demand_list_ids(limit=3)
    rest, end = store.page_demand_list_ids(after=after, limit=3)
    assert ids + rest == [f"D{k}" for k in range(5)] and end is None
