"""Reasons, gaps, remedies and flags in the reader's language, from structured data.

The engine keeps what it found as data: a gate failure's ``kind`` and ``params``
(:class:`~matching.rules.gates.GateFailure`), a reason's ``kind`` and ``params``
(:class:`~matching.rules.explain.Reason`), a flag's ``kind``. The functions here render
that data through the message catalogue (:mod:`matching.i18n`) in Georgian, English or
Russian; language and country names come from CLDR (Babel), dates and numbers follow the
reader's locale, and an occupation is named in the reader's language
(:mod:`matching.occupations.names`) when the data keeps its ESCO URI or ISCO unit group
beside its English label (``occupation_uri``/``occupation_isco``, ``of_uri``/``of_isco``);
data written before that names it by its English label. The English texts the engine
also stores (``reason``, ``remedy``) are only the fallback for data written before a kind
was known here.

Every message is a literal marked with ``N_`` in :data:`GAP_MESSAGES`,
:data:`REMEDY_MESSAGES`, :data:`REASON_MESSAGES` and the name tables, so that extraction
finds it and ``tests/rules/test_wording.py`` can check each catalogue holds all of them.

Example:
    >>> from matching.i18n import translator
    >>> gap = {"kind": "language", "closable": True,
    ...        "params": {"language": "pl", "held": "A1", "required": "A2", "weeks": 10}}
    >>> gap_text(gap, translator("en")), remedy_text(gap, translator("en"))
    ('Polish A1, needs A2', 'Polish course A1→A2')
    >>> gap_text(gap, translator("ka"))
    'პოლონური A1, საჭიროა A2'
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from functools import lru_cache
from typing import Any

from babel import Locale

from matching.i18n import N_, Translator
from matching.occupations.names import occupation_name
from matching.records import Gender, GeorgianRegion

# A person's region and gender, named for a reader (forms, pages, statistics).
REGION_NAMES = {
    GeorgianRegion.TBILISI: N_("Tbilisi"),
    GeorgianRegion.ADJARA: N_("Adjara"),
    GeorgianRegion.GURIA: N_("Guria"),
    GeorgianRegion.IMERETI: N_("Imereti"),
    GeorgianRegion.KAKHETI: N_("Kakheti"),
    GeorgianRegion.KVEMO_KARTLI: N_("Kvemo Kartli"),
    GeorgianRegion.MTSKHETA_MTIANETI: N_("Mtskheta-Mtianeti"),
    GeorgianRegion.RACHA_LECHKHUMI: N_("Racha-Lechkhumi and Kvemo Svaneti"),
    GeorgianRegion.SAMEGRELO: N_("Samegrelo-Zemo Svaneti"),
    GeorgianRegion.SAMTSKHE_JAVAKHETI: N_("Samtskhe-Javakheti"),
    GeorgianRegion.SHIDA_KARTLI: N_("Shida Kartli"),
    GeorgianRegion.ABKHAZIA: N_("Abkhazia"),
}
GENDER_NAMES = {
    Gender.FEMALE: N_("female"),
    Gender.MALE: N_("male"),
    Gender.OTHER: N_("other"),
    Gender.UNDISCLOSED: N_("not stated"),
}
GATE_NAMES: dict[str, str] = {  # the requirement each gate checks
    "consent": N_("consent to data processing"),
    "age": N_("age"),
    "availability": N_("availability in time"),
    "destination": N_("destination country wanted"),
    "driving": N_("driving licence"),
    "code95": N_("Code 95"),
    "certificate": N_("certificate"),
    "language": N_("language level"),
    "experience": N_("experience"),
}

GAP_MESSAGES: dict[str, str] = {
    "consent": N_("no active consent to data processing"),
    "age_unknown": N_("birth date not recorded"),
    "age_minimum": N_("aged %(age)s on %(on)s, under %(minimum)s"),
    "age_maximum": N_("aged %(age)s on %(on)s, over %(maximum)s"),
    "availability": N_("available from %(available_from)s, %(days)s days after the start %(on)s"),
    "availability_until": N_("available until %(available_until)s, the season ends %(end)s"),
    "destination": N_("wants %(wants)s, not %(destination)s"),
    "driving_none": N_("needs category %(missing)s: no licence"),
    "driving_expired": N_("needs category %(missing)s: the licence has expired"),
    "driving_held": N_("needs category %(missing)s: holds %(held)s"),
    "code95": N_("no valid Code 95 (driver CPC)"),
    "certificate": N_("no %(certificate)s"),
    "certificate_expired": N_("%(certificate)s has expired"),
    "language": N_("%(language)s %(held)s, needs %(required)s"),
    "language_none": N_("does not speak %(language)s, needs %(required)s"),
    "experience": N_("%(years)s years as %(occupation)s, needs %(minimum)s"),
}

REMEDY_MESSAGES: dict[str, str] = {
    "availability": N_("a start %(days)s days later, agreed with the employer"),
    "code95": N_("Code 95 initial qualification (driver CPC)"),
    "certificate": N_("%(certificate)s course and exam"),
    "certificate_expired": N_("renew %(certificate)s"),
    "certificate_welding": N_("ISO 9606-1 %(code)s certification"),
    "language": N_("%(language)s course %(held)s→%(required)s"),
    "language_weeks": N_("%(language)s course %(held)s→%(required)s (about %(weeks)s weeks)"),
    "experience": N_("%(years)s more years as %(occupation)s, or the employer's waiver"),
}

REASON_MESSAGES: dict[str, str] = {
    "experience": N_("%(years)s years as %(occupation)s (%(concept)s)"),
    "abroad": N_("legal work abroad counted as experience: %(occupation)s, %(where)s"),
    "no_experience": N_("no recorded experience near %(occupation)s"),
    "relevant_years": N_("%(years)s relevant years ≥ required %(minimum)s"),
    "relevant_years_short": N_("%(years)s relevant years < required %(minimum)s"),
    "language": N_("%(language)s %(held)s ≥ required %(required)s"),
    "language_short": N_("%(language)s %(held)s < required %(required)s"),
    "licence": N_("licence %(held)s covers required %(covered)s"),
    "code95": N_("holds Code 95 (driver CPC)"),
    "certificate": N_("holds %(certificate)s"),
    "skills": N_("declared %(declared)s of %(wanted)s essential skills of %(occupation)s"),
    "skills_any": N_("declared %(declared)s of %(wanted)s skills of %(occupation)s"),
    "skills_inferred": N_("%(inferred)s inferred from the occupation"),
    "text_similarity": N_("experience text similarity %(value)s"),
    "available": N_("available from %(available_from)s (needed by %(on)s)"),
    "wants": N_("wants to work in %(countries)s"),
    "gap": N_("gap: %(gap)s"),
    "gap_closable": N_("gap: %(gap)s — closed by %(remedy)s"),
}

RELATION_MESSAGES: dict[str, str] = {
    "unit_group_only": N_("coded only to ISCO unit group %(code)s, which holds %(of)s"),
    "broader_narrower": N_("broader or narrower ESCO occupation of %(of)s"),
    "shared_skills": N_("same ISCO unit group as %(of)s, sharing most of its essential skills"),
    "scheme": N_("qualifies under the scheme rule for ISCO %(code)s"),
    "unit_group_few_skills": N_("same ISCO unit group %(code)s, few shared essential skills"),
    "minor_group": N_("same ISCO minor group %(code)s"),
    "sub_major_group": N_("same ISCO sub-major group %(code)s"),
    "related_trade": N_("related trade, not the same trade"),
}

CERTIFICATE_NAMES: dict[str, str] = {
    "adr": N_("ADR (dangerous goods)"),
    "forklift": N_("forklift licence"),
    "code95": N_("Code 95 (driver CPC)"),
    "crane": N_("crane operator licence"),
    "electrical": N_("electrical qualification"),
    "first_aid": N_("first aid"),
    "food_hygiene": N_("food hygiene"),
    "care": N_("care assistant course"),
    "other": N_("certificate"),
}

FLAG_NAMES: dict[str, str] = {
    "unknown_occupation": N_("occupation not recognised"),
    "low_confidence_occupation": N_("occupation uncertain: check it"),
    "worker_fee": N_("a fee is charged to the worker"),
    "unlicensed_agency": N_("recruiting agency not licensed"),
    "no_qualified_candidates": N_("nobody qualifies"),
    "agency_unresolved": N_("agency not found on the register"),
    "agency_inactive": N_("agency licence not active"),
    "fee_undeclared": N_("recruitment fee not declared"),
    "below_minimum_wage": N_("wage below the statutory minimum"),
    "wage_not_compared": N_("wage not compared with the minimum"),
    "season_shorter_than_contract": N_("season shorter than the contract"),
    "travel_paid_by_worker": N_("the worker pays the travel"),
    "housing_paid_by_worker": N_("the worker pays the housing"),
    "qualification_recognition": N_("the qualification must be recognised"),
    "scheme_requirement": N_("a requirement of the scheme"),
    "start_date_assumed": N_("no start date given"),
    "requirements_from_text": N_("requirements read from the text: check them"),
}

# How many considered people one requirement excludes (matching.ranking.exclusions).
EXCLUSION_MESSAGES: dict[str, str] = {
    "consent": N_("%(count)s no consent"),
    "age": N_("%(count)s outside the age limits"),
    "age_minimum": N_("%(count)s under %(minimum)s"),
    "age_maximum": N_("%(count)s over %(maximum)s"),
    "age_unknown": N_("%(count)s birth date not recorded"),
    "availability": N_("%(count)s not available before %(on)s"),
    "availability_until": N_("%(count)s not available until %(end)s"),
    "destination": N_("%(count)s not asking for %(destination)s"),
    "driving": N_("%(count)s no licence %(missing)s"),
    "code95": N_("%(count)s no Code 95"),
    "certificate": N_("%(count)s no %(certificate)s"),
    "language": N_("%(count)s no %(language)s %(required)s"),
    "experience": N_("%(count)s under %(minimum)s years' experience"),
    "engaged": N_("%(count)s engaged elsewhere"),
}
EXCLUSIONS_HEAD = N_("%(considered)s considered, %(qualified)s qualified")

VERDICT_NAMES: dict[str, str] = {
    "qualified": N_("qualifies"),
    "near_miss": N_("near miss: qualifies after training"),
    "excluded": N_("does not qualify"),
    "engaged": N_("qualifies, but is engaged elsewhere"),
    "blocked": N_("the vacancy may get nobody"),
    "not_considered": N_("no experience near this occupation"),
}


# ----------------------------------------------------------------------------- values
def language_label(code: str, t: Translator) -> str:
    """``pl`` → Polish / პოლონური / польский (CLDR through Babel)."""
    return Locale.parse(t.language).languages.get(code, code) if code else ""


def country_label(code: str, t: Translator) -> str:
    """``PL`` → Poland / პოლონეთი / Польша (CLDR through Babel)."""
    return Locale.parse(t.language).territories.get(code, code) if code else ""


def _countries(codes: Iterable[str], t: Translator) -> str:
    return ", ".join(country_label(c, t) for c in codes)


def number_text(value: Any, t: Translator) -> str:
    """A count or a number of years: whole numbers plainly, others with one decimal."""
    number = float(value or 0)
    return _formatted(t, number, 0 if number.is_integer() else 1)


def day_text(value: Any, t: Translator) -> str:
    """An ISO date in ``t``'s form; nothing for none, anything else as given."""
    if not value:
        return ""
    try:
        return _formatted_day(t, str(value))
    except ValueError:
        return str(value)


