"""A coordinator's demand lists in the workspace: columns confirmed, then the results.

The column page reads the upload without storing it, highlights the columns nobody
reads and takes a mapping; the vacancy page gives reasons and gaps in the reader's
language, near misses with their training, placement steps, and "why not" for anyone.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from api_support import KEYS
from fastapi.testclient import TestClient
from web_support import form_token, sign_in

DATA = Path(__file__).resolve().parents[1] / "data"


def _upload(web: TestClient, tmp_path: Path, rename: dict[str, str] | None = None) -> str:
    """Upload ``vacancies_pl.csv`` (with headers renamed); the column page's URL."""
    text = (DATA / "vacancies_pl.csv").read_text(encoding="utf-8")
    head, rest = text.split("\n", 1)
    for old, new in (rename or {}).items():
        head = head.replace(old, new)
    token = form_token(web.get("/batches/new").text)
    response = web.post(
        "/batches/new",
        data={"csrf_token": token, "destination_country": "PL"},
        files={"file": ("oferty.csv", f"{head}\n{rest}".encode(), "text/csv")},
    )
    assert response.status_code == 200
    path = response.url.path
    assert re.fullmatch(r"/batches/new/[0-9a-f]{32}", path), path
    return path


def _columns(html: str) -> dict[str, tuple[str, bool]]:
    """Header -> (selected field, highlighted as unread) from the column page."""
    out = {}
    for row in re.findall(r"<tr( class=\"unread\")?>\s*<td>(.*?)</td>(.*?)</tr>", html, re.S):
        unread, header, rest = row
        chosen = re.search(r'<option value="([^"]*)" selected', rest)
        out[header] = (chosen.group(1) if chosen else "", bool(unread))
    return out


def test_the_column_page_highlights_unread_columns_and_takes_a_mapping(
    web: TestClient, tmp_path: Path
) -> None:
    sign_in(web, KEYS["coordinator"])
    path = _upload(web, tmp_path, {"Pracodawca": "Firma zatrudniająca"})
    page = web.get(path)
    columns = _columns(page.text)
    assert columns["Stanowisko"] == ("title", False)
    assert columns["Firma zatrudniająca"] == ("", True)  # nobody reads it: highlighted
    # every column read shows the field it was read as (none would be dropped on Confirm)
    assert all(field for header, (field, unread) in columns.items() if not unread)
    assert "Stocznia Remontowa" not in page.text  # the employer column is not previewed
    assert '<html lang="ka">' in page.text
    # map it: the page reads the file again, and the employer now shows
    form = {"csrf_token": form_token(page.text), "action": "preview"}
    index = re.search(r'<tr class="unread">.*?name="(col-\d+)"', page.text, re.S).group(1)
    form[index] = "employer"
    again = web.post(path, data=form)
    assert _columns(again.text)["Firma zatrudniająca"] == ("employer", False)
    assert "Stocznia Remontowa" in again.text
    # nothing was stored by reading
    key = {"X-API-Key": KEYS["coordinator"], "Accept": "application/json"}
    assert web.get("/batches", headers=key).json() == []
    # a form without its token is refused
    assert web.post(path, data={"action": "confirm"}).status_code == 403
    # another coordinator's upload token (or a made-up one) is not found
    assert web.get("/batches/new/" + "0" * 32).status_code == 404


def test_the_parsed_rows_read_naturally_in_the_readers_language(
    web: TestClient, tmp_path: Path
) -> None:
    sign_in(web, KEYS["coordinator"])
    path = _upload(web, tmp_path)
    preview = web.get(path).text.split('<table class="preview">', 1)[1].split("</table>", 1)[0]
    cells = re.findall(r"<td[^>]*>(.*?)</td>", preview, re.S)
    # booleans were True/False, languages {'language': 'pl', 'level': 'A2'} or pl A2,
    # numbers 2.0 and 9500.0, the wage period "month", the destination "PL"
    assert "True" not in cells and "False" not in cells and "კი" in cells
    assert "პოლონური A2" in cells and "პოლონური A1; ინგლისური A2" in cells
    assert "2.0" not in cells and "9\xa0500" in cells
    assert "თვეში" in cells and "საათში" in cells and "პოლონეთი" in cells
    assert "month" not in cells and "PL" not in cells
    web.cookies.set("lang", "ru")
    preview = web.get(path).text.split('<table class="preview">', 1)[1]
    assert ">да<" in preview and "польский A2" in preview and ">в месяц<" in preview


def _wait(web: TestClient, run_id: str) -> None:
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        page = web.get(f"/batches/{run_id}/progress", headers={"HX-Request": "true"})
        if "hx-trigger" not in page.text:
            return
        time.sleep(0.3)
    pytest.fail("the run did not finish")


