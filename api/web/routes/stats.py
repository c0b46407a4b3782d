"""The analyst's pages: counts only, never a person.

``/stats`` is the overview every role sees (its counts scoped to the reader). The
ministry's statistics (:mod:`matching.statistics`), each on its own page
``/stats/{name}``, are for coordinators and analysts only, as in the API: the published
table (small counts of people hidden and marked), its chart as a server-drawn SVG image
(``/stats/{name}/chart.svg``: an ``<img>``, so the page's policy of no inline script or
style holds, and the image runs and loads nothing), filters by destination and months
as a GET form, and downloads ``/stats/{name}/table.xlsx`` and ``.csv`` through the
session. Titles, column names, key values, notes and chart labels are the reader's
language, from the catalogue.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from fastapi.routing import APIRoute

from api.deps import EngineDep, require_ministry
from api.problems import Problem
from api.routes.batches import RegistryDep
from api.routes.health import registry_counts
from api.routes.statistics import XLSX, fitted_people, get_sources_cache
from api.security import Principal, Role
from api.web.auth import PageError, WebPrincipal
from api.web.forms import COUNTRY_NAMES
from api.web.rendering import render, request_language
from api.web.routing import BrowserRoute
from matching.i18n import N_, Translator, translator
from matching.rules.wording import occupation_label
from matching.statistics import (
    RATE,
    STATISTICS,
    WEEKS,
    Table,
    chart_svg,
    filter_columns,
    has_bars,
    select_rows,
    to_csv,
    to_xlsx,
)
from matching.statistics.labels import HIDDEN, labeller

router = APIRouter(route_class=BrowserRoute)

# The pages, in the menu's order: a statistic's name, its heading and what it answers.
PAGES: dict[str, tuple[str, str]] = {
    "demand-supply": (
        N_("Demand and supply"),
        N_("Positions asked for against the people registered and qualified, by destination, "
           "occupation and month."),
    ),
    "fill-rates": (
        N_("Fill rates"),
        N_("Per demand list: positions, people qualified, selected and departed."),
    ),
    "shortages": (
        N_("Shortages"),
        N_("Vacancies with fewer qualified people than positions, and the requirements "
           "that exclude the most people."),
    ),
    "training-plan": (
        N_("Training plan"),
        N_("The courses that would qualify the most people for open positions, and the "
           "weeks they take."),
    ),
    "agencies": (
        N_("Agencies"),
        N_("Per agency and month: vacancies, placements and flags raised (fees charged to "
           "workers, unlicensed agencies)."),
    ),
    "returnees": (
        N_("Returnees"),
        N_("People back from work abroad by region and occupation, and how many found "
           "work again."),
    ),
    "gender": (
        N_("Women and men"),
        N_("Women and men registered, qualified, selected and departed, per destination "
           "and region."),
    ),
}  # fmt: skip

MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
DESTINATION = re.compile(r"^[A-Z]{2}$")
IDS = frozenset({"vacancy", "demand_list"})  # ids: never broken over two lines
MAX_ROWS = 500  # on the page; the downloads hold every row


def web_ministry(principal: WebPrincipal) -> Principal:
    try:
        return require_ministry(principal)
    except Problem:
        raise PageError(
            403, N_("Only the ministry's coordinators and analysts may open this page.")
        ) from None


WebMinistry = Annotated[Principal, Depends(web_ministry)]


class Filters:
    """The page's GET form: a destination and months from and to (``YYYY-MM``)."""

    def __init__(
        self,
        destination: Annotated[str | None, Query(max_length=8)] = None,
        month_from: Annotated[str | None, Query(max_length=10)] = None,
        month_to: Annotated[str | None, Query(max_length=10)] = None,
    ):
        self.errors: dict[str, str] = {}
        self.destination = self._check("destination", destination, DESTINATION)
        self.month_from = self._check("month_from", month_from, MONTH)
        self.month_to = self._check("month_to", month_to, MONTH)

    def _check(self, name: str, value: str | None, pattern: re.Pattern[str]) -> str | None:
        value = (value or "").strip().upper() if name == "destination" else (value or "").strip()
        if not value:
            return None
        if not pattern.match(value):
            self.errors[name] = (
                N_("A month is written as 2026-04.")
                if name != "destination"
                else N_("A destination is a two-letter country code, such as PL.")
            )
            return None
        return value

    @property
    def query(self) -> str:
        values = {
            "destination": self.destination,
            "month_from": self.month_from,
            "month_to": self.month_to,
        }
        return urlencode({k: v for k, v in values.items() if v})

    def apply(self, table: Table) -> Table:
        return select_rows(
            table, destination=self.destination, months=(self.month_from, self.month_to)
        )


