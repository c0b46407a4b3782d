"""Requirements read from a vacancy's free text: licences, certificates, languages, years, age.

Demand lists and ads state what they ask for in prose, in Polish, German, English,
Russian, Georgian or Hebrew ("prawo jazdy kat. C+E, kod 95, mile widziane UDT",
"требуется опыт от 3 лет, категория СЕ"). :func:`batch_extract_requirements` reads them
into typed :class:`TextRequirements`, keeping what the text only prefers apart from what
it requires, and the span of text each item was read from.

Example:
    >>> from matching.requirements import extract_requirements, requirements_row
    >>> req = extract_requirements(
    ...     "Kat. C+E, kod 95, karta kierowcy, min. 2 lata doświadczenia, "
    ...     "komunikatywny polski, mile widziane UDT")
    >>> row = requirements_row(req)
    >>> row["driving"], row["code95"], row["certificates"], row["languages"]
    ('CE', '1', 'driver_card', 'pl:A2')
    >>> row["min_experience_years"], row["preferred"]
    ('2', 'forklift')
"""

from matching.requirements._extract import batch_extract_requirements, extract_requirements
from matching.requirements._row import (
    REQUIREMENT_COLUMNS,
    batch_requirements_rows,
    requirements_row,
)
from matching.requirements._types import (
    AgeLimit,
    CertificateRequirement,
    Document,
    DrivingRequirement,
    ExperienceRequirement,
    LanguageRequirement,
    Requirement,
    Span,
    TextRequirements,
)

__all__ = [
    "REQUIREMENT_COLUMNS",
    "AgeLimit",
    "CertificateRequirement",
    "Document",
    "DrivingRequirement",
    "ExperienceRequirement",
    "LanguageRequirement",
    "Requirement",
    "Span",
    "TextRequirements",
    "batch_extract_requirements",
    "batch_requirements_rows",
    "extract_requirements",
    "requirements_row",
]