# The same few numbers and dates recur in every reason of a list: Babel formats each once
# (a shortlist's reasons in Georgian took 3.4 ms for 30 people, two thirds of it that).
@lru_cache(maxsize=4096)
def _formatted(t: Translator, number: float, digits: int) -> str:
    return t.format_number(number, digits=digits)


@lru_cache(maxsize=4096)
def _formatted_day(t: Translator, value: str) -> str:
    return t.format_date(date.fromisoformat(value))


def occupation_text(p: Mapping[str, Any], t: Translator, key: str = "occupation") -> str:
    """The occupation a fact names under ``key`` (``occupation`` or ``of``), in the
    reader's language when the fact keeps its identity (``<key>_uri``, ``<key>_isco``);
    else its English label as stored."""
    return occupation_label(str(p.get(key) or ""), p.get(f"{key}_uri"), p.get(f"{key}_isco"), t)


UNKNOWN_OCCUPATION = N_("(unknown occupation)")


def occupation_label(label: str, uri: str | None, isco: str | None, t: Translator) -> str:
    """A coded occupation (a vacancy's, a report row's) in the reader's language: its
    ESCO URI ``uri`` or ISCO unit group ``isco`` named there, else ``label`` (English);
    ``(unknown occupation)``, the label of uncoded vacancies, in the reader's language."""
    if not (uri or isco):
        return t.gettext(UNKNOWN_OCCUPATION) if label == UNKNOWN_OCCUPATION else label
    if uri and not uri.startswith("http"):  # a report's key such as ``isco:7212``
        uri = None
    return occupation_name(label, t.language, uri=uri, isco=isco)


