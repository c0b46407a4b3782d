"""Benchmark of the HTTP API: a vacancy's shortlist under concurrent clients.

Builds a synthetic population (``--seekers`` job seekers, the synthetic demand lists),
stores it in a temporary SQLite database (or, with ``--database-url``, in a fresh
PostgreSQL database created on that server and dropped at the end), then in one run
measures:

* baseline: ``Engine.match_vacancy`` in this process, one call after another (the
  core's cost: shortlist, near misses and explanations), over ``--baseline-seconds``;
* the API: ``GET /vacancies/{id}/matches`` against a real ``matching serve`` on loopback,
  ``--clients`` concurrent clients (one connection each) for ``--duration`` seconds,
  every request authenticated with a coordinator key and audited (one audit event per
  person shown, as in production).

Both print requests/s and p50/p95/p99 latency; the API also its error count (non-200
answers and transport errors), the load generator's own CPU per request and whether
issue 18.1's targets hold (p95 <= 250 ms, throughput >= 0.5x the in-process engine).
Clients and server share this machine's cores, so the API figures include the client's
own overhead. Both also print CPU milliseconds per
request (the server's process tree for the API, read from ``/proc``): on a machine other
jobs share, latency and throughput move with their load, the CPU cost barely does.

Usage:
    .venv/bin/python bench/api_load.py                          # 20k people, 20 clients, 60 s
    .venv/bin/python bench/api_load.py --seekers 2000 --duration 10
    .venv/bin/python bench/api_load.py --workers 2              # two server processes
    .venv/bin/python bench/api_load.py --workers 2 \
        --database-url postgresql+psycopg://user:pw@127.0.0.1/any_db   # PostgreSQL
"""

from __future__ import annotations

import argparse
import asyncio
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import sqlalchemy as sa

from matching.config import Settings
from matching.occupations import load_builtin
from matching.service import Engine
from matching.storage.store import Store
from matching.synth.generator import PopulationGenerator

ROOT = Path(__file__).resolve().parent.parent
TARGET_P95_MS = 250.0  # issue 18.1, at 20 clients
TARGET_RATIO = 0.5  # API requests/s over the in-process Engine.match_vacancy calls/s


@dataclass(frozen=True)
class Result:
    name: str
    requests: int
    seconds: float
    latencies_ms: list[float]
    errors: int = 0
    cpu_seconds: float = float("nan")  # CPU time of the process(es) that served them

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, q: float) -> float:
        if not self.latencies_ms:
            return float("nan")
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(q / 100 * len(ordered)))]

    def line(self) -> str:
        return (
            f"{self.name:<34} {self.requests:>7} req  {self.rate:>8.1f} req/s  "
            f"p50 {self.percentile(50):>7.1f} ms  p95 {self.percentile(95):>7.1f} ms  "
            f"p99 {self.percentile(99):>7.1f} ms  errors {self.errors}  "
            f"CPU {self.cpu_per_request:.2f} ms/req"
        )

    @property
    def cpu_per_request(self) -> float:
        """CPU milliseconds per request: unlike latency, barely moved by other jobs."""
        return self.cpu_seconds * 1000 / self.requests if self.requests else float("nan")


def tree_cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a process and its children (Linux ``/proc``; NaN
    elsewhere): the server's own cost, whatever else the machine runs."""
    proc = Path("/proc")
    ticks = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    try:
        stats = {}
        for entry in proc.iterdir():
            if entry.name.isdigit():
                try:
                    fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                except OSError:
                    continue
                stats[int(entry.name)] = (int(fields[1]), int(fields[11]) + int(fields[12]))
    except OSError:
        return float("nan")
    tree, total = {pid}, 0
    for _ in range(4):  # uvicorn's supervisor, its workers (and their helpers)
        tree |= {p for p, (parent, _) in stats.items() if parent in tree}
    for p in tree:
        total += stats.get(p, (0, 0))[1]
    return total / ticks


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def fresh_database(server_url: str | None, directory: Path) -> Iterator[str]:
    """A database URL of an empty database: an SQLite file in ``directory`` without
    ``server_url``; else a new PostgreSQL database on ``server_url``'s server (its user
    needs CREATEDB), dropped afterwards."""
    if server_url is None:
        yield f"sqlite:///{directory / 'matching.sqlite'}"
        return
    url = sa.make_url(server_url)
    if url.get_backend_name() != "postgresql":
        raise SystemExit("--database-url takes a PostgreSQL URL (SQLite is the default)")
    name = f"matching_bench_{secrets.token_hex(4)}"
    admin = sa.create_engine(url, isolation_level="AUTOCOMMIT", poolclass=sa.NullPool)
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def build_database(settings: Settings, seekers: int, per_country: int, seed: int) -> list[str]:
    """Store a synthetic population; returns the vacancy ids."""
    taxonomy = load_builtin()
    generator = PopulationGenerator(seed, vacancies_per_country=per_country).fit(taxonomy)
    with Store.from_settings(settings) as store:
        for chunk in generator.iter_chunks(seekers):
            store.upsert_job_seekers(chunk.job_seekers)
        for demand_list in generator.demand_lists_:
            store.save_demand_list(demand_list)
        return [v.external_id for v in store.list_vacancies()]