@pytest.mark.slow
def test_a_confirmed_list_runs_and_its_vacancy_page_speaks_georgian(
    web: TestClient, tmp_path: Path
) -> None:
    sign_in(web, KEYS["coordinator"])
    path = _upload(web, tmp_path, {"Pracodawca": "Firma zatrudniająca"})
    page = web.get(path)
    index = re.search(r'<tr class="unread">.*?name="(col-\d+)"', page.text, re.S).group(1)
    started = web.post(
        path,
        data={"csrf_token": form_token(page.text), "action": "confirm", index: "employer"},
    )
    run_id = started.url.path.rsplit("/", 1)[-1]
    assert re.fullmatch(r"[0-9a-f]{32}", run_id)
    _wait(web, run_id)
    run = web.get(f"/batches/{run_id}").text
    assert "Stocznia Remontowa" in run  # the mapped column reached the run
    assert web.get(path).status_code == 404  # the staged upload is gone
    links = re.findall(rf'href="(/batches/{run_id}/vacancies/\d+)"', run)
    pages = {link: web.get(link).text for link in links}
    listed = {link: text for link, text in pages.items() if "badge done" in text}
    assert listed, "no vacancy has anybody allocated"
    link, text = next(iter(listed.items()))
    # reasons in Georgian, from the run's data; the occupations by their Georgian names
    assert "წლის გამოცდილება" in text and " years as " not in text
    why = " ".join(re.findall(r'<td class="why">(.*?)</td>', text, re.S))
    named = re.findall(r"<li>([^<:]+): [\d,]+ წლის", why) + re.findall(r"„([^“]+)“", why)
    assert named and not [n for n in named if re.search(r"[A-Za-z]", n)], named
    # a placement step for the first allocated person, as htmx posts it
    person = re.search(r'name="job_seeker_id" value="([^"]+)"', text).group(1)
    moved = web.post(
        f"{link}/placements",
        data={"csrf_token": form_token(text), "job_seeker_id": person, "status": "contacted"},
        headers={"HX-Request": "true"},
    )
    assert moved.status_code == 200 and "დაკავშირებული" in moved.text
    assert 'value="interviewed"' in moved.text  # the next steps are offered
    api = web.get(
        "/placements",
        params={"job_seeker": person},
        headers={"X-API-Key": KEYS["coordinator"], "Accept": "application/json"},
    ).json()
    assert [p["status"] for p in api["items"]] == ["contacted"]
    # a step the lifecycle does not allow is refused, and the status stays
    refused = web.post(
        f"{link}/placements",
        data={"csrf_token": form_token(text), "job_seeker_id": person, "status": "departed"},
        headers={"HX-Request": "true"},
    )
    assert 'role="alert"' in refused.text
    # someone not on this list cannot be moved from this page
    stranger = web.post(
        f"{link}/placements",
        data={"csrf_token": form_token(text), "job_seeker_id": "nobody", "status": "contacted"},
    )
    assert stranger.status_code == 404
    # why not: search by name (a POST), choose, read every gate in Georgian
    why = web.get(f"{link}/why-not").text
    found = web.post(f"{link}/why-not", data={"csrf_token": form_token(why), "q": "a"})
    chosen = re.search(r'name="person" value="([^"]+)"', found.text).group(1)
    verdict = web.post(
        f"{link}/why-not", data={"csrf_token": form_token(why), "person": chosen}
    ).text
    assert "მოთხოვნები სათითაოდ" in verdict  # every requirement, one by one
    assert "ასაკი" in verdict and "✓" in verdict
    assert chosen not in re.findall(r'href="([^"]*)"', verdict)  # no person id in a link
    # the same page in Russian and English: the reasons follow the reader's language
    web.cookies.set("lang", "ru")
    russian = web.get(link).text
    assert '<html lang="ru">' in russian and ": опыт " in russian and " years as " not in russian
    web.cookies.set("lang", "en")
    english = web.get(link).text
    assert '<html lang="en">' in english and " years as " in english


def test_a_failed_run_is_explained_in_the_readers_language(web: TestClient) -> None:
    key = {"X-API-Key": KEYS["coordinator"], "Accept": "application/json"}
    upload = {"file": ("oferty.xlsx", b"not a workbook", "application/octet-stream")}
    run_id = web.post("/batches", files=upload, headers=key).json()["run_id"]
    sign_in(web, KEYS["coordinator"])
    _wait(web, run_id)
    page = web.get(f"/batches/{run_id}").text
    assert "ფაილი oferty.xlsx ვერ იკითხება" in page
    assert "DataFileError" in page.split("<details", 1)[1]  # the detail, folded away
    web.cookies.set("lang", "ru")
    assert "файл oferty.xlsx не читается" in web.get(f"/batches/{run_id}").text
