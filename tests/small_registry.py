"""A small registry whose statistics are worked out by hand in the tests.

Welders (ISCO 7212, Imereti) for a Polish vacancy of 10 positions needing Polish A2 and
ISO 9606-1 135; truck drivers (8332, Kakheti) for a German one of 3 positions needing
CE and Code 95, from an unlicensed agency that charges a fee:

- W1-W6 qualify (W1, W2 women); W7-W9 hold Polish A1; W10, W11 lack the certificate;
  W12 lacks both and no Polish at all (not closable); W13 only wants Germany.
- D1-D5 qualify; D6 lacks Code 95; D7 holds only B (not closable) and no Code 95.
- D1-D5 came back from Germany on 2024-10-31; D1, D2 left again in 2025; D3 is selected
  again; W7 came back from an older Polish placement.
"""

from __future__ import annotations

import zlib
from datetime import date

from matching.records import (
    Certificate,
    Consent,
    DemandList,
    DrivingLicence,
    JobSeeker,
    LanguageSkill,
    MigrationEpisode,
    Vacancy,
    WorkExperience,
)
from matching.statistics import AgencyFlagRecord, PlacementRecord, Sources

TODAY = date(2026, 3, 1)
KUTAISI, BATUMI = "Kutaisi Employment", "Batumi Jobs"
WELD_135 = Certificate(kind="welding", code="135")


def person(pid: str, **fields: object) -> JobSeeker:
    number = f"{zlib.crc32(pid.encode()) % 10**7:07d}"  # one person, one personal number
    base: dict[str, object] = {
        "external_id": f"GE-{pid}",
        "full_name": f"Nino Beridze {pid}",
        "personal_number": f"0100{number}",
        "birth_date": date(1990, 5, 1),
        "gender": "male",
        "region": "Imereti",
        "consent": Consent(given=True, date=date(2026, 1, 10)),
    }
    base.update(fields)
    return JobSeeker(**base)  # type: ignore[arg-type]


def welder(pid: str, polish: str | None, cert: bool, **fields: object) -> JobSeeker:
    return person(
        pid,
        experience=[WorkExperience(title="welder", years=4, isco_group="7212")],
        languages=[LanguageSkill(language="pl", level=polish)] if polish else [],
        certificates=[WELD_135] if cert else [],
        **fields,
    )


def driver(pid: str, categories: str, code95: bool, **fields: object) -> JobSeeker:
    return person(
        pid,
        region="Kakheti",
        experience=[WorkExperience(title="truck driver", years=5, isco_group="8332")],
        driving_licence=DrivingLicence(categories=categories, code95=code95),
        **fields,
    )


BACK = MigrationEpisode(country="DE", start=date(2024, 3, 1), end=date(2024, 10, 31))
AGAIN = MigrationEpisode(country="DE", start=date(2025, 4, 1))


def job_seekers() -> list[JobSeeker]:
    return [
        welder("W1", "B1", True, gender="female"),
        welder("W2", "B1", True, gender="female"),
        *(welder(f"W{i}", "B1", True) for i in (3, 4, 5, 6)),
        *(welder(f"W{i}", "A1", True) for i in (7, 8, 9)),
        welder("W10", "A2", False),
        welder("W11", "A2", False),
        welder("W12", None, False),
        welder("W13", "B1", True, destination_preferences=["DE"]),
        driver("D1", "CE", True, migration_history=[BACK, AGAIN]),
        driver("D2", "CE", True, migration_history=[BACK, AGAIN]),
        *(driver(f"D{i}", "CE", True, migration_history=[BACK]) for i in (3, 4, 5)),
        driver("D6", "CE", False),
        driver("D7", "B", False),
    ]


def vacancies() -> list[Vacancy]:
    return [
        Vacancy(
            external_id="PL-W",
            destination_country="PL",
            title="spawacz",
            isco_group="7212",
            positions=10,
            required_languages=[LanguageSkill(language="pl", level="A2")],
            required_certificates=[WELD_135],
            season_start=date(2026, 4, 1),
            agency=KUTAISI,
            agency_licensed=True,
        ),
        Vacancy(
            external_id="DE-D",
            destination_country="DE",
            title="LKW-Fahrer",
            isco_group="8332",
            positions=3,
            required_driving=["CE"],
            requires_code95=True,
            season_start=date(2026, 5, 1),
            agency=BATUMI,
            agency_licensed=False,
            worker_fee=200,
            worker_fee_currency="EUR",
        ),
    ]


def placements() -> list[PlacementRecord]:
    return [
        PlacementRecord("GE-W1", "PL-W", "departed", date(2026, 4, 2)),
        PlacementRecord("GE-W2", "PL-W", "selected", date(2026, 3, 10)),
        PlacementRecord("GE-W3", "PL-W", "visa", date(2026, 3, 20)),
        PlacementRecord("GE-W4", "PL-W", "departed", date(2026, 4, 2)),
        PlacementRecord("GE-W5", "PL-W", "departed", date(2026, 4, 3)),
        PlacementRecord("GE-W6", "PL-W", "shortlisted", date(2026, 3, 5)),
        PlacementRecord("GE-D3", "DE-D", "selected", date(2026, 2, 20)),
        PlacementRecord("GE-W7", "PL-OLD", "returned", date(2025, 12, 1)),
    ]


def sources() -> Sources:
    pl, de = vacancies()
    return Sources.of(
        job_seekers(),
        [pl, de],
        [
            DemandList(
                external_id="PL-2026-04",
                destination_country="PL",
                received=date(2026, 2, 15),
                vacancies=[pl],
            ),
            DemandList(external_id="DE-2026-05", destination_country="DE", vacancies=[de]),
        ],
        placements(),
        [AgencyFlagRecord(BATUMI, "fee", date(2026, 2, 1))],
        today=TODAY,
    )


def personal_strings() -> list[str]:
    """Every name, personal number and id of a person in the registry."""
    out = []
    for s in job_seekers():
        out += [s.external_id, s.full_name, s.personal_number or ""]
    return [x for x in out if x]
