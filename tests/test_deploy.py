"""The deployment examples in deploy/: they name real commands and run as nobody special."""

from __future__ import annotations

import configparser
import json
import shlex
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from matching.cli import app

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "deploy"
SCRIPT = "matching"  # the console script [project.scripts] installs


def _cli_accepts(argv: list[str]) -> None:
    """``argv`` (after the script name) names a real command and real options: with
    ``--help`` appended, an unknown command or option is still an error."""
    result = CliRunner().invoke(app, [*argv, "--help"])
    assert result.exit_code == 0, result.output
    for option in (a for a in argv if a.startswith("--")):
        assert option in result.output


def test_the_console_script_is_the_cli() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["scripts"][SCRIPT] == "matching.cli:app"


def _unit() -> configparser.ConfigParser:
    unit = configparser.ConfigParser(strict=False, interpolation=None)
    unit.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    unit.read_string((DEPLOY / "matching.service").read_text(encoding="utf-8"))
    return unit


def test_the_systemd_unit_runs_matching_serve_unprivileged_and_restarts() -> None:
    unit = _unit()
    service = unit["Service"]
    argv = shlex.split(service["ExecStart"])
    assert Path(argv[0]).name == SCRIPT and argv[1] == "serve"
    _cli_accepts(argv[1:])
    workers = int(argv[argv.index("--workers") + 1])
    assert 1 <= workers <= 64
    assert service["User"] not in {"", "root", "0"}
    assert service["EnvironmentFile"].lstrip("-").startswith("/")
    assert service["Restart"] in {"on-failure", "always"}
    assert service["NoNewPrivileges"] == "true"
    assert unit["Install"]["WantedBy"] == "multi-user.target"
    # the data directory it may write is the one its environment file names
    env = (DEPLOY / "matching.env.example").read_text(encoding="utf-8")
    assert f"MATCHING_DATA_DIR={service['ReadWritePaths']}" in env.splitlines()


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="no systemd-analyze")
def test_systemd_accepts_the_unit(tmp_path: Path) -> None:
    unit = (DEPLOY / "matching.service").read_text(encoding="utf-8")
    argv = shlex.split(_unit()["Service"]["ExecStart"])
    # verify checks that the binary exists: an installed path stands in for it
    unit = unit.replace(argv[0], shutil.which("true") or "/bin/true")
    path = tmp_path / "matching.service"
    path.write_text(unit, encoding="utf-8")
    result = subprocess.run(
        ["systemd-analyze", "verify", str(path)], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert "matching.service" not in result.stderr, result.stderr  # no warning about it


def _dockerfile() -> list[tuple[str, str]]:
    """(instruction, arguments) per instruction, continuation lines joined."""
    text = (DEPLOY / "Dockerfile").read_text(encoding="utf-8").replace("\\\n", " ")
    out = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            instruction, _, arguments = line.partition(" ")
            out.append((instruction.upper(), arguments.strip()))
    return out


def test_the_dockerfile_installs_the_package_and_serves_as_a_plain_user() -> None:
    steps = _dockerfile()
    assert steps[0] == ("FROM", "python:3.11-slim")
    for instruction, arguments in steps:
        if instruction == "COPY":
            *sources, _ = arguments.split()
            assert all((ROOT / s).exists() for s in sources), arguments
    assert any(i == "RUN" and 'pip install ".' in a for i, a in steps)
    users = [a for i, a in steps if i == "USER"]
    assert users and users[-1] not in {"root", "0"}
    cmd = json.loads([a for i, a in steps if i == "CMD"][-1])  # exec form: signals reach it
    assert cmd[:2] == [SCRIPT, "serve"]
    assert cmd[cmd.index("--host") + 1] == "0.0.0.0"
    _cli_accepts(cmd[1:])
    port = cmd[cmd.index("--port") + 1]
    assert ("EXPOSE", port) in steps
