"""The workspace through TestClient: sign-in, form tokens, sign-out, idle timeout, roles,
the language switch, the headers, the offline docs and downloads through the session."""

from __future__ import annotations

import re
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from api_support import A_WELDERS, AGENCY_A, B_WELDERS, KEYS
from fastapi.testclient import TestClient
from web_support import form_token, sign_in

from api.web import sessions

DATA = Path(__file__).resolve().parents[1] / "data"


# ----------------------------------------------------------------------------- sign-in
def test_pages_send_whoever_is_not_signed_in_to_the_sign_in_page(web: TestClient) -> None:
    response = web.get("/people", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=/people"
    page = web.get("/login")
    assert '<html lang="ka">' in page.text
    assert "წვდომის გასაღები" in page.text  # "Access key", in Georgian by default


def test_sign_in_sets_a_signed_http_only_same_site_cookie(web: TestClient) -> None:
    token = form_token(web.get("/login").text)
    response = web.post(
        "/login",
        data={"api_key": KEYS["coordinator"], "csrf_token": token},
        follow_redirects=False,
    )
    assert response.status_code == 303
    cookie = response.headers["set-cookie"].lower()
    assert cookie.startswith(f"{sessions.SESSION_COOKIE}=")
    assert "httponly" in cookie and "samesite=lax" in cookie
    assert KEYS["coordinator"] not in response.headers["set-cookie"]  # the digest, not the key


def test_cookies_are_marked_secure_when_the_request_came_over_https(web: TestClient) -> None:
    web.base_url = "https://testserver"
    token = form_token(web.get("/login").text)
    response = web.post(
        "/login",
        data={"api_key": KEYS["coordinator"], "csrf_token": token},
        follow_redirects=False,
    )
    assert "; secure" in response.headers["set-cookie"].lower()
    language = web.post("/language", data={"language": "en"}, follow_redirects=False)
    assert "; secure" in language.headers["set-cookie"].lower()


def test_the_people_list_pages_by_registration_order(web: TestClient) -> None:
    sign_in(web, KEYS["coordinator"])
    first = web.get("/people").text
    assert "გვერდი 1 / 1" not in first  # 47 people: one page of 50, no pager
    assert web.get("/people?page=9").status_code == 200  # past the end: the last page
    assert web.get("/people?page=0").status_code == 422


def test_an_unknown_key_is_refused_in_the_readers_language(web: TestClient) -> None:
    token = form_token(web.get("/login").text)
    response = web.post("/login", data={"api_key": "not-a-key-at-all-000", "csrf_token": token})
    assert response.status_code == 401
    assert "ეს გასაღები უცნობია" in response.text


def test_every_post_needs_the_sessions_form_token(web: TestClient) -> None:
    web.get("/login")
    refused = web.post("/login", data={"api_key": KEYS["coordinator"]})
    assert refused.status_code == 403
    sign_in(web, KEYS["agency_a"])
    forged = web.post("/people/new", data={"full_name": "x", "csrf_token": "forged"})
    assert forged.status_code == 403
    assert web.post("/logout", data={"csrf_token": "forged"}).status_code == 403


def test_the_form_token_changes_at_sign_in(web: TestClient) -> None:
    before = form_token(web.get("/login").text)
    sign_in(web, KEYS["agency_a"])
    assert form_token(web.get("/people/new").text) != before


def test_sign_out_ends_the_session(web: TestClient) -> None:
    sign_in(web, KEYS["agency_a"])
    token = form_token(web.get("/").text)
    assert web.post("/logout", data={"csrf_token": token}).url.path == "/login"
    assert web.get("/", follow_redirects=False).status_code == 303


def test_an_idle_session_ends(web: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    sign_in(web, KEYS["agency_a"])
    assert web.get("/people", follow_redirects=False).status_code == 200
    later = time.time() + 6 * 60  # the settings' idle timeout is 5 minutes
    monkeypatch.setattr(sessions.time, "time", lambda: later)
    assert web.get("/people", follow_redirects=False).status_code == 303


def test_htmx_requests_are_sent_to_sign_in_with_a_header(web: TestClient) -> None:
    response = web.get("/people", headers={"HX-Request": "true"}, follow_redirects=False)
    assert response.headers["HX-Redirect"] == "/login"


# ----------------------------------------------------------------------------- roles
@pytest.mark.parametrize(
    ("role", "path"),
    [
        ("analyst", "/people"),
        ("analyst", "/people/new"),
        ("analyst", f"/people/{A_WELDERS[0]}"),
        ("analyst", "/batches"),
        ("agency_a", "/batches"),
        ("agency_a", "/batches/new"),
    ],
)
def test_a_role_is_refused_what_the_api_refuses_it(web: TestClient, role: str, path: str) -> None:
    sign_in(web, KEYS[role])
    response = web.get(path)
    assert response.status_code == 403
    assert "<h1>ამ გვერდის ჩვენება ვერ ხერხდება</h1>" in response.text


def test_an_agency_sees_only_its_own_people(web: TestClient) -> None:
    sign_in(web, KEYS["agency_a"])
    listed = web.get("/people").text
    assert all(f"/people/{i}" in listed for i in A_WELDERS)
    assert not any(f"/people/{i}" in listed for i in B_WELDERS)
    token = form_token(listed)
    found = web.post("/people", data={"csrf_token": token, "q": "welder"}).text
    assert A_WELDERS[0] in found and B_WELDERS[0] not in found
    assert web.get(f"/people/{B_WELDERS[0]}").status_code == 404
    assert web.get(f"/people/{B_WELDERS[0]}/edit").status_code == 404
    person = web.get(f"/people/{A_WELDERS[0]}")
    assert person.status_code == 200 and AGENCY_A in person.text


def test_search_finds_a_name_typed_in_another_script(web: TestClient) -> None:
    sign_in(web, KEYS["coordinator"])
    token = form_token(web.get("/people").text)
    for query in ("ნინო ბერიძე", "nino beridze", "Нино Беридзе"):
        found = web.post("/people", data={"csrf_token": token, "q": query})
        assert "ნინო ბერიძე" in found.text, query
    partial = web.post(
        "/people", data={"csrf_token": token, "q": "nino"}, headers={"HX-Request": "1"}
    )
    assert partial.text.lstrip().startswith('<section id="people-results"')


def test_the_form_shows_errors_next_to_fields_in_the_readers_language(web: TestClient) -> None:
    sign_in(web, KEYS["agency_a"])
    web.post("/language", data={"language": "ru", "next": "/people/new"})
    token = form_token(web.get("/people/new").text)
    response = web.post(
        "/people/new",
        data={"csrf_token": token, "full_name": "", "personal_number": "123", "birth_date": "x"},
    )
    assert response.status_code == 422
    errors = dict(re.findall(r'<p class="error" id="e-(\w+)">([^<]+)</p>', response.text))
    assert errors["full_name"] == "Заполните это поле."
    assert errors["personal_number"] == "Личный номер состоит из 11 цифр."
    assert errors["birth_date"] == "Укажите дату: день, месяц и год."
    assert 'aria-invalid="true"' in response.text


def test_a_clerk_registers_and_edits_a_person_stamped_with_the_agency(web: TestClient) -> None:
    sign_in(web, KEYS["agency_a"])
    token = form_token(web.get("/people/new").text)
    created = web.post(
        "/people/new",
        data={
            "csrf_token": token,
            "full_name": "თამარ გელაშვილი",
            "personal_number": "01001012345",
            "experience_title_1": "შემდუღებელი",
            "experience_years_1": "4",
            "destinations": ["PL", "DE"],
            "consent": "yes",
        },
    )
    assert created.status_code == 200
    person_url = created.url.path
    assert re.fullmatch(r"/people/W-[0-9a-f]{12}", person_url)  # opaque: no personal data
    assert "თამარ გელაშვილი" in created.text and AGENCY_A in created.text
    assert "ISCO 7212" in created.text  # the title was coded on the way in
    edit = web.get(f"{person_url}/edit").text
    assert 'value="01001012345"' in edit
    updated = web.post(
        f"{person_url}/edit",
        data={"csrf_token": token, "full_name": "თამარ გელაშვილი", "phone": "+995 555 12 34 56"},
    )
    assert "+995 555 12 34 56" in updated.text


def test_import_shows_row_errors_as_a_table(web: TestClient) -> None:
    sign_in(web, KEYS["agency_a"])
    token = form_token(web.get("/people/import").text)
    body = (
        "external_id,full_name,personal_number,birth_date\n"
        "IMP-1,ლევან ნოზაძე,01001012346,1990-01-01\n"
        "IMP-2,ანა კაპანაძე,12,1990-01-01\n"
    )
    response = web.post(
        "/people/import",
        data={"csrf_token": token},
        files={"file": ("people.csv", body.encode(), "text/csv")},
    )
    assert response.status_code == 200
    assert "შეცდომიანი სტრიქონები" in response.text  # the errors table's caption
    rows = re.findall(r'<tr><td class="num">(\d+)</td><td>(\w+)</td>', response.text)
    assert rows == [("3", "personal_number")]


# ----------------------------------------------------------------------------- language
def test_the_language_switch_is_a_cookie_and_every_page_follows_it(web: TestClient) -> None:
    sign_in(web, KEYS["agency_a"])
    assert '<html lang="ka">' in web.get("/").text
    response = web.post("/language", data={"language": "ru", "next": "/people"})
    assert response.url.path == "/people"
    assert '<html lang="ru">' in response.text and "Соискатели" in response.text
    assert response.headers["content-language"] == "ru"
    web.post("/language", data={"language": "en", "next": "/"})
    assert "Job seekers" in web.get("/").text
    web.post("/language", data={"language": "xx", "next": "https://evil.example/"})
    assert '<html lang="en">' in web.get("/").text  # unknown language: the cookie is kept


# ----------------------------------------------------------------------------- headers, docs
@pytest.mark.parametrize("path", ["/login", "/", "/people", "/people/new", "/stats"])
def test_every_page_has_a_strict_content_security_policy(web: TestClient, path: str) -> None:
    sign_in(web, KEYS["coordinator"])
    response = web.get(path)
    policy = response.headers["content-security-policy"]
    assert "default-src 'self'" in policy and "unsafe-inline" not in policy
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "<script>" not in response.text and "style=" not in response.text
    assert "<script " not in response.text.replace(
        '<script src="/static/vendor/htmx/htmx.min.js" defer></script>', ""
    )


@pytest.mark.parametrize("path", ["/docs", "/redoc"])
def test_api_docs_load_nothing_from_another_host(web: TestClient, path: str) -> None:
    page = web.get(path)
    assert page.status_code == 200
    assert not re.findall(r"https?://(?!testserver)[\w.-]+", page.text)
    assets = re.findall(r'(?:src|href)="(/[^"]+)"', page.text)
    assert any(a.endswith((".js",)) for a in assets)
    for asset in assets:
        assert web.get(asset).status_code == 200, asset
    assert "openapi" in web.get("/openapi.json").text


def test_the_api_keeps_its_json_on_the_paths_pages_share(web: TestClient) -> None:
    key = {"X-API-Key": KEYS["coordinator"], "Accept": "application/json"}
    assert web.get("/stats", headers=key).json()["job_seekers"] > 0
    assert web.get("/batches", headers=key).json() == []
    assert web.get("/batches", headers={"Accept": "application/json"}).status_code == 401


# ----------------------------------------------------------------------------- runs
def _wait_for_run(web: TestClient, run_id: str) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        page = web.get(f"/batches/{run_id}/progress", headers={"HX-Request": "true"})
        if "hx-trigger" not in page.text:
            return
        time.sleep(0.3)
    pytest.fail("the run did not finish")


@pytest.mark.slow
def test_a_coordinator_runs_a_demand_list_and_downloads_through_the_session(
    web: TestClient,
) -> None:
    sign_in(web, KEYS["coordinator"])
    token = form_token(web.get("/batches/new").text)
    uploaded = web.post(
        "/batches/new",
        data={"csrf_token": token, "destination_country": "PL"},
        files={"file": ("vacancies_pl.csv", (DATA / "vacancies_pl.csv").read_bytes(), "text/csv")},
    )
    # the columns as read, then confirmed (tests/web/test_batches.py checks that page)
    started = web.post(
        str(uploaded.url), data={"csrf_token": form_token(uploaded.text), "action": "confirm"}
    )
    run_id = urlsplit(str(started.url)).path.rsplit("/", 1)[-1]
    _wait_for_run(web, run_id)
    page = web.get(f"/batches/{run_id}")
    assert "/files/xlsx" in page.text
    shortlist = re.search(rf'href="(/batches/{run_id}/vacancies/\d+)"', page.text)
    assert shortlist and web.get(shortlist.group(1)).status_code == 200
    download = web.get(f"/batches/{run_id}/files/xlsx", headers={"Accept": "*/*"})
    assert download.status_code == 200
    assert download.content[:2] == b"PK"
    listed = web.get("/batches", headers={"X-API-Key": KEYS["coordinator"]}).json()
    assert [r["run_id"] for r in listed] == [run_id] and listed[0]["state"] == "done"
    assert listed[0]["started"] is not None


def test_an_agency_session_cannot_download_runs(web: TestClient) -> None:
    sign_in(web, KEYS["agency_a"])
    response = web.get("/batches/0123456789abcdef/files/xlsx", headers={"Accept": "*/*"})
    assert response.status_code == 403


# ----------------------------------------------------------------------------- analyst
def test_an_analyst_sees_counts_and_no_person(web: TestClient) -> None:
    sign_in(web, KEYS["analyst"])
    home = web.get("/").text
    assert 'href="/people"' not in home
    stats = web.get("/stats")
    assert stats.status_code == 200
    for name in ("welder", "ნინო", "GE-A1", "+995"):
        assert name not in stats.text


# ----------------------------------------------------------------------------- secret
def test_the_session_secret_is_made_once_into_the_data_directory(tmp_path: Path) -> None:
    from pydantic import SecretStr

    from matching.config import Settings

    settings = Settings(data_dir=tmp_path, _env_file=None)
    first = sessions.session_secret(settings)
    assert len(first) >= 32 and sessions.session_secret(settings) == first
    assert (tmp_path / "session_secret").stat().st_mode & 0o077 == 0  # owner only
    given = Settings(data_dir=tmp_path, session_secret=SecretStr("s" * 40), _env_file=None)
    assert sessions.session_secret(given) == "s" * 40


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/", "/\\evil.example/", "people"]
)
def test_sign_in_returns_only_to_a_path_on_this_site(web: TestClient, target: str) -> None:
    token = form_token(web.get("/login").text)
    response = web.post(
        "/login",
        data={"api_key": KEYS["agency_a"], "csrf_token": token, "next": target},
        follow_redirects=False,
    )
    assert response.headers["location"] == "/"


def test_unticking_consent_records_its_withdrawal(web: TestClient) -> None:
    sign_in(web, KEYS["agency_a"])
    token = form_token(web.get("/people/new").text)
    created = web.post(
        "/people/new",
        data={"csrf_token": token, "full_name": "ეკა ლომიძე", "consent": "yes"},
    )
    assert "მოქმედი" in created.text  # consent: active
    person_url = created.url.path
    withdrawn = web.post(
        f"{person_url}/edit", data={"csrf_token": token, "full_name": "ეკა ლომიძე"}
    )
    assert "<dt>თანხმობა</dt><dd>გამოთხოვილია " in withdrawn.text
    assert 'name="consent" value="yes" checked' not in web.get(f"{person_url}/edit").text


def test_a_town_typed_in_any_script_gives_region_and_municipality(web: TestClient) -> None:
    sign_in(web, KEYS["agency_a"])
    token = form_token(web.get("/people/new").text)
    created = web.post(
        "/people/new",
        data={"csrf_token": token, "full_name": "ნინო ხელაძე", "municipality": "Зестафони"},
    )
    assert created.status_code == 200, created.text
    assert "ზესტაფონი" in created.text  # shown in the reader's language (Georgian)
    person_id = created.url.path.rsplit("/", 1)[1]
    stored = web.app.state.engine.store.get_job_seeker(person_id)  # type: ignore[attr-defined]
    assert (stored.region.value, stored.municipality) == ("Imereti", "zestafoni")
    assert 'value="ზესტაფონი"' in web.get(f"/people/{person_id}/edit").text
    wrong = web.post(
        "/people/new",
        data={
            "csrf_token": token,
            "full_name": "ანა",
            "region": "Kakheti",
            "municipality": "ქუთაისი",
        },
    )
    assert wrong.status_code == 422
    errors = dict(re.findall(r'<p class="error" id="e-(\w+)">([^<]+)</p>', wrong.text))
    assert errors["municipality"] == "ეს ქალაქი არჩეულ რეგიონში არ არის."


def test_import_row_errors_read_in_the_readers_language(web: TestClient) -> None:
    sign_in(web, KEYS["agency_a"])
    web.post("/language", data={"language": "ru", "next": "/people/import"})
    token = form_token(web.get("/people/import").text)
    body = "external_id,full_name,languages\nIMP-7,ლევან ნოზაძე,pl:C3\n"
    response = web.post(
        "/people/import",
        data={"csrf_token": token},
        files={"file": ("people.csv", body.encode(), "text/csv")},
    )
    assert "'C3' — не уровень для 'pl'" in response.text.replace("&#39;", "'")
