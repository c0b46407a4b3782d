"""Benchmark of the intake cell parsers: index build time and cells per second.

Cells are the gazetteer's own names in each script, with a prefix and in a case form,
plus cells naming no place; and repeated real-looking cells for the other parsers. The
import of a 100k-row file parses each distinct cell once (importing memoises), so these
rates bound the cost of a file's distinct values.

Usage:
    PYTHONPATH=. .venv/bin/python bench/intake.py
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence

from matching.intake.certificates import parse_certificates
from matching.intake.countries import country_index, parse_country
from matching.intake.driving import parse_driving
from matching.intake.education import parse_education
from matching.intake.gender import parse_gender
from matching.intake.languages import language_index, parse_languages
from matching.intake.places import Gazetteer, read_places


def _rate(parse: Callable[[str], object], cells: Sequence[str]) -> float:
    start = time.perf_counter()
    for cell in cells:
        parse(cell)
    return len(cells) / (time.perf_counter() - start)


def main() -> None:
    start = time.perf_counter()
    gazetteer = Gazetteer.load()
    built = time.perf_counter()
    country_index()
    countries = time.perf_counter()
    language_index()
    languages = time.perf_counter()
    print(f"gazetteer load+fit {built - start:.3f} s ({len(gazetteer.index_):,} keys)")
    print(f"CLDR country index {countries - built:.3f} s, language index "
          f"{languages - countries:.3f} s")  # fmt: skip

    place_cells: list[str] = []
    for entry in read_places():
        ka = entry.name_ka
        locative = (ka[:-1] if ka.endswith("ი") else ka) + "ში"  # ქუთაისში, მცხეთაში
        place_cells += [ka, entry.name_latn, entry.name_ru, f"ქ. {ka}", locative, "Berlin, Mitte"]
    resolved = sum(p is not None for p in gazetteer.batch_resolve(place_cells))
    rate = _rate(gazetteer.resolve, place_cells * 10)
    print(f"places: {resolved}/{len(place_cells)} cells resolved (1 in 6 names no place), "
          f"{rate:,.0f} cells/s")  # fmt: skip
    mixes: dict[str, tuple[Callable[[str], object], list[str]]] = {
        "languages": (parse_languages, ["რუსული - კარგად; ინგლისური B1",
                                        "Deutsch Grundkenntnisse", "польский - базовый"]),
        "countries": (parse_country, ["პოლონეთი", "в Германии", "PL", "Israël"]),
        "education": (parse_education, ["უმაღლესი", "среднее специальное", "Bachelor"]),
        "gender": (parse_gender, ["მამრ.", "жен.", "K"]),
        "driving": (parse_driving, ["В, С, СЕ", "kat. C+E, 95"]),
        "certificates": (parse_certificates, ["ISO 9606-1 135 до 01.03.2026", "UDT wózki"]),
    }  # fmt: skip
    for name, (parse, cells) in mixes.items():
        print(f"{name}: {_rate(parse, cells * 2000):,.0f} cells/s")


if __name__ == "__main__":
    main()
