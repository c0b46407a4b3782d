"""Benchmark of matching and allocation, with ratios against brute force in the same run.

On a synthetic population (each person has a *true* occupation and years; the title
normaliser's coding of their experience is simulated with errors: 10% of items coded
only to the ISCO unit group, 5% to a sibling occupation of the same group, 3% to an
unrelated occupation), measures:

* quality: precision@10 and recall@50 of the shortlists against the known-qualified
  set of each vacancy (truly in the vacancy's occupation with enough years, and passing
  every gate), for the matcher and for brute-force scoring of everyone
  (``Matcher.score_all``), and the share of shortlists where the two agree exactly;
* latency: one vacancy, top-50 with explanations, p50/p95 over many vacancies, at
  ``--n`` (target p95 ≤ 100 ms) and ``--n-large`` job seekers (target p95 ≤ 500 ms),
  each against brute force measured on the same vacancies;
* allocation: a ``--vacancies``-line demand list over ``--n`` people (target ≤ 60 s):
  total fit and positions filled, optimal vs greedy, and the fairness flags.

Usage:
    .venv/bin/python bench/shortlists.py            # 100k and 1M people, 500 vacancies
    .venv/bin/python bench/shortlists.py --quick    # 20k / 50k people, 100 vacancies
"""

from __future__ import annotations

import argparse
import gc
import time
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
from timing import latency_ms

