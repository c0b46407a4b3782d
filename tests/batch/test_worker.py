"""The batch worker: queued jobs run to the results of a direct run, a stopped worker's
job goes back to the queue, and a ``matching serve`` killed with SIGKILL mid-run leaves a
job that the restarted server resumes from its checkpoint to identical results."""

from __future__ import annotations

import csv
import json
import os
import shutil
import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from server_process import start_server, stop_server

from matching.batch.job_errors import JobError, job_error_text
from matching.batch.results import CHECKPOINT, MANIFEST
from matching.batch.run import run_batch
from matching.batch.worker import BatchWorker
from matching.config import Settings
from matching.i18n import translator
from matching.intake.export import VACANCY_COLUMNS, vacancy_cells
from matching.service import Engine
from matching.storage.store import Store
from matching.synth.generator import PopulationGenerator

KEY = "coordinator-key-for-the-worker-tests"
KEYS_TOML = f'[[keys]]\nname = "coordinator"\nrole = "coordinator"\nkey = "{KEY}"\n'
CSV_OUTPUTS = ("summary", "candidates", "near_misses", "flags", "fairness", "occupations")


def settings_for(root: Path, database: Path, **kwargs: object) -> Settings:
    return Settings(
        esco_dir=None,
        database_url=f"sqlite:///{database}",
        data_dir=root,
        _env_file=None,
        **kwargs,  # type: ignore[arg-type]
    )


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A stored synthetic population (a template database) and its Polish demand list."""
    root = tmp_path_factory.mktemp("worker")
    with Engine(settings_for(root / "setup", root / "template.sqlite")) as engine:
        generator = PopulationGenerator(seed=7, vacancies_per_country=16).fit(engine.taxonomy)
        population = generator.generate(400)
        engine.store.upsert_job_seekers(population.job_seekers)
    (demand,) = [d for d in population.demand_lists if d.destination_country == "PL"]
    with (root / "demand_pl.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(VACANCY_COLUMNS)
        for vacancy in demand.vacancies:
            row = vacancy_cells(vacancy)
            writer.writerow(["" if row.get(c) is None else str(row[c]) for c in VACANCY_COLUMNS])
    return root


def database_copy(world: Path, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(world / "template.sqlite", path)
    return path


@pytest.fixture
def engine(world: Path, tmp_path: Path) -> Iterator[Engine]:
    database = database_copy(world, tmp_path / "store.sqlite")
    with Engine(settings_for(tmp_path / "var", database, jobs_pause_seconds=0.2)) as opened:
        yield opened


def enqueue(store: Store, world: Path, job_id: str = "0f" * 16) -> str:
    data = (world / "demand_pl.csv").read_bytes()
    store.enqueue_batch_job(job_id, source_name="demand_pl.csv", data=data, submitted_by="t")
    return job_id


def lines(path: Path) -> int:
    return len(path.read_bytes().splitlines()) if path.is_file() else 0


def same_outputs(run_dir: Path, reference: Path) -> None:
    """Results JSON and CSV files byte for byte (the run ids are the same)."""
    assert (run_dir / "results.json").read_bytes() == (reference / "results.json").read_bytes()
    for name in CSV_OUTPUTS:
        ours = (run_dir / "csv" / f"{name}.csv").read_bytes()
        assert ours == (reference / "csv" / f"{name}.csv").read_bytes(), name


def test_a_queued_job_runs_to_the_results_of_a_direct_run(
    engine: Engine, world: Path, tmp_path: Path
) -> None:
    job_id = enqueue(engine.store, world)
    worker = BatchWorker(engine, name="test-worker")
    assert worker.run(until_idle=True) == 1
    job = engine.store.get_batch_job(job_id)
    assert (job.state, job.attempts, job.worker, job.error) == ("done", 1, "test-worker", None)
    run_dir = tmp_path / "var" / "runs" / job_id
    manifest = json.loads((run_dir / MANIFEST).read_text(encoding="utf-8"))
    counts = manifest["counts"]
    assert job.summary["vacancies"] == counts["vacancies"] == 16
    assert job.summary["filled"] == counts["filled"] > 0
    assert job.summary["files"] == ["csv", "html", "json", "xlsx"]
    # The input came from the store: the worker wrote it where the run reads it.
    written = tmp_path / "var" / "api-uploads" / job_id / "demand_pl.csv"
    assert written.read_bytes() == (world / "demand_pl.csv").read_bytes()
    direct = run_batch(engine, world / "demand_pl.csv", tmp_path / "direct", run_id=job_id)
    same_outputs(run_dir, direct.run_dir)
    assert worker.run(until_idle=True) == 0  # nothing left


def test_a_stopped_worker_puts_its_job_back_and_the_next_resumes(
    engine: Engine, world: Path, tmp_path: Path
) -> None:
    job_id = enqueue(engine.store, world)
    checkpoint = tmp_path / "var" / "runs" / job_id / CHECKPOINT
    worker = BatchWorker(engine).start()
    deadline = time.monotonic() + 120
    while lines(checkpoint) < 4 and time.monotonic() < deadline:
        time.sleep(0.02)
    worker.stop()
    done_before = lines(checkpoint) - 1
    assert 3 <= done_before < 16
    job = engine.store.get_batch_job(job_id)
    assert (job.state, job.attempts, job.claim) == ("queued", 0, None)
    assert BatchWorker(engine).run(until_idle=True) == 1
    job = engine.store.get_batch_job(job_id)
    assert job.state == "done" and job.summary["reused"] >= done_before


def test_a_failed_job_says_why_without_server_paths(engine: Engine, tmp_path: Path) -> None:
    engine.store.enqueue_batch_job("ab" * 16, source_name="list.xlsx", data=b"not a workbook")
    assert BatchWorker(engine).run(until_idle=True) == 1
    job = engine.store.get_batch_job("ab" * 16)
    assert job.state == "failed" and "list.xlsx" in job.error
    assert str(tmp_path) not in job.error
    # stored as a code and values, worded per reader
    error = JobError.loads(job.error)
    assert error.code == "data_file" and error.params["file"] == "list.xlsx"
    assert job_error_text(error, translator("ka")).startswith("ფაილი list.xlsx")


@pytest.mark.slow
def test_a_server_killed_mid_run_resumes_after_restart_to_identical_results(
    world: Path, tmp_path: Path
) -> None:
    database = database_copy(world, tmp_path / "matching.sqlite")
    reference_db = database_copy(world, tmp_path / "reference.sqlite")
    keys = tmp_path / "keys.toml"
    keys.write_text(KEYS_TOML, encoding="utf-8")
    env = {
        "MATCHING_DATABASE_URL": f"sqlite:///{database}",
        "MATCHING_DATA_DIR": str(tmp_path / "var"),
        "MATCHING_API_KEYS_FILE": str(keys),
        "MATCHING_ESCO_DIR": str(tmp_path / "no-esco"),  # the built-in catalogue
        "MATCHING_JOBS_LEASE_SECONDS": "3",
        "MATCHING_JOBS_POLL_SECONDS": "0.2",
    }
    log = tmp_path / "server.log"
    server, url = start_server({**env, "MATCHING_JOBS_PAUSE_SECONDS": "0.5"}, tmp_path, log)
    try:
        upload = {"file": ("demand_pl.csv", (world / "demand_pl.csv").read_bytes(), "text/csv")}
        submitted = httpx.post(
            f"{url}/batches", files=upload, headers={"X-API-Key": KEY}, timeout=30
        )
        assert submitted.status_code == 202, submitted.text
        job_id = submitted.json()["run_id"]
        checkpoint = tmp_path / "var" / "runs" / job_id / CHECKPOINT
        deadline = time.monotonic() + 180
        while lines(checkpoint) < 4 and time.monotonic() < deadline:
            time.sleep(0.02)
        os.kill(server.pid, signal.SIGKILL)  # no shutdown, no cleanup: a power cut
        server.wait()
    finally:
        stop_server(server)
    done_before = lines(checkpoint) - 1
    assert 3 <= done_before < 16, f"the kill did not land mid-run ({done_before} done)"
    print(f"killed after {done_before} of 16 vacancies")
    with Store(f"sqlite:///{database}") as store:
        killed = store.get_batch_job(job_id)
    assert (killed.state, killed.attempts) == ("running", 1)

    server, url = start_server(env, tmp_path, log)  # no pause: it runs at full speed
    try:
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            status = httpx.get(f"{url}/batches/{job_id}", headers={"X-API-Key": KEY}).json()
            if status["state"] in ("done", "failed"):
                break
            time.sleep(0.2)
        listed = httpx.get(f"{url}/batches?state=done", headers={"X-API-Key": KEY}).json()
    finally:
        stop_server(server)
    assert status["state"] == "done", status
    assert status["attempts"] == 2 and status["vacancies"] == 16
    assert [r["run_id"] for r in listed] == [job_id]
    run_dir = tmp_path / "var" / "runs" / job_id
    manifest = json.loads((run_dir / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["counts"]["reused"] >= done_before  # resumed, not redone

    # The same file run uninterrupted, in this process, on the database as it was.
    with Engine(settings_for(tmp_path / "reference", reference_db)) as reference:
        source = tmp_path / "reference" / "demand_pl.csv"
        source.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(world / "demand_pl.csv", source)
        direct = run_batch(reference, source, tmp_path / "reference" / "runs", run_id=job_id)
    assert direct.reused == 0
    same_outputs(run_dir, direct.run_dir)


def test_stop_wakes_an_idle_worker_at_once(engine: Engine) -> None:
    worker = BatchWorker(engine).start()
    began = time.monotonic()
    stopper = threading.Thread(target=worker.stop)
    stopper.start()
    stopper.join(10)
    assert time.monotonic() - began < 1.5  # not a whole poll (2 s) later
