"""The analyst's statistics pages in a real browser (Debian's chromium, Playwright, uvicorn).

Its own server, so that the statistics have something to count: a synthetic registry of
400 people (``matching synth``, ``matching import``) and two demand lists run through
``matching batch`` (Polish and German: vacancies, fair-recruitment flags). An analyst
signs in, opens every statistics page, sees its chart (a loaded image) and its table,
filters one by destination, downloads an XLSX, and never sees a person: each page's
text and the workbook are searched for every name and personal number of the registry.
Screenshots at 1366x768 under the session's ``screenshots`` directory.
"""

from __future__ import annotations

import csv
import io
import os
import re
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from server_process import start_server, stop_server

from api.security import hash_key

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]
VIEWPORT = {"width": 1366, "height": 768}
KEY = "browser-analyst-key-statistics-0005"
CLI = [sys.executable, "-c", "from matching.cli import app; app()"]
LOADED = "() => [...document.images].every(i => i.complete && i.naturalWidth > 0)"
WIDTHS = """() => {
  const wrap = document.querySelector('.table-wrap');
  return {page: document.documentElement.scrollWidth, window: window.innerWidth,
          table: wrap ? wrap.scrollWidth : 0, wrap: wrap ? wrap.clientWidth : 0};
}"""
# Words of the English names a requirement or course had (ISO 9606-1, ADR, Code 95 stay).
ENGLISH_WORDS = re.compile(
    r"\b(Polish|German|Hebrew|English|renew|licence|years?|experience|initial|"
    r"qualification|consent|age|availability|certificate|course|forklift|aid|hygiene)\b"
)
PAGES = {  # the statistics pages and their headings in Georgian
    "demand-supply": "მოთხოვნა და მიწოდება",
    "fill-rates": "შევსების მაჩვენებელი",
    "shortages": "დეფიციტი",
    "training-plan": "სწავლების გეგმა",
    "agencies": "სააგენტოები",
    "returnees": "დაბრუნებულები",
    "gender": "ქალები და კაცები",
}

if not CHROMIUM.is_file():
    pytest.skip("no /usr/bin/chromium: `apt-get install chromium`", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="pip install -e '.[dev]'")
expect = sync_api.expect


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    home = tmp_path_factory.mktemp("analyst-server")
    keys = home / "api_keys.toml"
    keys.write_text(
        f'[[keys]]\nname = "ანალიტიკოსი"\nrole = "analyst"\nsha256 = "{hash_key(KEY)}"\n',
        encoding="utf-8",
    )
    env = {
        **os.environ,
        "MATCHING_DATABASE_URL": f"sqlite:///{home / 'matching.sqlite'}",
        "MATCHING_DATA_DIR": str(home / "var"),
        "MATCHING_API_KEYS_FILE": str(keys),
        "MATCHING_ESCO_DIR": str(home / "no-esco"),  # the built-in catalogue
        "PYTHONPATH": str(ROOT),
    }
    data = home / "synth"
    lists = data / "demand_lists"
    for command in (
        ["synth", "--seekers", "400", "--out", str(data)],
        ["import", "job-seekers", str(data / "job_seekers.csv")],
        ["batch", str(lists / "PL-SYN0-2027.csv"), "--out", str(home / "runs")],
        ["batch", str(lists / "DE-SYN0-2027.csv"), "--out", str(home / "runs")],
    ):
        done = subprocess.run([*CLI, *command], cwd=home, env=env, capture_output=True)
        assert done.returncode == 0, (command, done.stdout[-2000:], done.stderr[-2000:])
    process, url = start_server(env, home, home / "server.log")
    try:
        yield url, data
    finally:
        stop_server(process)


@pytest.fixture(scope="module")
def screenshots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("screenshots")


@pytest.fixture
def page(chromium, server: tuple[str, Path], screenshots: Path) -> Iterator[object]:
    # The session's one browser (tests/web/browser_support.py): Playwright's sync API runs
    # once per process, so a second sync_playwright() beside it would fail.
    url, _ = server
    context = chromium.new_context(
        base_url=url, viewport=VIEWPORT, locale="ka-GE", accept_downloads=True
    )
    context.set_default_timeout(20_000)
    page = context.new_page()
    problems: list[str] = []  # a CSP violation, a script error, a missing asset
    page.on(
        "console",
        lambda m: problems.append(m.text) if m.type == "error" else None,
    )
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on(
        "response",
        lambda r: problems.append(f"{r.status} {r.url}") if r.status >= 400 else None,
    )
    yield page
    context.close()
    print(f"screenshots in {screenshots}")
    assert not problems, problems


