"""Agencies: vacancies, placements and flags raised (fees, unlicensed) per agency and month."""

from __future__ import annotations

from collections import defaultdict

from matching.statistics._records import (
    Sources,
    is_departed,
    is_selected,
    month_of,
    vacancy_month,
)
from matching.statistics._table import COUNT, KEY, PEOPLE, ChartSpec, Column, Table

NO_AGENCY = "(ministry)"  # records no agency registered


def agency_activity(sources: Sources) -> Table:
    """Per agency and month: vacancies and positions (by the month work starts), people
    selected and departed (by the month of their placement's latest change), and flags:
    the vacancies a run flagged for a fee charged to workers or an unlicensed (unknown,
    inactive) agency, each counted once per agency, month raised and kind
    (``sources.agency_flags``; a flag that names no vacancy counts on its own), then the
    vacancies charging a fee or of an unlicensed agency that no run flagged yet, by the
    month work starts."""
    cells: dict[tuple[str, str], dict] = defaultdict(
        lambda: {
            "vacancies": 0,
            "positions": 0,
            "selected": set(),
            "departed": set(),
            "fee": 0,
            "unlicensed": 0,
        }
    )
    raised: dict[tuple[str, str, str], set[str]] = defaultdict(set)  # agency, month, kind
    for flag in sources.agency_flags:
        if flag.kind not in ("fee", "unlicensed"):
            continue
        vacancy_id = getattr(flag, "vacancy_id", None)
        key = (flag.agency, month_of(flag.raised_on))
        if vacancy_id is None:
            cells[key][flag.kind] += 1
        else:
            raised[(*key, flag.kind)].add(vacancy_id)
    for (agency, month, kind), vacancy_ids in raised.items():
        cells[(agency, month)][kind] += len(vacancy_ids)
    flagged = {(vid, kind) for (_, _, kind), vids in raised.items() for vid in vids}
    agency_of: dict[str, str] = {}
    for v in sources.vacancies:
        agency = v.agency or NO_AGENCY
        agency_of[v.external_id] = agency
        cell = cells[(agency, vacancy_month(v))]
        cell["vacancies"] += 1
        cell["positions"] += v.positions
        vid = v.external_id
        cell["fee"] += int(v.charges_worker_fee and (vid, "fee") not in flagged)
        cell["unlicensed"] += int(v.agency_licensed is False and (vid, "unlicensed") not in flagged)
    for p in sources.placements:
        agency = agency_of.get(p.vacancy_id)
        if agency is None:
            continue
        cell = cells[(agency, month_of(p.changed_on))]
        if is_selected(p):
            cell["selected"].add(p.job_seeker_id)
        if is_departed(p):
            cell["departed"].add(p.job_seeker_id)
    rows = tuple(
        (
            agency,
            month,
            c["vacancies"],
            c["positions"],
            len(c["selected"]),
            len(c["departed"]),
            c["fee"],
            c["unlicensed"],
        )
        for (agency, month), c in sorted(cells.items())
    )
    return Table(
        name="agencies",
        title="Agencies: vacancies, placements and flags per month",
        columns=(
            Column("agency", KEY),
            Column("month", KEY),
            Column("vacancies", COUNT),
            Column("positions", COUNT),
            Column("selected", PEOPLE),
            Column("departed", PEOPLE),
            Column("fee_flags", COUNT),
            Column("unlicensed_flags", COUNT),
        ),
        rows=rows,
        chart=ChartSpec(label=("agency", "month"), values=("positions", "selected")),
        notes=(
            "vacancies, positions: by the month work starts",
            "selected, departed: people, by the month of the placement's latest change",
            "fee_flags: vacancies flagged for a fee to workers, by the month flagged "
            "(not yet run: by the month work starts)",
            "unlicensed_flags: vacancies flagged for an unlicensed, unknown or inactive "
            "agency, likewise",
        ),
    )