FiltersDep = Annotated[Filters, Depends()]


def _statistic(name: str) -> str:
    if name not in STATISTICS:
        raise PageError(404, N_("There is no such statistic."))
    return name


def _tables(request: Request, engine: EngineDep, name: str) -> Table:
    """Statistic ``name`` as published, over the whole registry (cached sources)."""
    settings = request.app.state.settings
    cache = get_sources_cache(request)
    return cache.table(name, engine.store, settings, job_seekers=fitted_people(engine))


@router.get("/stats", response_class=Response)
def stats_page(
    request: Request, engine: EngineDep, registry: RegistryDep, principal: WebPrincipal
) -> Response:
    counts = registry_counts(engine, principal)
    # Runs are the ministry's (an agency has none): their counts name nobody.
    runs = registry.runs() if principal.scope.everyone else []
    done = [r for r in runs if r.state == "done"]
    context = {
        "counts": counts,
        "runs_done": len(done),
        "positions": sum(r.positions or 0 for r in done),
        "filled": sum(r.filled or 0 for r in done),
        "pages": PAGES if principal.role is not Role.AGENCY else {},
    }
    return render(request, "stats.html", context)


@router.get("/stats/{name}", response_class=Response)
def statistic_page(
    request: Request,
    name: str,
    engine: EngineDep,
    principal: WebMinistry,
    filters: FiltersDep,
) -> Response:
    name = _statistic(name)
    whole = _tables(request, engine, name)
    table = filters.apply(whole)
    t = translator(request_language(request))
    label = labeller(t)
    by_destination, by_month = filter_columns(whole)
    codes = (
        sorted({str(r[whole.column("destination")]) for r in whole.rows}) if by_destination else []
    )
    destinations = [
        (code, t.gettext(COUNTRY_NAMES[code]) if code in COUNTRY_NAMES else code) for code in codes
    ]
    query = filters.query
    suffix = f"?{query}" if query else ""
    context = {
        "name": name,
        "pages": PAGES,
        "heading": PAGES[name][0],
        "lead": PAGES[name][1],
        "title": label(table.title),
        "headers": [(label(c.name), c.kind) for c in table.columns],
        "rows": _rows(table, t, label, _occupation_label(engine, t)),
        "more": max(0, len(table.rows) - MAX_ROWS),
        "notes": [label(n) for n in table.notes],
        "hidden_note": t.gettext(HIDDEN) % {"n": table.min_cell},
        "any_hidden": bool(table.suppressed),
        "filters": filters,
        "by_destination": by_destination,
        "by_month": by_month,
        "destinations": destinations,
        "chart": f"/stats/{name}/chart.svg{suffix}" if has_bars(table) else None,
        "xlsx": f"/stats/{name}/table.xlsx{suffix}",
        "csv": f"/stats/{name}/table.csv{suffix}",
    }
    return render(request, "stats_table.html", context)


