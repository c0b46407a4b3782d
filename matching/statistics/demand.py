"""Demand (positions) against registered and qualified supply; fill rates of demand lists."""

from __future__ import annotations

from collections import defaultdict

from matching.statistics._assess import assess_supply
from matching.statistics._records import (
    Sources,
    is_departed,
    is_selected,
    month_of,
    vacancy_month,
)
from matching.statistics._table import COUNT, KEY, PEOPLE, RATE, ChartSpec, Column, Table


def demand_supply(sources: Sources) -> Table:
    """Positions against registered and qualified people by destination × occupation
    (ISCO-08 unit group and ESCO occupation) × month the work starts.

    ``registered``: people with experience in the occupation who would go to the
    destination; ``qualified``: those who pass every gate of at least one of the cell's
    vacancies. A person may count in several cells.
    """
    cells: dict[tuple, dict] = {}
    for supply in assess_supply(sources):
        v = supply.vacancy
        key = (v.destination_country, v.isco_group or "", v.esco_uri or "", vacancy_month(v))
        cell = cells.setdefault(
            key, {"vacancies": 0, "positions": 0, "registered": set(), "qualified": set()}
        )
        cell["vacancies"] += 1
        cell["positions"] += v.positions
        cell["registered"] |= supply.registered
        cell["qualified"] |= supply.qualified
    rows = []
    for key in sorted(cells):
        c = cells[key]
        qualified = len(c["qualified"])
        rows.append(
            (
                *key,
                c["vacancies"],
                c["positions"],
                len(c["registered"]),
                qualified,
                round(min(qualified / c["positions"], 1.0), 3),
            )
        )
    return Table(
        name="demand-supply",
        title="Demand against supply by destination, occupation and month",
        columns=(
            Column("destination", KEY),
            Column("isco_group", KEY),
            Column("esco_uri", KEY),
            Column("month", KEY),
            Column("vacancies", COUNT),
            Column("positions", COUNT),
            Column("registered", PEOPLE),
            Column("qualified", PEOPLE),
            Column("coverable_share", RATE, ("qualified",)),
        ),
        rows=tuple(rows),
        chart=ChartSpec(
            label=("destination", "isco_group", "month"),
            values=("positions", "registered", "qualified"),
        ),
        notes=(
            "registered: people with experience in the occupation who would go there",
            "qualified: of them, those passing every gate of at least one vacancy",
            "coverable_share: qualified / positions, at most 1",
        ),
    )


def fill_rates(sources: Sources) -> Table:
    """Per demand list: positions, qualified people, people selected and departed, and
    the fill rate (selected / positions). Placements count on their vacancy's list."""
    supplies = {s.vacancy.external_id: s for s in assess_supply(sources)}
    list_of: dict[str, str] = {}
    for demand_list in sources.demand_lists:
        for v in demand_list.vacancies:
            list_of[v.external_id] = demand_list.external_id
    selected: dict[str, set[str]] = defaultdict(set)
    departed: dict[str, set[str]] = defaultdict(set)
    for p in sources.placements:
        list_id = list_of.get(p.vacancy_id)
        if list_id is None:
            continue
        if is_selected(p):
            selected[list_id].add(p.job_seeker_id)
        if is_departed(p):
            departed[list_id].add(p.job_seeker_id)
    rows = []
    for demand_list in sorted(sources.demand_lists, key=lambda d: d.external_id):
        lid = demand_list.external_id
        qualified: set[str] = set()
        for v in demand_list.vacancies:
            supply = supplies.get(v.external_id)
            if supply is not None:
                qualified |= supply.qualified
        positions = demand_list.positions
        n_selected = len(selected[lid])
        rows.append(
            (
                lid,
                demand_list.destination_country,
                month_of(demand_list.received),
                len(demand_list.vacancies),
                positions,
                len(qualified),
                n_selected,
                len(departed[lid]),
                round(n_selected / positions, 3) if positions else None,
            )
        )
    return Table(
        name="fill-rates",
        title="Fill rates per demand list",
        columns=(
            Column("demand_list", KEY),
            Column("destination", KEY),
            Column("received", KEY),
            Column("vacancies", COUNT),
            Column("positions", COUNT),
            Column("qualified", PEOPLE),
            Column("selected", PEOPLE),
            Column("departed", PEOPLE),
            Column("fill_rate", RATE, ("selected",)),
        ),
        rows=tuple(rows),
        chart=ChartSpec(label=("demand_list",), values=("positions", "qualified", "selected")),
        notes=("fill_rate: people selected (or further: visa, departed, returned) / positions",),
    )