def _concept(p: Mapping[str, Any], name: str) -> str:
    """``ESCO: welder, ISCO 7212`` with the occupation as ``name`` (in the reader's
    language); the stored English ``concept`` for a fact without the identity."""
    if p.get("occupation_uri") and p.get("occupation_isco"):
        return f"ESCO: {name}, ISCO {p['occupation_isco']}"
    return str(p.get("concept", ""))


def _level(value: Any) -> str:
    return "A0" if value in (None, "", "none") else str(value)


def certificate_label(kind: str, code: str | None, t: Translator) -> str:
    """A certificate's name in the reader's language (``ISO 9606-1 135`` for welding)."""
    if kind == "welding":
        return f"ISO 9606-1 {code}" if code else "ISO 9606-1"
    name = t.gettext(CERTIFICATE_NAMES.get(kind, CERTIFICATE_NAMES["other"]))
    return f"{name} {code}" if code else name


def _say(t: Translator, message: str, **values: Any) -> str:
    return t.gettext(message) % values


# ----------------------------------------------------------------------------- gaps
def _gap(kind: str, p: Mapping[str, Any], t: Translator) -> str | None:
    if kind == "consent":
        return t.gettext(GAP_MESSAGES["consent"])
    if kind == "age":
        if p.get("age") is None:
            return t.gettext(GAP_MESSAGES["age_unknown"])
        key, limit = ("age_minimum", "minimum") if "minimum" in p else ("age_maximum", "maximum")
        values = {"age": number_text(p["age"], t), "on": day_text(p.get("on"), t)}
        return _say(t, GAP_MESSAGES[key], **values, **{limit: number_text(p.get(limit), t)})
    if kind == "availability":
        if "available_until" in p:
            return _say(
                t,
                GAP_MESSAGES["availability_until"],
                available_until=day_text(p["available_until"], t),
                end=day_text(p.get("end"), t),
            )
        return _say(
            t,
            GAP_MESSAGES["availability"],
            available_from=day_text(p.get("available_from"), t),
            days=number_text(p.get("days_late"), t),
            on=day_text(p.get("on"), t),
        )
    if kind == "destination":
        return _say(
            t,
            GAP_MESSAGES["destination"],
            wants=_countries(p.get("wants", ()), t),
            destination=country_label(p.get("destination", ""), t),
        )
    if kind == "driving":
        missing = ", ".join(p.get("missing", ()))
        licence = p.get("licence")
        if licence is None:  # written before the licence's state was data
            return None
        held = ", ".join(p.get("held", ())) or "—"
        return _say(t, GAP_MESSAGES[f"driving_{licence}"], missing=missing, held=held)
    if kind == "code95":
        return t.gettext(GAP_MESSAGES["code95"])
    if kind == "certificate":
        name = certificate_label(p.get("kind", "other"), p.get("code"), t)
        key = "certificate_expired" if p.get("expired") else "certificate"
        return _say(t, GAP_MESSAGES[key], certificate=name)
    if kind == "language":
        none = _level(p.get("held")) == "A0"
        return _say(
            t,
            GAP_MESSAGES["language_none" if none else "language"],
            language=language_label(p.get("language", ""), t),
            held=_level(p.get("held")),
            required=p.get("required", ""),
        )
    if kind == "experience":
        return _say(
            t,
            GAP_MESSAGES["experience"],
            years=number_text(p.get("years"), t),
            occupation=occupation_text(p, t),
            minimum=number_text(p.get("minimum"), t),
        )
    return None