def baseline(settings: Settings, vacancy_ids: list[str], seconds: float) -> Result:
    """``Engine.match_vacancy`` in-process, sequentially; also leaves the normaliser saved
    in ``data_dir`` so that the server loads it instead of fitting it."""
    with Engine(settings) as engine:
        _ = engine.normalizer
        engine.matcher()
        engine.match_vacancy(vacancy_ids[0])
        latencies: list[float] = []
        start, cpu = time.perf_counter(), time.process_time()
        i = 0
        while time.perf_counter() - start < seconds:
            t = time.perf_counter()
            engine.match_vacancy(vacancy_ids[i % len(vacancy_ids)])
            latencies.append((time.perf_counter() - t) * 1000)
            i += 1
        elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    return Result("baseline: Engine.match_vacancy", len(latencies), elapsed, latencies, 0, cpu)


def start_server(env: dict[str, str], port: int, workers: int, cwd: Path) -> subprocess.Popen:
    # ``matching serve``: with several workers, a socket each (api.serving)
    command = [sys.executable, "-c", "from matching.cli import app; app()", "serve"]
    command += ["--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)]
    command += ["--log-level", "warning", "--no-access-log"]
    return subprocess.Popen(command, env=env, cwd=cwd)


def wait_until_up(url: str, process: subprocess.Popen, timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the server exited with {process.returncode}")
        try:
            if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.3)
    raise SystemExit(f"the server did not answer within {timeout:.0f} s")


async def load(
    url: str,
    key: str,
    vacancy_ids: list[str],
    clients: int,
    seconds: float,
    server_pid: int,
    keepalive: bool = True,
) -> Result:
    latencies: list[float] = []
    errors = 0
    headers = {"X-API-Key": key}
    deadline = time.perf_counter() + seconds

    async def client(n: int) -> None:
        nonlocal errors
        i = n
        # With keep-alive a client's requests all go to the worker that took its one
        # connection: ``matching serve`` gives each worker a socket of its own, so the
        # kernel spreads the connections (with one shared socket, as uvicorn's own
        # workers have, 20 connections opened at once could all land on one of two
        # workers). Without keep-alive every request is a new connection.
        limits = httpx.Limits() if keepalive else httpx.Limits(max_keepalive_connections=0)
        async with httpx.AsyncClient(
            base_url=url, headers=headers, timeout=60, limits=limits
        ) as http:
            while time.perf_counter() < deadline:
                vacancy_id = vacancy_ids[i % len(vacancy_ids)]
                i += clients
                t = time.perf_counter()
                try:
                    response = await http.get(f"/vacancies/{vacancy_id}/matches")
                    ok = response.status_code == 200
                except httpx.HTTPError:
                    ok = False
                if ok:
                    latencies.append((time.perf_counter() - t) * 1000)
                else:
                    errors += 1

    start, cpu = time.perf_counter(), tree_cpu_seconds(server_pid)
    own = time.process_time()
    await asyncio.gather(*(client(n) for n in range(clients)))
    elapsed, cpu = time.perf_counter() - start, tree_cpu_seconds(server_pid) - cpu
    own = time.process_time() - own
    name = f"API: {clients} clients, GET .../matches"
    return Result(name, len(latencies), elapsed, latencies, errors, cpu), own


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seekers", type=int, default=20_000, help="job seekers stored")
    parser.add_argument("--per-country", type=int, default=8, help="vacancies per demand list")
    parser.add_argument("--clients", type=int, default=20, help="concurrent clients")
    parser.add_argument("--duration", type=float, default=60, help="seconds of API load")
    parser.add_argument("--baseline-seconds", type=float, default=15, help="seconds of baseline")
    parser.add_argument("--workers", type=int, default=1, help="matching serve --workers")
    parser.add_argument(
        "--database-url",
        help="a PostgreSQL server to measure on (a fresh database is created and dropped)",
    )
    parser.add_argument(
        "--connection-per-request",
        action="store_true",
        help="clients open a new connection for every request (no keep-alive), so that "
        "requests spread over all workers",
    )
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)

    with (
        tempfile.TemporaryDirectory(prefix="bench-api-") as tmp,
        fresh_database(args.database_url, Path(tmp)) as database_url,
    ):
        directory = Path(tmp)
        key = secrets.token_urlsafe(24)
        keys_file = directory / "api_keys.toml"
        keys_file.write_text(f'[[keys]]\nname = "bench"\nrole = "coordinator"\nkey = "{key}"\n')
        settings = Settings(
            esco_dir=None,
            data_dir=directory / "var",
            database_url=database_url,
            api_keys_file=keys_file,
            _env_file=None,
        )
        t = time.perf_counter()
        vacancy_ids = build_database(settings, args.seekers, args.per_country, args.seed)
        print(
            f"population: {args.seekers} job seekers, {len(vacancy_ids)} vacancies "
            f"(stored in {time.perf_counter() - t:.1f} s); {os.cpu_count()} cores; "
            f"{sa.make_url(database_url).get_backend_name()}, {args.workers} worker(s), "
            f"{'a connection per request' if args.connection_per_request else 'keep-alive'}; "
            f"load average {os.getloadavg()[0]:.2f}"
        )
        base = baseline(settings, vacancy_ids, args.baseline_seconds)

        port = free_port()
        env = {
            **os.environ,
            "MATCHING_ESCO_DIR": str(directory / "no-esco"),
            "MATCHING_DATA_DIR": str(settings.data_dir),
            "MATCHING_DATABASE_URL": settings.resolved_database_url,
            "MATCHING_API_KEYS_FILE": str(keys_file),
            "PYTHONPATH": str(ROOT),
        }
        url = f"http://127.0.0.1:{port}"
        t = time.perf_counter()
        server = start_server(env, port, args.workers, directory)
        try:
            wait_until_up(url, server)
            for vacancy_id in vacancy_ids[: 4 * args.workers]:  # fit every worker's matcher
                httpx.get(
                    f"{url}/vacancies/{vacancy_id}/matches", headers={"X-API-Key": key}, timeout=300
                ).raise_for_status()
            print(f"server up and warm in {time.perf_counter() - t:.1f} s")
            api, client_cpu = asyncio.run(
                load(
                    url,
                    key,
                    vacancy_ids,
                    args.clients,
                    args.duration,
                    server.pid,
                    keepalive=not args.connection_per_request,
                )
            )
        finally:
            server.terminate()
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
        with Store.from_settings(settings) as store:
            audit_events = store.counts().audit_events

    print()
    print(base.line())
    print(api.line())
    if base.rate and api.rate:
        print(
            f"API/baseline throughput {api.rate / base.rate:.2f}x; "
            f"median latency {api.percentile(50) / base.percentile(50):.1f}x the in-process call; "
            f"server CPU per request {api.cpu_per_request / base.cpu_per_request:.2f}x the call's"
        )
    if api.requests:
        print(f"the clients' own CPU (same machine): {client_cpu * 1000 / api.requests:.2f} ms/req")
    print(f"audit events written: {audit_events}; load average {os.getloadavg()[0]:.2f} at the end")
    if base.rate and api.rate:
        print(targets(api, base))


def targets(api: Result, base: Result) -> str:
    """Issue 18.1's targets at 20 clients, met or not, with the figures."""
    p95, ratio = api.percentile(95), api.rate / base.rate

    def verdict(ok: bool) -> str:
        return "met" if ok else "NOT met"

    return (
        f"targets: p95 {p95:.0f} ms <= {TARGET_P95_MS:.0f} ms {verdict(p95 <= TARGET_P95_MS)}; "
        f"throughput {ratio:.2f}x >= {TARGET_RATIO}x the in-process engine "
        f"{verdict(ratio >= TARGET_RATIO)}"
    )


if __name__ == "__main__":
    main()
