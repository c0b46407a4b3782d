"""The person form: what the page posts, validated by the record's own schema.

:class:`PersonForm` holds the form's fields as posted (strings, empty for nothing) and
:meth:`PersonForm.to_record` builds a :class:`~matching.records.JobSeeker`; the record's
validators (personal number, phone, dates ...) decide what is valid, and each error is
mapped back to the form field it belongs to, with a message from the catalogue.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from matching.i18n import N_
from matching.intake.cells import CellError, parse_place
from matching.intake.places import default_gazetteer
from matching.records import Cefr, Gender, JobSeeker
from matching.rules.wording import GENDER_NAMES, REGION_NAMES  # noqa: F401 (the form's names)

# Destinations of the schemes, in the order the form lists them.
DESTINATIONS = ("PL", "DE", "IL", "FR", "EE", "LT", "LV", "CZ", "SK", "NL")
LANGUAGES = ("pl", "de", "en", "ru", "he", "fr")
EXPERIENCE_ROWS = 2
LANGUAGE_ROWS = 2

COUNTRY_NAMES = {
    "PL": N_("Poland"),
    "DE": N_("Germany"),
    "IL": N_("Israel"),
    "FR": N_("France"),
    "EE": N_("Estonia"),
    "LT": N_("Lithuania"),
    "LV": N_("Latvia"),
    "CZ": N_("Czechia"),
    "SK": N_("Slovakia"),
    "NL": N_("Netherlands"),
    "GE": N_("Georgia"),
}
LANGUAGE_NAMES = {
    "pl": N_("Polish"),
    "de": N_("German"),
    "en": N_("English"),
    "ru": N_("Russian"),
    "he": N_("Hebrew"),
    "fr": N_("French"),
    "ka": N_("Georgian"),
}

# Pydantic error types (and, for the record's own checks, fields) -> catalogue msgids.
_BY_FIELD = {
    "personal_number": N_("A personal number has 11 digits."),
    "phone": N_("Enter a phone number, for example +995 555 12 34 56."),
    "email": N_("Enter an e-mail address, for example name@example.ge."),
    "birth_date": N_("Check the birth date."),
    "consent_date": N_("Give the date the consent was signed."),
}
_BY_TYPE = {
    "missing": N_("Fill in this field."),
    "string_too_short": N_("Fill in this field."),
    "string_too_long": N_("This is too long."),
    "date_parsing": N_("Enter a date as day, month and year."),
    "date_from_datetime_parsing": N_("Enter a date as day, month and year."),
    "date_type": N_("Enter a date as day, month and year."),
    "float_parsing": N_("Enter a number."),
    "greater_than_equal": N_("Enter a number between 0 and 60."),
    "less_than_equal": N_("Enter a number between 0 and 60."),
    "enum": N_("Choose one of the options."),
}
CHECK_VALUE = N_("Check this value.")
UNKNOWN_MUNICIPALITY = N_("No Georgian municipality or town of that name.")
OTHER_REGION = N_("The town is not in the chosen region.")


def municipality_name(municipality: str | None, language: str) -> str:
    """A municipality's name in ``language`` (Georgian, else Latin, Russian for ``ru``)."""
    if not municipality:
        return ""
    entry = default_gazetteer().municipalities().get(municipality)
    if entry is None:
        return municipality
    return {"ka": entry.name_ka, "ru": entry.name_ru}.get(language, entry.name_latn)


