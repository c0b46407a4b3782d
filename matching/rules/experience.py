"""A job seeker's experience as the scorer reads it: listed items and legal work abroad.

Split from :mod:`matching.rules.scoring` (which re-exports these names): the experience
items a profile is built from, migration episodes turned into items, and the text an
encoder embeds for a person.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from matching.records import JobSeeker


@dataclass(frozen=True, slots=True)
class ExperienceItem:
    """One experience item resolved against the taxonomy."""

    title: str
    years: float
    occupation_uri: str | None  # an ESCO occupation in the taxonomy, else None
    isco_group: str | None
    # Legal work abroad from the person's migration history ("PL 2023-03-01 to
    # 2025-02-28"), counted as experience; None for an experience the person listed.
    abroad: str | None = None


def migration_items(seeker: JobSeeker, today: date | None = None) -> list[ExperienceItem]:
    """Legal work abroad from ``migration_history`` as experience items: episodes that
    name an occupation and that the person did not already list as experience in that
    country (so nothing counts twice)."""
    listed = {(e.country, e.esco_uri or e.isco_group) for e in seeker.experience}
    out = []
    for m in seeker.migration_history:
        occupation = m.esco_uri or m.isco_group
        if occupation is None or (m.country, occupation) in listed:
            continue
        end = m.end or today or date.today()
        years = max(0.0, (end - m.start).days / 365.25)
        where = f"{m.country} {m.start} to {m.end or 'now'}" + (f", {m.scheme}" if m.scheme else "")
        out.append(
            ExperienceItem(m.title or occupation, round(years, 2), m.esco_uri, m.isco_group, where)
        )
    return out


def seeker_text(seeker: JobSeeker) -> str:
    """The text an encoder embeds for a job seeker: titles and descriptions, no name."""
    parts = []
    for e in seeker.experience:
        parts.append(f"{e.title}. {e.description}" if e.description else e.title)
    return "; ".join(parts)
