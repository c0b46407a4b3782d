"""Erasure reaches batch outputs: a person erased from the store is redacted from every
stored run's files.

A run's JSON results, CSV tables and XLSX workbook name the people shortlisted. When a
person is erased (right to erasure), every row or entry naming them (by id, or by name
in a cell of its own) is removed from each run under the runs directory, each file
replaced atomically; the run's checkpoint, which only serves to resume, is deleted. The
HTML report names nobody. Numbers that counted the person (positions filled) stay as
they were: they describe the run, not the person.
"""

from __future__ import annotations

import csv
import io
import json
import logging
from pathlib import Path
from typing import Any

from matching.batch.results import MANIFEST
from matching.fileio import atomic_path, write_text_atomic
from matching.spreadsheets import csv_row, xlsx_row

log = logging.getLogger(__name__)


# Run directories written outside the data directory (``matching batch --out DIR``) are
# listed here, one absolute path a line, so that an erasure reaches them too.
RUNS_INDEX = "elsewhere.txt"


def register_runs_root(runs_root: Path, root: Path) -> None:
    """Note in ``runs_root``'s index that runs are also written under ``root``.

    Called when a run starts, before it writes anything, so that no output of a run can
    escape a later erasure. The index is appended to (one line per new root).
    """
    root = root.resolve()
    runs_root.mkdir(parents=True, exist_ok=True)
    if root == runs_root.resolve():
        return
    if root in registered_roots(runs_root):
        return
    with (runs_root / RUNS_INDEX).open("a", encoding="utf-8") as index:
        index.write(f"{root}\n")


def registered_roots(runs_root: Path) -> list[Path]:
    """The run directories outside ``runs_root`` that runs were written to."""
    index = runs_root / RUNS_INDEX
    if not index.is_file():
        return []
    lines = index.read_text(encoding="utf-8").splitlines()
    return list(dict.fromkeys(Path(line) for line in lines if line.strip()))


def redact_person(runs_root: Path, external_id: str, full_name: str | None = None) -> int:
    """Remove a person from every run's output files under ``runs_root`` and under every
    directory its index lists (runs written with ``--out`` elsewhere).

    Args:
        runs_root: The directory holding one directory per run.
        external_id: The erased person's id.
        full_name: Their name; cells holding exactly it are blanked too.

    Returns:
        How many files were changed.
    """
    changed = _redact_root(runs_root, external_id, full_name)
    for root in registered_roots(runs_root) if runs_root.is_dir() else []:
        changed += _redact_root(root, external_id, full_name)
    return changed


def _redact_root(runs_root: Path, external_id: str, full_name: str | None) -> int:
    if not runs_root.is_dir():
        return 0
    marks = {external_id} | ({full_name} if full_name else set())
    changed = 0
    for manifest in runs_root.glob(f"*/{MANIFEST}"):
        run_dir = manifest.parent
        for path in sorted(run_dir.rglob("*")):
            if not path.is_file() or path.name == MANIFEST:
                continue
            try:
                changed += _redact_file(path, external_id, marks)
            except (OSError, ValueError) as error:  # one unreadable file must not stop it
                log.warning("could not redact %s: %s", path.name, error)
    return changed


def _redact_file(path: Path, external_id: str, marks: set[str]) -> int:
    suffix = path.suffix.lower()
    if suffix == ".jsonl":  # the checkpoint: only for resuming, and it names people
        if external_id in path.read_text(encoding="utf-8", errors="replace"):
            path.unlink()
            return 1
        return 0
    if suffix == ".json":
        text = path.read_text(encoding="utf-8")
        if not any(mark in text for mark in marks):
            return 0
        data = _without(json.loads(text), external_id, marks)
        write_text_atomic(path, json.dumps(data, ensure_ascii=False, indent=1) + "\n")
        return 1
    if suffix == ".csv":
        raw = path.read_text(encoding="utf-8-sig")
        if not any(mark in raw for mark in marks):
            return 0
        rows = list(csv.reader(io.StringIO(raw, newline="")))
        kept = [r for r in rows if external_id not in r]
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        for row in kept:
            writer.writerow(csv_row("" if c in marks else c for c in row))
        bom = "\ufeff" if path.read_bytes().startswith(b"\xef\xbb\xbf") else ""
        write_text_atomic(path, bom + buffer.getvalue())
        return 1
    if suffix == ".xlsx":
        return _redact_workbook(path, external_id, marks)
    return 0


def _without(value: Any, external_id: str, marks: set[str]) -> Any:
    """``value`` without the objects that name the person, and their name blanked."""
    if isinstance(value, list):
        return [
            _without(v, external_id, marks)
            for v in value
            if not (isinstance(v, dict) and external_id in v.values())
            and not (isinstance(v, str) and v in marks)
        ]
    if isinstance(value, dict):
        return {
            k: _without(v, external_id, marks)
            for k, v in value.items()
            if not (isinstance(v, str) and v in marks)
        }
    return value


def _redact_workbook(path: Path, external_id: str, marks: set[str]) -> int:
    from openpyxl import Workbook, load_workbook

    source = load_workbook(path, read_only=True)
    try:
        sheets = {
            ws.title: [list(row) for row in ws.iter_rows(values_only=True)]
            for ws in source.worksheets
        }
    finally:
        source.close()
    if not any(external_id in row for rows in sheets.values() for row in rows):
        return 0
    book = Workbook(write_only=True)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            if external_id in row:
                continue
            sheet.append(xlsx_row(sheet, ["" if c in marks else c for c in row]))
    with atomic_path(path) as tmp:
        book.save(tmp)
    return 1
