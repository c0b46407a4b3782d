"""Every statistic by name, and the records they read taken from a store.

The CLI (``matching stats NAME``) and the API (``GET /stats/NAME``) both go through
:func:`published_table`, so each output has passed :func:`suppress` exactly once.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from matching.heap import freeze_heap
from matching.rules.gates import GatePolicy
from matching.statistics._records import Sources
from matching.statistics._table import Table, suppress
from matching.statistics.agencies import agency_activity
from matching.statistics.demand import demand_supply, fill_rates
from matching.statistics.gender import gender_by_scheme
from matching.statistics.returnees import returnees
from matching.statistics.shortages import shortages
from matching.statistics.training import training_plan

if TYPE_CHECKING:
    from matching.config import Settings
    from matching.records import JobSeeker
    from matching.storage.store import Store


@dataclass(frozen=True, slots=True)
class Statistic:
    """A named statistic: ``compute`` makes its raw table from the records."""

    name: str
    help: str
    compute: Callable[[Sources], Table]


STATISTICS: dict[str, Statistic] = {
    s.name: s
    for s in (
        Statistic(
            "demand-supply",
            "positions against registered and qualified people by destination, "
            "occupation and month",
            demand_supply,
        ),
        Statistic("fill-rates", "fill rates per demand list", fill_rates),
        Statistic("shortages", "short vacancies and the requirements that exclude most", shortages),
        Statistic("training-plan", "courses that would qualify the most people", training_plan),
        Statistic(
            "agencies", "vacancies, placements and flags per agency and month", agency_activity
        ),
        Statistic("returnees", "returnees by region and occupation, working again", returnees),
        Statistic(
            "gender", "women and men registered, qualified, selected, departed", gender_by_scheme
        ),
    )
}


def sources_from_store(
    store: Store,
    *,
    today: date | None = None,
    minimum_age: int = 18,
    job_seekers: Sequence[JobSeeker] | None = None,
) -> Sources:
    """The whole registry, every vacancy and demand list, and the placements once the
    store keeps them (``Store.iter_placements``; none before). ``job_seekers``: the
    store's people already read (a fitted matcher's), so as not to read them again."""
    store.open()
    demand_lists = [store.get_demand_list(i) for i in store.list_demand_list_ids()]
    placements, flags = _placements_and_flags(store)
    return Sources.of(
        store.iter_job_seekers() if job_seekers is None else job_seekers,
        store.list_vacancies(),
        demand_lists,
        placements,
        flags,
        today=today or date.today(),
        policy=GatePolicy(minimum_age=minimum_age),
    )


class SourcesCache:
    """Sources read from a store once, and again only when its people, vacancies or
    demand lists changed (or the day or the minimum age asked for); placements and flags,
    cheap to read, are read every time. The assessment of vacancies against people, the
    slow part, is then shared by every statistic until something changes.

    Example:
        >>> cache = SourcesCache()  # one per server; ``cache.get(store)`` per request
    """

    def __init__(self) -> None:
        self._key: tuple | None = None
        self._sources: Sources | None = None
        self._lock = threading.Lock()
        self._tables: dict[tuple, Table] = {}

    def get(
        self,
        store: Store,
        *,
        today: date | None = None,
        minimum_age: int = 18,
        job_seekers: Callable[[str], Sequence[JobSeeker] | None] | None = None,
    ) -> Sources:
        """The store's records as :class:`Sources` for ``today`` (default: today).

        ``job_seekers(version)``: the store's people at that ``job_seekers_version``
        when the caller holds them already (an engine's fitted matcher), else ``None``.
        """
        return self._get(store, today, minimum_age, job_seekers)[0]

    def _get(
        self,
        store: Store,
        today: date | None,
        minimum_age: int,
        job_seekers: Callable[[str], Sequence[JobSeeker] | None] | None,
    ) -> tuple[Sources, tuple]:
        day = today or date.today()
        store.open()
        key = (
            store.job_seekers_version(),
            store.vacancies_version(),
            tuple(store.list_demand_list_ids()),
            day,
            minimum_age,
        )
        with self._lock:
            if self._key != key or self._sources is None:
                people = job_seekers(key[0]) if job_seekers is not None else None
                self._sources = sources_from_store(
                    store, today=day, minimum_age=minimum_age, job_seekers=people
                )
                self._key = key
                self._tables.clear()
                # Long-lived now: out of the cyclic collector's sight. With 20,000 people
                # held, each full collection took 2.4 s and stalled every request of the
                # server (bench/web_load.py); the records free by reference counting.
                freeze_heap(collect=False)
                return self._sources, key
            base = self._sources
        return base.with_placements(*_placements_and_flags(store)), key

    def table(
        self,
        name: str,
        store: Store,
        settings: Settings,
        *,
        today: date | None = None,
        job_seekers: Callable[[str], Sequence[JobSeeker] | None] | None = None,
    ) -> Table:
        """Statistic ``name`` as published (:func:`published_table`), computed once per
        state of the registry, its placements and flags, the day and the threshold."""
        sources, key = self._get(store, today, settings.minimum_age, job_seekers)
        state = (key, name, settings.stats_min_cell, _fingerprint(sources))
        with self._lock:
            found = self._tables.get(state)
        if found is None:
            found = published_table(name, sources, settings)
            with self._lock:
                if len(self._tables) > 64:  # placements changing all day: keep the latest
                    self._tables.clear()
                self._tables[state] = found
        return found


def _fingerprint(sources: Sources) -> int:
    """The placements and flags as they are read (a changed status changes it)."""
    return hash(
        (
            tuple(
                (p.job_seeker_id, p.vacancy_id, str(p.status), p.changed_on)
                for p in sources.placements
            ),
            tuple(
                (f.agency, f.kind, f.raised_on, getattr(f, "vacancy_id", None))
                for f in sources.agency_flags
            ),
        )
    )


def _placements_and_flags(store: Store) -> tuple[list, list]:
    iter_placements = getattr(store, "iter_placements", None)
    iter_flags = getattr(store, "iter_agency_flags", None)
    return (
        list(iter_placements()) if iter_placements is not None else [],
        list(iter_flags()) if iter_flags is not None else [],
    )


def published_table(name: str, sources: Sources, settings: Settings) -> Table:
    """Statistic ``name`` over ``sources``, through :func:`suppress` at
    ``settings.stats_min_cell``.

    Raises:
        KeyError: No statistic has that name.
    """
    return suppress(STATISTICS[name].compute(sources), settings.stats_min_cell)