def failure_data(gap: Any) -> Mapping[str, Any]:
    """A :class:`~matching.rules.gates.GateFailure` as the mapping the renderers read
    (``{"kind", "reason", "closable", "remedy", "params"}``); a mapping as it is."""
    if isinstance(gap, Mapping):
        return gap
    return {
        "kind": str(gap.kind),
        "reason": gap.reason,
        "closable": gap.closable,
        "remedy": gap.remedy,
        "params": dict(gap.params),
    }


def gap_text(gap: Any, t: Translator) -> str:
    """A failed gate (``{"kind", "params", "reason"?}`` or a ``GateFailure``) in the
    reader's language."""
    gap = failure_data(gap)
    text = _gap(str(gap.get("kind", "")), gap.get("params") or {}, t)
    return text if text is not None else str(gap.get("reason", gap.get("kind", "")))


def remedy_text(gap: Any, t: Translator) -> str | None:
    """What closes a closable gap (a mapping or a ``GateFailure``), in the reader's
    language; ``None`` when nothing does."""
    gap = failure_data(gap)
    if not gap.get("closable"):
        return None
    kind, p = str(gap.get("kind", "")), gap.get("params") or {}
    if kind == "availability":
        return _say(t, REMEDY_MESSAGES["availability"], days=number_text(p.get("days_late"), t))
    if kind == "code95":
        return t.gettext(REMEDY_MESSAGES["code95"])
    if kind == "certificate":
        certificate = p.get("kind", "other")
        if p.get("expired"):
            name = certificate_label(certificate, p.get("code"), t)
            return _say(t, REMEDY_MESSAGES["certificate_expired"], certificate=name)
        if certificate == "welding":
            return _say(t, REMEDY_MESSAGES["certificate_welding"], code=p.get("code") or "")
        name = certificate_label(certificate, p.get("code"), t)
        return _say(t, REMEDY_MESSAGES["certificate"], certificate=name)
    if kind == "language":
        levels = int(p.get("levels") or 1)
        return _say(
            t,
            REMEDY_MESSAGES["language_weeks" if levels > 1 else "language"],
            language=language_label(p.get("language", ""), t),
            held=_level(p.get("held")),
            required=p.get("required", ""),
            weeks=number_text(p.get("weeks"), t),
        )
    if kind == "experience":
        short = float(p.get("minimum") or 0) - float(p.get("years") or 0)
        return _say(
            t,
            REMEDY_MESSAGES["experience"],
            years=t.format_number(short, digits=1),
            occupation=occupation_text(p, t),
        )
    remedy = gap.get("remedy")
    return str(remedy) if remedy else None


