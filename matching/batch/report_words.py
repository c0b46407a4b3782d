"""The words of the coordinators' workbook in Georgian, English or Russian.

The CSV files keep their column keys (``vacancy_id``, ``reasons`` ...) for programs
reading them; the workbook is for people, so its sheet names, column headers and key
figures are read from the message catalogue in the run's report language
(``Settings.report_language``, Georgian by default). English keeps the keys themselves,
as the workbook always had them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from matching.i18n import LANGUAGES, N_, NC_, translator

SHEET_NAMES: dict[str, str] = {
    "summary": N_("Summary"),
    "flags": N_("Flags"),
    "input_errors": N_("Input errors"),
    "near_misses": N_("Near misses"),
    "occupations": N_("Occupations"),
    "fairness": N_("Fairness"),
    "blocked": N_("Blocked"),
    "exclusions": N_("Exclusions"),
    "placements": N_("Placements"),
}

HEADER_NAMES: dict[str, str] = {
    "vacancy_id": N_("vacancy"),
    "title": N_("title"),
    "employer": N_("employer"),
    "agency": N_("agency"),
    "destination_country": N_("country"),
    "occupation": N_("occupation"),
    "isco_group": N_("ISCO group"),
    "normalizer_score": N_("title match"),
    "positions": N_("positions"),
    "qualified": N_("qualified"),
    "filled": N_("filled"),
    "unfilled": N_("unfilled"),
    "near_misses": N_("near misses"),
    "flags": N_("flags"),
    "read_from_text": N_("read from the text"),
    "sheet": N_("sheet"),
    "role": N_("list"),
    "rank": N_("rank"),
    "job_seeker_id": N_("person id"),
    "full_name": N_("name"),
    "score": N_("score"),
    "skills": N_("skills"),
    "experience": N_("experience"),
    "language": N_("language"),
    "allocated_to": N_("allocated to"),
    "reasons": N_("reasons"),
    "matched_skills": N_("skills held"),
    "missing_skills": N_("skills missing"),
    "gaps": N_("gaps"),
    "vacancy_title": N_("vacancy title"),
    "remedies": N_("what closes the gaps"),
    "flag": N_("flag"),
    "message": N_("what to check"),
    "checked_on": N_("gates checked on"),
    "checked_on_source": N_("date from"),
    "considered": N_("considered"),
    "gate": N_("requirement"),
    "requirement": N_("values"),
    "excluded": N_("excluded"),
    "summary": N_("summary"),
    "placement_id": N_("placement"),
    "status": N_("status"),
    "status_date": N_("since"),
    "in_this_list": N_("in this list"),
    "row": N_("row"),
    "field": N_("field"),
    "reason": N_("reason"),
    "uri": N_("ESCO or ISCO address"),
    "vacancies": N_("vacancies"),
    "attribute": N_("attribute"),
    "group": N_("group"),
    "selected": NC_("people counted", "selected"),
    "rate": N_("rate"),
    "ratio": N_("ratio"),
    "flagged": N_("flagged"),
    "p_value": N_("p-value"),
}

FACT_NAMES: dict[str, str] = {
    "run id": N_("run id"),
    "input file": N_("input file"),
    "input sha256": N_("input sha256"),
    "demand list": N_("demand list"),
    "gates checked on": N_("gates checked on"),
    "rows read": N_("rows read"),
    "rows rejected": N_("rows rejected"),
    "vacancies": N_("vacancies"),
    "positions": N_("positions"),
    "filled": N_("filled"),
    "flagged vacancies": N_("flagged vacancies"),
    "near misses": N_("near misses"),
    "allocation": N_("allocation"),
    "total fit": N_("total fit"),
    "fairness groups flagged": N_("fairness groups flagged"),
    "blocked vacancies": N_("blocked vacancies"),
    "placements shown": N_("placements shown"),
    "demand list flag": N_("demand list flag"),
    "vacancy": N_("vacancy"),
    "title": N_("title"),
    "employer": N_("employer"),
    "agency": N_("agency"),
    "occupation": N_("occupation"),
    "qualified": N_("qualified"),
    "flags": N_("flags"),
    "excluded by gate": N_("excluded by gate"),
}

ROLE_NAMES: dict[str, str] = {"allocated": N_("allocated"), "reserve": N_("reserve")}


def fixed_sheet_names() -> set[str]:
    """The workbook's own sheet names in every language, lower-cased (a vacancy's sheet
    must differ from each, whatever language the workbook is in)."""
    names = {n.lower() for n in SHEET_NAMES.values()}
    for language in LANGUAGES:
        t = translator(language)
        names |= {t.gettext(n).lower() for n in SHEET_NAMES.values()}
    return names


class WorkbookWords:
    """Sheet names, headers and key figures of the workbook in one language.

    Example:
        >>> WorkbookWords("ka").header("full_name")
        'სახელი'
        >>> WorkbookWords("en").header("full_name")
        'full_name'
    """

    def __init__(self, language: str):
        self.t = translator(language)

    @property
    def english(self) -> bool:
        return self.t.language == "en"

    def sheet(self, stem: str) -> str:
        return self.t.gettext(SHEET_NAMES[stem])[:31]

    def header(self, column: str) -> str:
        if self.english or column not in HEADER_NAMES:
            return column
        return self.t.gettext(HEADER_NAMES[column])

    def fact(self, key: str) -> str:
        if self.english or key not in FACT_NAMES:
            return key
        return self.t.gettext(FACT_NAMES[key])

    def role(self, role: str) -> str:
        return role if self.english else self.t.gettext(ROLE_NAMES.get(role, role))

    def translate_row(self, columns: tuple[str, ...], row: list[Any], values: Mapping) -> list:
        """``row`` with the cells named in ``values`` (column -> new value) replaced."""
        return [values.get(c, v) for c, v in zip(columns, row, strict=True)]
