"""SQLite's bulk insert (a statement compiled once, values converted by their column types'
bind processors) stores exactly what SQLAlchemy's own executemany stores."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest

from matching.storage import sql
from matching.storage.store import Store
from matching.synth.generator import PopulationGenerator

TABLES = ("job_seekers", "job_seeker_occupations", "job_seeker_destinations")
TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}$")


def stored_rows(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of the job-seeker tables as SQLite holds it, timestamps checked for
    their form and left out (the two writes ran at different times)."""
    out: dict[str, list[tuple[object, ...]]] = {}
    with sqlite3.connect(path) as conn:
        for table in TABLES:
            cursor = conn.execute(f"SELECT * FROM {table} ORDER BY rowid")
            names = [d[0] for d in cursor.description]
            rows = []
            for row in cursor:
                values = dict(zip(names, row, strict=True))
                for stamp in ("created_at", "updated_at"):
                    if stamp in values:
                        assert TIMESTAMP.match(values.pop(stamp)), values
                rows.append(tuple(values.items()))
            out[table] = rows
    return out


def test_fast_insert_stores_what_sqlalchemy_stores(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    generator = PopulationGenerator(seed=3).fit()
    seekers = next(iter(generator.iter_chunks(300))).job_seekers
    fast, slow = tmp_path / "fast.sqlite", tmp_path / "slow.sqlite"
    with Store(f"sqlite:///{fast}") as store:
        assert store.upsert_job_seekers(seekers).inserted == len(seekers)
    assert sql._compiled_insert.cache_info().currsize > 0  # the fast path ran
    monkeypatch.setattr(sql, "_compiled_insert", lambda *args: None)
    with Store(f"sqlite:///{slow}") as store:
        assert store.upsert_job_seekers(seekers).inserted == len(seekers)
    written = stored_rows(fast)
    assert written == stored_rows(slow)
    assert len(written["job_seekers"]) == len(seekers)
    assert written["job_seeker_occupations"] and written["job_seeker_destinations"]
    # and reads back as the records written
    with Store(f"sqlite:///{fast}") as store:
        read = {s.external_id: s for s in store.iter_job_seekers()}
    assert read == {s.external_id: s for s in seekers}


def test_columns_with_a_default_left_to_sqlalchemy() -> None:
    """A statement that would compute a column's default is not compiled here."""
    from sqlalchemy.dialects import sqlite

    from matching.storage.tables import _JS

    columns = tuple(c.name for c in _JS.c if c.name not in ("id", "created_at"))
    assert sql._compiled_insert(sqlite.dialect(), _JS, columns) is None
    full = (*columns, "created_at")
    compiled = sql._compiled_insert(sqlite.dialect(), _JS, full)
    assert compiled is not None and compiled[0].startswith("INSERT INTO job_seekers")