from matching.occupations import Taxonomy, load_builtin
from matching.ranking.allocation import allocate, allocate_greedy
from matching.ranking.fairness import allocation_fairness, shortlist_fairness
from matching.ranking.matcher import Matcher
from matching.records import (
    Cefr,
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
from matching.rules.gates import check_gates

TODAY = date(2026, 3, 1)
DESTINATIONS = ["PL", "DE", "IL", "EE", "FR"]
DEST_LANGUAGE = {"PL": "pl", "DE": "de", "IL": "he", "EE": "et", "FR": "fr"}
WELDING_CODES = ["135", "141", "111", "136"]


def rss_mib() -> float:
    with open("/proc/self/statm") as handle:
        pages = int(handle.read().split()[1])
    import resource

    return pages * resource.getpagesize() / 2**20


@dataclass
class Population:
    """Job seekers with what the generator knows and the matcher does not."""

    seekers: list[JobSeeker]
    true_occupation: np.ndarray  # main job: index into occupations
    true_years: np.ndarray
    second_occupation: np.ndarray  # second job, -1 for none
    second_years: np.ndarray
    occupations: list[str]


def generate_population(taxonomy: Taxonomy, n: int, seed: int) -> Population:
    """``n`` job seekers over the catalogue's occupations (Zipf-distributed demand)."""
    rng = np.random.default_rng(seed)
    occupations = sorted(taxonomy.occupations)
    weights = 1.0 / np.arange(1, len(occupations) + 1) ** 0.8
    weights = rng.permutation(weights / weights.sum())
    by_group: dict[str, list[int]] = {}
    for i, uri in enumerate(occupations):
        by_group.setdefault(taxonomy.occupations[uri].isco_group, []).append(i)
    true_occ = rng.choice(len(occupations), size=n, p=weights)
    true_years = np.round(rng.gamma(2.0, 2.0, size=n) * 2) / 2
    second = rng.random(n) < 0.4
    second_occ = rng.choice(len(occupations), size=n, p=weights)
    second_years = np.round(rng.gamma(1.5, 1.5, size=n) * 2) / 2
    noise = rng.random((n, 2))
    sibling_pick = rng.random((n, 2))
    birth = rng.integers(date(1962, 1, 1).toordinal(), date(2009, 1, 1).toordinal(), n)
    consent_ok = rng.random(n) < 0.92
    consent_yes = Consent(given=True, date=date(2025, 6, 1))
    consent_no = Consent(given=False)
    avail = rng.random(n)
    avail_day = rng.integers(date(2026, 1, 1).toordinal(), date(2026, 9, 1).toordinal(), n)
    dest_mode = rng.random(n)
    genders = list(Gender)[:3]
    regions = list(GeorgianRegion)
    gender = rng.integers(0, len(genders), n)
    region = rng.integers(0, len(regions), n)
    lang_draw = rng.random((n, 5))
    lang_level = rng.integers(1, 6, (n, 5))
    lic_draw = rng.random(n)
    cert_draw = rng.random((n, 3))
    skill_draw = rng.random(n)
    lang_codes = ["pl", "de", "he", "en", "et"]
    labels = {i: taxonomy.occupations[u].preferred_label for i, u in enumerate(occupations)}
    optional_labels = {
        i: [taxonomy.skill_label(s) for s in taxonomy.optional_skills(u)[:4]]
        for i, u in enumerate(occupations)
    }

    def item(occ: int, years: float, k: int, i: int) -> WorkExperience:
        uri = occupations[occ]
        group = taxonomy.occupations[uri].isco_group
        r = noise[i, k]
        if r < 0.10:  # coded to the unit group only
            return WorkExperience(title=labels[occ], years=years, isco_group=group)
        if r < 0.15:  # coded to a sibling occupation
            siblings = by_group[group]
            occ = siblings[int(sibling_pick[i, k] * len(siblings))]
        elif r < 0.18:  # coded to something unrelated
            occ = int(sibling_pick[i, k] * len(occupations))
        coded = occupations[occ]
        return WorkExperience(
            title=labels[occ],
            years=years,
            esco_uri=coded,
            isco_group=taxonomy.occupations[coded].isco_group,
            normalizer_score=0.9,
        )

    seekers = []
    for i in range(n):
        o = int(true_occ[i])
        items = [item(o, float(true_years[i]), 0, i)]
        if second[i]:
            items.append(item(int(second_occ[i]), float(second_years[i]), 1, i))
        group = taxonomy.occupations[occupations[o]].isco_group
        driver = group.startswith("83")
        welder = group == "7212"
        licence = None
        if driver or lic_draw[i] < 0.35:
            cats = (
                ["CE"] if driver and lic_draw[i] < 0.8 else (["C"] if lic_draw[i] < 0.1 else ["B"])
            )
            licence = DrivingLicence(
                categories=cats,
                code95=driver and lic_draw[i] < 0.5,
                valid_until=date(2030, 1, 1) if lic_draw[i] > 0.05 else date(2025, 1, 1),
            )
        certificates = []
        if welder and cert_draw[i, 0] < 0.7:
            code = WELDING_CODES[int(cert_draw[i, 1] * len(WELDING_CODES))]
            until = date(2025, 1, 1) if cert_draw[i, 2] < 0.1 else date(2028, 1, 1)
            certificates.append(Certificate(kind="welding", code=code, valid_until=until))
        if dest_mode[i] < 0.5:
            destinations: list[str] = []
        elif dest_mode[i] < 0.8:
            destinations = [DESTINATIONS[int(dest_mode[i] * 97) % 5]]
        else:
            destinations = [
                DESTINATIONS[int(dest_mode[i] * 97) % 5],
                DESTINATIONS[int(dest_mode[i] * 89) % 5],
            ]
        seekers.append(
            JobSeeker(
                external_id=f"GE-{i:07d}",
                full_name="synthetic person",
                birth_date=date.fromordinal(int(birth[i])),
                gender=genders[gender[i]],
                region=regions[region[i]],
                experience=items,
                skills=optional_labels[o][:2] if skill_draw[i] < 0.3 else [],
                languages=[
                    LanguageSkill(language=lang_codes[j], level=Cefr(int(lang_level[i, j])))
                    for j in range(5)
                    if lang_draw[i, j] < 0.3
                ],
                driving_licence=licence,
                certificates=certificates,
                destination_preferences=sorted(set(destinations)),
                available_from=date.fromordinal(int(avail_day[i])) if avail[i] < 0.4 else None,
                consent=consent_yes if consent_ok[i] else consent_no,
            )
        )
    second_occ = np.where(second, second_occ, -1)
    return Population(seekers, true_occ, true_years, second_occ, second_years, occupations)


def generate_vacancies(
    taxonomy: Taxonomy,
    population: Population,
    m: int,
    seed: int,
    *,
    top_occupations: int | None = None,
    positions: tuple[int, int] = (1, 8),
    prefix: str = "V",
) -> list[Vacancy]:
    """Vacancies for occupations people have (demand follows supply), with requirements.

    ``top_occupations`` restricts demand to the most common occupations, so that many
    vacancies compete for the same people.
    """
    rng = np.random.default_rng(seed)
    counts = np.bincount(population.true_occupation, minlength=len(population.occupations))
    if top_occupations is not None:
        counts = np.where(counts >= np.sort(counts)[-top_occupations], counts, 0)
    p = counts / counts.sum()
    out = []
    for j in range(m):
        o = int(rng.choice(len(p), p=p))
        uri = population.occupations[o]
        occ = taxonomy.occupations[uri]
        country = DESTINATIONS[int(rng.integers(0, 5))]
        driver = occ.isco_group.startswith("83")
        welder = occ.isco_group == "7212"
        languages = []
        if rng.random() < 0.5:
            languages.append(
                LanguageSkill(language=DEST_LANGUAGE[country], level=Cefr(int(rng.integers(1, 3))))
            )
        out.append(
            Vacancy(
                external_id=f"{prefix}-{j:05d}",
                destination_country=country,
                title=occ.preferred_label,
                esco_uri=uri,
                isco_group=occ.isco_group,
                min_experience_years=float(rng.choice([0, 0, 1, 2, 3])),
                required_languages=languages,
                required_driving=["CE"] if driver else [],
                requires_code95=bool(driver and rng.random() < 0.7),
                required_certificates=(
                    [Certificate(kind="welding", code="135")]
                    if welder and rng.random() < 0.6
                    else []
                ),
                positions=int(rng.integers(positions[0], positions[1] + 1)),
                season_start=TODAY + timedelta(days=int(rng.integers(30, 150))),
            )
        )
    return out


def known_qualified(
    population: Population, taxonomy: Taxonomy, vacancy: Vacancy, matcher: Matcher
) -> set[int]:
    """Rows that truly worked in the vacancy's occupation (main or second job) for at
    least its minimum years, and pass every gate."""
    o = population.occupations.index(vacancy.esco_uri)  # type: ignore[arg-type]
    minimum = vacancy.min_experience_years
    p = population
    main = (p.true_occupation == o) & (p.true_years >= minimum)
    second = (p.second_occupation == o) & (p.second_years >= minimum)
    on = vacancy.season_start or TODAY
    policy = matcher.scorer_.policy_
    out = set()
    for row in np.flatnonzero(main | second).tolist():
        if not check_gates(population.seekers[row], vacancy, on=on, policy=policy):
            out.add(row)
    return out


def quality(matcher: Matcher, population, taxonomy, vacancies, shortlists) -> tuple[float, float]:
    precision, recall = [], []
    for vac, sl in zip(vacancies, shortlists, strict=True):
        truth = known_qualified(population, taxonomy, vac, matcher)
        if not truth:
            continue
        rows = sl.rows.tolist()
        top10 = rows[:10]
        if top10:
            precision.append(sum(r in truth for r in top10) / len(top10))
        recall.append(sum(r in truth for r in rows[:50]) / min(50, len(truth)))
    return float(np.mean(precision)), float(np.mean(recall))


def build(taxonomy: Taxonomy, n: int, seed: int) -> tuple[Population, Matcher, float, float]:
    start = time.perf_counter()
    population = generate_population(taxonomy, n, seed)
    generated = time.perf_counter() - start
    before = rss_mib()
    start = time.perf_counter()
    matcher = Matcher(today=TODAY).fit(population.seekers, taxonomy)
    fitted = time.perf_counter() - start
    print(
        f"  {n:,} people: generated in {generated:.1f} s, matcher fit in {fitted:.1f} s "
        f"(+{rss_mib() - before:.0f} MiB for the arrays and profiles)"
    )
    return population, matcher, generated, fitted


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes (well under a minute)")
    parser.add_argument("--n", type=int, default=None, help="job seekers (default 100k)")
    parser.add_argument("--n-large", type=int, default=None, help="large population (1M)")
    parser.add_argument("--vacancies", type=int, default=None, help="demand list lines (500)")
    parser.add_argument("--queries", type=int, default=None, help="vacancies timed (200)")
    parser.add_argument("--brute", type=int, default=None, help="vacancies brute-forced (40)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    n = args.n or (20_000 if args.quick else 100_000)
    n_large = args.n_large or (50_000 if args.quick else 1_000_000)
    n_vac = args.vacancies or (100 if args.quick else 500)
    n_queries = args.queries or (50 if args.quick else 200)
    n_brute = args.brute or (15 if args.quick else 40)

    taxonomy = load_builtin()
    print(f"matching benchmark ({'quick' if args.quick else 'full'}), taxonomy {taxonomy.version}")
    population, matcher, _, _ = build(taxonomy, n, args.seed)
    vacancies = generate_vacancies(taxonomy, population, max(n_vac, n_queries), args.seed + 1)
    queries = vacancies[:n_queries]
    brute_set = queries[:n_brute]

    print(f"\n[quality] {len(brute_set)} vacancies, {n:,} people, against the known-qualified sets")
    fast = matcher.batch_match_vacancies(brute_set, k=50, explanations=False)
    brute = matcher.score_all(brute_set, k=50, explanations=False)
    agree = np.mean(
        [a.job_seeker_ids == b.job_seeker_ids for a, b in zip(fast, brute, strict=True)]
    )
    p_fast, r_fast = quality(matcher, population, taxonomy, brute_set, fast)
    p_brute, r_brute = quality(matcher, population, taxonomy, brute_set, brute)
    for name, a, b in (("precision@10", p_fast, p_brute), ("recall@50   ", r_fast, r_brute)):
        print(f"  {name}  matcher {a:.3f}  brute force {b:.3f}  ratio {a / b:.3f}")
    print(f"  identical shortlists: {agree:.1%}")
    considered = np.mean([s.n_considered for s in fast])
    print(f"  candidates per vacancy: {considered:,.0f} of {n:,} ({considered / n:.1%})")

    def timed_section(label: str, m: Matcher, size: int, target_ms: float) -> None:
        print(f"\n[latency] one vacancy, top-50 with explanations, {size:,} people")
        p50, p95 = latency_ms(lambda v: m.match_vacancy(v, k=50), queries)
        b50, b95 = latency_ms(lambda v: m.score_all([v], k=50), brute_set)
        print(f"  matcher      p50 {p50:7.1f} ms  p95 {p95:7.1f} ms  ({len(queries)} vacancies)")
        print(f"  brute force  p50 {b50:7.1f} ms  p95 {b95:7.1f} ms  ({len(brute_set)} vacancies)")
        verdict = "meets" if p95 <= target_ms else "MISSES"
        print(f"  speed-up at p95: {b95 / p95:.1f}x; target p95 <= {target_ms:.0f} ms: {verdict}")
        s50, s95 = latency_ms(lambda v: m.match_vacancy(v, k=50, explanations=False), queries)
        c50, c95 = latency_ms(lambda v: m.score_all([v], k=50, explanations=False), brute_set)
        print(
            f"  without explanations: matcher p50 {s50:.1f} / p95 {s95:.1f} ms, brute force"
            f" p50 {c50:.1f} / p95 {c95:.1f} ms, speed-up at p95 {c95 / s95:.1f}x"
        )

    timed_section("n", matcher, n, 100.0)

    contested = generate_vacancies(
        taxonomy,
        population,
        n_vac,
        args.seed + 3,
        top_occupations=25,
        positions=(3, 20),
        prefix="C",
    )
    for name, demand in (("supply-shaped", vacancies[:n_vac]), ("contested", contested)):
        print(f"\n[allocation] {name} demand list of {n_vac} vacancies over {n:,} people")
        optimal = allocate(matcher, demand)
        greedy = allocate_greedy(matcher, demand)
        for label, result in (("optimal", optimal), ("greedy ", greedy)):
            print(
                f"  {label}: total fit {result.total_fit:9.2f}, filled"
                f" {result.filled}/{result.positions}, {result.seconds:.1f} s"
            )
        verdict = "meets" if optimal.seconds <= 60 else "MISSES"
        print(
            f"  ratio optimal/greedy: total fit {optimal.total_fit / greedy.total_fit:.4f},"
            f" filled {optimal.filled / max(greedy.filled, 1):.4f}; target <= 60 s: {verdict}"
        )
    for label, report in (
        ("contested allocation", allocation_fairness(matcher, optimal)),
        (f"{len(fast)} shortlists", shortlist_fairness(matcher, fast)),
    ):
        flags = report.flagged
        chance = sum(r.p_value >= 0.05 for r in flags)
        print(
            f"  fairness of the {label}: {len(flags)} group(s) under four fifths"
            f" ({chance} with one-sided Fisher p >= 0.05, consistent with chance)"
        )
        for r in flags:
            print(f"    {r.attribute}={r.group}: rate ratio {r.ratio:.2f}, p={r.p_value:.2g}")

    del population, matcher, fast, brute, optimal, greedy
    gc.collect()
    large_population, large, _, _ = build(taxonomy, n_large, args.seed + 2)
    del large_population
    gc.collect()
    timed_section("n_large", large, n_large, 500.0)


if __name__ == "__main__":
    main()
