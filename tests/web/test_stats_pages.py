"""The analyst's statistics pages on the hand-worked small registry (``small_registry``):
tables with hidden cells marked, charts, filters, downloads through the session, roles.

And no statistic reveals a person: every route, chart and export of the API and the
workspace, in every format and language, for every role, searched for every name,
personal number and id of the registry (XLSX unzipped, SVG read as the text it is).
"""

from __future__ import annotations

import csv
import io
import re
import sys
import zipfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT / "tests") not in sys.path:
    sys.path.append(str(ROOT / "tests"))

from api_support import KEYS, auth  # noqa: E402
from small_registry import TODAY, personal_strings, sources  # noqa: E402
from web_support import sign_in  # noqa: E402

from api.app import create_app  # noqa: E402
from matching.config import Settings  # noqa: E402
from matching.occupations import Taxonomy  # noqa: E402
from matching.occupations.normalizer import TitleNormalizer  # noqa: E402
from matching.service import Engine  # noqa: E402
from matching.statistics import STATISTICS  # noqa: E402
from matching.storage.flags import StoredAgencyFlag  # noqa: E402

ROLES = ("coordinator", "analyst", "agency_a")
LANGUAGES = ("ka", "en", "ru")


@pytest.fixture
def client(
    tmp_path: Path,
    keys_file: Path,
    builtin_taxonomy: Taxonomy,
    title_normalizer: TitleNormalizer,
) -> Iterator[TestClient]:
    settings = Settings(
        esco_dir=None,
        database_url=f"sqlite:///{tmp_path / 'stats.sqlite'}",
        data_dir=tmp_path / "var",
        api_keys_file=keys_file,
        _env_file=None,
    )
    src = sources()
    with Engine(settings, taxonomy=builtin_taxonomy, normalizer=title_normalizer) as engine:
        engine.store.upsert_job_seekers(src.job_seekers)
        for demand_list in src.demand_lists:
            engine.store.save_demand_list(demand_list)
        engine.store.record_agency_flags(
            [StoredAgencyFlag("Batumi Jobs", "worker_fee", "DE-D", date(2026, 2, 1), "r1")]
        )
        # Placements of the hand-worked registry, whose ids name people.
        engine.store.iter_placements = lambda: list(src.placements)  # type: ignore[attr-defined]
        with TestClient(create_app(settings, engine), raise_server_exceptions=False) as c:
            yield c


def text_of(response) -> str:
    kind = response.headers.get("content-type", "")
    if kind.startswith("application/vnd.openxmlformats-officedocument"):
        with zipfile.ZipFile(io.BytesIO(response.content)) as book:
            return "\n".join(book.read(n).decode("utf-8") for n in book.namelist())
    return response.content.decode("utf-8")


def leaks(text: str) -> list[str]:
    secrets = personal_strings()
    assert len(secrets) > 40 and all(len(s) >= 4 for s in secrets)
    return [s for s in secrets if s in text]


@pytest.mark.parametrize("role", ROLES)
def test_no_stats_route_chart_or_export_reveals_a_person(client: TestClient, role: str) -> None:
    seen = {200: 0, 403: 0}
    # The API, every statistic in every format.
    for name in STATISTICS:
        for fmt in ("json", "csv", "xlsx", "svg"):
            r = client.get(
                f"/stats/{name}",
                params={"format": fmt, "today": TODAY.isoformat()},
                headers=auth(role),
            )
            assert r.status_code in seen, (name, fmt, r.status_code)
            seen[r.status_code] += 1
            assert not leaks(text_of(r)), (role, "api", name, fmt)
    # The workspace, signed in, in each language: the overview, each page (filtered and
    # not), its chart and its downloads.
    sign_in(client, KEYS[role])
    for language in LANGUAGES:
        client.cookies.set("lang", language)
        pages = ["/stats"]
        for name in STATISTICS:
            base = f"/stats/{name}"
            pages += [base, f"{base}?destination=PL&month_from=2026-01&month_to=2026-12"]
            pages += [f"{base}/chart.svg", f"{base}/table.xlsx", f"{base}/table.csv"]
        for url in pages:
            accept = "text/html" if "." not in url.rsplit("/", 1)[-1] else "*/*"
            r = client.get(url, headers={"Accept": accept})
            assert r.status_code in seen, (url, r.status_code)
            seen[r.status_code] += 1
            assert not leaks(text_of(r)), (role, language, url)
    if role == "agency_a":  # refused everything but the overview of its own counts
        assert seen[200] == len(LANGUAGES)
    else:
        assert seen[403] == 0


