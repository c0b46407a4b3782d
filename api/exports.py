"""Streamed downloads of people and vacancies as CSV or XLSX.

CSV is made while the store's iterator is read (a ``StreamingResponse`` over
:func:`~matching.intake.export.iter_csv`): a million rows take the memory of one chunk.
XLSX is written row by row by openpyxl's write-only workbook into a temporary file that is
sent and then deleted. Both are the bytes ``matching`` writes to a file for the same rows.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterable
from typing import Any, Literal

from fastapi.responses import FileResponse, StreamingResponse
from starlette.background import BackgroundTask

from matching.intake.export import iter_csv, write_records

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ExportFormat = Literal["csv", "xlsx"]
EXPORT_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"content": {"text/csv": {}, XLSX: {}}, "description": "The rows as CSV or XLSX."}
}


def stream_records(
    records: Iterable[Any],
    *,
    columns: list[str] | tuple[str, ...],
    cells: Callable[[Any], dict[str, object]],
    format: ExportFormat,
    filename: str,
) -> StreamingResponse | FileResponse:
    """``records`` (read lazily) as a CSV stream or an XLSX file download."""
    disposition = {"Content-Disposition": f'attachment; filename="{filename}.{format}"'}
    if format == "csv":
        return StreamingResponse(
            iter_csv(records, columns=columns, cells=cells),
            media_type="text/csv; charset=utf-8",
            headers=disposition,
        )
    handle, path = tempfile.mkstemp(prefix="matching-export-", suffix=".xlsx")
    os.close(handle)
    try:
        write_records(path, records, columns=columns, cells=cells)
    except BaseException:
        os.unlink(path)
        raise
    return FileResponse(
        path, media_type=XLSX, headers=disposition, background=BackgroundTask(os.unlink, path)
    )
