"""Keys, a small population and problem-details checks shared by the API tests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from matching_population import (
    TODAY,
    WELDER,
    experience,
    random_seekers,
    random_vacancies,
    seeker,
    vacancy,
)

from api.security import hash_key
from matching.occupations import Taxonomy
from matching.records import Certificate, JobSeeker, LanguageSkill, Vacancy

AGENCY_A = "Kutaisi Employment"
AGENCY_B = "Batumi Jobs"
KEYS = {
    "coordinator": "coordinator-key-0000000000000001",
    "agency_a": "agency-a-key-00000000000000000002",
    "agency_b": "agency-b-key-00000000000000000003",
    "analyst": "analyst-key-000000000000000000004",
}
WELD_VACANCY = "PL-WELD"  # agency A's; welders of both agencies qualify
B_VACANCY = "DE-B"  # agency B's
A_WELDERS = ["GE-A1", "GE-A2", "GE-A3"]
B_WELDERS = ["GE-B1", "GE-B2", "GE-B3"]


def keys_toml() -> str:
    """Coordinator and analyst by their SHA-256, the agencies by their plain keys."""
    return f"""
[[keys]]
name = "ministry coordinator"
role = "coordinator"
sha256 = "{hash_key(KEYS["coordinator"])}"

[[keys]]
name = "Kutaisi desk"
role = "agency"
agency = "{AGENCY_A}"
key = "{KEYS["agency_a"]}"

[[keys]]
name = "Batumi desk"
role = "agency"
agency = "{AGENCY_B}"
key = "{KEYS["agency_b"]}"

[[keys]]
name = "labour-market analyst"
role = "analyst"
sha256 = "{hash_key(KEYS["analyst"])}"
"""


def auth(role: str) -> dict[str, str]:
    return {"X-API-Key": KEYS[role]}


def population(taxonomy: Taxonomy) -> tuple[list[JobSeeker], list[Vacancy]]:
    welders = [
        seeker(
            external_id,
            agency=AGENCY_A if external_id.startswith("GE-A") else AGENCY_B,
            full_name=f"welder {external_id}",
            experience=[experience(WELDER, 3 + i, taxonomy)],
            certificates=[Certificate(kind="welding", code="135")],
            languages=[LanguageSkill(language="pl", level="B1")],
        )
        for i, external_id in enumerate(A_WELDERS + B_WELDERS)
    ]
    near = seeker(  # Polish A1 against A2: a near miss of agency A
        "GE-A-NEAR",
        agency=AGENCY_A,
        experience=[experience(WELDER, 4, taxonomy)],
        certificates=[Certificate(kind="welding", code="135")],
        languages=[LanguageSkill(language="pl", level="A1")],
    )
    others = [
        s.model_copy(update={"agency": AGENCY_A if i % 2 else AGENCY_B})
        for i, s in enumerate(random_seekers(taxonomy, 40, seed=3))
    ]
    vacancies = [
        vacancy(
            WELD_VACANCY,
            agency=AGENCY_A,
            positions=3,
            min_experience_years=2,
            required_languages=[LanguageSkill(language="pl", level="A2")],
        ),
        vacancy(B_VACANCY, destination_country="DE", agency=AGENCY_B, title="Schweißer"),
    ] + [
        v.model_copy(update={"agency": (AGENCY_A, AGENCY_B, None)[i % 3]})
        for i, v in enumerate(random_vacancies(taxonomy, 12, seed=5))
    ]
    return [*welders, near, *others], vacancies


@dataclass(frozen=True)
class Problem:
    """The parts of a problem-details response the tests look at."""

    status: int
    type: str
    title: str
    detail: str
    instance: str
    body: dict


def problem(response, status: int) -> Problem:
    """Check that ``response`` is an RFC 9457 problem with ``status``; return its fields."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert {"type", "title", "status", "detail", "instance"} <= set(body), body
    assert body["status"] == status
    return Problem(status, body["type"], body["title"], body["detail"], body["instance"], body)


TODAY_ISO = date.isoformat(TODAY)
