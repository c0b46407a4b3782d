"""Statutory minimum wages per destination, shipped as data, and the wage check.

``data/minimum_wages.csv`` holds one row per country and period (``month``, ``hour``),
each with its legal source and the day it took effect; ``Settings.minimum_wages_file``
points at a file of the same shape to use instead. A vacancy's wage is compared with
the row of its own period, or else converted through the row's monthly hours.

Example:
    >>> from matching.records import Vacancy
    >>> table = load_minimum_wages()
    >>> v = Vacancy(external_id="DE-1", destination_country="DE", title="Koch",
    ...             wage_amount=12.0, wage_currency="EUR", wage_period="hour")
    >>> [f.code for f in wage_findings(v, table)]
    ['below_minimum_wage']
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path

from matching.errors import DataFileError
from matching.policy.findings import Finding, money
from matching.records import Vacancy

_MONTHS_PER = {"hour": None, "day": None, "week": 12 / 52, "month": 1.0, "year": 12.0}


@dataclass(frozen=True, slots=True)
class MinimumWage:
    """One statutory minimum: ``amount`` ``currency`` per ``period`` from ``valid_from``."""

    country: str
    amount: float
    currency: str
    period: str
    hours_per_month: float
    valid_from: date
    source: str

    def monthly(self) -> float:
        return to_monthly(self.amount, self.period, self.hours_per_month)


def to_monthly(amount: float, period: str, hours_per_month: float) -> float:
    """A wage per ``period`` as a monthly amount (a working day is 8 hours)."""
    if period == "hour":
        return amount * hours_per_month
    if period == "day":
        return amount * hours_per_month / 8
    return amount / _MONTHS_PER[period]  # type: ignore[operator]


def load_minimum_wages(path: str | Path | None = None) -> dict[str, list[MinimumWage]]:
    """Country → its minimum wages, newest first; the shipped table by default.

    Raises:
        DataFileError: The file is missing or a row is malformed.
    """
    if path is None:
        text = (
            resources.files("matching.policy")
            .joinpath("data/minimum_wages.csv")
            .read_text(encoding="utf-8")
        )
        where: object = "matching/policy/data/minimum_wages.csv"
    else:
        if not Path(path).is_file():
            raise DataFileError(path, "no such file")
        text = Path(path).read_text(encoding="utf-8-sig")
        where = path
    out: dict[str, list[MinimumWage]] = {}
    for i, row in enumerate(csv.DictReader(text.splitlines()), 2):
        try:
            wage = MinimumWage(
                country=row["country"].strip().upper(),
                amount=float(row["amount"]),
                currency=row["currency"].strip().upper(),
                period=row["period"].strip(),
                hours_per_month=float(row["hours_per_month"]),
                valid_from=date.fromisoformat(row["valid_from"].strip()),
                source=row["source"].strip(),
            )
        except (KeyError, ValueError, AttributeError) as error:
            raise DataFileError(where, f"bad minimum wage row: {error}", row=i) from None
        if wage.period not in _MONTHS_PER:
            raise DataFileError(where, f"unknown period {wage.period!r}", row=i, field="period")
        out.setdefault(wage.country, []).append(wage)
    for rows in out.values():
        rows.sort(key=lambda w: w.valid_from, reverse=True)
    return out


def minimum_for(
    table: dict[str, list[MinimumWage]], country: str, period: str | None, on: date | None = None
) -> MinimumWage | None:
    """The minimum in force in ``country`` on ``on``, of ``period`` when there is one."""
    rows = [w for w in table.get(country, []) if on is None or w.valid_from <= on]
    if not rows:
        rows = table.get(country, [])  # a season before the table's first row: the oldest
    same = [w for w in rows if w.period == period]
    return (same or rows or [None])[0]


def wage_findings(
    vacancy: Vacancy, table: dict[str, list[MinimumWage]], on: date | None = None
) -> list[Finding]:
    """``below_minimum_wage`` (or ``wage_not_compared``) for a vacancy's declared wage."""
    if vacancy.wage_amount is None or vacancy.wage_period is None:
        return []
    minimum = minimum_for(table, vacancy.destination_country, vacancy.wage_period, on)
    if minimum is None:
        return []
    wage = money(vacancy.wage_amount, vacancy.wage_currency) + f"/{vacancy.wage_period}"
    floor = money(minimum.amount, minimum.currency) + f"/{minimum.period}"
    params = {
        "wage": wage,
        "minimum": floor,
        "country": vacancy.destination_country,
        "source": minimum.source,
        "valid_from": minimum.valid_from.isoformat(),
    }
    if vacancy.wage_currency != minimum.currency:
        return [Finding("wage_not_compared", params)]
    offered = to_monthly(vacancy.wage_amount, vacancy.wage_period, minimum.hours_per_month)
    if offered + 1e-6 < minimum.monthly():
        return [Finding("below_minimum_wage", params)]
    return []