class PersonForm(BaseModel):
    """The fields of ``/people/new`` and ``/people/{id}/edit``, as posted."""

    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)

    full_name: str = ""
    personal_number: str = ""
    birth_date: str = ""
    gender: str = Gender.UNDISCLOSED.value
    region: str = ""
    municipality: str = ""
    phone: str = ""
    email: str = ""
    experience_title_1: str = ""
    experience_years_1: str = ""
    experience_title_2: str = ""
    experience_years_2: str = ""
    language_1: str = ""
    level_1: str = ""
    language_2: str = ""
    level_2: str = ""
    destinations: list[str] = []
    available_from: str = ""
    consent: bool = False
    consent_date: str = ""

    @classmethod
    def from_record(cls, person: JobSeeker) -> PersonForm:
        values: dict[str, Any] = {
            "full_name": person.full_name,
            "personal_number": person.personal_number or "",
            "birth_date": person.birth_date.isoformat() if person.birth_date else "",
            "gender": person.gender.value,
            "region": person.region.value if person.region else "",
            "municipality": municipality_name(person.municipality, "ka"),
            "phone": person.phone or "",
            "email": person.email or "",
            "destinations": list(person.destination_preferences),
            "available_from": person.available_from.isoformat() if person.available_from else "",
            "consent": person.consent.active,
            "consent_date": person.consent.date.isoformat() if person.consent.date else "",
        }
        for i, item in enumerate(person.experience[:EXPERIENCE_ROWS], start=1):
            values[f"experience_title_{i}"] = item.title
            values[f"experience_years_{i}"] = f"{item.years:g}"
        for i, skill in enumerate(person.languages[:LANGUAGE_ROWS], start=1):
            values[f"language_{i}"] = skill.language
            values[f"level_{i}"] = skill.level.name
        return cls.model_validate(values)

    def _document(self, current: JobSeeker | None) -> tuple[dict[str, Any], dict[tuple, str]]:
        """The record as JSON data, and record locations -> form fields."""
        where: dict[tuple, str] = {}
        experience, languages = [], []
        kept = current.experience if current else []
        for i in range(1, EXPERIENCE_ROWS + 1):
            title = getattr(self, f"experience_title_{i}")
            years = getattr(self, f"experience_years_{i}")
            if not title and not years:
                continue
            item: dict[str, Any] = {"title": title, "years": years or "0"}
            before = kept[i - 1] if i - 1 < len(kept) else None
            if before is not None and before.title == title:  # keep its ESCO coding
                item.update(before.model_dump(mode="json", exclude={"title", "years"}))
            where[("experience", len(experience), "title")] = f"experience_title_{i}"
            where[("experience", len(experience), "years")] = f"experience_years_{i}"
            experience.append(item)
        for i in range(1, LANGUAGE_ROWS + 1):
            language, level = getattr(self, f"language_{i}"), getattr(self, f"level_{i}")
            if not language and not level:
                continue
            where[("languages", len(languages), "language")] = f"language_{i}"
            where[("languages", len(languages), "level")] = f"level_{i}"
            languages.append({"language": language, "level": level or None})
        document = current.model_dump(mode="json") if current else {}
        document.update(
            full_name=self.full_name,
            personal_number=self.personal_number or None,
            birth_date=self.birth_date or None,
            gender=self.gender or Gender.UNDISCLOSED.value,
            region=self.region or None,
            phone=self.phone or None,
            email=self.email or None,
            experience=experience,
            languages=languages,
            destination_preferences=[d for d in self.destinations if d],
            available_from=self.available_from or None,
            consent=self._consent(current),
        )
        where[("consent",)] = "consent_date"
        where[("consent", "date")] = "consent_date"
        return document, where

    def _consent(self, current: JobSeeker | None) -> dict[str, Any]:
        """Consent as the box says: unticking a given consent records its withdrawal
        (today) rather than erasing that it was given; ticking it gives it anew."""
        today = date.today().isoformat()
        before = current.consent if current else None
        if self.consent:
            return {"given": True, "date": self.consent_date or today, "withdrawn": None}
        if before is not None and before.given:
            withdrawn = before.withdrawn.isoformat() if before.withdrawn else today
            return {**before.model_dump(mode="json"), "withdrawn": withdrawn}
        return {"given": False, "date": None, "withdrawn": None}

    def to_record(self, external_id: str, current: JobSeeker | None = None) -> JobSeeker:
        """The record the form describes (``current``'s other fields kept as they are).

        Raises:
            FormErrors: Field name -> catalogue msgid, for every invalid field.
        """
        document, where = self._document(current)
        document["external_id"] = external_id
        place_errors = self._place(document)
        try:
            record = JobSeeker.model_validate(document)
        except ValidationError as error:
            errors: dict[str, str] = dict(place_errors)
            for item in error.errors(include_url=False):
                loc = tuple(item["loc"])
                name = where.get(loc) or where.get(loc[:1]) or str(loc[0] if loc else "")
                if name in ("consent",):
                    name = "consent_date"
                message = _BY_TYPE.get(item["type"])
                if item["type"] == "value_error" or message is None:
                    message = _BY_FIELD.get(name, message or CHECK_VALUE)
                errors.setdefault(name, message)
            raise FormErrors(errors) from None
        if place_errors:
            raise FormErrors(place_errors)
        return record

    def _place(self, document: dict[str, Any]) -> dict[str, str]:
        """The municipality or town typed (any script, as file import reads it) -> the
        record's municipality, and its region when none is chosen; errors by field."""
        if not self.municipality:
            document["municipality"] = None
            return {}
        try:
            place = parse_place(self.municipality, "municipality")
        except CellError:
            return {"municipality": UNKNOWN_MUNICIPALITY}
        if self.region and self.region != place["region"]:
            return {"municipality": OTHER_REGION}
        document["region"] = place["region"]
        document["municipality"] = place["municipality"]
        return {}


class FormErrors(ValueError):
    """Invalid form fields: field name -> catalogue msgid."""

    def __init__(self, errors: dict[str, str]):
        super().__init__(", ".join(errors))
        self.errors = errors


CEFR_LEVELS = tuple(level.name for level in Cefr)
