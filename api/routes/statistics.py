"""Statistics for the ministry: ``GET /stats/{name}`` as JSON, CSV, XLSX or an SVG chart.

Coordinators and analysts only; an agency key gets 403 (an agency's own aggregates would
be counts over a few dozen people, and the ministry publishes them, not the agencies).
Every answer is a published table: cells counting fewer than ``stats_min_cell`` people
are ``null`` and listed in ``suppressed``. Nothing identifies a person: keys are
destinations, occupations, months, regions, genders, agencies, demand lists and vacancies.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from api.deps import EngineDep, MinistryDep, SettingsDep
from api.schemas import StatisticPublic
from matching.statistics import (
    STATISTICS,
    SourcesCache,
    chart_svg,
    published_table,
    to_csv,
    to_xlsx,
)

router = APIRouter(prefix="/stats", tags=["statistics"])

StatisticName = StrEnum("StatisticName", {n.replace("-", "_"): n for n in STATISTICS})


def get_sources_cache(request: Request) -> SourcesCache:
    """The app's cache of the registry as the statistics read it (made on first use)."""
    state = request.app.state
    if getattr(state, "statistics_sources", None) is None:
        state.statistics_sources = SourcesCache()
    return state.statistics_sources


SourcesCacheDep = Annotated[SourcesCache, Depends(get_sources_cache)]
_SVG_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'",
    "X-Content-Type-Options": "nosniff",
}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@router.get(
    "/{name}",
    response_model=StatisticPublic,
    responses={
        200: {
            "content": {"text/csv": {}, XLSX: {}, "image/svg+xml": {}},
            "description": "The table (JSON), or as CSV, XLSX or an SVG chart.",
        }
    },
)
def statistic(
    name: StatisticName,
    engine: EngineDep,
    settings: SettingsDep,
    principal: MinistryDep,
    cache: SourcesCacheDep,
    format: Annotated[Literal["json", "csv", "xlsx", "svg"], Query()] = "json",
    today: Annotated[
        date | None, Query(description="Gates are checked on this day (default: today).")
    ] = None,
) -> StatisticPublic | Response:
    """One statistic over the whole registry, small counts of people suppressed."""
    sources = cache.get(engine.store, today=today, minimum_age=settings.minimum_age)
    table = published_table(name.value, sources, settings)
    if format == "csv":
        return Response(
            to_csv(table),
            media_type="text/csv; charset=utf-8",
            headers=_attachment(f"{table.name}.csv"),
        )
    if format == "xlsx":
        return Response(
            to_xlsx([table]), media_type=XLSX, headers=_attachment(f"{table.name}.xlsx")
        )
    if format == "svg":
        # Opened on its own, an SVG is a document: it may run nothing and load nothing.
        return Response(chart_svg(table), media_type="image/svg+xml", headers=_SVG_HEADERS)
    return StatisticPublic.from_core(table)


def _attachment(filename: str) -> dict[str, str]:
    return {"Content-Disposition": f'attachment; filename="{filename}"'}
