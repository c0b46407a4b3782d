"""The workspace in a real browser: Debian's chromium driven by Playwright against uvicorn.

The server, the browser and the page are the fixtures of ``browser_support.py`` (one
server per session on a synthetic registry, one key per role), shared with the other
browser test modules. Pages are driven by role and label, as a person reads them. Each
test saves screenshots (1366x768) under the session's temporary ``screenshots``
directory, named in the test output.

Run with ``make browser`` (or ``pytest -m browser tests/web``); skipped without
``/usr/bin/chromium`` (``apt-get install chromium``). Playwright's own browser download
(``playwright install``) is never used.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from browser_support import AGENCY, LiveServer, browser_available, expect
from browser_support import shot as _shot
from browser_support import sign_in as _sign_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]

if reason := browser_available():
    pytest.skip(reason, allow_module_level=True)


def _people(data: Path) -> list[dict[str, str]]:
    with (data / "job_seekers.csv").open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


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