def personal_strings(data: Path) -> list[str]:
    with (data / "job_seekers.csv").open(encoding="utf-8") as f:
        people = list(csv.DictReader(f))
    out = []
    for p in people:
        out += [p["full_name"], p["personal_number"], p.get("phone") or ""]
    return [s for s in out if s and len(s) >= 5]


def test_an_analyst_reads_every_statistic_and_sees_no_person(
    page, server: tuple[str, Path], screenshots: Path, tmp_path: Path
) -> None:
    _, data = server
    secrets = personal_strings(data)
    assert len(secrets) > 800

    def no_person_on_the_page() -> None:
        text = page.locator("body").inner_text()
        html = page.content()
        leaked = [s for s in secrets if s in text or s in html]
        assert not leaked, leaked[:3]
        assert "+995" not in text

    def fits_the_window(name: str) -> None:
        # The table and its chart fit 1366 px: neither the page nor the table scrolls
        # sideways (the chart stood beside the table, which then scrolled).
        widths = page.evaluate(WIDTHS)
        assert widths["page"] <= widths["window"], (name, widths)
        assert widths["table"] <= widths["wrap"] + 1, (name, widths)

    def requirements_in_georgian(name: str) -> None:
        column = 9 if name == "shortages" else 0  # the requirement, the course
        cells = page.locator("table tbody tr").locator(f"td:nth-child({column + 1})")
        texts = [t for t in cells.all_inner_texts() if t.strip()]
        assert texts, name
        english = [t for t in texts if ENGLISH_WORDS.search(t)]
        assert not english, (name, english[:5])
        assert any(re.search("[ა-ჰ]", t) for t in texts), (name, texts[:5])

    page.goto("/login")
    page.get_by_label("წვდომის გასაღები").fill(KEY)
    page.get_by_role("button", name="შესვლა").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("მოგესალმებით")
    page.get_by_role("link", name="სტატისტიკა").first.click()
    expect(page.get_by_role("heading", name="სამინისტროს სტატისტიკა")).to_be_visible()
    no_person_on_the_page()
    for name, heading in PAGES.items():
        page.get_by_role("link", name=heading, exact=True).first.click()
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        expect(page.get_by_role("table")).to_be_visible()
        chart = page.get_by_role("img", name="ცხრილის დიაგრამა:")
        expect(chart).to_be_visible()
        page.wait_for_function(LOADED)
        assert chart.evaluate("image => image.naturalWidth") > 300, name
        no_person_on_the_page()
        fits_the_window(name)
        if name in ("shortages", "training-plan"):
            requirements_in_georgian(name)
        page.screenshot(path=str(screenshots / f"stats-{name}.png"))
        if name in ("shortages", "training-plan"):  # the table under its chart
            page.evaluate("document.querySelector('.table-wrap').scrollIntoView()")
            page.screenshot(path=str(screenshots / f"stats-{name}-table.png"))
    # Filters: the women and men of the Polish scheme only.
    page.get_by_label("დანიშნულების ქვეყანა").select_option("PL")
    page.get_by_role("button", name="ჩვენება").click()
    expect(page).to_have_url(re.compile(r"destination=PL"))
    page.wait_for_function(LOADED)
    rows = page.get_by_role("table").locator("tbody tr")
    assert rows.count() > 0
    assert all(t.startswith("PL") for t in rows.locator("td:first-child").all_inner_texts())
    page.screenshot(path=str(screenshots / "stats-gender-pl.png"))
    # The table as XLSX, through the session cookie, headers in Georgian.
    with page.expect_download() as download:
        page.get_by_role("link", name="XLSX").click()
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    assert path.name == "gender.xlsx"
    with zipfile.ZipFile(path) as book:
        xml = "\n".join(book.read(n).decode("utf-8") for n in book.namelist())
    assert "სქესი" in xml and not [s for s in secrets if s in xml]
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(path.read_bytes()))["gender"]
    assert {r[0] for r in sheet.iter_rows(min_row=2, values_only=True)} == {"PL"}
