"""One CSV row per text: the columns of ``matching requirements``."""

from __future__ import annotations

from matching.requirements._types import (
    CertificateRequirement,
    Document,
    DrivingRequirement,
    ExperienceRequirement,
    LanguageRequirement,
    TextRequirements,
    format_years,
)

REQUIREMENT_COLUMNS: tuple[str, ...] = (
    "driving",
    "code95",
    "certificates",
    "languages",
    "min_experience_years",
    "age_min",
    "age_max",
    "preferred",
)
"""Columns of :func:`requirements_row`, in order (a CLI prepends its own ``row``)."""

SEPARATOR = ";"


def requirements_row(req: TextRequirements) -> dict[str, str]:
    """The required items of ``req`` as CSV cells; the preferred ones in ``preferred``.

    Formats (cells are empty when nothing was found):

    * ``driving``: categories in ``DrivingCategory`` order, ``C;CE``;
    * ``code95``: ``1`` or ``0``;
    * ``certificates``: in the fixed order welding (one ``welding:NNN`` per ISO 4063
      process, else bare ``welding``), ``forklift``, ``adr``, ``driver_card``,
      ``electrical``, ``sanitary``;
    * ``languages``: ``pl:A2;en:B1`` in text order, a bare code when no level was stated;
    * ``min_experience_years``: ``2``, ``0.5``; ``age_min``/``age_max``: whole years;
    * ``preferred``: the same tokens for preferred items, in the order driving,
      ``code95``, certificates, languages, ``experience:N``, e.g. ``forklift;de:A2``.

    Example:
        >>> from matching.requirements import extract_requirements
        >>> requirements_row(extract_requirements("Führerschein CE, Staplerschein wünschenswert"))
        {'driving': 'CE', 'code95': '0', 'certificates': '', 'languages': '', \
'min_experience_years': '', 'age_min': '', 'age_max': '', 'preferred': 'forklift'}
    """
    return {
        "driving": SEPARATOR.join(c.value for c in req.driving),
        "code95": "1" if req.code95 else "0",
        "certificates": SEPARATOR.join(t for c in req.certificates for t in c.tokens),
        "languages": SEPARATOR.join(lang.token for lang in req.languages),
        "min_experience_years": (
            "" if req.min_experience_years is None else format_years(req.min_experience_years)
        ),
        "age_min": "" if req.age_min is None else str(req.age_min),
        "age_max": "" if req.age_max is None else str(req.age_max),
        "preferred": SEPARATOR.join(_tokens(p) for p in req.preferred),
    }


def batch_requirements_rows(reqs: list[TextRequirements]) -> list[dict[str, str]]:
    """:func:`requirements_row` for each result."""
    return [requirements_row(r) for r in reqs]


def _tokens(
    item: DrivingRequirement | CertificateRequirement | LanguageRequirement | ExperienceRequirement,
) -> str:
    if isinstance(item, CertificateRequirement):
        if item.kind is Document.CODE95:
            return "code95"
        return SEPARATOR.join(item.tokens)
    return item.token