def gap_and_remedy(gap: Any, t: Translator) -> str:
    """``Polish A1, needs A2 (Polish course A1→A2)``: a gap and what closes it."""
    remedy = remedy_text(gap, t)
    text = gap_text(gap, t)
    return f"{text} ({remedy})" if remedy else text


# ----------------------------------------------------------------------------- reasons
def _relation(p: Mapping[str, Any], t: Translator) -> list[str]:
    parts = []
    relation = p.get("relation")
    if relation in RELATION_MESSAGES:
        of = occupation_text(p, t, "of")
        text = _say(t, RELATION_MESSAGES[relation], code=p.get("code", ""), of=of)
        if relation == "minor_group" and p.get("group"):
            text += f" ({p['group']})"
        parts.append(text)
    if p.get("related_trade"):
        parts.append(t.gettext(RELATION_MESSAGES["related_trade"]))
    return parts


def reason_text(reason: Mapping[str, Any], t: Translator) -> str:
    """One reason (``{"kind", "params"}``, see :class:`~matching.rules.explain.Reason`)
    in the reader's language.

    Raises:
        KeyError: An unknown kind (a reason the engine makes must be worded here).
    """
    kind, p = reason["kind"], reason.get("params") or {}
    if kind == "experience":
        name = occupation_text(p, t)
        concept = "; ".join([_concept(p, name), *_relation(p, t)])
        return _say(
            t,
            REASON_MESSAGES["experience"],
            years=number_text(p.get("years"), t),
            occupation=name,
            concept=concept,
        )
    if kind in ("abroad", "no_experience"):
        return _say(
            t, REASON_MESSAGES[kind], occupation=occupation_text(p, t), where=p.get("where", "")
        )
    if kind == "relevant_years":
        key = "relevant_years" if p.get("enough") else "relevant_years_short"
        return _say(
            t,
            REASON_MESSAGES[key],
            years=number_text(p.get("years"), t),
            minimum=number_text(p.get("minimum"), t),
        )
    if kind == "language":
        return _say(
            t,
            REASON_MESSAGES["language" if p.get("enough") else "language_short"],
            language=language_label(p.get("language", ""), t),
            held=_level(p.get("held")),
            required=p.get("required", ""),
        )
    if kind == "licence":
        return _say(
            t,
            REASON_MESSAGES["licence"],
            held=", ".join(p.get("held", ())),
            covered=", ".join(p.get("covered", ())),
        )
    if kind == "code95":
        return t.gettext(REASON_MESSAGES["code95"])
    if kind == "certificate":
        name = certificate_label(p.get("certificate", "other"), p.get("code"), t)
        return _say(t, REASON_MESSAGES["certificate"], certificate=name)
    if kind == "skills":
        text = _say(
            t,
            REASON_MESSAGES["skills" if p.get("essential") else "skills_any"],
            declared=number_text(p.get("declared"), t),
            wanted=number_text(p.get("wanted"), t),
            occupation=occupation_text(p, t),
        )
        listed = list(p.get("listed", ()))
        if listed:
            text += f" ({', '.join(listed)}{', …' if p.get('more') else ''})"
        if p.get("inferred"):
            inferred = _say(
                t, REASON_MESSAGES["skills_inferred"], inferred=number_text(p["inferred"], t)
            )
            text += f"; {inferred}"
        return text
    if kind == "text_similarity":
        value = t.format_number(float(p.get("value") or 0), digits=2)
        return _say(t, REASON_MESSAGES["text_similarity"], value=value)
    if kind == "available":
        return _say(
            t,
            REASON_MESSAGES["available"],
            available_from=day_text(p.get("available_from"), t),
            on=day_text(p.get("on"), t),
        )
    if kind == "wants":
        return _say(t, REASON_MESSAGES["wants"], countries=_countries(p.get("countries", ()), t))
    if kind == "gap":
        gap = {"kind": p.get("gap"), "closable": p.get("closable"), "params": p.get("values", {})}
        remedy = remedy_text(gap, t)
        if remedy:
            return _say(t, REASON_MESSAGES["gap_closable"], gap=gap_text(gap, t), remedy=remedy)
        return _say(t, REASON_MESSAGES["gap"], gap=gap_text(gap, t))
    raise KeyError(kind)


