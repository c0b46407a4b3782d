"""``matching worker``: runs the queued batch jobs; ``matching serve --no-worker``."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from matching.cli.app import app
from matching.config import get_settings
from matching.storage.store import Store

runner = CliRunner()
DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("MATCHING_DATA_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("MATCHING_ESCO_DIR", str(tmp_path / "no-esco"))
    monkeypatch.delenv("MATCHING_DATABASE_URL", raising=False)
    get_settings.cache_clear()
    yield tmp_path / "var"
    get_settings.cache_clear()


def test_worker_runs_the_queue_until_idle(isolated_settings: Path) -> None:
    with Store(f"sqlite:///{isolated_settings / 'matching.sqlite'}") as store:
        store.enqueue_batch_job(
            "a1" * 16,
            source_name="vacancies_pl.csv",
            data=(DATA / "vacancies_pl.csv").read_bytes(),
            destination_country="PL",
        )
        store.enqueue_batch_job("b2" * 16, source_name="broken.xlsx", data=b"no workbook")
    result = runner.invoke(app, ["worker", "--until-idle"])
    assert result.exit_code == 0, result.output
    assert "after 2 jobs" in result.output
    with Store(f"sqlite:///{isolated_settings / 'matching.sqlite'}") as store:
        done, failed = store.get_batch_job("a1" * 16), store.get_batch_job("b2" * 16)
    assert done.state == "done" and done.summary["vacancies"] == 3  # its good rows
    assert (isolated_settings / "runs" / done.id / "results.json").is_file()
    assert failed.state == "failed" and "broken.xlsx" in failed.error
    assert str(isolated_settings) not in failed.error


def test_serve_can_leave_jobs_to_workers() -> None:
    result = runner.invoke(app, ["serve", "--help"])
    assert result.exit_code == 0 and "--no-worker" in result.output


def test_sigterm_stops_a_waiting_worker(isolated_settings: Path, tmp_path: Path) -> None:
    root = Path(__file__).resolve().parents[2]
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("MATCHING_")},
        "MATCHING_DATA_DIR": str(isolated_settings),
        "MATCHING_ESCO_DIR": str(tmp_path / "no-esco"),
        "PYTHONPATH": str(root),
    }
    process = subprocess.Popen(
        [sys.executable, "-c", "from matching.cli import app; app()", "worker"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    database = isolated_settings / "matching.sqlite"
    deadline = time.monotonic() + 120
    while not database.exists() and time.monotonic() < deadline:  # the worker is up
        time.sleep(0.1)
    time.sleep(1)
    process.send_signal(signal.SIGTERM)
    output, _ = process.communicate(timeout=60)
    assert process.returncode == 0, output.decode()
    assert b"after 0 jobs" in output
