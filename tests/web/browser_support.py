"""The browser tests' shared fixtures: a real server, Debian's chromium, a page.

One server per session on 127.0.0.1, on a temporary data directory with an SQLite
database holding a synthetic registry (``matching synth``, imported with ``matching
import``) and a keys file with one key per role. Pages are driven by role and label, as a
person reads them. Screenshots (1366x768) go under the session's temporary
``screenshots`` directory, named in the test output.

``tests/web/conftest.py`` imports the fixtures, so every browser test module
(``test_browser.py``, ``test_browser_coordinator.py`` ...) shares one server and one
browser: Playwright's sync API cannot run two at once. Without ``/usr/bin/chromium``
or Playwright the fixtures skip; each test module also skips itself at import.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from server_process import start_server, stop_server

from api.security import hash_key

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
VIEWPORT = {"width": 1366, "height": 768}
AGENCY = "Kutaisi Job Centre"  # one of the synthetic registry's agencies
KEYS = {
    "coordinator": "browser-coordinator-key-000000001",
    "agency": "browser-agency-key-0000000000000002",
    "analyst": "browser-analyst-key-000000000000003",
}
CLI = [sys.executable, "-c", "from matching.cli import app; app()"]

try:
    from playwright import sync_api
except ImportError:  # pragma: no cover - playwright is a dev dependency
    sync_api = None


def browser_available() -> str | None:
    """Why the browser tests cannot run here, or ``None`` when they can."""
    if not CHROMIUM.is_file():
        return "no /usr/bin/chromium: `apt-get install chromium` to run the browser tests"
    if sync_api is None:
        return "playwright is not installed (pip install -e '.[dev]')"
    return None


def expect(*args, **kwargs):
    """Playwright's ``expect``."""
    return sync_api.expect(*args, **kwargs)


@dataclass(frozen=True)
class LiveServer:
    url: str
    data: Path  # the synthetic registry: job_seekers.csv, demand_lists/


def _keys_toml() -> str:
    return f"""
[[keys]]
name = "ნინო კოორდინატორი"
role = "coordinator"
sha256 = "{hash_key(KEYS["coordinator"])}"

[[keys]]
name = "ქუთაისის ოფისი"
role = "agency"
agency = "{AGENCY}"
sha256 = "{hash_key(KEYS["agency"])}"

[[keys]]
name = "ანალიტიკოსი"
role = "analyst"
sha256 = "{hash_key(KEYS["analyst"])}"
"""


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    home = tmp_path_factory.mktemp("workspace-server")
    keys = home / "api_keys.toml"
    keys.write_text(_keys_toml(), encoding="utf-8")
    env = {
        **os.environ,
        "MATCHING_DATABASE_URL": f"sqlite:///{home / 'matching.sqlite'}",
        "MATCHING_DATA_DIR": str(home / "var"),
        "MATCHING_API_KEYS_FILE": str(keys),
        "MATCHING_ESCO_DIR": str(home / "no-esco"),  # the built-in catalogue
        "PYTHONPATH": str(ROOT),
    }
    data = home / "synth"
    for command in (
        ["synth", "--seekers", "400", "--out", str(data)],
        ["import", "job-seekers", str(data / "job_seekers.csv")],
    ):
        subprocess.run([*CLI, *command], cwd=home, env=env, check=True, capture_output=True)
    process, url = start_server(env, home, home / "server.log")
    try:
        yield LiveServer(url, data)
    finally:
        stop_server(process)


@pytest.fixture(scope="session")
def chromium() -> Iterator[object]:
    if reason := browser_available():
        pytest.skip(reason)
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def screenshots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("screenshots")


@pytest.fixture
def page(chromium, live_server: LiveServer, screenshots: Path) -> Iterator[object]:
    context = chromium.new_context(
        base_url=live_server.url, viewport=VIEWPORT, locale="ka-GE", accept_downloads=True
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    # A CSP violation, a script error or a missing asset fails the test. (A page answering
    # 4xx on purpose, such as a form with errors (422), is logged by chromium too: not those.)
    problems: list[str] = []

    def console(message) -> None:
        if message.type == "error" and "Failed to load resource" not in message.text:
            problems.append(message.text)

    def response(answer) -> None:
        if answer.status >= 400 and "/static/" in answer.url:
            problems.append(f"{answer.status} {answer.url}")

    page.on("console", console)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("response", response)
    yield page
    context.close()
    print(f"screenshots in {screenshots}")
    assert not problems, problems


def shot(page, screenshots: Path, name: str) -> None:
    page.screenshot(path=str(screenshots / f"{name}.png"))


def sign_in(page, role: str) -> None:
    page.goto("/login")
    page.get_by_label("წვდომის გასაღები").fill(KEYS[role])
    page.get_by_role("button", name="შესვლა").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("მოგესალმებით")