def reasons_of(candidate: Mapping[str, Any], t: Translator) -> list[str]:
    """A run's candidate's reasons in the reader's language: from its ``facts``, or its
    English ``reasons`` for a run written before reasons were kept as data."""
    facts = candidate.get("facts") or ()
    english = list(candidate.get("reasons", ()))
    if not facts:
        return english
    out = []
    for i, fact in enumerate(facts):
        try:
            out.append(reason_text(fact, t))
        except KeyError:  # a kind newer than this wording: its English, not an error page
            out.append(english[i] if i < len(english) else str(fact.get("kind", "")))
    return out


def explanation_reasons(explanation: Any, t: Translator) -> list[str]:
    """An :class:`~matching.rules.explain.Explanation`'s reasons in the reader's language
    (its English ``reasons`` where a fact is of a kind not worded here)."""
    facts = [f.to_dict() for f in explanation.facts]
    return reasons_of({"facts": facts, "reasons": explanation.reasons}, t)


def exclusion_text(kind: str, values: Mapping[str, Any], count: int, t: Translator) -> str:
    """``120 no Polish A2``: how many one requirement excludes, in the reader's language.

    Raises:
        KeyError: An exclusion kind not worded here.
    """
    v = dict(values)
    return _say(
        t,
        EXCLUSION_MESSAGES[kind],
        count=number_text(count, t),
        minimum=number_text(v.get("minimum"), t),
        maximum=number_text(v.get("maximum"), t),
        on=day_text(v.get("on"), t),
        end=day_text(v.get("end"), t),
        destination=country_label(str(v.get("destination", "")), t),
        missing=v.get("missing", ""),
        certificate=v.get("certificate", ""),
        language=language_label(str(v.get("language", "")), t),
        required=v.get("required", ""),
    )


def exclusions_summary(exclusions: Any, t: Translator) -> str:
    """A vacancy's :class:`~matching.ranking.exclusions.GateExclusions` in one line:
    ``212 considered, 40 qualified: 120 no Polish A2, 40 no consent``."""
    head = _say(
        t,
        EXCLUSIONS_HEAD,
        considered=number_text(exclusions.considered, t),
        qualified=number_text(exclusions.qualified, t),
    )
    parts = [exclusion_text(e.kind, dict(e.values), e.count, t) for e in exclusions.exclusions]
    return head + (": " + ", ".join(parts) if parts else "")


def flag_text(kind: str, t: Translator) -> str:
    """A flag's name in the reader's language (its kind for one not named here)."""
    return t.gettext(FLAG_NAMES[kind]) if kind in FLAG_NAMES else kind


def gate_name(kind: str, t: Translator) -> str:
    return t.gettext(GATE_NAMES[kind]) if kind in GATE_NAMES else kind
