"""Findings about a vacancy, as structured data, and their English rendering.

A finding is a code and its values (``worker_fee``, ``{"amount": "500 €"}``), never a
sentence: the sentence comes from a message catalogue, so that a Georgian or Russian
catalogue (``matching.i18n``) can render the same finding. :data:`MESSAGES` is the
English default, in ``str.format`` style with the values by name.

Example:
    >>> f = Finding("worker_fee", {"amount": "500 €"}, blocking=True)
    >>> f.message()
    'charges the worker a fee of 500 € (ILO C181 art. 7: no fees to workers); no allocation'
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

MESSAGES: dict[str, str] = {
    "worker_fee": (
        "charges the worker a fee of {amount} (ILO C181 art. 7: no fees to workers); no allocation"
    ),
    "fee_undeclared": (
        "the {scheme} scheme requires any fee to workers to be declared; "
        "{count} of {total} vacancies of this demand list declare none"
    ),
    "unlicensed_agency": "{agency} is not on the licensed agency register; no allocation",
    "agency_unresolved": (
        "agency {agency!r} is not found on the register (by licence number or name); "
        "no allocation until it is resolved"
    ),
    "agency_inactive": (
        "agency {agency!r} (licence {licence}) is {standing} on the register on {on}; no allocation"
    ),
    "below_minimum_wage": (
        "wage {wage} is below the {country} statutory minimum of {minimum} ({source}, {valid_from})"
    ),
    "wage_not_compared": (
        "wage {wage} is in another currency than the {country} statutory minimum "
        "({minimum}): check it"
    ),
    "season_shorter_than_contract": (
        "season {start} to {end} ({days} days) is shorter than the {months:g}-month contract"
    ),
    "travel_paid_by_worker": "the worker pays the travel ({paid_by})",
    "housing_paid_by_worker": "the worker pays the housing ({paid_by})",
    "qualification_recognition": (
        "{scheme}: the qualification must be recognised in {country} before work starts; "
        "remedy: {remedy}"
    ),
    "scheme_requirement": "{scheme}: {requirement} is required ({reason})",
    "start_date_assumed": "no start date: gates checked on {on} ({source})",
}


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing about a vacancy that a coordinator must see.

    Attributes:
        code: The catalogue key (``worker_fee``, ``below_minimum_wage`` ...).
        params: The values the message names, by name.
        blocking: Whether the vacancy gets no allocation because of it.
    """

    code: str
    params: Mapping[str, Any] = field(default_factory=dict)
    blocking: bool = False

    def message(self, catalogue: Mapping[str, str] = MESSAGES) -> str:
        """The finding in words, from ``catalogue`` (English by default)."""
        return render(self.code, self.params, catalogue)


def render(code: str, params: Mapping[str, Any], catalogue: Mapping[str, str] = MESSAGES) -> str:
    """``catalogue[code]`` with ``params`` filled in; the code itself when it is missing."""
    template = catalogue.get(code) or MESSAGES.get(code)
    if template is None:
        return code
    return template.format(**params)


_CURRENCY_SIGNS = {"EUR": "€", "PLN": "zł", "ILS": "₪", "GEL": "₾", "USD": "$", "GBP": "£"}


def money(amount: float, currency: str | None) -> str:
    """``500 €``, ``4806 zł``, ``12.5 CZK``: the amount with the currency as people write it."""
    if currency is None:
        return f"{amount:g}"
    return f"{amount:g} {_CURRENCY_SIGNS.get(currency, currency)}"
