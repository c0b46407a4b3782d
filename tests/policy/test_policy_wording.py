"""Findings, fit rules and engagements worded in ka/en/ru from their data.

Before, the API's ``warnings``, ``fit_rule`` and ``engaged`` were English only.
"""

from __future__ import annotations

import pickle
import re

import pytest
from babel.messages.pofile import read_po

from matching.i18n import LANGUAGES, catalogue_path, translator
from matching.policy.findings import MESSAGES, Finding
from matching.policy.wording import (
    ENGAGED_MESSAGE,
    FINDING_MESSAGES,
    FIT_MESSAGES,
    PAID_BY,
    STANDINGS,
    WAGE_PERIODS,
    engaged_text,
    finding_text,
    fit_rule_text,
)
from matching.rules.fit import FitRule

PARAMS = {  # a finding of each code, as the checks make them
    "worker_fee": {"amount": "500 €"},
    "fee_undeclared": {"scheme": "PL seasonal", "count": 3, "total": 12},
    "unlicensed_agency": {"agency": "Agencja X"},
    "agency_unresolved": {"agency": "Agencja Y"},
    "agency_inactive": {
        "agency": "Agencja Z", "licence": "KRAZ 123", "standing": "suspended", "on": "2026-05-01",
    },
    "below_minimum_wage": {
        "wage": "20 zł/hour", "minimum": "4806 zł/month", "country": "PL",
        "source": "Dz.U. 2025", "valid_from": "2026-01-01",
    },
    "wage_not_compared": {"wage": "900 €/month", "minimum": "4806 zł/month", "country": "PL"},
    "season_shorter_than_contract": {
        "start": "2026-05-01", "end": "2026-07-01", "days": 61, "months": 3,
    },
    "travel_paid_by_worker": {"paid_by": "worker"},
    "housing_paid_by_worker": {"paid_by": "shared"},
    "qualification_recognition": {"scheme": "DE", "country": "DE", "remedy": "Anerkennung"},
    "scheme_requirement": {
        "scheme": "PL", "requirement": "Code 95 (driver CPC)", "reason": "Polish law",
    },
    "start_date_assumed": {"on": "2026-04-01", "source": "today"},
}  # fmt: skip
ENGLISH = re.compile(r"\b(the|worker|wage|season|agency|hour|month|shared|suspended|is)\b")


def test_every_finding_code_is_worded() -> None:
    assert set(FINDING_MESSAGES) == set(MESSAGES) == set(PARAMS)


@pytest.mark.parametrize("code", sorted(PARAMS))
def test_each_finding_reads_in_georgian_and_russian(code: str) -> None:
    finding = Finding(code, PARAMS[code])
    for language in ("ka", "ru"):
        text = finding_text(finding, translator(language))
        assert "%(" not in text and not ENGLISH.search(text), (language, text)
    english = finding_text(finding, translator("en"))
    assert "%(" not in english and english.split(" ")[0] == finding.message().split(" ")[0]


def test_values_are_in_the_readers_words() -> None:
    ka = translator("ka")
    wage = finding_text(Finding("below_minimum_wage", PARAMS["below_minimum_wage"]), ka)
    assert "20 zł საათში" in wage and "პოლონეთი" in wage and "2026-01-01" not in wage
    inactive = finding_text(Finding("agency_inactive", PARAMS["agency_inactive"]), ka)
    assert "შეჩერებული" in inactive


def test_a_fit_rule_is_its_old_english_and_words_itself() -> None:
    rule = FitRule(
        coded=True,
        isco_group="7212",
        occupation="welder",
        related=("metal worker",),
        close=("solderer",),
        skill_share=0.5,
        widening=("72", "72"),
        related_group="72",
    )
    assert rule == (
        "qualifies: welder (ESCO); broader or narrower: metal worker; ISCO 7212 sharing ≥50% "
        "of its essential skills: solderer; scheme rule for ISCO 72: any experience in ISCO "
        "group 72; other trades of ISCO group 72 are related trades"
    )
    assert fit_rule_text(rule, translator("en")) == rule
    assert pickle.loads(pickle.dumps(rule)).values() == rule.values()
    for language in ("ka", "ru"):
        text = fit_rule_text(rule, translator(language))
        assert "qualifies" not in text and "related trades" not in text and "welder" in text
    uncoded = FitRule(coded=False)
    assert uncoded == "uncoded vacancy: anyone is considered"
    assert fit_rule_text(uncoded, translator("ka")).startswith("ვაკანსია კოდირებული არ არის")


def test_engagements_name_the_status_in_its_sense() -> None:
    assert engaged_text("selected", "PL-3", translator("en")) == "selected for PL-3"
    assert engaged_text("selected", "PL-3", translator("ka")) == "შერჩეულია ვაკანსიაზე PL-3"
    assert engaged_text("departed", "PL-3", translator("ru")) == "уехал на вакансию PL-3"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_in_each_catalogue_and_translated(language: str) -> None:
    with catalogue_path(language).open("rb") as po:
        catalogue = read_po(po, locale=language)
    messages = [
        *FINDING_MESSAGES.values(),
        *FIT_MESSAGES.values(),
        *STANDINGS.values(),
        *WAGE_PERIODS.values(),
        *PAID_BY.values(),
        ENGAGED_MESSAGE,
    ]
    for msgid in messages:
        message = catalogue.get(str(msgid), context=getattr(msgid, "context", None))
        assert message is not None and message.string, (language, msgid)
        if language != "en":
            assert message.string != msgid, (language, msgid)
