"""A coordinator's whole job in a real browser, in Georgian.

Signs in, uploads a demand list, checks and confirms how its columns were read, waits
for the run, opens a shortlist, asks "why not" about a person, marks a placement step
and downloads the workbook. Uses the server, browser and page of ``browser_support.py``
(one synthetic registry, Debian's chromium); each step saves a 1366x768 screenshot
(``docs/screenshots/`` holds a few of them, see the README).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from browser_support import LiveServer, browser_available, expect, shot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]

if reason := browser_available():
    pytest.skip(reason, allow_module_level=True)


def _shot(page, screenshots: Path, name: str) -> None:
    shot(page, screenshots, name)


def _sign_in(page) -> None:
    sign_in(page, "coordinator")


def test_a_coordinator_confirms_a_list_follows_it_and_records_a_placement(
    page, live_server: LiveServer, screenshots: Path, tmp_path: Path
) -> None:
    _sign_in(page)
    _shot(page, screenshots, "home-coordinator")
    page.get_by_role("link", name="ახალი მოთხოვნის სია").first.click()
    # a Polish list with a column no alias reads
    source = live_server.data / "demand_lists" / "PL-SYN0-2027.csv"
    head, rest = source.read_text(encoding="utf-8").split("\n", 1)
    demand_list = tmp_path / "PL-lista.csv"
    demand_list.write_text(head + ",Uwagi koordynatora\n" + rest.replace("\n", ",\n"), "utf-8")
    page.get_by_label("მოთხოვნის სია (CSV ან XLSX)").set_input_files(demand_list)
    page.keyboard.press("Tab")
    page.get_by_role("button", name="შემდეგი: სვეტების შემოწმება").click()

    # the columns as read: the unknown one highlighted, the first rows parsed
    expect(page.get_by_role("heading", level=1)).to_have_text("სვეტების შემოწმება")
    columns = page.get_by_role("table", name="სვეტები")
    unread = columns.get_by_role("row").filter(has_text="Uwagi koordynatora")
    expect(unread).to_contain_text("არ წაიკითხა")
    expect(unread).to_have_class("unread")
    title_cell = page.get_by_role("cell", name="title", exact=True)
    title = columns.get_by_role("row").filter(has=title_cell)
    expect(title).not_to_have_class("unread")
    expect(title.get_by_role("combobox")).to_have_value("title")
    unread.scroll_into_view_if_needed()  # the highlighted column in the screenshot
    _shot(page, screenshots, "columns")
    # the parsed rows read as a person reads them: yes/no, not True/False
    preview = page.locator("table.preview")
    preview.scroll_into_view_if_needed()
    cells = preview.locator("td").all_inner_texts()
    assert cells and not {"True", "False"} & set(cells), cells[:20]
    assert not [c for c in cells if re.fullmatch(r"\d+\.0", c)], cells[:20]
    _shot(page, screenshots, "columns-preview")
    page.locator("div.scroll").evaluate("box => { box.scrollLeft = box.scrollWidth / 2; }")
    _shot(page, screenshots, "columns-preview-right")  # languages, dates, wage periods
    # keyboard: the Confirm button is reached and pressed without the mouse
    confirm = page.get_by_role("button", name="დადასტურება და დამუშავების დაწყება")
    confirm.focus()
    page.keyboard.press("Enter")

    # the run follows live (htmx polling), then lists its vacancies
    expect(page.get_by_role("status")).to_contain_text("დასრულდა", timeout=180_000)
    assert re.search(r"/batches/[0-9a-f]{32}$", page.url)
    _shot(page, screenshots, "run")
    vacancies = page.get_by_role("table", name="ვაკანსიები")
    vacancies.get_by_role("link", name="Tynkarz").click()  # plasterers
    shortlist = page.get_by_role("table", name="კანდიდატთა მოკლე სია")
    allocated = shortlist.get_by_role("row").filter(has_text="განაწილებული").first
    expect(allocated).to_be_visible()
    # reasons in Georgian, from the run's data; score parts named
    expect(allocated).to_contain_text("წლის გამოცდილება")
    expect(allocated).to_contain_text("უნარები")
    expect(allocated).not_to_contain_text(" years as ")
    # the occupation by its Georgian name, not ESCO's English label
    expect(allocated).to_contain_text("მლესავი: ")
    expect(allocated).not_to_contain_text("plasterer")
    name = allocated.get_by_role("link").first.inner_text()
    _shot(page, screenshots, "shortlist")

    # a placement step, posted by htmx with the form's token: the cell changes in place
    allocated.get_by_role("button", name="დაკავშირებული").click()
    expect(allocated).to_contain_text("დაკავშირებული ·")
    expect(allocated.get_by_role("button", name="გასაუბრებული")).to_be_visible()
    _shot(page, screenshots, "placement")
    page.reload()  # stored, not only shown
    again = page.get_by_role("table", name="კანდიდატთა მოკლე სია").get_by_role("row")
    expect(again.filter(has_text=name).first).to_contain_text("დაკავშირებული ·")

    # why not: search a person by name, choose them, read every requirement
    page.get_by_role("link", name="რატომ არა ეს ადამიანი?").click()
    page.get_by_label("სახელი ან პირადი ნომერი").fill(name.split()[0])
    page.get_by_role("button", name="ძებნა").click()
    found = page.get_by_role("table").first
    found.get_by_role("button").first.click()
    gates = page.get_by_role("table", name="მოთხოვნები სათითაოდ")
    expect(gates).to_be_visible()
    expect(gates).to_contain_text("ასაკი")
    assert name.split()[0] not in page.url and "?" not in page.url  # nothing personal in URLs
    _shot(page, screenshots, "why-not")

    # downloads through the session
    page.get_by_role("link", name="მოკლე სიაზე დაბრუნება").click()
    page.get_by_role("link", name="დამუშავების შედეგებზე დაბრუნება").click()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="XLSX").click()
    workbook = tmp_path / "report.xlsx"
    download_info.value.save_as(workbook)
    assert workbook.read_bytes()[:2] == b"PK"
    page.goto("/batches")
    expect(page.get_by_role("cell", name="დასრულებული").first).to_be_visible()
    _shot(page, screenshots, "runs")


def test_a_failed_run_is_explained_in_georgian(
    page, live_server: LiveServer, screenshots: Path
) -> None:
    from browser_support import KEYS

    answer = page.request.post(
        f"{live_server.url}/batches",
        headers={"X-API-Key": KEYS["coordinator"], "Accept": "application/json"},
        multipart={
            "file": {"name": "oferty.xlsx", "mimeType": "application/octet-stream",
                     "buffer": b"not a workbook"},
        },
    )  # fmt: skip
    assert answer.status == 202, answer.text()
    run_id = answer.json()["run_id"]
    _sign_in(page)
    page.goto(f"/batches/{run_id}")
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("ფაილი oferty.xlsx ვერ იკითხება", timeout=60_000)
    expect(alert).not_to_contain_text("DataFileError", use_inner_text=True)  # folded away
    _shot(page, screenshots, "run-failed")
