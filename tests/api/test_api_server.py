"""The real thing: uvicorn in its own process, configured by MATCHING_* variables."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import psutil
import pytest
from api_support import A_WELDERS, B_WELDERS, WELD_VACANCY, auth

ROOT = Path(__file__).resolve().parents[2]
SERVE = [sys.executable, "-m", "uvicorn", "api.app:create_app", "--factory"]
MATCHING = [sys.executable, "-c", "from matching.cli import app; app()"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def running(
    command: list[str], tmp_path: Path, template_database: Path, keys_file: Path
) -> Iterator[tuple[str, subprocess.Popen]]:
    """``command`` (completed with ``--host`` and ``--port``) serving a copy of the test
    registry with the built-in catalogue; yields its URL and process once /health answers."""
    database = tmp_path / "matching.sqlite"
    shutil.copyfile(template_database, database)
    port = free_port()
    env = {
        **os.environ,
        "MATCHING_DATABASE_URL": f"sqlite:///{database}",
        "MATCHING_DATA_DIR": str(tmp_path / "var"),
        "MATCHING_API_KEYS_FILE": str(keys_file),
        "MATCHING_ESCO_DIR": str(tmp_path / "no-esco"),  # the built-in catalogue
        "PYTHONPATH": str(ROOT),
    }
    process = subprocess.Popen(
        [*command, "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"],
        cwd=tmp_path,  # no developer .env
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            if process.poll() is not None:
                output = process.stdout.read().decode() if process.stdout else ""
                pytest.fail(f"the server exited with {process.returncode}:\n{output}")
            try:
                if httpx.get(f"{url}/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                pytest.fail("the server did not start within 120 s")
            time.sleep(0.2)
        yield url, process
    finally:
        process.terminate()
        try:
            process.wait(timeout=40)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture
def server(tmp_path: Path, template_database: Path, keys_file: Path) -> Iterator[str]:
    with running(SERVE, tmp_path, template_database, keys_file) as (url, _):
        yield url


@pytest.mark.slow
def test_real_server_answers_over_http(server: str) -> None:
    with httpx.Client(base_url=server, timeout=30) as client:
        assert client.get("/health").json()["status"] == "ok"
        assert client.get("/docs").status_code == 200
        denied = client.get("/job-seekers")
        assert denied.status_code == 401
        assert denied.headers["content-type"] == "application/problem+json"
        shortlist = client.get(f"/vacancies/{WELD_VACANCY}/matches", headers=auth("agency_a"))
        assert shortlist.status_code == 200
        shown = {m["job_seeker_id"] for m in shortlist.json()["matches"]}
        assert shown == set(A_WELDERS)
        other = client.get(f"/job-seekers/{B_WELDERS[0]}", headers=auth("agency_a"))
        assert other.status_code == 404


def listening(process: psutil.Process, port: int) -> int:
    return sum(
        c.status == psutil.CONN_LISTEN and c.laddr.port == port
        for c in process.net_connections("tcp")
    )


def established(process: psutil.Process, port: int) -> int:
    return sum(
        c.status == psutil.CONN_ESTABLISHED and c.laddr.port == port
        for c in process.net_connections("tcp")
    )


def workers_of(parent: subprocess.Popen, port: int, n: int) -> list[psutil.Process]:
    """The ``n`` worker processes of ``parent`` listening on ``port`` (waits for them)."""
    deadline = time.monotonic() + 120
    while True:
        children = psutil.Process(parent.pid).children()
        ready = [c for c in children if listening(c, port)]
        if len(ready) == n:
            return ready
        if time.monotonic() > deadline:
            pytest.fail(f"{len(ready)} of {n} workers listening on {port}")
        time.sleep(0.2)


@pytest.mark.slow
def test_workers_each_listen_and_share_kept_alive_connections(
    tmp_path: Path, template_database: Path, keys_file: Path
) -> None:
    command = [*MATCHING, "serve", "--workers", "2", "--no-access-log"]
    with running(command, tmp_path, template_database, keys_file) as (url, process):
        port = int(url.rsplit(":", 1)[1])
        workers = workers_of(process, port, 2)
        # One socket per worker, none in the parent: the kernel shares connections.
        assert [listening(w, port) for w in workers] == [1, 1]
        assert listening(psutil.Process(process.pid), port) == 0
        clients = [httpx.Client(base_url=url, timeout=30) for _ in range(16)]
        try:
            for client in clients:  # one kept-alive connection each
                assert client.get("/health").status_code == 200
            held = [established(w, port) for w in workers]
            assert sum(held) == 16
            assert min(held) >= 1, held  # all 16 on one worker: 2 in 65,536 by chance

            # A worker killed outright is replaced; the other serves meanwhile.
            workers[0].kill()
            workers[0].wait(10)
            assert httpx.get(f"{url}/health", timeout=30).status_code == 200
            replaced = workers_of(process, port, 2)
            assert workers[0].pid not in {w.pid for w in replaced}
        finally:
            for client in clients:
                client.close()
        replaced_pids = [w.pid for w in replaced]
        process.terminate()  # the parent stops its workers and exits
        assert process.wait(timeout=60) == 0
        assert not [pid for pid in replaced_pids if psutil.pid_exists(pid)]


@pytest.mark.slow
def test_workers_on_a_port_in_use_fail_at_once(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [*MATCHING, "serve", "--workers", "2", "--host", "127.0.0.1", "--port", str(port)],
            cwd=tmp_path,
            env={**os.environ, "PYTHONPATH": str(ROOT), "MATCHING_DATA_DIR": str(tmp_path)},
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert result.returncode == 3  # uvicorn's start-up failure
    assert f"cannot bind 127.0.0.1:{port}" in result.stderr
