"""Gates and scores of one vacancy over many people at once, on the population's arrays.

:func:`evaluate` is :meth:`~matching.rules.scoring.PairScorer.assess` vectorised over rows
of a :class:`~matching.ranking.population.Population`: the experience items' occupation
tiers and levels, the skill, experience and language scores, and every gate (hard or
closable). The :class:`~matching.ranking.matcher.Matcher` builds shortlists from its
result; :mod:`matching.ranking.exclusions` counts who each gate excludes with it.
"""

from __future__ import annotations

import numpy as np

from matching.ranking.population import Population
from matching.ranking.results import _Scored
from matching.rules.gates import CATEGORY_BIT, HOME_COUNTRY, certificate_name
from matching.rules.scoring import (
    LEVEL_MINOR,
    LEVEL_RELATED,
    LEVEL_SAME,
    LEVEL_SUB_MAJOR,
    LEVEL_UNIT,
    YEARS_FLOOR,
    YEARS_FULL,
    PairScorer,
    VacancyProfile,
    combine,
)


def item_tiers(
    population: Population,
    vp: VacancyProfile,
    isco: np.ndarray,
    occ: np.ndarray,
    min_isco_depth: int,
) -> tuple[np.ndarray, np.ndarray]:
    """Per experience item: whether it qualifies, and whether it is a related trade
    (PairScorer.item_fit on arrays)."""
    n = len(isco)
    if not vp.coded:
        return np.zeros(n, bool), np.zeros(n, bool)
    code = int(vp.isco_group)  # type: ignore[arg-type]
    known = isco >= 0
    depth = np.zeros(n, np.int8)
    for d in (1, 2, 3, 4):
        span = 10 ** (4 - d)
        depth = np.where(known & (isco // span == code // span), d, depth)
    index = population.occ_index
    if vp.occupation_uri is not None:
        same = occ == index.get(vp.occupation_uri, -2)
        close = occ_ids(population, vp.close)
        # an item coded only to the unit group is broader than the vacancy's occupation;
        # broader, narrower and unit-group occupations qualify on shared skills alike
        shares = (occ < 0) | (np.isin(occ, close) if len(close) else False)
        qualifies = same | ((depth == 4) & shares)
    else:
        qualifies = depth == 4
    if vp.widening is not None:
        qualifies = qualifies | (depth >= vp.widening[1])
    related_trade = ~qualifies & (depth >= min_isco_depth)
    return qualifies, related_trade


def occ_ids(population: Population, uris: frozenset[str]) -> np.ndarray:
    """The occupation indexes of ``uris`` known to ``population``, sorted."""
    index = population.occ_index
    return np.asarray(sorted(index[u] for u in uris if u in index), np.int32)


def item_levels(
    population: Population,
    vp: VacancyProfile,
    isco: np.ndarray,
    occ: np.ndarray,
    qualifies: np.ndarray,
) -> np.ndarray:
    """Per experience item: its occupation level (PairScorer.item_fit's second part)."""
    if not vp.coded:
        return np.zeros(len(isco))
    code = int(vp.isco_group)  # type: ignore[arg-type]
    known = isco >= 0
    d3 = known & (isco // 10 == code // 10)
    d2 = known & (isco // 100 == code // 100)
    level = np.where(d3, LEVEL_MINOR, np.where(d2, LEVEL_SUB_MAJOR, 0.0))
    level = np.where(qualifies, LEVEL_UNIT, level)
    if vp.occupation_uri is not None:
        related = occ_ids(population, vp.related & vp.close)
        if len(related):
            level = np.where(np.isin(occ, related), LEVEL_RELATED, level)
        level = np.where(occ == population.occ_index.get(vp.occupation_uri, -2), LEVEL_SAME, level)
    else:
        level = np.where(known & (isco == code), LEVEL_SAME, level)
    return level


def evaluate(
    population: Population,
    scorer: PairScorer,
    vp: VacancyProfile,
    rows: np.ndarray,
    similarity: np.ndarray | None,
    *,
    embedding_weight: float,
    text_threshold: float,
    min_isco_depth: int,
    masks: dict[tuple[str, tuple], np.ndarray] | None = None,
) -> _Scored:
    """Gates and scores of ``vp`` for ``rows``: PairScorer.assess, on arrays.

    ``similarity`` is each row's text cosine to the vacancy (with an encoder), else ``None``.

    With ``masks``, each requirement's failures are recorded in it by requirement
    (``("language", (("language", "pl"), ("required", "A2")))`` → rows short of it),
    for counting who each gate excludes (:mod:`matching.ranking.exclusions`).
    """

    def note(key: str, values: tuple, failed: np.ndarray) -> np.ndarray:
        if masks is not None:
            masks[(key, values)] = masks.get((key, values), False) | failed
        return failed

    w = scorer.weights_
    policy = scorer.policy_
    vacancy = vp.vacancy
    m = len(rows)
    # --- experience items of these rows
    starts = population.item_ptr[rows]
    lens = population.item_ptr[rows + 1] - starts
    n_items = int(lens.sum())
    group = np.repeat(np.arange(m), lens)
    offsets = np.cumsum(lens) - lens
    items = np.arange(n_items) - np.repeat(offsets, lens) + np.repeat(starts, lens)
    isco = population.item_isco[items]
    occ = population.item_occ[items]
    years = population.item_years[items]
    qualifies, related_trade = item_tiers(population, vp, isco, occ, min_isco_depth)
    level = item_levels(population, vp, isco, occ, qualifies)
    value = level * (YEARS_FLOOR + (1.0 - YEARS_FLOOR) * np.minimum(years, YEARS_FULL) / YEARS_FULL)
    best = np.zeros(m)
    np.maximum.at(best, group, value)
    relevant = np.bincount(group, weights=years * qualifies, minlength=m)
    plausible = np.bincount(group, weights=qualifies, minlength=m) > 0
    related = np.bincount(group, weights=related_trade, minlength=m) > 0
    if not vp.coded:
        plausible = np.ones(m, bool)
    related &= ~plausible
    occupation = best
    if similarity is not None:
        sim = np.clip(similarity, 0.0, 1.0)
        occupation = (1.0 - embedding_weight) * best + embedding_weight * sim
        placed = np.bincount(group, weights=isco >= 0, minlength=m) > 0
        plausible = plausible | ((similarity >= text_threshold) & ~placed)
        related &= ~plausible
    # --- skills: on the distinct skill profiles of these rows
    total_weight = sum(vp.skill_weights.values())
    if total_weight:
        wvec = np.zeros(population.skill_matrix.shape[1])
        for s, ws in vp.skill_weights.items():
            col = population.skill_col.get(s)
            if col is not None:
                wvec[col] = ws
        pids = population.profile_id[rows]
        if m > population.skill_matrix.shape[0] // 4:
            skills = (population.skill_matrix @ wvec)[pids] / total_weight
        else:
            uniq, inverse = np.unique(pids, return_inverse=True)
            skills = (population.skill_matrix[uniq] @ wvec)[inverse] / total_weight
    else:
        skills = np.ones(m)
    minimum = vacancy.min_experience_years
    experience = np.minimum(1.0, relevant / max(minimum, 1.0))
    # --- languages
    hard = np.zeros(m, bool)
    closable = np.zeros(m, np.int64)  # closable gaps per row
    credits = np.zeros(m)
    for req in vacancy.required_languages:
        col = population.language_index.get(req.language)
        held = (
            population.languages[rows, col].astype(np.int64)
            if col is not None
            else np.zeros(m, np.int64)
        )
        need = int(req.level)
        credits = credits + np.where(held >= need, 1.0, np.where(held == need - 1, 0.5, 0.0))
        short = note(
            "language", (("language", req.language), ("required", req.level.name)), held < need
        )
        near_enough = need - held <= policy.language_levels_closable
        closable += short & near_enough
        hard |= short & ~near_enough
    language = (
        credits / len(vacancy.required_languages) if vacancy.required_languages else np.ones(m)
    )
    total = combine(w, occupation, skills, experience, language)
    # --- gates
    on = vp.on
    day = on.toordinal()
    hard |= note("consent", (), ~population.consent[rows])
    by = population.birth_year[rows]
    age = on.year - by - ((on.month * 100 + on.day) < population.birth_md[rows])
    minimum_age = max(policy.minimum_age, vacancy.min_age or 0)
    hard |= note("age_unknown", (), by == 0)
    hard |= note("age_minimum", (("minimum", minimum_age),), (by != 0) & (age < minimum_age))
    if vacancy.max_age is not None:
        maximum = (("maximum", vacancy.max_age),)
        hard |= note("age_maximum", maximum, (by != 0) & (age > vacancy.max_age))
    available = population.available[rows]
    late = available > day
    in_slack = available - day <= policy.availability_slack_days
    if vacancy.season_end is not None:
        in_slack &= available <= vacancy.season_end.toordinal()
    note("availability", (("on", on.isoformat()),), late)
    hard |= late & ~in_slack
    closable += late & in_slack
    if vacancy.season_end is not None:  # the person must stay until the season ends
        end = vacancy.season_end
        hard |= note(
            "availability_until",
            (("end", end.isoformat()),),
            population.available_until[rows] < end.toordinal(),
        )
    dest = population.destinations[rows]
    bit = population.country_index.get(vacancy.destination_country)
    allowed = np.uint64(0) if bit is None else np.uint64(1 << bit)
    wrong_country = (dest != 0) & ((dest & allowed) == 0)
    if vacancy.destination_country == HOME_COUNTRY:  # returnees may always work at home
        wrong_country &= ~population.returnee[rows]
    hard |= note("destination", (("destination", vacancy.destination_country),), wrong_country)
    if vacancy.required_driving:
        need_mask = 0
        for c in vacancy.required_driving:
            need_mask |= CATEGORY_BIT[c]
        valid = population.licence_until[rows] >= day
        covers = (population.licence_mask[rows] & need_mask) == need_mask
        required = ", ".join(c.value for c in vacancy.required_driving)
        hard |= note("driving", (("missing", required),), ~(valid & covers))
    if vacancy.requires_code95:
        closable += note("code95", (), population.code95_until[rows] < day)
    for req in vacancy.required_certificates:
        cols = [
            i
            for i, (kind, code) in enumerate(population.cert_types)
            if kind is req.kind and (req.code is None or code == req.code)
        ]
        if cols:
            held_until = population.cert_until[np.ix_(rows, cols)].max(axis=1)
            lacking = held_until < day
        else:
            lacking = np.ones(m, bool)
        closable += note("certificate", (("certificate", certificate_name(req)),), lacking)
    # a related trade is listed for retraining whatever its years in the trade
    hard_but_experience = hard.copy()
    if minimum > 0 and vp.coded:
        short = note("experience", (("minimum", minimum),), relevant < minimum - 1e-9)
        slack = policy.experience_slack(minimum)
        near_enough = minimum - relevant <= slack + 1e-9
        closable += short & near_enough
        hard |= short & ~near_enough
    return _Scored(
        rows=rows,
        occupation=occupation,
        skills=skills,
        experience=experience,
        language=language,
        total=total,
        similarity=similarity,
        plausible=plausible,
        related=related,
        hard_fail=hard,
        closable_fail=closable,
        hard_but_experience=hard_but_experience,
    )
