"""Placements: what happens to a (person, vacancy) pair after the shortlist.

The lifecycle is data (:data:`TRANSITIONS`); the store keeps one placement per pair and
its history of changes (:meth:`matching.storage.Store.set_placement_status`); a person
who is engaged (:data:`ENGAGED`) is never allocated elsewhere by a later batch run.

Example:
    >>> from datetime import date
    >>> from matching.records import JobSeeker, Vacancy
    >>> from matching.storage import Store
    >>> with Store("sqlite://") as store:
    ...     _ = store.upsert_job_seekers([JobSeeker(external_id="GE-1", full_name="ნინო")])
    ...     _ = store.upsert_vacancies(
    ...         [Vacancy(external_id="PL-1", destination_country="PL", title="Murarz")])
    ...     p = store.set_placement_status("GE-1", "PL-1", "selected", on=date(2026, 5, 1))
    ...     sorted(store.engaged_job_seekers())
    ['GE-1']
"""

from matching.placements.lifecycle import (
    ENGAGED,
    ENTRY,
    TERMINAL,
    TRANSITIONS,
    PlacementStatus,
    allowed_next,
    check_transition,
)
from matching.placements.records import Engagement, Placement, PlacementEvent

__all__ = [
    "ENGAGED",
    "ENTRY",
    "TERMINAL",
    "TRANSITIONS",
    "Engagement",
    "Placement",
    "PlacementEvent",
    "PlacementStatus",
    "allowed_next",
    "check_transition",
]
