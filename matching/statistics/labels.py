"""The statistics' own words in the reader's language: column names, key values, titles,
notes, requirements and courses, for the workspace's pages, the API's downloads and
``matching stats`` alike.

Example:
    >>> from matching.i18n import translator
    >>> labeller(translator("en"))("isco_group")
    'ISCO-08 group'
"""

from __future__ import annotations

from collections.abc import Callable

from matching.i18n import N_, NC_, Translator
from matching.rules.wording import GENDER_NAMES, REGION_NAMES
from matching.statistics.wording import Phrase, phrase_text

# The statistics' own words (column names, key values, titles, notes) to catalogue msgids.
COLUMNS = {
    "destination": N_("destination"),
    "isco_group": N_("ISCO-08 group"),
    "esco_uri": N_("ESCO occupation"),
    "month": N_("month"),
    "vacancies": N_("vacancies"),
    "positions": N_("positions"),
    "registered": N_("registered"),
    "qualified": N_("qualified"),
    "coverable_share": N_("share coverable"),
    "demand_list": N_("demand list"),
    "received": N_("received"),
    "selected": NC_("people counted", "selected"),
    "departed": NC_("people counted", "departed"),
    "fill_rate": N_("fill rate"),
    "vacancy": N_("vacancy"),
    "title": N_("job title"),
    "shortfall": N_("shortfall"),
    "gate": N_("requirement kind"),
    "requirement": N_("requirement"),
    "lacking": N_("lacking it"),
    "course": N_("course"),
    "kind": N_("kind"),
    "weeks": N_("weeks"),
    "qualifies_alone": N_("qualified by it alone"),
    "helps": N_("helped with other courses"),
    "agency": N_("agency"),
    "fee_flags": N_("fee flags"),
    "unlicensed_flags": N_("unlicensed agency flags"),
    "region": N_("region"),
    "returnees": N_("returnees"),
    "working_again": N_("working again"),
    "working_again_share": N_("share working again"),
    "gender": N_("gender"),
}
VALUES = {
    "all": N_("all"),
    "undated": N_("undated"),
    "(ministry)": N_("(ministry)"),
    "consent": N_("consent"),
    "age": N_("age"),
    "availability": N_("availability"),
    "driving": N_("driving licence"),
    "code95": N_("Code 95"),
    "certificate": N_("certificate"),
    "language": N_("language"),
    "experience": N_("experience"),
    "renew": N_("renewal"),  # the kind of a course renewing a certificate
    "unknown": N_("unknown"),
}
TITLES = (
    N_("Demand against supply by destination, occupation and month"),
    N_("Fill rates per demand list"),
    N_("Shortages and the requirements that exclude most people"),
    N_("Courses that would qualify the most people for open positions"),
    N_("Agencies: vacancies, placements and flags per month"),
    N_("Returnees by region and occupation, and who found work again"),
    N_("Women and men registered, qualified, selected and departed"),
)
NOTES = (
    N_("registered: people with experience in the occupation who would go there"),
    N_("qualified: of them, those passing every gate of at least one vacancy"),
    N_("coverable_share: qualified / positions, at most 1"),
    N_("fill_rate: people selected (or further: visa, departed, returned) / positions"),
    N_("shortfall: positions - qualified, hidden with qualified"),
    N_("lacking: registered people failing the requirement (one may fail several)"),
    N_("qualifies_alone: people this course alone would qualify for an open vacancy"),
    N_("helps: people it would qualify together with other courses"),
    N_("weeks: from matching/statistics/data/course_weeks.csv"),
    N_("vacancies, positions: by the month work starts"),
    N_("selected, departed: people, by the month of the placement's latest change"),
    N_("fee_flags: vacancies flagged for a fee to workers, by the month flagged "
       "(not yet run: by the month work starts)"),
    N_("unlicensed_flags: vacancies flagged for an unlicensed, unknown or inactive "
       "agency, likewise"),
    N_("returnee: back from a stay abroad for work (migration history or placement)"),
    N_("working_again: a new stay or placement (selected or further) after the return"),
    N_("registered: people who would go to the destination (no preference: anywhere)"),
    N_("qualified: passing every gate of at least one of its vacancies"),
    N_("all: every gender, including other and undisclosed"),
)  # fmt: skip
LABELS: dict[str, str] = {
    **{str(k): v for k, v in REGION_NAMES.items()},
    **{str(k): v for k, v in GENDER_NAMES.items()},
    **VALUES,
    **COLUMNS,
    **{t: t for t in (*TITLES, *NOTES)},
}

# The note under a table whose small counts are hidden.
HIDDEN = N_("<%(n)s: fewer than %(n)s people, hidden")


def labeller(t: Translator) -> Callable[[str], str]:
    """The reader's word for a statistic's column name, key value, title, note,
    requirement or course (other text, such as a job title, as it is)."""

    def label(text: str) -> str:
        if isinstance(text, Phrase):  # a requirement or course: worded from its data
            return phrase_text(text, t)
        msgid = LABELS.get(text)
        return t.gettext(msgid) if msgid is not None else text

    return label
