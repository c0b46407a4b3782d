"""Small random populations of job seekers and vacancies for the matching tests.

Built from the records directly (seeded), over a handful of occupations that share ISCO
groups at every depth, so that every gate, every occupation level and near misses occur.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from matching.occupations import Taxonomy
from matching.records import (
    Certificate,
    Consent,
    DrivingLicence,
    Gender,
    GeorgianRegion,
    JobSeeker,
    LanguageSkill,
    Vacancy,
    WorkExperience,
)

OCC = "http://data.europa.eu/esco/occupation/"
WELDER = OCC + "7aedaa07-3884-4c5b-88f9-80997b2aa54b"  # 7212
SOLDERER = OCC + "17b29190-6746-4b81-a1d1-8053a5bbc0e9"  # 7212
BRAZIER = OCC + "6d72138d-2ebb-4a89-b2b2-8c22365b89bf"  # 7212
CARGO_DRIVER = OCC + "45037d43-a8f5-4f46-b332-b2935bc305f4"  # 8332
MOVING_DRIVER = OCC + "a504e79e-f146-4773-a1cf-2b15b9d614db"  # 8332
PICKER = OCC + "373db468-bd25-4b67-a6e0-4ac79d9a9e85"  # 9211
COOK = OCC + "90f75f67-495d-49fa-ab57-2f320e251d7e"  # 5120
PASTRY = OCC + "ff42d44c-34f8-46be-ad3a-2aad9a5e43f0"  # 7512
LAND_MACHINERY = OCC + "00c8d1cf-24f2-47d1-9f10-765e1c102811"  # 7233
OCCUPATIONS = [
    WELDER,
    SOLDERER,
    BRAZIER,
    CARGO_DRIVER,
    MOVING_DRIVER,
    PICKER,
    COOK,
    PASTRY,
    LAND_MACHINERY,
]
ISCO_ONLY = ["7212", "7213", "7214", "8332", "8331", "9211", "9215", "5120", "7233", "7222"]
TODAY = date(2026, 3, 1)
SEASON = date(2026, 5, 1)


def seeker(external_id: str = "GE-1", **fields: object) -> JobSeeker:
    """A qualified-by-default job seeker (adult, consenting, available, any destination)."""
    base: dict[str, object] = {
        "external_id": external_id,
        "full_name": "ნინო ბერიძე",
        "birth_date": date(1990, 5, 1),
        "gender": "female",
        "region": "Imereti",
        "consent": Consent(given=True, date=date(2026, 1, 10)),
    }
    base.update(fields)
    return JobSeeker(**base)  # type: ignore[arg-type]


def vacancy(external_id: str = "PL-1", **fields: object) -> Vacancy:
    base: dict[str, object] = {
        "external_id": external_id,
        "destination_country": "PL",
        "title": "spawacz",
        "esco_uri": WELDER,
        "isco_group": "7212",
        "season_start": SEASON,
    }
    base.update(fields)
    return Vacancy(**base)  # type: ignore[arg-type]


def experience(uri: str, years: float, taxonomy: Taxonomy, title: str | None = None):
    if uri in taxonomy.occupations:
        occ = taxonomy.occupations[uri]
        return WorkExperience(
            title=title or occ.preferred_label, years=years, esco_uri=uri, isco_group=occ.isco_group
        )
    return WorkExperience(title=title or f"worker {uri}", years=years, isco_group=uri)


def random_seekers(taxonomy: Taxonomy, n: int, seed: int = 0) -> list[JobSeeker]:
    rng = random.Random(seed)
    regions = list(GeorgianRegion)
    out = []
    for i in range(n):
        items = []
        for _ in range(rng.choice([0, 1, 1, 1, 2, 2, 3])):
            target = rng.choice(ISCO_ONLY) if rng.random() < 0.15 else rng.choice(OCCUPATIONS)
            items.append(experience(target, rng.choice([0, 0.5, 1, 1.5, 2, 3, 4, 6, 9]), taxonomy))
        skills = []
        for item in items:
            if item.esco_uri and rng.random() < 0.5:
                pool = list(taxonomy.optional_skills(item.esco_uri))
                skills += [taxonomy.skill_label(s) for s in rng.sample(pool, min(3, len(pool)))]
        if rng.random() < 0.2:
            skills.append("Welding Techniques")  # free text, different case
        languages = [
            LanguageSkill(language=lang, level=rng.randint(1, 5))
            for lang in ("pl", "de", "en", "he")
            if rng.random() < 0.4
        ]
        licence = None
        if rng.random() < 0.5:
            cats = rng.choice([["B"], ["B", "C"], ["CE"], ["C1"], ["B", "BE"], ["D"]])
            licence = DrivingLicence(
                categories=cats,
                code95=rng.random() < 0.4,
                valid_until=rng.choice([None, date(2030, 1, 1), date(2026, 2, 1)]),
            )
        certificates = []
        for code in ("135", "141", "111"):
            if rng.random() < 0.2:
                certificates.append(
                    Certificate(
                        kind="welding",
                        code=code,
                        valid_until=rng.choice([None, date(2028, 1, 1), date(2025, 1, 1)]),
                    )
                )
        if rng.random() < 0.15:
            certificates.append(Certificate(kind="forklift"))
        if rng.random() < 0.1:
            certificates.append(Certificate(kind="code95", valid_until=date(2029, 1, 1)))
        consent = (
            Consent(given=True, date=date(2025, 1, 1))
            if rng.random() < 0.9
            else rng.choice(
                [Consent(given=False), Consent(given=True, date=date(2025, 1, 1), withdrawn=TODAY)]
            )
        )
        out.append(
            JobSeeker(
                external_id=f"GE-{i:05d}",
                full_name=f"person {i}",
                birth_date=rng.choice([None] + [date(rng.randint(1960, 2010), 6, 15)] * 20),
                gender=rng.choice(list(Gender)),
                region=rng.choice(regions),
                experience=items,
                skills=skills,
                languages=languages,
                driving_licence=licence,
                certificates=certificates,
                destination_preferences=rng.choice([[], [], ["PL"], ["DE"], ["PL", "DE"], ["IL"]]),
                available_from=rng.choice([None, date(2026, 1, 1), date(2026, 6, 1)]),
                consent=consent,
            )
        )
    return out


def random_vacancies(taxonomy: Taxonomy, n: int, seed: int = 1) -> list[Vacancy]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        kind = rng.random()
        if kind < 0.75:
            uri = rng.choice(OCCUPATIONS)
            occ = taxonomy.occupations[uri]
            coded = {"esco_uri": uri, "isco_group": occ.isco_group, "title": occ.preferred_label}
        elif kind < 0.92:
            code = rng.choice(ISCO_ONLY)
            coded = {"isco_group": code, "title": f"group {code}"}
        else:
            coded = {"title": "praca sezonowa"}
        driver = coded.get("isco_group") == "8332"
        welder = coded.get("isco_group") == "7212"
        out.append(
            Vacancy(
                external_id=f"V-{i:04d}",
                destination_country=rng.choice(["PL", "DE", "IL", "EE"]),
                **coded,  # type: ignore[arg-type]
                min_experience_years=rng.choice([0, 0, 1, 2, 3]),
                required_languages=[
                    LanguageSkill(language=lang, level=rng.randint(1, 3))
                    for lang in ("pl", "de")
                    if rng.random() < 0.35
                ],
                required_driving=rng.choice([["C"], ["CE"]]) if driver else [],
                requires_code95=driver and rng.random() < 0.7,
                required_certificates=(
                    [Certificate(kind="welding", code=rng.choice(["135", "141"]))]
                    if welder and rng.random() < 0.6
                    else []
                ),
                required_skills=["welding techniques"] if welder and rng.random() < 0.3 else [],
                positions=rng.randint(1, 4),
                season_start=rng.choice([None, SEASON, SEASON + timedelta(days=60)]),
            )
        )
    return out
