"""A person's page: the recommended vacancies' reasons, gaps and remedies in the reader's
language (issue 15.2), rendered from the engine's facts and gate values."""

from __future__ import annotations

import html
import re

from api_support import A_WELDERS, KEYS
from fastapi.testclient import TestClient
from web_support import sign_in


def _page(web: TestClient, person: str) -> str:
    response = web.get(f"/people/{person}")
    assert response.status_code == 200, response.text
    return html.unescape(response.text)


def test_recommended_vacancies_show_reasons_in_georgian(web: TestClient) -> None:
    sign_in(web, KEYS["agency_a"])  # Georgian: the workspace's default
    page = _page(web, A_WELDERS[0])
    assert "პოლონური B1 ≥ საჭირო A2" in page
    assert "Polish B1 ≥ required A2" not in page
    assert "years as welder" not in page  # every reason worded, not only the language one
    # the occupation by its Georgian name (the clerk's page), never ESCO's English label
    recommended = page[page.index('id="recommended"') :]
    assert "შემდუღებელი: " in recommended
    assert not re.search(r"(?<![A-Za-z])welder(?![A-Za-z])", recommended)


def test_near_misses_show_gaps_and_remedies_in_the_readers_language(web: TestClient) -> None:
    sign_in(web, KEYS["agency_a"])
    page = _page(web, "GE-A-NEAR")
    assert "პოლონური A1, საჭიროა A2" in page and "პოლონური ენის კურსი A1→A2" in page
    assert "Polish A1, needs A2" not in page and "Polish course" not in page
    web.post("/language", data={"language": "ru", "next": "/people"})
    russian = _page(web, "GE-A-NEAR")
    assert "польский A1, нужен A2" in russian and "Polish A1" not in russian
    web.post("/language", data={"language": "en", "next": "/people"})
    english = _page(web, "GE-A-NEAR")
    assert "Polish A1, needs A2" in english and "Polish course A1→A2" in english
