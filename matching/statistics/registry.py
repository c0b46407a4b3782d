"""Every statistic by name, and the records they read taken from a store.

The CLI (``matching stats NAME``) and the API (``GET /stats/NAME``) both go through
:func:`published_table`, so each output has passed :func:`suppress` exactly once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

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
    store: Store, *, today: date | None = None, minimum_age: int = 18
) -> Sources:
    """The whole registry, every vacancy and demand list, and the placements once the
    store keeps them (``Store.iter_placements``; none before)."""
    store.open()
    demand_lists = [store.get_demand_list(i) for i in store.list_demand_list_ids()]
    iter_placements = getattr(store, "iter_placements", None)
    iter_flags = getattr(store, "iter_agency_flags", None)
    return Sources.of(
        store.iter_job_seekers(),
        store.list_vacancies(),
        demand_lists,
        iter_placements() if iter_placements is not None else (),
        iter_flags() if iter_flags is not None else (),
        today=today or date.today(),
        policy=GatePolicy(minimum_age=minimum_age),
    )


def published_table(name: str, sources: Sources, settings: Settings) -> Table:
    """Statistic ``name`` over ``sources``, through :func:`suppress` at
    ``settings.stats_min_cell``.

    Raises:
        KeyError: No statistic has that name.
    """
    return suppress(STATISTICS[name].compute(sources), settings.stats_min_cell)
