"""Benchmark of batch runs: a demand list over a synthetic population, run whole, killed
half-way and resumed, with the resumed results compared to the uninterrupted ones.

Setup (timed apart): ``--seekers`` job seekers from :mod:`matching.synth` stored in an
SQLite database (with their true ESCO codes, as an agency's coders would have left
them), and a Polish demand list of ``--vacancies`` lines written as an agency sends it
(titles only: the title normaliser codes them on import).

Each run is a separate process, as a coordinator's would be, so its time includes
starting the engine (reading every job seeker from the database and fitting the
matcher). Three processes, one after the other:

1. the uninterrupted run (``runs-a``);
2. the same run in ``runs-b``, killed with SIGKILL once half the vacancies are
   checkpointed (``--simulate`` raises from the progress callback instead);
3. the same command again: it resumes the run in ``runs-b``.

The resumed run's JSON and CSV outputs must be byte-identical to the uninterrupted
run's; the script exits 1 if they are not.

Usage:
    .venv/bin/python bench/batch.py                                   # 100k people, 500 lines
    .venv/bin/python bench/batch.py --seekers 20000 --vacancies 100
    .venv/bin/python bench/batch.py --seekers 2000 --vacancies 30 --simulate   # quick check
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from matching.batch.manifest import load_run
from matching.batch.results import CHECKPOINT, MANIFEST, BatchRun
from matching.batch.run import run_batch
from matching.config import Settings
from matching.intake.export import write_vacancies
from matching.service import Engine
from matching.synth.generator import PopulationGenerator
from matching.synth.trades import REFERENCE_DATE

DEMAND_FILE = "demand_pl.csv"


class SimulatedCrash(RuntimeError):
    """Raised by the progress callback of a ``--simulate`` run."""


def engine_for(workdir: Path) -> Engine:
    settings = Settings(
        esco_dir=None,
        database_url=f"sqlite:///{workdir / 'store.sqlite'}",
        data_dir=workdir / "var",
    )
    return Engine(settings, matcher_options={"today": REFERENCE_DATE})


# ----------------------------------------------------------------------------- setup
def setup(workdir: Path, seekers: int, vacancies: int, seed: int) -> dict[str, float]:
    """Store the population and write the demand list, unless a previous call did."""
    stamp = workdir / "population.json"
    wanted = {"seekers": seekers, "vacancies": vacancies, "seed": seed}
    if stamp.is_file() and json.loads(stamp.read_text()) == wanted:
        return {}
    times: dict[str, float] = {}
    began = time.perf_counter()
    with engine_for(workdir) as engine:
        generator = PopulationGenerator(
            seed, vacancies_per_country=vacancies, countries=("PL",)
        ).fit(engine.taxonomy)
        for chunk in generator.iter_chunks(seekers):
            engine.store.upsert_job_seekers(chunk.job_seekers)
        times["population (generate + store)"] = time.perf_counter() - began
        demand = generator.demand_lists_[0]
        write_vacancies(workdir / DEMAND_FILE, demand.vacancies, occupations=False)
        began = time.perf_counter()
        _ = engine.normalizer  # fitted once and saved under data_dir, as in production
        times["title normaliser (fit + save, once)"] = time.perf_counter() - began
    stamp.write_text(json.dumps(wanted))
    return times


# ----------------------------------------------------------------------------- child
def child(workdir: Path, out: Path, crash_at: int | None) -> None:
    """One batch run in this process (what ``matching batch`` would do)."""

    def progress(done: int, total: int) -> None:
        if crash_at is not None and done >= crash_at:
            raise SimulatedCrash(f"simulated crash after {done} of {total} vacancies")

    with engine_for(workdir) as engine:
        try:
            run = run_batch(engine, workdir / DEMAND_FILE, out, progress=progress)
        except SimulatedCrash:
            sys.exit(3)
    print(run.run_id)


def spawn(workdir: Path, out: Path, crash_at: int | None = None) -> subprocess.Popen[str]:
    command = [sys.executable, __file__, "--child", "--workdir", str(workdir), "--out", str(out)]
    if crash_at is not None:
        command += ["--crash-at", str(crash_at)]
    return subprocess.Popen(command, stdout=subprocess.PIPE, text=True)


def checkpointed(out: Path) -> int:
    """Vacancies in the checkpoints under ``out`` (complete lines after the header)."""
    total = 0
    for path in out.glob(f"*/{CHECKPOINT}"):
        with contextlib.suppress(FileNotFoundError):  # replaced between glob and read
            total += max(path.read_bytes().count(b"\n") - 1, 0)
    return total


def finish(process: subprocess.Popen[str]) -> str:
    """The run id a child process printed last."""
    stdout, _ = process.communicate()
    if process.returncode != 0:
        raise SystemExit(f"batch run process failed with exit code {process.returncode}")
    return stdout.strip().splitlines()[-1]


def phases(run: BatchRun) -> str:
    """Wall times of a run's phases, from its manifest."""
    seconds = json.loads((run.run_dir / MANIFEST).read_text())["seconds"]
    return ", ".join(f"{k} {v:.1f}" for k, v in seconds.items())


