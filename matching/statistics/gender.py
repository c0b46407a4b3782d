"""Women and men registered, qualified, selected and departed per scheme and region."""

from __future__ import annotations

from matching.records import Gender
from matching.statistics._assess import assess_supply
from matching.statistics._records import ALL, Sources, is_departed, is_selected, wants
from matching.statistics._table import KEY, PEOPLE, ChartSpec, Column, Relation, Table

UNKNOWN = "unknown"
MEASURES = ("registered", "qualified", "selected", "departed")


def gender_by_scheme(sources: Sources) -> Table:
    """Per destination (scheme) × region × gender, with a row ``all`` per destination and
    region summing the genders: people registered (who would go there), qualified for at
    least one of its vacancies, selected (or further) and departed (or returned)."""
    destinations = {v.destination_country for v in sources.vacancies}
    vacancy_destination = {v.external_id: v.destination_country for v in sources.vacancies}
    qualified: dict[str, set[str]] = {d: set() for d in destinations}
    for supply in assess_supply(sources):
        qualified[supply.vacancy.destination_country] |= supply.qualified
    selected: dict[str, set[str]] = {d: set() for d in destinations}
    departed: dict[str, set[str]] = {d: set() for d in destinations}
    for p in sources.placements:
        d = vacancy_destination.get(p.vacancy_id)
        if d is None:
            continue
        if is_selected(p):
            selected[d].add(p.job_seeker_id)
        if is_departed(p):
            departed[d].add(p.job_seeker_id)
    genders = [g.value for g in Gender]
    cells: dict[tuple[str, str, str], list[int]] = {}
    for seeker in sources.job_seekers:
        region = seeker.region.value if seeker.region is not None else UNKNOWN
        pid = seeker.external_id
        for d in destinations:
            flags = (
                wants(seeker, d),
                pid in qualified[d],
                pid in selected[d],
                pid in departed[d],
            )
            if not any(flags):
                continue
            for gender in (seeker.gender.value, ALL):
                cell = cells.setdefault((d, region, gender), [0, 0, 0, 0])
                for i, flag in enumerate(flags):
                    cell[i] += int(flag)
    # Every gender shown in each (destination, region), zeros too: a missing row would
    # leave the total's parts unknown.
    for d, region, _ in list(cells):
        for gender in genders:
            cells.setdefault((d, region, gender), [0, 0, 0, 0])
    order = {g: i for i, g in enumerate([*genders, ALL])}
    keys = sorted(cells, key=lambda k: (k[0], k[1], order[k[2]]))
    rows = tuple((*k, *cells[k]) for k in keys)
    index = {k: i for i, k in enumerate(keys)}
    relations = []
    for (d, region, gender), i in index.items():
        if gender != ALL:
            continue
        parts = [index[(d, region, g)] for g in genders]
        for column in range(3, 3 + len(MEASURES)):
            relations.append(Relation((i, column), tuple((j, column) for j in parts)))
    return Table(
        name="gender",
        title="Women and men registered, qualified, selected and departed",
        columns=(
            Column("destination", KEY),
            Column("region", KEY),
            Column("gender", KEY),
            *(Column(m, PEOPLE) for m in MEASURES),
        ),
        rows=rows,
        relations=tuple(relations),
        chart=ChartSpec(label=("destination", "region", "gender"), values=MEASURES),
        notes=(
            "registered: people who would go to the destination (no preference: anywhere)",
            "qualified: passing every gate of at least one of its vacancies",
            "all: every gender, including other and undisclosed",
        ),
    )
