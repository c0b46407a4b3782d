"""The workspace in a real browser: Debian's chromium driven by Playwright against uvicorn.

One server per session on 127.0.0.1, on a temporary data directory with an SQLite
database holding a synthetic registry (``matching synth``, imported with ``matching
import``) and a keys file with one key per role. Pages are driven by role and label, as a
person reads them. Each test saves screenshots (1366x768) under the session's temporary
``screenshots`` directory, named in the test output.

Run with ``make browser`` (or ``pytest -m browser tests/web``); skipped without
``/usr/bin/chromium`` (``apt-get install chromium``). Playwright's own browser download
(``playwright install``) is never used.
"""

from __future__ import annotations

import csv
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from api.security import hash_key

pytestmark = [pytest.mark.browser, pytest.mark.slow]

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
SERVE = [sys.executable, "-m", "uvicorn", "api.app:create_app", "--factory"]

if not CHROMIUM.is_file():
    pytest.skip(
        "no /usr/bin/chromium: `apt-get install chromium` to run the browser tests",
        allow_module_level=True,
    )
sync_api = pytest.importorskip(
    "playwright.sync_api", reason="playwright is not installed (pip install -e '.[dev]')"
)
expect = sync_api.expect


@dataclass(frozen=True)
class LiveServer:
    url: str
    data: Path  # the synthetic registry: job_seekers.csv, demand_lists/


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


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
    port = _free_port()
    process = subprocess.Popen(
        [*SERVE, "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"],
        cwd=home,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
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
                pytest.fail("the server did not start within 90 s")
            time.sleep(0.2)
        yield LiveServer(url, data)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="session")
def chromium() -> Iterator[object]:
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


def _shot(page, screenshots: Path, name: str) -> None:
    page.screenshot(path=str(screenshots / f"{name}.png"))


def _sign_in(page, role: str) -> None:
    page.goto("/login")
    page.get_by_label("წვდომის გასაღები").fill(KEYS[role])
    page.get_by_role("button", name="შესვლა").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("მოგესალმებით")


def _people(data: Path) -> list[dict[str, str]]:
    with (data / "job_seekers.csv").open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_a_coordinator_runs_a_demand_list_and_downloads_the_workbook(
    page, live_server: LiveServer, screenshots: Path, tmp_path: Path
) -> None:
    _sign_in(page, "coordinator")
    _shot(page, screenshots, "home-coordinator")
    page.get_by_role("link", name="ახალი მოთხოვნის სია").first.click()
    demand_list = live_server.data / "demand_lists" / "PL-SYN0-2027.csv"
    page.get_by_label("მოთხოვნის სია (CSV ან XLSX)").set_input_files(demand_list)
    page.get_by_role("button", name="დაწყება").click()
    # htmx polls the progress part until the run is done.
    expect(page.get_by_role("status")).to_contain_text("დასრულდა", timeout=120_000)
    _shot(page, screenshots, "run")
    vacancies = page.get_by_role("table", name="ვაკანსიები")
    vacancies.get_by_role("link", name="Tynkarz").click()  # plasterers
    shortlist = page.get_by_role("table", name="კანდიდატთა მოკლე სია")
    # allocated people always; reserves only where more plasterers qualify than positions
    # (tilers and drywall fitters are related trades, never reserves)
    expect(shortlist.get_by_role("row").filter(has_text="განაწილებული").first).to_be_visible()
    _shot(page, screenshots, "shortlist")
    # A person of the shortlist, with the vacancies recommended for them and why.
    shortlist.get_by_role("link").first.click()
    expect(page.get_by_role("heading", name="რეკომენდებული ვაკანსიები")).to_be_visible()
    expect(page.get_by_role("table").first).to_be_visible()
    _shot(page, screenshots, "person-recommendations")
    page.go_back()
    page.get_by_role("link", name="დამუშავების შედეგებზე დაბრუნება").click()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="XLSX").click()
    workbook = tmp_path / "report.xlsx"
    download_info.value.save_as(workbook)
    assert workbook.read_bytes()[:2] == b"PK"
    page.goto("/batches")
    expect(page.get_by_role("cell", name="დასრულებული").first).to_be_visible()
    _shot(page, screenshots, "runs")


