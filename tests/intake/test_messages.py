"""Row errors and import summaries come from the catalogue in ka, en and ru.

Every code a CellError or a row error can carry has a non-empty translation in each
catalogue, with the same placeholders as its English template.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from matching.errors import InvalidRecordError

sys.path.append(str(Path(__file__).resolve().parents[1]))
from damaged_files import DAMAGED, write_damaged

from matching.i18n import LANGUAGES, catalogue_path
from matching.intake.cells import parse_languages
from matching.intake.errors import MESSAGES, CellError, Reason
from matching.intake.importer import parse_job_seeker
from matching.intake.messages import (
    READER_MESSAGES,
    ROW_MESSAGES,
    SUMMARY_MESSAGES,
    render,
    template,
)

TEMPLATES = [
    *MESSAGES.values(),
    *ROW_MESSAGES.values(),
    *READER_MESSAGES.values(),
    *SUMMARY_MESSAGES.values(),
]
_PLACEHOLDER = re.compile(r"\{(\w+)(?:![rs])?\}")


def test_every_cell_error_code_has_a_template() -> None:
    assert {template(r.value) for r in Reason} == set(MESSAGES.values())


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_code_has_a_string_in_each_catalogue(language: str) -> None:
    with catalogue_path(language).open("rb") as po:
        catalogue = read_po(po, locale=language)
    for english in TEMPLATES:
        message = catalogue.get(english)
        assert message is not None and message.string.strip(), (language, english)
        assert not message.fuzzy, (language, english)
        wanted = sorted(_PLACEHOLDER.findall(english))
        assert sorted(_PLACEHOLDER.findall(message.string)) == wanted, (language, english)
        if language != "en" and any(c.isalpha() for c in re.sub(r"\{[^}]*\}", "", english)):
            assert message.string != english or english.startswith("{"), (language, english)


def test_a_cell_error_reads_in_each_language() -> None:
    with pytest.raises(CellError) as caught:
        parse_languages("pl:C3")
    error = caught.value
    params = {"value": error.value, **error.params}
    assert render(error.reason, params, "en") == (
        "'C3' is not a level of 'pl': write A1..C2 or a word (native, good, basic)"
    )
    assert render(error.reason, params, "ka").startswith("'C3' არ არის 'pl'-ს დონე")
    assert render(error.reason, params, "ru").startswith("'C3' — не уровень для 'pl'")
    assert render(error.reason, params, None) == render(error.reason, params, "ka")


def test_a_row_error_names_its_field_and_the_part_read() -> None:
    with pytest.raises(InvalidRecordError) as caught:
        parse_job_seeker(
            {"external_id": "x-1", "full_name": "ნინო", "experience": "Spawacz|3|Narnia"}
        )
    (error,) = caught.value.errors
    assert error.field == "experience" and error.code == "unknown_country"
    assert error.message("en").startswith("experience.country: unknown country 'Narnia'")
    assert error.message("ru").startswith("experience.country: неизвестная страна 'Narnia'")


@pytest.mark.parametrize(
    ("cell", "code"),
    [("pl:C3", "unknown_language_level"), ("English C3", "unknown_language_level"),
     ("klingon B2", "unknown_language"), ("polski", "no_language_level")],
)  # fmt: skip
def test_bad_language_cells_name_what_is_wrong(cell: str, code: str) -> None:
    with pytest.raises(InvalidRecordError) as caught:
        parse_job_seeker({"external_id": "x-1", "full_name": "ნინო", "languages": cell})
    (error,) = caught.value.errors
    assert (error.field, error.code) == ("languages", code)
    assert cell.split(":")[0].split()[0] in error.reason


def test_a_record_validators_error_reads_in_each_language() -> None:
    with pytest.raises(InvalidRecordError) as caught:
        parse_job_seeker({"full_name": "ნინო", "personal_number": "123"})
    errors = {e.field: e for e in caught.value.errors}
    assert errors["personal_number"].message("ka").startswith("პირადი ნომერი 11 ციფრისგან")
    assert errors["personal_number"].message("ru").startswith("личный номер должен")
    assert errors["external_id"].message("ka") == "სავალდებულოა"
    assert errors["external_id"].reason == "Field required"  # the English words kept


def test_a_demand_lists_level_in_words_marks_the_vacancy_for_review(tmp_path) -> None:
    from matching.intake.importer import import_vacancies
    from matching.storage import Store

    path = tmp_path / "demand.csv"
    path.write_text("id,title,country,languages\nV-1,Spawacz,PL,polski - dobrze\n", "utf-8")
    with Store("sqlite://") as store:
        report = import_vacancies(path, store, normalizer=None)
    (vacancy,) = report.vacancies
    assert vacancy.needs_review
    assert [(s.language, s.level.name, s.needs_review) for s in vacancy.required_languages] == [
        ("pl", "B1", True)
    ]


@pytest.mark.parametrize("name", sorted(DAMAGED))
def test_every_damaged_row_reads_in_each_language(name: str, tmp_path) -> None:
    """Each reader error of the damaged-file suite has a code, so none stays English."""
    from matching.intake.importer import import_job_seekers
    from matching.storage import Store

    path = write_damaged(tmp_path, name)
    with Store("sqlite://") as store:
        report = import_job_seekers(path, store, normalizer=None)
    assert report.errors
    for error in report.errors:
        assert error.code, (name, error.reason)
        assert error.message("en") == error.reason or error.code in ROW_MESSAGES
        assert error.message("ka") != error.message("en"), (name, error.reason)