def _occupation_label(engine: EngineDep, t: Translator) -> Callable[[str], str]:
    """An ESCO occupation's name for its URI in the reader's language (its English label
    where the project has no name in that language; the URI itself when unknown)."""
    taxonomy = engine.taxonomy

    def occupation(uri: str) -> str:
        try:
            english = taxonomy.concept_label(uri) or uri
        except KeyError:
            return uri
        if english == uri:
            return uri
        return occupation_label(english, uri, taxonomy.concept_isco(uri), t)

    return occupation


def _rows(
    table: Table, t: Translator, label: Callable[[str], str], occupation: Callable[[str], str]
) -> list[list[tuple]]:
    """Each shown cell as (text, css class, hidden); ESCO URIs as their labels."""
    esco = table.column("esco_uri") if "esco_uri" in table.column_names else -1
    out = []
    for r, row in enumerate(table.rows[:MAX_ROWS]):
        cells = []
        for c, column in enumerate(table.columns):
            if (r, c) in table.suppressed:
                cells.append((f"<{table.min_cell}", "num hidden", True))
                continue
            value = row[c]
            if column.kind == RATE:
                cells.append((t.format_percent(value) if value is not None else "", "num", False))
            elif column.kind == WEEKS:
                cells.append((t.format_number(value, digits=1), "num", False))
            elif c == esco and value:
                cells.append((occupation(str(value)), "", False))
            elif isinstance(value, (int, float)):
                cells.append((t.format_number(value), "num", False))
            elif isinstance(value, str) and (MONTH.match(value) or column.name in IDS):
                cells.append((value, "nowrap", False))
            else:
                text = value if isinstance(value, str) else str(value)
                cells.append((label(text) if value is not None else "", "", False))
        out.append(cells)
    return out


def statistic_chart(
    request: Request,
    name: str,
    engine: EngineDep,
    principal: WebMinistry,
    filters: FiltersDep,
) -> Response:
    """The page's chart, an SVG image in the reader's language."""
    table = filters.apply(_tables(request, engine, _statistic(name)))
    svg = _chart(table, request_language(request))
    return Response(
        svg,
        media_type="image/svg+xml",
        headers={
            # Opened on its own, an SVG is a document: it may run nothing and load nothing.
            "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'",
            "Cache-Control": "private, max-age=60",
        },
    )


@lru_cache(maxsize=64)
def _chart(table: Table, language: str) -> str:
    """Drawn once per table and language (matplotlib takes a tenth of a second)."""
    t = translator(language)
    return chart_svg(
        table, label=labeller(t), hidden_note=t.gettext(HIDDEN) % {"n": table.min_cell}
    )


def statistic_download(
    request: Request,
    name: str,
    format: str,
    engine: EngineDep,
    principal: WebMinistry,
    filters: FiltersDep,
) -> Response:
    """The page's table as XLSX or CSV, headers and key values in the reader's language."""
    table = filters.apply(_tables(request, engine, _statistic(name)))
    t = translator(request_language(request))
    label = labeller(t)
    hidden = t.gettext(HIDDEN) % {"n": table.min_cell}
    disposition = {"Content-Disposition": f'attachment; filename="{name}.{format}"'}
    if format == "xlsx":
        body = to_xlsx([table], label=label, hidden_note=hidden)
        return Response(body, media_type=XLSX, headers=disposition)
    if format == "csv":
        # A BOM, so that Excel reads the Georgian headers as UTF-8.
        body = "\ufeff" + to_csv(table, label=label)
        return Response(body, media_type="text/csv; charset=utf-8", headers=disposition)
    raise PageError(404, N_("There is no such statistic."))


# Images and files: asked for without text/html, so not browser routes; their paths are
# the workspace's own (the API's statistic is ``/stats/{name}`` alone).
router.add_api_route(
    "/stats/{name}/chart.svg",
    statistic_chart,
    methods=["GET"],
    response_class=Response,
    route_class_override=APIRoute,
)
router.add_api_route(
    "/stats/{name}/table.{format}",
    statistic_download,
    methods=["GET"],
    response_class=Response,
    route_class_override=APIRoute,
)
