"""The generator: seeded chunks of job seekers and demand lists, with the known-qualified sets."""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from matching.occupations import Taxonomy, load_builtin
from matching.occupations.text import to_latin
from matching.records import (
    Certificate,
    DemandList,
    GeorgianRegion,
    JobSeeker,
    Vacancy,
)
from matching.synth.demand import (
    _CITIES,
    _FEE_NOTE,
    _LICENSED,
    _UNLICENSED,
    _WELD_TITLE_PROCESS,
    AD_TEMPLATES,
    AdTemplate,
)
from matching.synth.people import (
    _DEST,
    _DEST_LANGUAGE,
    _DEST_LANGUAGE_P,
    _DRIVE,
    _LANG,
    _ORIGIN_BY_REGION,
    _ORIGINS,
    _OTHER_LANGUAGE_P,
    _PN_PREFIX,
    _REGION_P,
    _REGIONS,
    AGENCIES,
    ARMENIAN_FEMALE,
    ARMENIAN_MALE,
    ARMENIAN_SURNAMES,
    AZERBAIJANI_FEMALE,
    AZERBAIJANI_MALE,
    AZERBAIJANI_SURNAMES,
    DESTINATIONS,
    DRIVING,
    GIVEN_FEMALE,
    GIVEN_MALE,
    LANGUAGES,
    SURNAMES,
    _write_like_a_person,
)
from matching.synth.trades import (
    _CERT_INDEX,
    _TRADE_INDEX,
    ADR,
    CERTIFICATES,
    CHUNK_SIZE,
    REFERENCE_DATE,
    TRADES,
    W111,
    W135,
    W136,
    W141,
    Trade,
)


# ----------------------------------------------------------------------------- the oracle
def qualifies(seeker: JobSeeker, vacancy: Vacancy) -> bool:
    """Whether ``seeker`` meets ``vacancy``'s hard requirements (see the module docstring).

    The start date is ``vacancy.season_start`` (the generator sets it on every vacancy).
    """
    start = vacancy.season_start
    if not seeker.consent.active:
        return False
    prefs = seeker.destination_preferences
    if prefs and vacancy.destination_country not in prefs:
        return False
    if start is not None and seeker.available_from is not None and seeker.available_from > start:
        return False
    in_group = [e for e in seeker.experience if e.isco_group == vacancy.isco_group]
    if not in_group or sum(e.years for e in in_group) < vacancy.min_experience_years:
        return False
    for need in vacancy.required_languages:
        level = seeker.language_level(need.language)
        if level is None or level < need.level:
            return False
    licence = seeker.driving_licence
    if vacancy.required_driving and (
        licence is None or not set(vacancy.required_driving) <= licence.categories
    ):
        return False
    if vacancy.requires_code95 and (licence is None or not licence.code95):
        return False
    return all(
        any(held.satisfies(need, on=start) for held in seeker.certificates)
        for need in vacancy.required_certificates
    )


# ----------------------------------------------------------------------------- results
@dataclass(frozen=True, slots=True)
class _Requirement:
    """A vacancy's hard requirements as array indices, for vectorised qualification."""

    vacancy_id: str
    isco_group: str
    destination: int
    start: int  # ordinal of the start date
    min_years: float
    languages: tuple[tuple[int, int], ...]
    driving: int  # bit mask
    code95: bool
    certificates: tuple[int, ...]


@dataclass
class SeekerChunk:
    """A chunk of generated job seekers and who among them qualifies for each vacancy."""

    start: int
    job_seekers: list[JobSeeker]
    qualified: dict[str, list[str]]


@dataclass
class SyntheticPopulation:
    """Job seekers, demand lists and the known-qualified candidates of every vacancy.

    Attributes:
        job_seekers: The people, in generation order.
        demand_lists: One per destination.
        qualified: Vacancy external id -> external ids of the seekers who qualify.
        seed: The seed that generated them.
        reference_date: "Today" for the population (ages, consent dates, availability).
    """

    job_seekers: list[JobSeeker]
    demand_lists: list[DemandList]
    qualified: dict[str, set[str]]
    seed: int
    reference_date: date

    @property
    def vacancies(self) -> list[Vacancy]:
        return [v for d in self.demand_lists for v in d.vacancies]


