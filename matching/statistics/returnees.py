"""Returnees by region and occupation, and how many found work abroad again."""

from __future__ import annotations

from datetime import date

from matching.statistics._records import (
    ALL,
    RETURNED_STATUS,
    Sources,
    is_selected,
    main_occupation,
)
from matching.statistics._table import KEY, PEOPLE, RATE, ChartSpec, Column, Relation, Table

UNKNOWN = "unknown"


def _last_return(seeker, placements, today: date) -> date | None:
    """The last day the person came back: a finished stay abroad in their migration
    history, or a placement in status ``returned``."""
    days = [e.end for e in seeker.migration_history if e.end is not None and e.end <= today]
    days += [p.changed_on for p in placements if p.status == RETURNED_STATUS]
    return max(days) if days else None


def returnees(sources: Sources) -> Table:
    """Per region × occupation (ISCO-08 unit group of the longest experience): people who
    returned from work abroad, and those of them who found work abroad again (a stay
    begun, or a placement selected or further, after their last return). Each region has
    a total row (occupation ``all``)."""
    placements: dict[str, list] = {}
    for p in sources.placements:
        placements.setdefault(p.job_seeker_id, []).append(p)
    counts: dict[tuple[str, str], list[int]] = {}
    for seeker in sources.job_seekers:
        mine = placements.get(seeker.external_id, [])
        back = _last_return(seeker, mine, sources.today)
        if back is None:
            continue
        again = any(e.start > back for e in seeker.migration_history) or any(
            is_selected(p) and p.status != RETURNED_STATUS and p.changed_on > back for p in mine
        )
        region = seeker.region.value if seeker.region is not None else UNKNOWN
        occupation = main_occupation(seeker) or UNKNOWN
        for key in ((region, occupation), (region, ALL)):
            cell = counts.setdefault(key, [0, 0])
            cell[0] += 1
            cell[1] += int(again)
    keys = sorted(counts, key=lambda k: (k[0], k[1] == ALL, k[1]))
    rows = tuple(
        (
            region,
            occupation,
            counts[(region, occupation)][0],
            counts[(region, occupation)][1],
            round(counts[(region, occupation)][1] / counts[(region, occupation)][0], 3),
        )
        for region, occupation in keys
    )
    index = {k: i for i, k in enumerate(keys)}
    relations = []
    for (region, occupation), i in index.items():
        if occupation != ALL:
            continue
        parts = [j for (r, o), j in index.items() if r == region and o != ALL]
        for column in (2, 3):
            relations.append(Relation((i, column), tuple((j, column) for j in parts)))
    return Table(
        name="returnees",
        title="Returnees by region and occupation, and who found work again",
        columns=(
            Column("region", KEY),
            Column("isco_group", KEY),
            Column("returnees", PEOPLE),
            Column("working_again", PEOPLE),
            Column("working_again_share", RATE, ("returnees", "working_again")),
        ),
        rows=rows,
        relations=tuple(relations),
        chart=ChartSpec(label=("region", "isco_group"), values=("returnees", "working_again")),
        notes=(
            "returnee: back from a stay abroad for work (migration history or placement)",
            "working_again: a new stay or placement (selected or further) after the return",
        ),
    )
