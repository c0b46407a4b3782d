"""Cross-checks verdicts.csv against the records as the importer reads them.

Run from the repository root:  PYTHONPATH=. python bench/data/judged/check.py

Both CSVs are imported into an in-memory store (no normaliser; the occupation is not what is
checked here). For every verdict whose reason says "same trade", the requirements are
re-derived from the stored records and compared with the verdict and with what the reason
claims: each gap the records show must be named in the reason, and the verdict must follow
the rules in README.md (no gap -> qualified; one or two closable gaps -> near_miss; a hard
failure or three gaps -> no). Rows judged on trade alone ("neighbouring trade") are only checked
for existing ids. Prints the problems found and exits 1 if there are any.
"""

from __future__ import annotations

import csv
import re
import sys
from collections import Counter
from pathlib import Path

from matching.intake import import_job_seekers, import_vacancies
from matching.storage import Store

HERE = Path(__file__).resolve().parent
LANG = {"pl": "Polish", "de": "German", "en": "English", "ru": "Russian", "he": "Hebrew"}
CERT = {
    "welding": "ISO 9606-1 welding",
    "adr": "ADR",
    "forklift": "forklift (UDT)",
    "electrical": "electrical qualification",
    "care": "carer course",
}


def age_limits(description: str) -> tuple[int | None, int | None]:
    if m := re.search(r"age (\d+)-(\d+)", description or ""):
        return int(m[1]), int(m[2])
    if m := re.search(r"age limit (\d+)", description or ""):
        return None, int(m[1])
    return None, None


def main() -> int:
    problems: list[str] = []
    with Store("sqlite://") as store:
        r1 = import_job_seekers(HERE / "job_seekers.csv", store, normalizer=None)
        r2 = import_vacancies(HERE / "vacancies.csv", store, normalizer=None)
        for r in (r1, r2):
            if r.errors or r.ignored_columns:
                problems.append(
                    f"{r.source}: errors {r.errors}, ignored columns {r.ignored_columns}"
                )
        seekers = {s.external_id: s for s in store.iter_job_seekers()}
        vacancies = {v.external_id: v for v in store.list_vacancies()}

    with open(HERE / "verdicts.csv", encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    seen = set()
    for row in rows:
        sid, vid, verdict, reason = (
            row["job_seeker_id"],
            row["vacancy_id"],
            row["verdict"],
            row["reason"],
        )
        where = f"{sid} x {vid}"
        if (sid, vid) in seen:
            problems.append(f"{where}: listed twice")
        seen.add((sid, vid))
        if sid not in seekers or vid not in vacancies:
            problems.append(f"{where}: unknown id")
            continue
        if verdict not in ("qualified", "near_miss", "no"):
            problems.append(f"{where}: bad verdict {verdict}")
        if "neighbouring trade" in reason:
            if verdict != "no":
                problems.append(f"{where}: neighbouring trade judged {verdict}")
            continue
        p, v = seekers[sid], vacancies[vid]
        start = v.season_start
        m = re.match(r"^[A-Za-z /]+ \(([\d.]+) y\), same trade", reason)
        if not m:
            problems.append(f"{where}: reason does not state trade years: {reason}")
            continue
        years = float(m[1])
        entries = [e.years for e in p.experience]
        if years not in entries and years != sum(entries):
            problems.append(f"{where}: {years} y is not in the experience {entries}")
        hard, gaps = [], []
        if not p.consent.active:
            hard.append("consent")
        if p.destination_preferences and v.destination_country not in p.destination_preferences:
            hard.append("wants only")
        lo, hi = age_limits(v.description)
        age = p.age_on(start)
        if (hi is not None and age > hi) or (lo is not None and age < lo):
            hard.append(f"age {age}")
        cats = p.driving_licence.categories if p.driving_licence else frozenset()
        for cat in v.required_driving:
            if cat not in cats:
                hard.append(f"no {cat.value} licence")
        if v.requires_code95 and not (p.driving_licence and p.driving_licence.code95):
            gaps.append("no Code 95")
        short = v.min_experience_years - years
        if short > 1:
            hard.append(f"{years:g} y experience against {v.min_experience_years:g} y required")
        elif short > 0:
            gaps.append(f"{years:g} y experience against {v.min_experience_years:g} y required")
        for req in v.required_languages:
            has = p.language_level(req.language)
            n = int(has) if has else 0
            if n < int(req.level):
                text = (
                    f"{LANG[req.language]} {has.name} against {req.level.name} required"
                    if has
                    else f"no {LANG[req.language]} ({req.level.name} required)"
                )
                (hard if int(req.level) - n > 2 else gaps).append(text)
        for req in v.required_certificates:
            if any(c.satisfies(req, on=start) for c in p.certificates):
                continue
            name = CERT[req.kind.value] + (f" {req.code}" if req.code else "")
            expired = [c for c in p.certificates if c.satisfies(req)]
            gaps.append(
                f"{name} certificate expired {expired[0].valid_until}"
                if expired
                else f"no {name} certificate"
            )
        late = (p.available_from - start).days
        if v.season_end and p.available_from > v.season_end:
            hard.append(f"available {p.available_from}, after the season ends")
        elif late > 60:
            hard.append(f"available {p.available_from}, {late} days after")
        elif late > 0:
            gaps.append(f"available {p.available_from}, {late} days after")
        expected = "no" if hard or len(gaps) >= 3 else "near_miss" if gaps else "qualified"
        if expected != verdict:
            problems.append(f"{where}: verdict {verdict}, records say {expected} ({hard} {gaps})")
        for phrase in hard + gaps:
            if phrase not in reason:
                problems.append(f"{where}: reason does not name '{phrase}': {reason}")
        if verdict == "qualified":
            for req in v.required_languages:
                lvl = p.language_level(req.language)
                if f"{LANG[req.language]} {lvl.name if lvl else '-'}" not in reason:
                    problems.append(f"{where}: reason misstates {req.language} level")

    never = [s for s in seekers if not any(sid == s for sid, _ in seen)]
    print(
        f"{len(seekers)} job seekers, {len(vacancies)} vacancies, {len(rows)} verdicts:",
        dict(Counter(r["verdict"] for r in rows)),
    )
    print("job seekers in no verdict (trades not on this demand list):", ", ".join(never) or "none")
    for p in problems:
        print("PROBLEM", p)
    print("OK" if not problems else f"{len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