def test_the_registry_does_name_people_where_it_may(client: TestClient) -> None:
    """The search would find a leak: a coordinator's person page shows the strings."""
    sign_in(client, KEYS["coordinator"])
    page = client.get("/people/GE-W1", headers={"Accept": "text/html"})
    assert page.status_code == 200
    assert leaks(page.text)


HTML = {"Accept": "text/html"}
FILES = {"Accept": "*/*"}


def test_each_page_shows_its_table_chart_and_downloads(client: TestClient) -> None:
    sign_in(client, KEYS["analyst"])
    overview = client.get("/stats", headers=HTML).text
    for name in STATISTICS:
        assert f'href="/stats/{name}"' in overview
        r = client.get(f"/stats/{name}", headers=HTML)
        assert r.status_code == 200, name
        assert "<table>" in r.text and f'href="/stats/{name}/table.xlsx"' in r.text
        # A chart where it has a bar to draw: no count of people lacking a requirement
        # or of people a course would qualify reaches 5 here.
        assert (f'<img src="/stats/{name}/chart.svg"' in r.text) is (
            name not in ("shortages", "training-plan")
        )
        # No inline script or style: the workspace's policy holds on these pages.
        assert "script-src 'self'" in r.headers["content-security-policy"]
        assert not re.search(r"<script(?![^>]*\bsrc=)", r.text) and "style=" not in r.text
        chart = client.get(f"/stats/{name}/chart.svg", headers={"Accept": "image/*"})
        assert chart.status_code == 200 and chart.headers["content-type"] == "image/svg+xml"
        assert chart.text.startswith("<?xml") and "<script" not in chart.text
        assert chart.headers["content-security-policy"].startswith("default-src 'none'")
    # Fill rates: 1 driver selected, 0 departed: hidden and marked (fill_rate with it).
    page = client.get("/stats/fill-rates", headers=HTML).text
    assert page.count('<td class="num hidden"><abbr title="&lt;5: ') == 3


def test_filters_cut_rows_by_destination_and_month(client: TestClient) -> None:
    sign_in(client, KEYS["coordinator"])
    client.cookies.set("lang", "en")

    def rows(query: str) -> list[list[str]]:
        r = client.get(f"/stats/demand-supply/table.csv?{query}", headers=FILES)
        assert r.status_code == 200 and r.text.startswith("\ufeff")
        return list(csv.reader(io.StringIO(r.text[1:])))[1:]

    # By hand: DE 8332 2026-05: 3 positions, 7 registered, 5 qualified; PL 7212 2026-04:
    # 10 positions, 12 registered, 6 qualified.
    assert [r[0] for r in rows("")] == ["DE", "PL"]
    assert rows("destination=DE") == [["DE", "8332", "", "2026-05", "1", "3", "7", "5", "1.0"]]
    assert [r[0] for r in rows("month_from=2026-05")] == ["DE"]
    assert [r[0] for r in rows("month_to=2026-04")] == ["PL"]
    assert rows("month_from=2026-06") == []
    page = client.get("/stats/demand-supply?month_from=April&destination=PL", headers=HTML)
    assert page.status_code == 200 and "A month is written as 2026-04." in page.text
    assert page.text.count("<tr>") == 2  # the header and PL, the bad month ignored
    assert 'value="PL" selected' in page.text


def test_downloads_and_charts_speak_the_readers_language(client: TestClient) -> None:
    from openpyxl import load_workbook

    sign_in(client, KEYS["analyst"])
    expected = {"ka": ("ადგილები", "ქალი"), "en": ("positions", "female"), "ru": ("места", "")}
    for language, (positions, female) in expected.items():
        client.cookies.set("lang", language)
        book = load_workbook(
            io.BytesIO(client.get("/stats/gender/table.xlsx", headers=FILES).content)
        )
        header = [c.value for c in next(book["gender"].iter_rows(max_row=1))]
        keys = {row[2] for row in book["gender"].iter_rows(min_row=2, values_only=True)}
        assert (len(header) == 7 and header[0] != "destination") or language == "en"
        if female:
            assert female in keys
        chart = client.get("/stats/demand-supply/chart.svg", headers=FILES).text
        assert positions in chart, language
        page = client.get("/stats/demand-supply", headers=HTML).text
        assert f'<html lang="{language}">' in page and positions in page


