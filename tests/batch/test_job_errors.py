"""A batch job's failure is stored as a code and values and worded per reader.

Before, ``batch_jobs.error`` held English text ("DataFileError: list.xlsx: ..."), shown
as it was on the Georgian run page.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from matching.batch.job_errors import MESSAGES, JobError, job_error, job_error_text
from matching.errors import DataFileError, RunInProgressError, SolverError
from matching.i18n import LANGUAGES, catalogue_path, translator


def test_a_file_error_keeps_its_file_name_and_no_server_path(tmp_path: Path) -> None:
    path = tmp_path / "inputs" / "oferty.xlsx"
    error = job_error(DataFileError(path, "not a workbook", row=7), tmp_path)
    stored = error.dumps()
    assert str(tmp_path) not in stored and json.loads(stored)["code"] == "data_file"
    again = JobError.loads(stored)
    assert again == error and again.params == {"file": "oferty.xlsx", "row": 7}
    assert job_error_text(stored, translator("ka")) == (
        "ფაილი oferty.xlsx ვერ იკითხება 7-ე სტრიქონზე"
    )
    assert job_error_text(again, translator("ru")) == "файл oferty.xlsx не читается в строке 7"
    # a caller without a language reads the error's own text, as before
    assert again.english == "DataFileError: oferty.xlsx, row 7: not a workbook"


def test_codes_by_kind_of_error_and_an_unexpected_one_says_nothing_of_itself() -> None:
    assert job_error(RunInProgressError("held")).code == "run_in_progress"
    assert job_error(SolverError("infeasible")).code == "solver"
    unexpected = job_error(KeyError("/srv/secret/path"))
    assert unexpected == JobError("unexpected") and "srv" not in unexpected.dumps()
    assert job_error_text(unexpected, translator("ka")).startswith("მოულოდნელი შეცდომა")


def test_text_stored_before_codes_reads_as_a_failure_with_that_detail() -> None:
    old = JobError.loads("InvalidInputError: no rows")
    assert (old.code, old.detail, old.english) == (
        "failed",
        "InvalidInputError: no rows",
        "InvalidInputError: no rows",
    )
    assert job_error_text(old, translator("ka")) == "გაშვების დასრულება ვერ მოხერხდა"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_job_error_message_is_translated(language: str) -> None:
    with catalogue_path(language).open("rb") as po:
        catalogue = read_po(po, locale=language)
    for msgid in MESSAGES.values():
        message = catalogue.get(msgid)
        assert message is not None and message.string, (language, msgid)
        if language != "en":
            assert message.string != msgid, (language, msgid)
    interrupted = job_error_text(JobError("interrupted", {"attempts": 3}), translator(language))
    assert "3" in interrupted and "%(" not in interrupted