# ----------------------------------------------------------------------------- compare
def output_differences(a: Path, b: Path) -> list[str]:
    """Outputs of two run directories that are not byte-identical (XLSX aside: it
    carries its creation time)."""
    names = ["results.json", "report.html", *(f"csv/{p.name}" for p in (a / "csv").glob("*.csv"))]
    return [n for n in names if (a / n).read_bytes() != (b / n).read_bytes()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seekers", type=int, default=100_000)
    parser.add_argument("--vacancies", type=int, default=500)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workdir", type=Path, help="kept between calls (default: a temp dir)")
    parser.add_argument("--simulate", action="store_true", help="raise instead of SIGKILL")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--crash-at", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.workdir, args.out, args.crash_at)
        return

    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="bench-batch-"))
    workdir.mkdir(parents=True, exist_ok=True)
    print(f"batch benchmark: {args.seekers} job seekers, {args.vacancies} vacancies, {workdir}")
    print(f"  machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    for name, seconds in setup(workdir, args.seekers, args.vacancies, args.seed).items():
        print(f"  setup: {name}: {seconds:.1f} s")

    # 1. uninterrupted
    out_a, out_b = workdir / "runs-a", workdir / "runs-b"
    for out in (out_a, out_b):
        if out.exists():
            shutil.rmtree(out)
    began = time.perf_counter()
    run_id = finish(spawn(workdir, out_a))
    full_wall = time.perf_counter() - began
    run_a = load_run(out_a / run_id)
    half = max(1, run_a.vacancies // 2)

    # 2. killed half-way
    began = time.perf_counter()
    if args.simulate:
        process = spawn(workdir, out_b, crash_at=half)
        process.communicate()
        how = f"simulated crash (exit {process.returncode})"
    else:
        process = spawn(workdir, out_b)
        while process.poll() is None and checkpointed(out_b) < half:
            time.sleep(0.02)
        if process.poll() is None:
            os.kill(process.pid, signal.SIGKILL)
            how = "SIGKILL"
        else:
            how = "finished before the kill"
        process.communicate()
    killed_wall = time.perf_counter() - began
    done_before = checkpointed(out_b)
    run_dir_b = out_b / run_a.run_id
    status_after_kill = load_run(run_dir_b).status if run_dir_b.exists() else "(none)"

    # 3. resumed
    began = time.perf_counter()
    finish(spawn(workdir, out_b))
    resume_wall = time.perf_counter() - began
    run_b = load_run(run_dir_b)
    differences = output_differences(run_a.run_dir, run_b.run_dir)

    print(
        f"  list: {run_a.vacancies} vacancies, {run_a.positions} positions, "
        f"{run_a.filled} filled, {run_a.flagged} flagged"
    )
    print(f"  uninterrupted run: {full_wall:.1f} s wall (process), phases (s): {phases(run_a)}")
    print(
        f"  interrupted run:  {how} after {killed_wall:.1f} s with {done_before} of "
        f"{run_a.vacancies} vacancies checkpointed; manifest then said {status_after_kill!r}"
    )
    print(
        f"  resumed run:      {resume_wall:.1f} s wall, reused {run_b.reused} shortlists, "
        f"phases (s): {phases(run_b)}"
    )
    print(f"  interrupted + resumed: {killed_wall + resume_wall:.1f} s wall in all")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # KiB on Linux
    print(f"  peak memory of a run process: {peak:.0f} MiB")
    sizes = {fmt: path.stat().st_size for fmt, path in run_a.files.items() if path.is_file()}
    print("  output sizes: " + ", ".join(f"{k} {v / 1e6:.2f} MB" for k, v in sizes.items()))
    if differences:
        print(f"  RESUMED RESULTS DIFFER from the uninterrupted run: {differences}")
        sys.exit(1)
    print("  resumed results identical to the uninterrupted run (JSON, CSV, HTML)")


if __name__ == "__main__":
    main()
