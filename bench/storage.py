"""Benchmark of the synthetic population generator, the importer and the store.

Measures, in one run on this machine:

* generator speed: ``--generate`` job seekers (1M by default) built chunk by chunk with
  their qualified sets, and the CSV writing of ``synth_command`` for ``--seekers``;
* import throughput (rows/s) of ``--seekers`` synthetic job seekers (100k by default)
  from CSV into SQLite and, when reachable, PostgreSQL: parsing and validation alone,
  the full import with the title normaliser into an empty database, a re-import that
  finds every row unchanged, the store's own bulk upsert of in-memory records, and
  reading everything back with ``iter_job_seekers`` and a filtered count.

PostgreSQL: ``--postgres-url`` or, if not given, MATCHING_TEST_POSTGRES_URL; the bench
works in a fresh schema and drops it afterwards.

Usage:
    .venv/bin/python bench/storage.py                  # 100k import, 1M generator (minutes)
    .venv/bin/python bench/storage.py --quick          # 10k import, 50k generator
    .venv/bin/python bench/storage.py --seekers 20000 --generate 0 --no-postgres
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

import sqlalchemy as sa

from matching.intake.importer import import_job_seekers
from matching.intake.tables import open_table
from matching.occupations import load_builtin
from matching.occupations.normalizer import TitleNormalizer
from matching.storage.store import Store
from matching.synth.command import synth_command
from matching.synth.generator import PopulationGenerator


def rss_mib() -> float:
    """Resident memory of this process in MiB (Linux)."""
    import resource

    with open("/proc/self/statm") as handle:
        pages = int(handle.read().split()[1])
    return pages * resource.getpagesize() / 2**20


TARGET_ROWS_PER_S = 5_000  # issue 13: import of 100k people from CSV into SQLite


def load() -> str:
    """The machine's 1-minute load average (the bench shares its cores with other jobs)."""
    return f"{os.getloadavg()[0]:.1f}"


def rate(rows: int, seconds: float) -> str:
    return f"{rows:>9,} rows {seconds:8.2f} s {rows / seconds:>10,.0f} rows/s"


def bench_generator(n: int) -> None:
    print(f"\n== generator: {n:,} job seekers with qualified sets (chunks, nothing kept) ==")
    start_rss = rss_mib()
    began = time.perf_counter()
    generator = PopulationGenerator(seed=1).fit()
    fitted = time.perf_counter()
    count = pairs = 0
    for chunk in generator.iter_chunks(n):
        count += len(chunk.job_seekers)
        pairs += sum(len(ids) for ids in chunk.qualified.values())
    done = time.perf_counter()
    vacancies = sum(len(d.vacancies) for d in generator.demand_lists_)
    print(f"fit (catalogue, {vacancies} vacancies)  {fitted - began:.2f} s")
    print(f"generate {rate(count, done - fitted)}  qualified pairs {pairs:,}")
    print(f"RSS {rss_mib() - start_rss:+.0f} MiB")


@contextmanager
def postgres_schema(url: str) -> Iterator[str]:
    schema = f"bench_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(url)
    with admin.begin() as conn:
        conn.exec_driver_sql(f"CREATE SCHEMA {schema}")
    try:
        yield (
            sa.make_url(url)
            .update_query_dict({"options": f"-csearch_path={schema}"})
            .render_as_string(hide_password=False)
        )
    finally:
        with admin.begin() as conn:
            conn.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")
        admin.dispose()


def raw_insert_floor(url: str, csv_path: Path) -> tuple[int, float, float]:
    """The baseline: the CSV's rows as they are, one JSON text each, inserted in one
    transaction into a bare table: no validation, no normalising, no upsert. What any
    importer pays at the least to put these rows into this database."""
    import csv
    import json

    engine = sa.create_engine(url)
    table = sa.Table(
        "raw_rows",
        sa.MetaData(),
        sa.Column("row", sa.Integer, primary_key=True),
        sa.Column("doc", sa.Text, nullable=False),
    )
    try:
        table.metadata.create_all(engine)
        began, cpu = time.perf_counter(), time.process_time()
        count = 0
        with csv_path.open(encoding="utf-8-sig", newline="") as handle, engine.begin() as conn:
            batch: list[dict[str, object]] = []
            for count, row in enumerate(csv.DictReader(handle), start=1):
                batch.append({"row": count, "doc": json.dumps(row, ensure_ascii=False)})
                if len(batch) == 5000:
                    conn.execute(table.insert(), batch)
                    batch = []
            if batch:
                conn.execute(table.insert(), batch)
        return count, time.perf_counter() - began, time.process_time() - cpu
    finally:
        engine.dispose()


