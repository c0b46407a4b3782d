"""The real thing: uvicorn in its own process, configured by MATCHING_* variables."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from api_support import A_WELDERS, B_WELDERS, WELD_VACANCY, auth

ROOT = Path(__file__).resolve().parents[2]
SERVE = [sys.executable, "-m", "uvicorn", "api.app:create_app", "--factory"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def server(tmp_path: Path, template_database: Path, keys_file: Path) -> Iterator[str]:
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
        [*SERVE, "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"],
        cwd=tmp_path,  # no developer .env
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
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
                pytest.fail("the server did not start within 60 s")
            time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


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
