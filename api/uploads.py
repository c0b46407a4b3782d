"""Uploaded data files: saved under their own (sanitised) name for the importer to read.

The request body as a whole is bounded by ``Settings.api_max_upload_bytes`` (see
:class:`api.app.BodySizeLimit`), so an upload is whole and bounded by the time a route
sees it.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from fastapi import UploadFile

from api.problems import Problem

# The importer reads these (by suffix).
DATA_FILE_SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".xlsm", ".json", ".jsonl", ".ndjson")


def safe_name(filename: str | None, default: str = "upload.csv") -> str:
    """The file's base name with anything but letters, digits, ``.-_`` replaced."""
    name = Path(filename or default).name
    name = re.sub(r"[^\w.-]+", "_", name).lstrip(".") or default
    return name[-120:]


def save_upload(upload: UploadFile, directory: Path) -> Path:
    """Write an uploaded data file into ``directory`` under its sanitised name.

    Raises:
        Problem: 415 when the suffix is not one the importer reads.
    """
    name = safe_name(upload.filename)
    if Path(name).suffix.lower() not in DATA_FILE_SUFFIXES:
        raise Problem(
            415,
            f"{name}: not a data file the importer reads ({', '.join(DATA_FILE_SUFFIXES)})",
            type="unsupported-file",
        )
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / name
    with path.open("wb") as out:
        shutil.copyfileobj(upload.file, out, length=1 << 20)
    return path
