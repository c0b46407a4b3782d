"""A vacancy's findings, its fit rule and a person's engagement in the reader's language.

The checks keep what they found as data (:class:`~matching.policy.findings.Finding`: a
code and values); the fit rule is :class:`FitRule` data from the scorer; an engagement
is a placement status and a vacancy. Here they are worded through the catalogue in
Georgian, English or Russian, countries by their CLDR names (Babel), dates and numbers
in the reader's form. The English texts the API has always sent (``warnings``,
``fit_rule``, ``engaged``) are unchanged; these are their ``_localized`` companions.

Example:
    >>> from matching.i18n import translator
    >>> from matching.policy.findings import Finding
    >>> finding_text(Finding("travel_paid_by_worker", {"paid_by": "worker"}), translator("ka"))
    'მგზავრობას იხდის დასაქმებული (დასაქმებული)'
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from matching.i18n import N_, NC_, Translator
from matching.rules import wording
from matching.rules.fit import FitRule

FINDING_MESSAGES: dict[str, str] = {
    "worker_fee": N_(
        "charges the worker a fee of %(amount)s (ILO C181 art. 7: no fees to workers); "
        "no allocation"
    ),
    "fee_undeclared": N_(
        "the %(scheme)s scheme requires any fee to workers to be declared; "
        "%(count)s of %(total)s vacancies of this demand list declare none"
    ),
    "unlicensed_agency": N_("%(agency)s is not on the licensed agency register; no allocation"),
    "agency_unresolved": N_(
        "agency “%(agency)s” is not found on the register (by licence number or name); "
        "no allocation until it is resolved"
    ),
    "agency_inactive": N_(
        "agency “%(agency)s” (licence %(licence)s) is %(standing)s on the register on %(on)s; "
        "no allocation"
    ),
    "below_minimum_wage": N_(
        "wage %(wage)s is below the %(country)s statutory minimum of %(minimum)s "
        "(%(source)s, %(valid_from)s)"
    ),
    "wage_not_compared": N_(
        "wage %(wage)s is in another currency than the %(country)s statutory minimum "
        "(%(minimum)s): check it"
    ),
    "season_shorter_than_contract": N_(
        "season %(start)s to %(end)s (%(days)s days) is shorter than the %(months)s-month contract"
    ),
    "travel_paid_by_worker": N_("the worker pays the travel (%(paid_by)s)"),
    "housing_paid_by_worker": N_("the worker pays the housing (%(paid_by)s)"),
    "qualification_recognition": N_(
        "%(scheme)s: the qualification must be recognised in %(country)s before work "
        "starts; remedy: %(remedy)s"
    ),
    "scheme_requirement": N_("%(scheme)s: %(requirement)s is required (%(reason)s)"),
    "start_date_assumed": N_("no start date: gates checked on %(on)s (%(source)s)"),
}
STANDINGS: dict[str, str] = {
    "active": N_("active"),
    "suspended": N_("suspended"),
    "revoked": N_("revoked"),
    "not yet valid": N_("not yet valid"),
    "expired": NC_("licence", "expired"),
}
WAGE_PERIODS: dict[str, str] = {
    "hour": N_("per hour"),
    "day": N_("per day"),
    "week": N_("per week"),
    "month": N_("per month"),
    "year": N_("per year"),
}
PAID_BY: dict[str, str] = {
    "employer": NC_("paid by", "employer"),
    "worker": NC_("paid by", "worker"),
    "shared": NC_("paid by", "shared"),
    "agency": NC_("paid by", "agency"),
}
FIT_MESSAGES: dict[str, str] = {
    "uncoded": N_("uncoded vacancy: anyone is considered"),
    "unit_group": N_("any occupation of ISCO unit group %(code)s"),
    "occupation": N_("%(occupation)s (ESCO)"),
    "broader_narrower": N_("broader or narrower: %(occupations)s"),
    "shared_skills": N_(
        "ISCO %(code)s sharing ≥%(share)s of its essential skills: %(occupations)s"
    ),
    "scheme": N_("scheme rule for ISCO %(prefix)s: any experience in ISCO group %(group)s"),
    "related": N_("other trades of ISCO group %(group)s are related trades"),
    "qualifies": N_("qualifies: %(parts)s"),
}
ENGAGED_MESSAGE = N_("%(status)s for %(vacancy)s")
# A placement's status as the engagement names it (selected, visa, departed).
ENGAGED_STATUSES: dict[str, str] = {
    "selected": NC_("placement status", "selected"),
    "visa": N_("work permit granted"),
    "departed": NC_("placement status", "departed"),
}
_DATES = ("on", "valid_from", "start", "end")
_REQUIREMENTS = {"Code 95 (driver CPC)": "code95"}  # matching.schemes' English names


def _money(value: Any, t: Translator) -> str:
    """``32 zł/hour`` → ``32 zł საათში``: the amount as given, the period worded."""
    amount, _, period = str(value).rpartition("/")
    if amount and period in WAGE_PERIODS:
        return f"{amount} {t.gettext(WAGE_PERIODS[period])}"
    return str(value)


def finding_text(finding: Any, t: Translator) -> str:
    """A finding (anything with ``code`` and ``params``) in ``t``'s language; the
    English message for a code not worded here."""
    code, p = finding.code, dict(finding.params)
    if code not in FINDING_MESSAGES:
        return finding.message()
    values: dict[str, Any] = {k: "" if v is None else v for k, v in p.items()}
    for name in _DATES:
        if p.get(name):
            values[name] = wording.day_text(p[name], t)
    for name in ("count", "total", "days", "months"):
        if isinstance(p.get(name), int | float):
            values[name] = wording.number_text(p[name], t)
    for name in ("wage", "minimum"):
        if p.get(name):
            values[name] = _money(p[name], t)
    if p.get("country"):
        values["country"] = wording.country_label(str(p["country"]), t)
    if p.get("paid_by") in PAID_BY:
        values["paid_by"] = t.gettext(PAID_BY[p["paid_by"]])
    if p.get("standing") in STANDINGS:
        values["standing"] = t.gettext(STANDINGS[p["standing"]])
    if p.get("requirement") in _REQUIREMENTS:
        kind = _REQUIREMENTS[p["requirement"]]
        values["requirement"] = wording.certificate_label(kind, None, t)
    return t.gettext(FINDING_MESSAGES[code]) % values


def _named(english: str, uri: str | None, isco: str | None, t: Translator) -> str:
    """An occupation of a fit rule in the reader's language (its English without a URI:
    a rule from before fit rules kept them)."""
    return wording.occupation_label(english, uri, isco, t) if uri else english


def _names(english: tuple[str, ...], uris: tuple[str, ...], isco: str | None, t: Translator) -> str:
    """Occupations of one tier (all in the vacancy's ISCO unit group), each named once."""
    if len(uris) != len(english):
        uris = ("",) * len(english)
    named = (_named(e, u, isco, t) for e, u in zip(english, uris, strict=True))
    return ", ".join(dict.fromkeys(named))


def fit_rule_text(rule: Any, t: Translator) -> str:
    """A :class:`~matching.rules.fit.FitRule` in ``t``'s language; a rule stored as plain
    text (before fit rules were data) as it is."""
    if rule is None:
        return ""
    if not isinstance(rule, FitRule):
        return str(rule)
    if not rule.coded:
        return t.gettext(FIT_MESSAGES["uncoded"])

    def say(kind: str, **values: Any) -> str:
        return t.gettext(FIT_MESSAGES[kind]) % values

    if rule.occupation is None:
        parts = [say("unit_group", code=rule.isco_group)]
    else:
        occupation = _named(rule.occupation, rule.occupation_uri, rule.isco_group, t)
        parts = [say("occupation", occupation=occupation)]
        if rule.related:
            related = _names(rule.related, rule.related_uris, rule.isco_group, t)
            parts.append(say("broader_narrower", occupations=related))
        if rule.close:
            parts.append(
                say(
                    "shared_skills",
                    code=rule.isco_group,
                    share=t.format_percent(rule.skill_share),
                    occupations=_names(rule.close, rule.close_uris, rule.isco_group, t),
                )
            )
    if rule.widening is not None:
        parts.append(say("scheme", prefix=rule.widening[0], group=rule.widening[1]))
    parts.append(say("related", group=rule.related_group))
    return say("qualifies", parts="; ".join(parts))


def engaged_text(status: str, vacancy_id: str, t: Translator) -> str:
    """``selected for PL-3`` in ``t``'s language."""
    name = ENGAGED_STATUSES.get(status)
    worded = t.gettext(name) if name is not None else status
    return t.gettext(ENGAGED_MESSAGE) % {"status": worded, "vacancy": vacancy_id}


def findings_text(findings: Mapping[str, Any] | Any, t: Translator) -> list[str]:
    """Each finding of ``findings`` in ``t``'s language."""
    return [finding_text(f, t) for f in findings]