def test_the_agency_page_counts_stored_flags(client: TestClient) -> None:
    sign_in(client, KEYS["analyst"])
    client.cookies.set("lang", "en")
    r = client.get("/stats/agencies/table.csv", headers=FILES)
    rows = {(x[0], x[1]): x[2:] for x in list(csv.reader(io.StringIO(r.text[1:])))[1:]}
    # DE-D (Batumi Jobs) charges a fee and was flagged in February: counted then, not
    # again in May when its work starts; its agency is unlicensed and no run said so.
    assert rows[("Batumi Jobs", "2026-02")][-2:] == ["1", "0"]
    assert rows[("Batumi Jobs", "2026-05")][-2:] == ["0", "1"]


def test_only_the_ministry_opens_the_statistics(client: TestClient) -> None:
    r = client.get("/stats/gender", headers=HTML, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/login")
    r = client.get("/stats/gender/table.xlsx", headers=FILES, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/login")
    sign_in(client, KEYS["agency_a"])
    assert 'href="/stats/gender"' not in client.get("/stats", headers=HTML).text
    for url in ("/stats/gender", "/stats/gender/chart.svg", "/stats/gender/table.csv"):
        assert client.get(url, headers=HTML).status_code == 403
    sign_in(client, KEYS["analyst"])
    assert client.get("/stats/salaries", headers=HTML).status_code == 404
    assert client.get("/stats/gender/table.pdf", headers=FILES).status_code == 404


def test_courses_requirements_and_counts_are_in_the_readers_words(client: TestClient) -> None:
    from openpyxl import load_workbook

    sign_in(client, KEYS["analyst"])
    client.cookies.set("lang", "ka")
    plan = client.get("/stats/training-plan", headers=HTML).text
    assert "პოლონური A1→A2" in plan and "Code 95-ის საწყისი კვალიფიკაცია" in plan
    assert "Polish" not in plan and "initial qualification" not in plan
    shortages = client.get("/stats/shortages", headers=HTML).text
    assert "პოლონური A2" in shortages and "Polish A2" not in shortages
    book = load_workbook(
        io.BytesIO(client.get("/stats/training-plan/table.xlsx", headers=FILES).content)
    )
    courses = [r[0] for r in book["training-plan"].iter_rows(min_row=2, values_only=True)]
    assert "პოლონური A0→A2" in courses
    csv_text = client.get("/stats/shortages/table.csv", headers=FILES).text
    assert "პოლონური A2" in csv_text and "Polish" not in csv_text
    # "departed" counted (people) is not "departed" the placement step ("she departed").
    fill = client.get("/stats/fill-rates", headers=HTML).text
    assert "გამგზავრებულები" in fill and ">გაემგზავრა<" not in fill
    client.cookies.set("lang", "ru")
    assert "польский A1→A2" in client.get("/stats/training-plan", headers=HTML).text


def test_the_esco_occupation_column_names_it_in_the_readers_language(
    builtin_taxonomy: Taxonomy,
) -> None:
    from types import SimpleNamespace

    from api.web.routes.stats import _occupation_label
    from matching.i18n import translator

    welder = "http://data.europa.eu/esco/occupation/7aedaa07-3884-4c5b-88f9-80997b2aa54b"
    engine = SimpleNamespace(taxonomy=builtin_taxonomy)
    assert _occupation_label(engine, translator("ka"))(welder) == "შემდუღებელი"
    assert _occupation_label(engine, translator("ru"))(welder) == "сварщик"
    assert _occupation_label(engine, translator("en"))(welder) == "welder"
    unknown = "http://data.europa.eu/esco/occupation/unknown"
    assert _occupation_label(engine, translator("ka"))(unknown) == unknown
