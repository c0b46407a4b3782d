"""``matching serve`` in a process of its own, for the tests that kill or replicate it."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
SERVE = [sys.executable, "-c", "from matching.cli import app; app()", "serve"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(env: dict[str, str], cwd: Path, log: Path) -> tuple[subprocess.Popen, str]:
    """Start ``matching serve`` on a free loopback port with ``MATCHING_*`` variables
    ``env`` (nothing else of the caller's: no developer settings leak in) and wait until
    it answers ``/health``; its output goes to ``log``."""
    process, url = launch_server(env, cwd, log)
    wait_until_up(process, url, log)
    return process, url


def launch_server(env: dict[str, str], cwd: Path, log: Path) -> tuple[subprocess.Popen, str]:
    """Start ``matching serve`` (see :func:`start_server`) without waiting for it."""
    port = free_port()
    environment = {
        **{k: v for k, v in os.environ.items() if not k.startswith("MATCHING_")},
        "PYTHONPATH": str(ROOT),
        **env,
    }
    with log.open("ab") as out:
        process = subprocess.Popen(
            [*SERVE, "--host", "127.0.0.1", "--port", str(port)],
            cwd=cwd,  # no developer .env
            env=environment,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    return process, f"http://127.0.0.1:{port}"


def wait_until_up(process: subprocess.Popen, url: str, log: Path) -> None:
    deadline = time.monotonic() + 180
    while True:
        if process.poll() is not None:
            raise AssertionError(f"the server exited with {process.returncode}:\n{log.read_text()}")
        try:
            if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        if time.monotonic() > deadline:
            process.kill()
            raise AssertionError(f"the server did not start within 180 s:\n{log.read_text()}")
        time.sleep(0.2)


def stop_server(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
