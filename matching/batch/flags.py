"""Flags a coordinator must see on a vacancy before people are sent to it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from matching.batch.results import Flag, VacancyShortlist
from matching.policy.findings import Finding
from matching.records import Vacancy

if TYPE_CHECKING:
    from matching.service import Engine


_TEXT_FIELD_NAMES = {
    "required_driving": "driving categories",
    "requires_code95": "Code 95",
    "required_certificates": "certificates",
    "required_languages": "languages",
    "min_experience_years": "minimum experience",
}


def _flags(
    engine: Engine,
    vacancy: Vacancy,
    shortlist: VacancyShortlist,
    findings: Sequence[Finding] = (),
) -> tuple[Flag, ...]:
    """The vacancy's flags: its occupation's coding, then ``findings`` (the checks of
    :mod:`matching.policy`, blocking ones first), then nobody qualified."""
    vid = vacancy.external_id
    flags: list[Flag] = []
    threshold = engine.settings.normalizer_review_threshold
    if vacancy.esco_uri is None and vacancy.isco_group is None:
        flags.append(
            Flag(vid, "unknown_occupation", f"no ESCO occupation found for {vacancy.title!r}")
        )
    elif vacancy.normalizer_score is not None and vacancy.normalizer_score < threshold:
        label = engine.taxonomy.concept_label(vacancy.esco_uri) if vacancy.esco_uri else ""
        flags.append(
            Flag(
                vid,
                "low_confidence_occupation",
                f"{vacancy.title!r} read as {label or vacancy.isco_group} with confidence "
                f"{vacancy.normalizer_score:.2f} (< {threshold:.2f}): check the occupation",
            )
        )
    for finding in findings:  # fair recruitment, wages, contract terms, scheme rules
        flags.append(
            Flag(
                vid,
                finding.code,  # type: ignore[arg-type]
                finding.message(),
                finding.blocking,
                dict(finding.params),
            )
        )
    if vacancy.read_from_text or vacancy.needs_review:
        read = ", ".join(_TEXT_FIELD_NAMES.get(f, f) for f in vacancy.read_from_text)
        message = (f"read from the vacancy's text, not a column: {read}" if read else "") + (
            ("; " if read else "") + "check it (a level read from a word, or an age limit)"
            if vacancy.needs_review
            else ""
        )
        flags.append(Flag(vid, "requirements_from_text", message))
    if shortlist.n_qualified == 0:
        near = len(shortlist.near_misses)
        message = "nobody registered qualifies" + (
            f"; {near} near misses could, after training (see Near misses)" if near else ""
        )
        flags.append(Flag(vid, "no_qualified_candidates", message))
    return tuple(flags)


def _occupation_label(engine: Engine, vacancy: Vacancy) -> str:
    taxonomy = engine.taxonomy
    if vacancy.esco_uri is not None:
        return taxonomy.concept_label(vacancy.esco_uri)
    if vacancy.isco_group is not None and vacancy.isco_group in taxonomy.isco_groups:
        return taxonomy.isco_groups[vacancy.isco_group].preferred_label
    return ""
