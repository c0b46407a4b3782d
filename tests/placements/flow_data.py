"""Files for the placement flow: three welders, and two Polish demand lists."""

from __future__ import annotations

import json
from pathlib import Path


def welder(i: int, years: float) -> dict:
    return {
        "external_id": f"GE-W{i}",
        "full_name": f"welder {i}",
        "birth_date": "1990-01-01",
        "gender": "male",
        "region": "Imereti",
        "experience": [{"title": "welder", "years": years}],
        "languages": [{"language": "pl", "level": "B1"}],
        "certificates": [{"kind": "welding", "code": "135"}],
        "destination_preferences": ["PL"],
        "consent": {"given": True, "date": "2026-01-10"},
    }


def vacancy(external_id: str, positions: int, **extra: object) -> dict:
    return {
        "external_id": external_id,
        "destination_country": "PL",
        "title": "Spawacz MIG/MAG 135",
        "employer": "Stocznia",
        "positions": positions,
        "required_languages": [{"language": "pl", "level": "A2"}],
        "required_certificates": [{"kind": "welding", "code": "135"}],
        "worker_fee": 0,
        **extra,
    }


def write_flow_files(directory: Path) -> tuple[Path, Path, Path]:
    """``job_seekers.jsonl``, ``list_1.json`` (a fee-charging vacancy and a fair one),
    ``list_2.json`` (three welder positions)."""
    directory.mkdir(parents=True, exist_ok=True)
    people = directory / "job_seekers.jsonl"
    people.write_text(
        "".join(json.dumps(welder(i, 10 - i)) + "\n" for i in (1, 2, 3)), encoding="utf-8"
    )
    first = directory / "list_1.json"
    first.write_text(
        json.dumps(
            {
                "external_id": "PL-LIST-1",
                "destination_country": "PL",
                "vacancies": [
                    vacancy("PL-FEE", 2, worker_fee=500, worker_fee_currency="EUR"),
                    vacancy("PL-FAIR", 1),
                ],
            }
        ),
        encoding="utf-8",
    )
    second = directory / "list_2.json"
    second.write_text(
        json.dumps(
            {
                "external_id": "PL-LIST-2",
                "destination_country": "PL",
                "vacancies": [vacancy("PL-NEXT", 3)],
            }
        ),
        encoding="utf-8",
    )
    return people, first, second