# ----------------------------------------------------------------------------- generator
class PopulationGenerator:
    """Seeded generator of job seekers and demand lists with known-qualified candidates.

    Args:
        seed: Everything generated follows from it.
        reference_date: "Today" of the population: ages, consent dates and availability
            are relative to it (fixed, so that output does not change with the clock).
        vacancies_per_country: Vacancies in each destination's demand list.
        countries: Destinations to write demand lists for.
        coded: Give each experience its true ESCO URI and ISCO group (as a coder would);
            ``False`` leaves only the titles, for the normaliser to place.

    Example:
        >>> generator = PopulationGenerator(seed=1, vacancies_per_country=3).fit()
        >>> chunk = next(generator.iter_chunks(5))
        >>> [len(chunk.job_seekers), len(generator.demand_lists_)]
        [5, 6]
    """

    def __init__(
        self,
        seed: int = 0,
        *,
        reference_date: date = REFERENCE_DATE,
        vacancies_per_country: int = 8,
        countries: Sequence[str] = DESTINATIONS,
        coded: bool = True,
    ):
        self.seed = seed
        self.reference_date = reference_date
        self.vacancies_per_country = vacancies_per_country
        self.countries = countries
        self.coded = coded

    # ------------------------------------------------------------------ fitting
    def fit(self, taxonomy: Taxonomy | None = None) -> PopulationGenerator:
        """Resolve the trades' ESCO occupations and write the demand lists.

        Args:
            taxonomy: Where the ESCO URIs, ISCO groups and skills come from; the
                built-in catalogue by default.

        Returns:
            self
        """
        taxonomy = taxonomy if taxonomy is not None else load_builtin()
        by_label = {o.preferred_label: o for o in taxonomy.occupations.values()}
        missing = [t.esco_label for t in TRADES if t.esco_label not in by_label]
        if missing:
            raise ValueError(f"the taxonomy lacks these occupations: {', '.join(missing)}")
        self.trade_uris_ = [by_label[t.esco_label].uri for t in TRADES]
        self.trade_isco_ = [by_label[t.esco_label].isco_group for t in TRADES]
        self._isco_codes = sorted(set(self.trade_isco_))
        self._trade_isco_index = np.array(
            [self._isco_codes.index(g) for g in self.trade_isco_], dtype=np.int16
        )
        self.trade_skills_ = [taxonomy.essential_skills(uri)[:12] for uri in self.trade_uris_]
        unknown = [c for c in self.countries if c not in _DEST]
        if unknown:
            raise ValueError(
                f"no ad templates for {', '.join(unknown)} ({', '.join(DESTINATIONS)})"
            )
        self.demand_lists_ = self._make_demand_lists()
        self._requirements = [self._requirement(v) for d in self.demand_lists_ for v in d.vacancies]
        return self

    def _check_fitted(self) -> None:
        if not hasattr(self, "demand_lists_"):
            raise RuntimeError("call fit() first")

    # ------------------------------------------------------------------ demand lists
    def _make_demand_lists(self) -> list[DemandList]:
        rng = random.Random(f"demand-{self.seed}")
        year = self.reference_date.year + 1
        lists = []
        for country in self.countries:
            templates = [t for t in AD_TEMPLATES if t.country == country]
            vacancies = [
                self._vacancy(templates[i % len(templates)], country, i, year, rng)
                for i in range(self.vacancies_per_country)
            ]
            lists.append(
                DemandList(
                    external_id=f"{country}-SYN{self.seed}-{year}",
                    destination_country=country,
                    source_file=f"{country.lower()}_demand_{year}.xlsx",
                    received=self.reference_date - timedelta(days=rng.randint(3, 40)),
                    vacancies=vacancies,
                )
            )
        return lists

    def _vacancy(
        self, t: AdTemplate, country: str, i: int, year: int, rng: random.Random
    ) -> Vacancy:
        trade = _TRADE_INDEX[t.trade]
        low, high, currency, period = t.wage
        step = 0.5 if period == "hour" else 50.0
        wage = round(rng.uniform(low, high) / step) * step
        city = rng.choice(_CITIES[country])
        title = rng.choice(t.titles)
        shown_wage = f"{wage:g}".replace(".", ",")
        title = title.format(city=city, wage=shown_wage, year=year)
        certificates = [Certificate(kind=k, code=c) for k, c in t.certificates]
        for index, cert in enumerate(certificates):  # the process the title names
            if cert.kind == "welding":
                for marker, process in _WELD_TITLE_PROCESS:
                    if marker in title:
                        certificates[index] = Certificate(kind="welding", code=process)
                        break
        for (kind, code), p in t.optional_certificates:
            if rng.random() < p:
                certificates.append(Certificate(kind=kind, code=code))
        if t.seasonal:
            start = date(year, rng.choice((4, 5, 6, 7, 8, 9)), rng.choice((1, 15)))
            end = start + timedelta(days=rng.choice((60, 75, 90, 120)))
            contract = round((end - start).days / 30.4, 1)
        else:
            start = self.reference_date + timedelta(days=rng.randint(45, 240))
            end = None
            contract = float(rng.choice((6, 9, 12, 12, 24)))
        licensed = rng.random() > 0.08
        agency = rng.choice(_LICENSED if licensed else _UNLICENSED)
        fee = rng.choice((1500, 2000, 500, 800)) if (not licensed or rng.random() < 0.05) else 0
        process = next((c.code for c in certificates if c.kind == "welding"), "")
        description = t.description.format(process=process)
        description = f"{description} {city}.".strip()
        if fee:
            description += " " + _FEE_NOTE[t.language].format(fee=fee)
        return Vacancy(
            external_id=f"{country}-{self.seed}-{i + 1:03d}",
            destination_country=country,
            employer=rng.choice(t.employers),
            agency=agency,
            agency_licensed=licensed,
            title=title,
            title_language=t.language,
            description=description,
            esco_uri=self.trade_uris_[trade],
            isco_group=self.trade_isco_[trade],
            required_skills=list(self.trade_skills_[trade][:3]),
            min_experience_years=rng.choice(t.experience),
            required_languages=[
                {"language": lang, "level": level} for lang, level in rng.choice(t.languages)
            ],
            required_driving=list(t.driving),
            requires_code95=t.code95,
            required_certificates=certificates,
            positions=rng.randint(*t.positions),
            wage_amount=wage,
            wage_currency=currency,
            wage_period=period,
            contract_months=contract,
            season_start=start,
            season_end=end,
            housing_provided=rng.random() < 0.8,
            worker_fee=float(fee) if fee else None,
            worker_fee_currency={"PLN": "PLN", "ILS": "ILS"}.get(currency, "EUR") if fee else None,
        )

    def _requirement(self, v: Vacancy) -> _Requirement:
        assert v.isco_group is not None and v.season_start is not None
        return _Requirement(
            vacancy_id=v.external_id,
            isco_group=v.isco_group,
            destination=_DEST[v.destination_country],
            start=v.season_start.toordinal(),
            min_years=v.min_experience_years,
            languages=tuple((_LANG[s.language], int(s.level)) for s in v.required_languages),
            driving=sum(1 << _DRIVE[c.value] for c in v.required_driving),
            code95=v.requires_code95,
            certificates=tuple(
                _CERT_INDEX[(c.kind.value, c.code)] for c in v.required_certificates
            ),
        )

    # ------------------------------------------------------------------ job seekers
    def _arrays(self, chunk: int) -> dict[str, np.ndarray]:
        """Every attribute that qualification depends on, for one whole chunk."""
        n = CHUNK_SIZE
        rng = np.random.default_rng([self.seed, chunk, 0x5EED])
        weights = np.array([t.weight for t in TRADES], dtype=float)
        trade = rng.choice(len(TRADES), size=n, p=weights / weights.sum())
        male_p = np.array([t.male_share for t in TRADES])[trade]
        male = rng.random(n) < male_p
        region = rng.choice(len(_REGIONS), size=n, p=_REGION_P)
        origin = np.empty(n, dtype=np.int8)
        for r, reg in enumerate(_REGIONS):
            where = np.flatnonzero(region == r)
            mix = _ORIGIN_BY_REGION[reg]
            p = np.array([mix.get(o, 0.0) for o in _ORIGINS])
            origin[where] = rng.choice(len(_ORIGINS), size=where.size, p=p / p.sum())
        age = (18 + rng.beta(2.0, 2.6, n) * 42.99).astype(np.int16)
        # Experience: the trade, years up to the working life; sometimes a second trade.
        working = np.maximum(age - 18, 0).astype(float)
        years1 = np.round(np.minimum(rng.gamma(2.0, 3.0, n), working + 0.5) * 2) / 2
        second = rng.random(n) < 0.3
        trade2 = rng.choice(len(TRADES), size=n, p=weights / weights.sum())
        trade2 = np.where(trade2 == trade, (trade2 + 1) % len(TRADES), trade2)
        years2 = np.round(np.minimum(rng.gamma(1.5, 1.5, n), working + 0.5) * 2) / 2
        exp_trade = np.stack([trade, np.where(second, trade2, -1)], axis=1).astype(np.int16)
        exp_years = np.stack([years1, np.where(second, years2, 0.0)], axis=1)
        # Destinations: none stated (any), or 1-3 of the trade's usual ones.
        dest_count = rng.choice(4, size=n, p=[0.15, 0.5, 0.25, 0.1])
        dest_mask = np.zeros(n, dtype=np.int16)
        pick = rng.random((n, 3))
        for t_index, t in enumerate(TRADES):
            where = np.flatnonzero(trade == t_index)
            options = np.array([_DEST[c] for c in t.destinations])
            p = 0.55 ** np.arange(len(options))
            cum = np.cumsum(p / p.sum())
            for k in range(3):
                chosen = options[np.searchsorted(cum, pick[where, k])]
                take = dest_count[where] > k
                dest_mask[where[take]] |= (1 << chosen[take]).astype(np.int16)
        # Languages (level 0 = none): native, Russian, English, destination languages.
        levels = np.zeros((n, len(LANGUAGES)), dtype=np.int8)
        azeri = origin == _ORIGINS.index("azerbaijani")
        armenian = origin == _ORIGINS.index("armenian")
        georgian = ~(azeri | armenian)
        levels[georgian, _LANG["ka"]] = 6
        levels[azeri, _LANG["az"]] = 6
        levels[armenian, _LANG["hy"]] = 6
        minority = ~georgian
        levels[minority, _LANG["ka"]] = np.where(
            rng.random(minority.sum()) < 0.7, rng.integers(1, 5, minority.sum()), 0
        )
        older = age >= 35
        ru_p = np.where(minority, 0.97, np.where(older, 0.9, 0.6))
        ru_level = np.where(
            older | minority,
            rng.choice([3, 4, 5, 6], n, p=[0.2, 0.35, 0.3, 0.15]),
            rng.choice([1, 2, 3, 4, 5], n, p=[0.15, 0.25, 0.3, 0.2, 0.1]),
        )
        levels[:, _LANG["ru"]] = np.where(rng.random(n) < ru_p, ru_level, 0)
        en_p = np.where(age < 30, 0.75, np.where(age < 45, 0.5, 0.25))
        en_level = rng.choice([1, 2, 3, 4, 5], n, p=[0.25, 0.3, 0.25, 0.15, 0.05])
        levels[:, _LANG["en"]] = np.where(rng.random(n) < en_p, en_level, 0)
        for country, code in _DEST_LANGUAGE.items():
            wants = (dest_mask & (1 << _DEST[country])) != 0
            p = np.where(wants, _DEST_LANGUAGE_P[country], _OTHER_LANGUAGE_P[country])
            level = rng.choice([1, 2, 3, 4], n, p=[0.5, 0.33, 0.13, 0.04])
            levels[:, _LANG[code]] = np.where(rng.random(n) < p, level, 0)
        # Driving licences: truck drivers hold C/CE, van drivers B (some C); others often B.
        is_truck = trade == _TRADE_INDEX["truck_driver"]
        is_van = (trade == _TRADE_INDEX["van_driver"]) | (
            trade == _TRADE_INDEX["forklift_operator"]
        )
        driving = np.where(rng.random(n) < np.where(male, 0.55, 0.3), 1 << _DRIVE["B"], 0)
        truck_cats = (1 << _DRIVE["B"]) | (1 << _DRIVE["C"]) | (1 << _DRIVE["CE"])
        truck = truck_cats | np.where(
            rng.random(n) < 0.4, (1 << _DRIVE["C1"]) | (1 << _DRIVE["C1E"]), 0
        )
        truck = np.where(rng.random(n) < 0.12, (1 << _DRIVE["B"]) | (1 << _DRIVE["C"]), truck)
        driving = np.where(is_truck, truck, driving)
        van = (1 << _DRIVE["B"]) | np.where(rng.random(n) < 0.2, 1 << _DRIVE["C"], 0)
        driving = np.where(is_van, van, driving).astype(np.int16)
        code95 = is_truck & (rng.random(n) < 0.55)
        # Certificates, with expiry: welding tests last about 2 years, ADR 5.
        held = np.zeros((n, len(CERTIFICATES)), dtype=bool)
        for t_index, t in enumerate(TRADES):
            where = trade == t_index
            for cert, p in t.certificates:
                held[:, cert] |= where & (rng.random(n) < p)
        ref = self.reference_date.toordinal()
        valid = np.zeros((n, len(CERTIFICATES)), dtype=np.int32)
        for cert in (W111, W135, W136, W141):
            valid[:, cert] = ref + rng.integers(-200, 900, n)
        valid[:, ADR] = ref + rng.integers(-100, 1800, n)
        valid = np.where(held, valid, 0)
        # Availability, consent, age.
        available = np.where(rng.random(n) < 0.1, 0, ref + rng.integers(0, 300, n))
        education = rng.choice([2, 3, 4, 5, 6], n, p=[0.1, 0.45, 0.25, 0.1, 0.1])
        consent_given = rng.random(n) < 0.93
        withdrawn = consent_given & (rng.random(n) < 0.03)
        return {
            "trade": trade.astype(np.int16),
            "male": male,
            "region": region.astype(np.int8),
            "origin": origin,
            "age": age,
            "exp_trade": exp_trade,
            "exp_isco": np.where(exp_trade >= 0, self._trade_isco_index[exp_trade], -1),
            "exp_years": exp_years,
            "dest_mask": dest_mask,
            "levels": levels,
            "driving": driving,
            "code95": code95,
            "held": held,
            "valid": valid,
            "available": available.astype(np.int64),
            "consent_given": consent_given,
            "consent_active": consent_given & ~withdrawn,
            "withdrawn": withdrawn,
            "education": education,
        }

    def _qualified(self, a: dict[str, np.ndarray], stop: int) -> dict[int, np.ndarray]:
        """Row indices (< stop) of the chunk qualifying for each requirement, vectorised."""
        base = a["consent_active"][:stop]
        dest = a["dest_mask"][:stop]
        available = a["available"][:stop]
        exp_isco = a["exp_isco"][:stop]
        exp_years = a["exp_years"][:stop]
        levels = a["levels"][:stop]
        driving = a["driving"][:stop]
        code95 = a["code95"][:stop]
        held = a["held"][:stop]
        valid = a["valid"][:stop]
        out: dict[int, np.ndarray] = {}
        for r, req in enumerate(self._requirements):
            group = (
                self._isco_codes.index(req.isco_group) if req.isco_group in self._isco_codes else -2
            )
            in_group = exp_isco == group
            years = (exp_years * in_group).sum(axis=1)
            mask = base & in_group.any(axis=1) & (years >= req.min_years)
            mask &= (dest == 0) | ((dest & (1 << req.destination)) != 0)
            mask &= (available == 0) | (available <= req.start)
            for lang, level in req.languages:
                mask &= levels[:, lang] >= level
            if req.driving:
                mask &= (driving & req.driving) == req.driving
            if req.code95:
                mask &= code95
            for cert in req.certificates:
                mask &= held[:, cert] & ((valid[:, cert] == 0) | (valid[:, cert] >= req.start))
            out[r] = np.flatnonzero(mask)
        return out

    def _records(self, chunk: int, a: dict[str, np.ndarray], stop: int) -> list[JobSeeker]:
        rng = random.Random(f"{self.seed}-{chunk}-people")
        ref = self.reference_date
        a = {key: value[:stop].tolist() for key, value in a.items()}  # numpy scalars are slow
        seekers: list[JobSeeker] = []
        for i in range(stop):
            index = chunk * CHUNK_SIZE + i
            region = _REGIONS[a["region"][i]]
            origin = _ORIGINS[a["origin"][i]]
            male = bool(a["male"][i])
            given, surname = _name(origin, male, region, rng)
            age = int(a["age"][i])
            birth = ref - timedelta(days=365 * age + rng.randint(1, 364) + age // 4)
            levels = a["levels"][i]
            languages = [
                {"language": LANGUAGES[k], "level": int(levels[k])}
                for k in range(len(LANGUAGES))
                if levels[k]
            ]
            experience = []
            for slot in range(2):
                t = int(a["exp_trade"][i][slot])
                if t < 0:
                    continue
                entry: dict[str, object] = {
                    "title": self._title(TRADES[t], origin, rng),
                    "years": float(a["exp_years"][i][slot]),
                    "country": "GE" if rng.random() < 0.8 else rng.choice(("PL", "RU", "TR", "GR")),
                }
                if self.coded:
                    entry["esco_uri"] = self.trade_uris_[t]
                    entry["isco_group"] = self.trade_isco_[t]
                experience.append(entry)
            driving = int(a["driving"][i])
            licence = None
            if driving:
                licence = {
                    "categories": [c for k, c in enumerate(DRIVING) if driving & (1 << k)],
                    "code95": bool(a["code95"][i]),
                    "valid_until": ref + timedelta(days=rng.randint(200, 3650)),
                }
            certificates = [
                {
                    "kind": CERTIFICATES[k][0],
                    "code": CERTIFICATES[k][1],
                    "valid_until": date.fromordinal(int(a["valid"][i][k]))
                    if a["valid"][i][k]
                    else None,
                }
                for k in range(len(CERTIFICATES))
                if a["held"][i][k]
            ]
            dest = int(a["dest_mask"][i])
            consent: dict[str, object] = {"given": bool(a["consent_given"][i])}
            if consent["given"]:
                consent["date"] = ref - timedelta(days=rng.randint(20, 500))
                if a["withdrawn"][i]:
                    consent["withdrawn"] = ref - timedelta(days=rng.randint(1, 19))
            skills = self.trade_skills_[int(a["trade"][i])]
            seekers.append(
                JobSeeker.model_validate(
                    {
                        "external_id": f"GE{self.seed}-{index:07d}",
                        "full_name": f"{given} {surname}",
                        "personal_number": _PN_PREFIX[region]
                        + f"{(index * 7919 + 104_729 + self.seed * 15_485_863) % 10**9:09d}",
                        "birth_date": birth,
                        "gender": "male" if male else "female",
                        "region": region.value,
                        "phone": f"+995 5{rng.randint(10, 99)} {rng.randint(10, 99)} "
                        f"{rng.randint(10, 99)} {rng.randint(10, 99)}",
                        "email": _email(given, surname, birth, rng)
                        if rng.random() < 0.35
                        else None,
                        "agency": rng.choice(AGENCIES) if rng.random() < 0.88 else None,
                        "experience": experience,
                        "skills": rng.sample(skills, k=min(len(skills), rng.randint(1, 3)))
                        if skills and rng.random() < 0.3
                        else [],
                        "education_isced": a["education"][i],
                        "languages": languages,
                        "driving_licence": licence,
                        "certificates": certificates,
                        "destination_preferences": [
                            c for k, c in enumerate(DESTINATIONS) if dest & (1 << k)
                        ],
                        "available_from": date.fromordinal(int(a["available"][i]))
                        if a["available"][i]
                        else None,
                        "migration_history": _migration(dest, rng, ref),
                        "consent": consent,
                    }
                )
            )
        return seekers

    @staticmethod
    def _title(trade: Trade, origin: str, rng: random.Random) -> str:
        roll = rng.random()
        russian_share = 0.5 if origin in ("azerbaijani", "armenian") else 0.25
        if roll < russian_share:
            pool = trade.ru
        elif roll < russian_share + 0.25:
            pool = trade.latin
        else:
            pool = trade.ka
        return _write_like_a_person(rng.choice(pool), rng)

    # ------------------------------------------------------------------ public
    def iter_chunks(self, n: int) -> Iterator[SeekerChunk]:
        """The first ``n`` job seekers, :data:`CHUNK_SIZE` at a time, with who qualifies."""
        self._check_fitted()
        for chunk in range((n + CHUNK_SIZE - 1) // CHUNK_SIZE):
            stop = min(CHUNK_SIZE, n - chunk * CHUNK_SIZE)
            arrays = self._arrays(chunk)
            seekers = self._records(chunk, arrays, stop)
            qualified = {
                self._requirements[r].vacancy_id: [seekers[i].external_id for i in rows]
                for r, rows in self._qualified(arrays, stop).items()
            }
            yield SeekerChunk(chunk * CHUNK_SIZE, seekers, qualified)

    def generate(self, n: int) -> SyntheticPopulation:
        """``n`` job seekers, the demand lists and the qualified sets, all in memory."""
        seekers: list[JobSeeker] = []
        qualified: dict[str, set[str]] = {r.vacancy_id: set() for r in self._requirements}
        for chunk in self.iter_chunks(n):
            seekers.extend(chunk.job_seekers)
            for vacancy_id, ids in chunk.qualified.items():
                qualified[vacancy_id].update(ids)
        return SyntheticPopulation(
            seekers, list(self.demand_lists_), qualified, self.seed, self.reference_date
        )


def _name(origin: str, male: bool, region: GeorgianRegion, rng: random.Random) -> tuple[str, str]:
    if origin == "azerbaijani":
        given = rng.choice(AZERBAIJANI_MALE if male else AZERBAIJANI_FEMALE)
        return given, rng.choice(AZERBAIJANI_SURNAMES) + ("ი" if male else "ა")
    if origin == "armenian":
        return rng.choice(ARMENIAN_MALE if male else ARMENIAN_FEMALE), rng.choice(ARMENIAN_SURNAMES)
    return rng.choice(GIVEN_MALE if male else GIVEN_FEMALE), rng.choice(SURNAMES[origin])


def _email(given: str, surname: str, birth: date, rng: random.Random) -> str:
    latin = [to_latin(part).replace("'", "") for part in (given, surname)]
    domain = rng.choice(("gmail.com", "gmail.com", "mail.ru", "yahoo.com", "posta.ge"))
    return f"{latin[0]}.{latin[1]}{birth.year % 100:02d}@{domain}"


_ABROAD = ("PL", "DE", "IL", "GR", "TR", "RU", "IT")


def _migration(dest: int, rng: random.Random, ref: date) -> list[dict[str, object]]:
    if rng.random() > 0.22:
        return []
    episodes = []
    for _ in range(rng.choice((1, 1, 2))):
        wanted = [c for k, c in enumerate(DESTINATIONS) if dest & (1 << k)]
        country = rng.choice(wanted) if wanted and rng.random() < 0.5 else rng.choice(_ABROAD)
        start = ref - timedelta(days=rng.randint(200, 3000))
        end = min(start + timedelta(days=rng.randint(60, 700)), ref - timedelta(days=30))
        scheme = {"DE": "seasonal", "IL": "bilateral", "PL": "work permit"}.get(country)
        episode: dict[str, object] = {"country": country, "start": start, "end": end}
        if scheme and rng.random() < 0.5:
            episode["scheme"] = scheme
        episodes.append(episode)
    return episodes
