"""``Store.job_seeker_names``: ids, names and numbers of everyone in a scope, in order."""

from __future__ import annotations

from matching.records import JobSeeker
from matching.scope import Scope
from matching.storage.store import Store


def test_names_of_everyone_in_scope_in_insertion_order() -> None:
    people = [
        JobSeeker(
            external_id="GE-2", full_name="ნინო ბერიძე", agency="A", personal_number="01001012345"
        ),
        JobSeeker(external_id="GE-1", full_name="Giorgi Kapanadze", agency="B"),
        JobSeeker(external_id="GE-3", full_name="Нино Беридзе", agency="A"),
    ]
    with Store("sqlite://") as store:
        store.upsert_job_seekers(people)
        assert store.job_seeker_names() == [
            ("GE-2", "ნინო ბერიძე", "01001012345"),
            ("GE-1", "Giorgi Kapanadze", None),
            ("GE-3", "Нино Беридзе", None),
        ]
        assert [i for i, _, _ in store.job_seeker_names(scope=Scope(agency="A"))] == [
            "GE-2",
            "GE-3",
        ]
