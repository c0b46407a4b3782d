"""What the ministry needs to know: aggregates over the registry, vacancies, demand lists
and placements, with every small count of people suppressed.

Each statistic is a pure function of plain records (:class:`Sources`) returning a raw
:class:`Table`; :func:`suppress` publishes it (cells counting 1 to ``min_cell - 1``
people hidden, complementary cells where a total would give one away, rates of hidden
counts hidden), and only a published table can be exported (:func:`to_csv`,
:func:`to_xlsx`) or drawn (:func:`chart_svg`). Placements are read through the
:class:`Placement` protocol (``job_seeker_id, vacancy_id, status, changed_on``).

Example:
    >>> from datetime import date
    >>> from matching.records import Vacancy
    >>> sources = Sources.of([], [Vacancy(external_id="PL-1", destination_country="PL",
    ...     title="spawacz", isco_group="7212", positions=40)], today=date(2026, 3, 1))
    >>> table = suppress(demand_supply(sources))
    >>> table.records()[0]["positions"], table.records()[0]["qualified"]
    (40, 0)
"""

from matching.statistics._records import (
    AgencyFlag,
    AgencyFlagRecord,
    Placement,
    PlacementRecord,
    Sources,
)
from matching.statistics._requirements import Course, course_weeks, course_weeks_table
from matching.statistics._table import (
    COUNT,
    KEY,
    PEOPLE,
    RATE,
    TEXT,
    WEEKS,
    ChartSpec,
    Column,
    Relation,
    Table,
    filter_columns,
    require_published,
    select_rows,
    suppress,
)
from matching.statistics.agencies import agency_activity
from matching.statistics.charts import chart_svg, has_bars
from matching.statistics.demand import demand_supply, fill_rates
from matching.statistics.export import to_csv, to_xlsx
from matching.statistics.gender import gender_by_scheme
from matching.statistics.registry import (
    STATISTICS,
    SourcesCache,
    Statistic,
    published_table,
    sources_from_store,
)
from matching.statistics.returnees import returnees
from matching.statistics.shortages import shortage_sentences, shortages
from matching.statistics.training import training_plan

__all__ = [
    "COUNT",
    "KEY",
    "PEOPLE",
    "RATE",
    "STATISTICS",
    "TEXT",
    "WEEKS",
    "AgencyFlag",
    "AgencyFlagRecord",
    "ChartSpec",
    "Column",
    "Course",
    "Placement",
    "PlacementRecord",
    "Relation",
    "Sources",
    "SourcesCache",
    "Statistic",
    "Table",
    "agency_activity",
    "chart_svg",
    "course_weeks",
    "course_weeks_table",
    "demand_supply",
    "fill_rates",
    "filter_columns",
    "gender_by_scheme",
    "has_bars",
    "published_table",
    "require_published",
    "returnees",
    "select_rows",
    "shortage_sentences",
    "shortages",
    "sources_from_store",
    "suppress",
    "to_csv",
    "to_xlsx",
    "training_plan",
]
