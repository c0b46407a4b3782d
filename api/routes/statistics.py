"""Statistics for the ministry: ``GET /stats/{name}`` as JSON, CSV, XLSX or an SVG chart.

Coordinators and analysts only; an agency key gets 403 (an agency's own aggregates would
be counts over a few dozen people, and the ministry publishes them, not the agencies).
Every answer is a published table: cells counting fewer than ``stats_min_cell`` people
are ``null`` and listed in ``suppressed``. Nothing identifies a person: keys are
destinations, occupations, months, regions, genders, agencies, demand lists and vacancies.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from enum import StrEnum
from functools import lru_cache
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from api.deps import EngineDep, MinistryDep, ReasonsLanguageDep, SettingsDep
from api.responses import language_headers, model_response
from api.schemas import StatisticPublic
from matching.i18n import translator
from matching.records import JobSeeker
from matching.service import Engine
from matching.statistics import (
    STATISTICS,
    SourcesCache,
    Table,
    chart_svg,
    to_csv,
    to_xlsx,
)
from matching.statistics.labels import HIDDEN, labeller

router = APIRouter(prefix="/stats", tags=["statistics"])

StatisticName = StrEnum("StatisticName", {n.replace("-", "_"): n for n in STATISTICS})


def get_sources_cache(request: Request) -> SourcesCache:
    """The app's cache of the registry as the statistics read it (made on first use)."""
    state = request.app.state
    if getattr(state, "statistics_sources", None) is None:
        state.statistics_sources = SourcesCache()
    return state.statistics_sources


SourcesCacheDep = Annotated[SourcesCache, Depends(get_sources_cache)]


def fitted_people(engine: Engine) -> Callable[[str], Sequence[JobSeeker] | None]:
    """The people of the engine's fitted matcher, when it was fitted at that version of
    the store's job seekers: the statistics then need not read 20,000 records again (the
    matcher keeps them whole, every one of them, in store order)."""

    def people(version: str) -> Sequence[JobSeeker] | None:
        matcher = getattr(engine, "_matcher", None)
        if matcher is None or getattr(engine, "matcher_version", None) != version:
            return None
        return matcher.population_.job_seekers

    return people


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
    language: ReasonsLanguageDep,
    format: Annotated[Literal["json", "csv", "xlsx", "svg"], Query()] = "json",
    today: Annotated[
        date | None, Query(description="Gates are checked on this day (default: today).")
    ] = None,
) -> StatisticPublic | Response:
    """One statistic over the whole registry, small counts of people suppressed.
    ``Accept-Language: ka|en|ru`` words the CSV, XLSX and chart in that language and adds
    ``title_localized``, ``columns_localized``, ``rows_localized`` (key values,
    requirements and courses worded) and ``notes_localized`` to the JSON, which is
    otherwise as before."""
    table = cache.table(
        name.value, engine.store, settings, today=today, job_seekers=fitted_people(engine)
    )
    label = _labeller(language)
    headers = language_headers(language)
    if format == "csv":
        return Response(
            to_csv(table, label=label),
            media_type="text/csv; charset=utf-8",
            headers={**_attachment(f"{table.name}.csv"), **headers},
        )
    if format == "xlsx":
        return Response(
            to_xlsx([table], label=label, hidden_note=_hidden(table, language)),
            media_type=XLSX,
            headers={**_attachment(f"{table.name}.xlsx"), **headers},
        )
    if format == "svg":
        # Opened on its own, an SVG is a document: it may run nothing and load nothing.
        return Response(
            _chart(table, language), media_type="image/svg+xml", headers={**_SVG_HEADERS, **headers}
        )
    return model_response(StatisticPublic.from_core(table, label), headers=headers)


def _labeller(language: str | None) -> Callable[[str], str] | None:
    """The reader's words for a table (``None``: the table's own English words)."""
    if language is None:
        return None
    return labeller(translator(language))


def _hidden(table: Table, language: str | None) -> str | None:
    if language is None:
        return None
    return translator(language).gettext(HIDDEN) % {"n": table.min_cell}


@lru_cache(maxsize=32)
def _chart(table: Table, language: str | None = None) -> str:
    """Drawn once per published table and language (the cache keeps each table while it
    is current); without a language, in the table's own English words."""
    if language is None:
        return chart_svg(table)
    return chart_svg(table, label=_labeller(language), hidden_note=_hidden(table, language))


def _attachment(filename: str) -> dict[str, str]:
    return {"Content-Disposition": f'attachment; filename="{filename}"'}