def test_an_agency_clerk_registers_a_person_and_sees_only_their_own_people(
    page, live_server: LiveServer, screenshots: Path
) -> None:
    _sign_in(page, "agency")
    page.get_by_role("link", name="სამუშაოს მაძიებლის რეგისტრაცია").first.click()
    page.get_by_label("სახელი და გვარი").fill("თამარ გელაშვილი")
    page.get_by_label("პირადი ნომერი").fill("0100101234")  # one digit short
    page.get_by_role("button", name="შენახვა").click()
    expect(page.get_by_text("პირადი ნომერი 11 ციფრისგან შედგება.")).to_be_visible()
    _shot(page, screenshots, "person-form-errors")
    page.get_by_label("პირადი ნომერი").fill("01001012345")
    page.get_by_label("ტელეფონი").fill("+995 555 12 34 56")
    page.get_by_label("რეგიონი").select_option(label="იმერეთი")
    page.get_by_label("პროფესია ან თანამდებობა (1)").fill("შემდუღებელი")
    page.get_by_label("წლები (1)").fill("6")
    page.get_by_label("ენა (1)").select_option(label="პოლონური")
    page.get_by_label("დონე (1)").select_option("B1")
    page.get_by_label("პოლონეთი").check()
    page.get_by_label("პერსონალურ მონაცემთა დამუშავებაზე თანხმობა ხელმოწერილია").check()
    page.get_by_role("button", name="შენახვა").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("თამარ გელაშვილი")
    expect(page.get_by_text(AGENCY)).to_be_visible()
    _shot(page, screenshots, "person")

    people = _people(live_server.data)
    own = next(p for p in people if p["agency"] == AGENCY)
    other = next(p for p in people if p["agency"] not in (AGENCY, ""))
    page.get_by_role("link", name="სამუშაოს მაძიებლები").first.click()
    search = page.get_by_label("სახელი ან პირადი ნომერი")
    search.fill(other["full_name"])
    search.press("Enter")
    expect(page.get_by_text("ნაპოვნია 0 ადამიანი.")).to_be_visible()
    search.fill(own["personal_number"])
    search.press("Enter")
    expect(page.get_by_role("link", name=own["full_name"])).to_be_visible()
    search.fill("tamar gelashvili")  # typed in Latin letters
    search.press("Enter")
    expect(page.get_by_role("link", name="თამარ გელაშვილი")).to_be_visible()
    search.fill("")
    search.press("Enter")
    expect(page.get_by_text("რეგისტრირებულია 85 ადამიანი.")).to_be_visible()
    table = page.get_by_role("table")
    names = table.get_by_role("link").all_inner_texts()
    ours = {p["full_name"] for p in people if p["agency"] == AGENCY} | {"თამარ გელაშვილი"}
    assert names and set(names) <= ours
    _shot(page, screenshots, "people")


def test_an_analyst_sees_counts_and_no_personal_data(
    page, live_server: LiveServer, screenshots: Path
) -> None:
    _sign_in(page, "analyst")
    expect(page.get_by_role("link", name="სამუშაოს მაძიებლები")).to_have_count(0)
    page.get_by_role("link", name="სტატისტიკა").first.click()
    expect(page.get_by_text("რეგისტრირებული სამუშაოს მაძიებელი")).to_be_visible()
    text = page.locator("body").inner_text()
    for person in _people(live_server.data)[:200]:
        assert person["full_name"] not in text
        assert person["personal_number"] not in text
    assert "+995" not in text
    _shot(page, screenshots, "stats")
    page.goto("/people")
    refusal = "თქვენს როლს პერსონალურ მონაცემებზე წვდომა არ აქვს."
    expect(page.get_by_role("alert")).to_have_text(refusal)


def test_the_language_switch_turns_the_page_to_russian(
    page, live_server: LiveServer, screenshots: Path
) -> None:
    _sign_in(page, "agency")
    page.get_by_role("button", name="Русский").click()
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Здравствуйте")
    _shot(page, screenshots, "home-ru")
    page.get_by_role("button", name="ქართული").click()
    expect(page.locator("html")).to_have_attribute("lang", "ka")


def test_the_api_docs_render_offline_under_the_policy(
    page, live_server: LiveServer, screenshots: Path
) -> None:
    outside: list[str] = []
    page.on(
        "request",
        lambda r: (
            outside.append(r.url)
            if not r.url.startswith((live_server.url, "data:", "blob:"))
            else None
        ),
    )
    page.goto("/docs")
    expect(page.get_by_role("heading", name="matching")).to_be_visible()
    expect(page.get_by_role("button", name="Authorize")).to_be_visible()
    _shot(page, screenshots, "docs")
    page.goto("/redoc")
    expect(page.get_by_role("heading", name="matching (0.1.0)")).to_be_visible()
    expect(page.get_by_role("link", name="API docs by Redocly")).to_be_visible()
    assert not outside, outside
