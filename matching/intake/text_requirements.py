"""Requirements a vacancy states only in its text, read into its empty structured fields.

Demand lists often carry a title and a paragraph of requirements ("Kat. C+E, kod 95,
min. 2 lata doświadczenia, komunikatywny polski") and leave the licence, language and
experience columns empty; the gates then had nothing to check. On import, each empty
field is filled from the vacancy's description (which holds any ``wymagania``,
``მოთხოვნები``, ``Anforderungen`` or ``требования`` column) and named in
``Vacancy.read_from_text``; a filled column is never overridden.

Age limits read from text fill ``min_age``/``max_age`` (gates, as a column would) and
always set ``needs_review``: an upper age limit in an ad needs a person to judge whether it
is lawful (EU Directive 2000/78/EC allows some, for instance for physically demanding
work), and the coordinator clears the field where it is not.

Example:
    >>> from matching.records import Vacancy
    >>> v = Vacancy(external_id="PL-1", destination_country="PL", title="Kierowca C+E",
    ...             description="Wymagania: prawo jazdy kat. C+E, kod 95")
    >>> filled = fill_from_text([v], [set()])[0]
    >>> [c.value for c in filled.required_driving], filled.requires_code95
    (['CE'], True)
    >>> filled.read_from_text
    ['required_driving', 'requires_code95']
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from matching.records import Vacancy
from matching.requirements import batch_extract_requirements

# The fields text can fill, in the order they are named.
TEXT_FIELDS = (
    "required_driving",
    "requires_code95",
    "required_certificates",
    "required_languages",
    "min_experience_years",
)


def fill_from_text(
    vacancies: Sequence[Vacancy], filled: Sequence[Collection[str]]
) -> list[Vacancy]:
    """Fill each vacancy's empty requirement fields from its description.

    Args:
        vacancies: Validated vacancies.
        filled: Per vacancy, the fields its row gave a value (any value, "0" and "no"
            included): those are never touched.

    Returns:
        The vacancies, each filled one a copy with ``read_from_text`` naming the fields
        read and ``needs_review`` set when a language level was read from a word ("good
        Polish") or the text states an age limit.
    """
    texts = [v.description or "" for v in vacancies]
    todo = [i for i, t in enumerate(texts) if t.strip()]
    out = list(vacancies)
    for i, req in zip(todo, batch_extract_requirements([texts[i] for i in todo]), strict=True):
        vacancy, given = vacancies[i], set(filled[i]) | set(vacancies[i].read_from_text)
        values = req.vacancy_fields()
        update: dict[str, object] = {}
        for name in TEXT_FIELDS:
            value = values[name]
            if name in given or not value or getattr(vacancy, name):
                continue
            update[name] = value
        for name, value in (("min_age", req.age_min), ("max_age", req.age_max)):
            # within the field's range (anything else is misread), never over a column
            fits = value is not None and 16 <= value <= 80
            if fits and name not in given and getattr(vacancy, name) is None:
                update[name] = value
        review = bool(req.needs_review and "required_languages" in update)
        review = review or req.age_min is not None or req.age_max is not None
        if update or review:
            update["read_from_text"] = [*vacancy.read_from_text, *update]
            update["needs_review"] = vacancy.needs_review or review
            out[i] = vacancy.model_copy(update=update)
    return out