def bench_import(
    name: str,
    database: Callable[[], AbstractContextManager[str]],
    csv_path: Path,
    n: int,
    normalizer: TitleNormalizer,
    *,
    first_import_only: bool = False,
) -> None:
    print(f"\n== import into {name}: {n:,} job seekers from {csv_path.name} ==")
    with database() as url:
        rows, floor, floor_cpu = raw_insert_floor(url, csv_path)
        print(f"baseline: raw rows as JSON text       {rate(rows, floor)}  CPU {floor_cpu:.2f} s")
        print(f"  {rows / floor_cpu:,.0f} rows per CPU-second")
    with database() as url, Store(url) as store:
        began, cpu = time.perf_counter(), time.process_time()
        report = import_job_seekers(csv_path, store, normalizer=normalizer)
        elapsed, cpu = time.perf_counter() - began, time.process_time() - cpu
        assert report.inserted == n and not report.errors, report
        print(f"import, normalise, store (empty DB)  {rate(n, elapsed)}")
        print("  (validation, title coding of every experience item, typed columns, upsert by")
        print("  external id, duplicate check)")
        # CPU seconds of this process: what the import costs, whatever else the cores run
        # (the primary figure on a shared machine); wall time rises with the load.
        print(f"  CPU {cpu:.2f} s = {n / cpu:,.0f} rows per CPU-second, {cpu / floor_cpu:.1f}x the")
        print(f"  baseline's CPU time; wall {elapsed / floor:.1f}x the baseline's wall time")
        for label, value in (("CPU", n / cpu), ("wall", n / elapsed)):
            verdict = "reached" if value >= TARGET_ROWS_PER_S else "NOT reached"
            print(f"  target {TARGET_ROWS_PER_S:,} rows/s ({label}): {verdict} ({value:,.0f})")
        print(f"  load average {load()}")
        if first_import_only:
            return
        began = time.perf_counter()
        again = import_job_seekers(csv_path, store, normalizer=normalizer)
        elapsed = time.perf_counter() - began
        assert again.unchanged == n, again
        print(f"re-import, all unchanged             {rate(n, elapsed)}")
        began = time.perf_counter()
        seekers = list(store.iter_job_seekers(batch_size=5000))
        print(f"iter_job_seekers (read all)          {rate(n, time.perf_counter() - began)}")
        began = time.perf_counter()
        hits = store.count_job_seekers(isco_group="7212", destination="PL", consent_active=True)
        elapsed = time.perf_counter() - began
        print(f"count welders for PL with consent    {hits:>9,} hits {elapsed:8.3f} s")
    # The store alone, on records already in memory, into an empty database.
    with database() as url, Store(url) as raw:
        began = time.perf_counter()
        raw.upsert_job_seekers(seekers)
        print(f"Store.upsert_job_seekers (records)   {rate(n, time.perf_counter() - began)}")
        began = time.perf_counter()
        raw.upsert_job_seekers(seekers)
        print(f"... again, all unchanged             {rate(n, time.perf_counter() - began)}")


@contextmanager
def sqlite_file(directory: Path) -> Iterator[str]:
    path = directory / f"bench_{uuid.uuid4().hex[:8]}.sqlite"
    yield f"sqlite:///{path}"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seekers", type=int, default=100_000, help="job seekers to import")
    parser.add_argument("--generate", type=int, default=1_000_000, help="job seekers to generate")
    parser.add_argument("--postgres-url", default=os.environ.get("MATCHING_TEST_POSTGRES_URL"))
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--quick", action="store_true", help="10k import, 50k generator")
    parser.add_argument(
        "--first-import-only",
        action="store_true",
        help="stop after the first import (the issue-13 target) on a shared machine",
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.seekers, args.generate = 10_000, 50_000
    print(f"RSS at start {rss_mib():.0f} MiB, {os.cpu_count()} cores, load average {load()}")

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "synth"
        began = time.perf_counter()
        summary = synth_command(args.seekers, 1, out)
        elapsed = time.perf_counter() - began
        csv_path = out / "job_seekers.csv"
        size = csv_path.stat().st_size / 2**20
        print(f"\n== synth_command: {args.seekers:,} job seekers to CSV ({size:.1f} MiB) ==")
        print(f"generate and write {rate(summary.job_seekers, elapsed)}")

        began = time.perf_counter()
        table = open_table(csv_path)
        rows = sum(1 for _ in table.rows)
        print(f"CSV read only      {rate(rows, time.perf_counter() - began)}")

        began = time.perf_counter()
        normalizer = TitleNormalizer().fit(load_builtin())
        print(f"normaliser fit     {time.perf_counter() - began:.2f} s")

        bench_import(
            "SQLite",
            lambda: sqlite_file(Path(tmp)),
            csv_path,
            rows,
            normalizer,
            first_import_only=args.first_import_only,
        )
        if args.postgres_url and not args.no_postgres:
            try:
                bench_import(
                    "PostgreSQL",
                    lambda: postgres_schema(args.postgres_url),
                    csv_path,
                    rows,
                    normalizer,
                )
            except sa.exc.OperationalError as error:
                print(f"\nPostgreSQL not reachable, skipped: {error.orig}")
        else:
            print("\nPostgreSQL: no URL (--postgres-url or MATCHING_TEST_POSTGRES_URL), skipped")

    if args.generate:
        bench_generator(args.generate)


if __name__ == "__main__":
    main()
