"""Scoring one (job seeker, vacancy) pair from reported components, each in [0, 1].

Components:

* **occupation** — how close the person's experience is to the vacancy's occupation, in
  the tiers a coordinator signs (:class:`OccupationFit`): the same ESCO occupation (1.0)
  > a broader or narrower ESCO occupation (0.85) > another occupation of the same ISCO
  unit group (0.7), these two only when the person's occupation has at least
  ``skill_share`` of the vacancy occupation's essential skills as essential skills of
  its own (ESCO's hierarchy proposes, the skills decide: ESCO files *pipe welder*, a
  pipefitter sharing one of 29 essential skills, under *welder*). An experience item
  coded only to the vacancy's ISCO unit group counts as broader (0.7). Those *qualify*.
  Anything farther — the rest of the unit group, the minor group (0.45), the sub-major
  group (0.2) — is a
  *related trade*: never on the shortlist, listed apart with what it shares and what
  retraining it needs. A scheme may widen what qualifies (``scheme_widening``: seasonal
  farm work takes any agricultural labourer), and says so in the explanation. Each
  experience item's level is scaled by its years (``0.7 + 0.3·min(years, 5)/5``) and the
  best item counts. With an encoder, the cosine of the person's experience text to the
  vacancy text is blended in.
* **skills** — the share of the vacancy's skill weight the person covers: essential
  ESCO skills of the vacancy's occupation weigh 2, optional ones 1. A skill the person
  declared (a free-text skill in any language, mapped to ESCO by
  :class:`~matching.skills.SkillMapper`) counts in full; one only inferred from an
  occupation they worked in (its essential skills) counts ``inferred_skill_credit``
  (0.5 by default), so "has every essential skill" is never read off a job title alone.
* **experience** — years in experience items that qualify (the tiers above), against
  the minimum (at least one year); years in a related trade do not count.
* **language** — per required language, 1 at or above the level, 0.5 one level below,
  0 further below; the mean over required languages (1 when none is required).

The total is the weighted mean with weights from :class:`~matching.config.Settings`.
Gender, name, region and age are never read here.

:class:`PairScorer` is the readable reference implementation; the
:class:`~matching.ranking.Matcher` computes the same numbers on numpy arrays and is
tested against it.

Example:
    >>> from matching.occupations import load_builtin
    >>> from matching.records import JobSeeker, Vacancy, WorkExperience
    >>> welder = "http://data.europa.eu/esco/occupation/7aedaa07-3884-4c5b-88f9-80997b2aa54b"
    >>> scorer = PairScorer().fit(load_builtin())
    >>> seeker = JobSeeker(external_id="GE-1", full_name="გიორგი", experience=[
    ...     WorkExperience(title="შემდუღებელი", years=6, esco_uri=welder, isco_group="7212")])
    >>> vacancy = Vacancy(external_id="PL-1", destination_country="PL", title="spawacz",
    ...                   esco_uri=welder, isco_group="7212")
    >>> a = scorer.assess(scorer.profile_seeker(seeker), scorer.profile_vacancy(vacancy))
    >>> (a.components.occupation, a.relevant_years)
    (1.0, 6.0)
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum

from matching.config import Settings
from matching.errors import InvalidInputError, NotFittedError
from matching.occupations.taxonomy import (
    ISCO_URI_PREFIX,
    SKILL_URI_PREFIX,
    Taxonomy,
)
from matching.records import JobSeeker, Vacancy
from matching.rules.experience import ExperienceItem, migration_items, seeker_text
from matching.rules.fit import FitRule
from matching.rules.gates import GateFailure, GatePolicy, check_gates, reference_date
from matching.skills import SkillMapper, split_skill_text

# Occupation-fit levels. ``LEVEL_MINOR * YEARS_FLOOR`` must stay above ``LEVEL_SUB_MAJOR``
# so that, for anyone with an item in the vacancy's minor group, the best item is in that
# group: the matcher then only needs the items it retrieved by ISCO code.
LEVEL_SAME = 1.0
LEVEL_RELATED = 0.85
LEVEL_UNIT = 0.7
LEVEL_MINOR = 0.45
LEVEL_SUB_MAJOR = 0.2
YEARS_FLOOR = 0.7
YEARS_FULL = 5.0
ESSENTIAL_WEIGHT = 2.0
OPTIONAL_WEIGHT = 1.0
assert LEVEL_MINOR * YEARS_FLOOR > LEVEL_SUB_MAJOR
# A qualifying item always beats a related trade's, whatever the years.
assert LEVEL_UNIT * YEARS_FLOOR > LEVEL_MINOR

# Share of a vacancy occupation's essential ESCO skills that another occupation (broader,
# narrower or of the same ISCO unit group) must hold as essential skills of its own to
# qualify. Measured on the judged set (bench/judgement.py --sweep, steps of 0.05): every
# threshold from 0.45 to 0.65 gives the same lists there, the best (plasterer vs ceiling
# installer 0.40, electrician vs building electrician 0.78, vs domestic electrician 0.68);
# 0.5 is the middle of that plateau and reads as "most of the essential skills".
SKILL_SHARE = 0.5

# Schemes that widen what qualifies: a vacancy whose ISCO code starts with the key takes
# anyone with experience sharing the given number of ISCO digits with it. Seasonal farm
# schemes (ISCO 921, agricultural labourers) take any agricultural labourer: crop, fruit,
# vineyard and livestock hands are interchangeable at harvest.
SCHEME_WIDENING: dict[str, int] = {"921": 3}


class OccupationFit(StrEnum):
    """How an experience item stands to a vacancy's occupation, nearest first."""

    SAME = "same occupation"
    BROADER_NARROWER = "broader or narrower occupation"
    SHARED_SKILLS = "same unit group, shares most essential skills"
    SCHEME = "widened by the scheme"
    RELATED_TRADE = "related trade"
    NONE = "unrelated"

    @property
    def qualifies(self) -> bool:
        return self in _QUALIFYING


_QUALIFYING = frozenset(
    {
        OccupationFit.SAME,
        OccupationFit.BROADER_NARROWER,
        OccupationFit.SHARED_SKILLS,
        OccupationFit.SCHEME,
    }
)


def years_factor(years: float) -> float:
    """Scale of an experience item's level by its years: 0.7 at none, 1.0 from 5 years."""
    return YEARS_FLOOR + (1.0 - YEARS_FLOOR) * min(years, YEARS_FULL) / YEARS_FULL


def language_credit(held: int, required: int) -> float:
    """1 at or above the required CEFR level, 0.5 one level below, 0 further below."""
    if held >= required:
        return 1.0
    return 0.5 if held == required - 1 else 0.0


@dataclass(frozen=True, slots=True)
class Weights:
    """Weights of the four components in the total (a weighted mean)."""

    occupation: float = 0.45
    skills: float = 0.25
    experience: float = 0.15
    language: float = 0.15

    @classmethod
    def from_settings(cls, settings: Settings) -> Weights:
        return cls(
            settings.weight_occupation,
            settings.weight_skills,
            settings.weight_experience,
            settings.weight_language,
        )

    @property
    def total(self) -> float:
        return self.occupation + self.skills + self.experience + self.language


@dataclass(frozen=True, slots=True)
class ScoreComponents:
    """The reported parts of a pair's score, each in [0, 1], and their weighted mean.

    Attributes:
        occupation: Occupation fit (taxonomy, blended with text similarity if any).
        skills: Share of the vacancy's skill weight the person covers.
        experience: Relevant years against the minimum.
        language: Mean credit over required languages.
        total: Weighted mean of the four.
        text_similarity: Cosine of experience text to vacancy text, when an encoder is used.
    """

    occupation: float
    skills: float
    experience: float
    language: float
    total: float
    text_similarity: float | None = None


def combine(
    weights: Weights, occupation: float, skills: float, experience: float, language: float
) -> float:
    """The weighted mean; the matcher evaluates the same expression on arrays."""
    return (
        weights.occupation * occupation
        + weights.skills * skills
        + weights.experience * experience
        + weights.language * language
    ) / weights.total


@dataclass(frozen=True, slots=True)
class SeekerProfile:
    """What the scorer needs from a job seeker, resolved once.

    Attributes:
        skills: Every ESCO skill the person holds: declared or inferred.
        declared_skills: Those the person listed themselves (mapped from free text).
    """

    seeker: JobSeeker
    items: tuple[ExperienceItem, ...]
    skills: frozenset[str]
    text: str
    declared_skills: frozenset[str] = frozenset()

    @property
    def inferred_skills(self) -> frozenset[str]:
        """Skills only inferred from the occupations the person worked in."""
        return self.skills - self.declared_skills


@dataclass(frozen=True, slots=True)
class VacancyProfile:
    """What the scorer needs from a vacancy, resolved once.

    Attributes:
        occupation_uri: The vacancy's ESCO occupation, or ``None`` (ISCO-only or uncoded).
        isco_group: Its ISCO unit group, or ``None`` when uncoded.
        related: ESCO occupations broader or narrower than ``occupation_uri``.
        close: Other occupations of its unit group sharing most of its essential skills.
        widening: The scheme rule that widens what qualifies, (ISCO prefix, depth), if any.
        skill_weights: Skill URI → weight (2 essential, 1 optional).
        on: The day gates are checked on (season start, else today).
        text: Text the encoder embeds: the occupation's label (so a gendered title changes
            nothing), else the title, plus the description.
    """

    vacancy: Vacancy
    occupation_uri: str | None
    isco_group: str | None
    occupation_label: str
    related: frozenset[str]
    skill_weights: dict[str, float]
    on: date
    text: str
    close: frozenset[str] = frozenset()
    widening: tuple[str, int] | None = None
    asked_skills: frozenset[str] = frozenset()  # named in the vacancy's own skill columns
    # Each skill's place in the order missing skills are reported in (see rank_missing).
    skill_rank: dict[str, int] = field(default_factory=dict)

    @property
    def coded(self) -> bool:
        return self.isco_group is not None

    @property
    def essential_skills(self) -> tuple[str, ...]:
        return tuple(s for s, w in self.skill_weights.items() if w >= ESSENTIAL_WEIGHT)


@dataclass(frozen=True, slots=True)
class Assessment:
    """Everything known about one pair: components, gate failures and the evidence.

    Attributes:
        components: The score's parts and total.
        failures: Gates failed (empty: qualified).
        plausible: Whether an experience item qualifies for the vacancy's occupation
            (:class:`OccupationFit`): only then can the person be shortlisted or a near miss.
        relevant_years: Years counted towards the vacancy's occupation.
        best_item: The experience item that gave the occupation fit.
        best_level: That item's level (1.0 same occupation ... 0.2 sub-major group).
        matched_skills: Vacancy skills the person holds (URIs), heaviest first.
        missing_skills: Vacancy skills the person lacks (URIs), most relevant first:
            those the vacancy names itself, then essential before optional, then the
            most specific to the occupation (linked to the fewest ESCO occupations).
        declared_skill_share: Share of the vacancy's skill weight the person declared.
        inferred_skill_share: Share held only by inference from an occupation (it
            counts ``inferred_skill_credit`` in the skills component).
        fit: The tier of ``best_item``.
        related_trade: Not plausible, but in a related trade (the ISCO minor group or
            nearer, ``min_isco_depth``): listed apart, never shortlisted.
        max_closable_gaps: More closable failures than this make no near miss (the
            policy's ``max_closable_gaps``).
    """

    components: ScoreComponents
    failures: tuple[GateFailure, ...]
    plausible: bool
    relevant_years: float
    best_item: ExperienceItem | None
    best_level: float
    matched_skills: tuple[str, ...] = field(default=())
    missing_skills: tuple[str, ...] = field(default=())
    fit: OccupationFit = OccupationFit.NONE
    related_trade: bool = False
    max_closable_gaps: int = 2  # GatePolicy's default
    declared_skill_share: float = 0.0
    inferred_skill_share: float = 0.0

    @property
    def qualified(self) -> bool:
        return not self.failures

    @property
    def near_miss(self) -> bool:
        return 0 < len(self.failures) <= self.max_closable_gaps and all(
            f.closable for f in self.failures
        )


class PairScorer:
    """Scores and gates single pairs: the reference the matcher is tested against.

    Args:
        weights: Component weights; ``Weights()`` defaults (those of ``Settings``).
        policy: Gate strictness.
        embedding_weight: Share of text similarity in the occupation component when a
            similarity is passed to :meth:`assess`.
        min_isco_depth: ISCO levels an experience item that does not qualify must share
            with the vacancy to be listed as a related trade (3: same minor group).
        text_threshold: With an encoder, a person with no coded experience whose
            experience text has at least this cosine to the vacancy text is considered too.
        skill_score_cutoff: Least score of a free-text skill's ESCO match (see
            :class:`~matching.skills.SkillMapper`).
        inferred_skill_credit: What a skill only inferred from an occupation counts,
            against 1 for a declared one.
        skill_mapper: A :class:`~matching.skills.SkillMapper` (fitted or not) to map
            free-text skills with, e.g. one with an encoder; a lexical one by default.
        skill_share: Share of the vacancy occupation's essential skills another occupation
            of its ISCO unit group must have as essential skills to qualify.
        scheme_widening: ISCO prefix of a vacancy → ISCO digits an item must share with it
            to qualify (:data:`SCHEME_WIDENING` by default; ``{}`` widens nothing).

    Example:
        >>> from matching.occupations import load_builtin
        >>> scorer = PairScorer(weights=Weights(1, 1, 1, 1)).fit(load_builtin())
        >>> scorer.weights.total
        4
    """

    def __init__(
        self,
        *,
        weights: Weights | None = None,
        policy: GatePolicy | None = None,
        embedding_weight: float = 0.2,
        min_isco_depth: int = 3,
        text_threshold: float = 0.5,
        skill_score_cutoff: float = 0.5,
        inferred_skill_credit: float = 0.5,
        skill_mapper: SkillMapper | None = None,
        skill_share: float = SKILL_SHARE,
        scheme_widening: Mapping[str, int] | None = None,
    ):
        self.weights = weights
        self.policy = policy
        self.embedding_weight = embedding_weight
        self.min_isco_depth = min_isco_depth
        self.text_threshold = text_threshold
        self.skill_score_cutoff = skill_score_cutoff
        self.inferred_skill_credit = inferred_skill_credit
        self.skill_mapper = skill_mapper
        self.skill_share = skill_share
        self.scheme_widening = scheme_widening

    @classmethod
    def from_settings(cls, settings: Settings, **kwargs: object) -> PairScorer:
        """A scorer with the weights, minimum age, skill credit and occupation-fit rules
        of ``settings``."""
        options: dict[str, object] = {
            "skill_share": settings.occupation_skill_share,
            "scheme_widening": settings.scheme_widening,
            "inferred_skill_credit": settings.inferred_skill_credit,
            **kwargs,
        }
        return cls(
            weights=Weights.from_settings(settings),
            policy=GatePolicy.from_settings(settings),
            **options,  # type: ignore[arg-type]
        )

    # ------------------------------------------------------------------ fitting
    def fit(self, taxonomy: Taxonomy) -> PairScorer:
        """Index the taxonomy's skills and occupation relations; returns ``self``."""
        if not 1 <= self.min_isco_depth <= 4:
            raise InvalidInputError("min_isco_depth must be 1..4")
        self.taxonomy_ = taxonomy
        self.weights_ = self.weights or Weights()
        if self.weights_.total <= 0:
            raise InvalidInputError("component weights sum to zero")
        self.policy_ = self.policy or GatePolicy()
        if not 0.0 <= self.inferred_skill_credit <= 1.0:
            raise InvalidInputError("inferred_skill_credit must be in [0, 1]")
        self.skill_mapper_: SkillMapper | None = None  # fitted on the first free-text skill
        self.skill_cache_: dict[str, str | None] = {}
        links: Counter[str] = Counter()
        for occ in taxonomy.occupations:
            links.update(set(taxonomy.essential_skills(occ)) | set(taxonomy.optional_skills(occ)))
        self.skill_occupations_ = links
        narrower: dict[str, set[str]] = {}
        for occ in taxonomy.occupations.values():
            for broader in taxonomy.broader_chain(occ.uri)[1:]:
                narrower.setdefault(broader, set()).add(occ.uri)
        self.narrower_ = {k: frozenset(v) for k, v in narrower.items()}
        self.group_skills_: dict[str, tuple[frozenset[str], frozenset[str]]] = {}
        self.widening_ = dict(
            SCHEME_WIDENING if self.scheme_widening is None else self.scheme_widening
        )
        for prefix, depth in self.widening_.items():
            if not (prefix.isdigit() and 1 <= depth <= 4):
                raise ValueError(f"scheme widening {prefix!r}: {depth} is not an ISCO depth 1..4")
        self.close_: dict[str, frozenset[str]] = {}
        return self

    def skill_share_of(self, skills: Iterable[str], occupation_uri: str) -> float:
        """Share of ``occupation_uri``'s essential skills that are among ``skills``."""
        needed = set(self.taxonomy_.essential_skills(occupation_uri))
        return len(needed & set(skills)) / len(needed) if needed else 0.0

    def close_occupations(self, occupation_uri: str) -> frozenset[str]:
        """Occupations of ``occupation_uri``'s unit group that hold at least ``skill_share``
        of its essential skills as essential skills of their own (not itself)."""
        if occupation_uri not in self.close_:
            occupation = self.taxonomy_.occupations[occupation_uri]
            close = frozenset(
                o
                for o in self.taxonomy_.occupations_in_group(occupation.isco_group)
                if o != occupation_uri
                and self.skill_share_of(self.taxonomy_.essential_skills(o), occupation_uri)
                >= self.skill_share - 1e-12
            )
            self.close_[occupation_uri] = close
        return self.close_[occupation_uri]

    def widening(self, isco_group: str | None) -> tuple[str, int] | None:
        """The scheme rule that widens a vacancy of ``isco_group``: (prefix, depth)."""
        if isco_group is None:
            return None
        found = [(p, d) for p, d in self.widening_.items() if isco_group.startswith(p)]
        return max(found, key=lambda t: len(t[0])) if found else None

    def _check_fitted(self) -> None:
        if not hasattr(self, "taxonomy_"):
            raise NotFittedError("call fit(taxonomy) first")

    def lookup_skill(self, text: str) -> str | None:
        """The ESCO skill one free-text skill (or a skill URI) names, or ``None``."""
        if text.startswith(SKILL_URI_PREFIX):
            return text if text in self.taxonomy_.skills else None
        if text not in self.skill_cache_:
            self._map_parts([text])
        return self.skill_cache_[text]

    def prepare_skills(self, texts: Iterable[str]) -> None:
        """Map many free-text skill items at once (a batch is several times faster than
        one text at a time); later look-ups of them are answered from the cache."""
        parts = {
            part
            for text in texts
            if not text.startswith(SKILL_URI_PREFIX)
            for part in split_skill_text(text)
            if part not in self.skill_cache_
        }
        if parts:
            self._map_parts(sorted(parts))

    def _map_parts(self, parts: list[str]) -> None:
        if self.skill_mapper_ is None:  # fitted on the first free-text skill
            mapper = self.skill_mapper or SkillMapper(score_cutoff=self.skill_score_cutoff)
            self.skill_mapper_ = _fitted_mapper(mapper, self.taxonomy_)
        for start in range(0, len(parts), 256):
            chunk = parts[start : start + 256]
            found = self.skill_mapper_.batch_map(chunk, limit=1)
            for part, matches in zip(chunk, found, strict=True):
                self.skill_cache_[part] = matches[0].uri if matches else None

    def lookup_skills(self, texts: list[str]) -> list[str]:
        """ESCO skills of free-text skill items, each split into the skills it lists."""
        found: list[str] = []
        for text in texts:
            parts = [text] if text.startswith(SKILL_URI_PREFIX) else split_skill_text(text)
            for part in parts:
                uri = self.lookup_skill(part)
                if uri is not None and uri not in found:
                    found.append(uri)
        return found

    def group_skills(self, isco_group: str) -> tuple[frozenset[str], frozenset[str]]:
        """Skills of an ISCO unit group as a whole: (essential to at least half of its
        occupations, essential to fewer or optional to at least half)."""
        if isco_group not in self.group_skills_:
            occs = self.taxonomy_.occupations_in_group(isco_group)
            ess = Counter(s for o in occs for s in set(self.taxonomy_.essential_skills(o)))
            opt = Counter(s for o in occs for s in set(self.taxonomy_.optional_skills(o)))
            half = len(occs) / 2
            essential = frozenset(s for s, c in ess.items() if c >= half)
            optional = frozenset(
                s
                for s in (ess.keys() | opt.keys())
                if s not in essential and (s in ess or opt[s] >= half)
            )
            self.group_skills_[isco_group] = (essential, optional)
        return self.group_skills_[isco_group]

    def related_occupations(self, uri: str) -> frozenset[str]:
        """ESCO occupations broader or narrower than ``uri`` (not ``uri`` itself)."""
        chain = self.taxonomy_.broader_chain(uri)
        return frozenset(chain[1:]) | self.narrower_.get(uri, frozenset())

    # ------------------------------------------------------------------ profiles
    def _resolve(self, uri: str | None, isco: str | None) -> tuple[str | None, str | None]:
        occupation = uri if uri is not None and uri in self.taxonomy_.occupations else None
        if occupation is not None:
            return occupation, self.taxonomy_.occupations[occupation].isco_group
        if isco is None and uri is not None and uri.startswith(ISCO_URI_PREFIX):
            code = uri[len(ISCO_URI_PREFIX) :]
            isco = code if len(code) == 4 and code.isdigit() else None
        return None, isco

    def profile_seeker(self, seeker: JobSeeker) -> SeekerProfile:
        """Resolve a job seeker's experience and skills against the taxonomy."""
        self._check_fitted()
        items = []
        skills: set[str] = set()
        for e in seeker.experience:
            occ, isco = self._resolve(e.esco_uri, e.isco_group)
            items.append(ExperienceItem(e.title, float(e.years), occ, isco))
            if occ is not None:
                skills.update(self.taxonomy_.essential_skills(occ))
            elif isco is not None:
                skills.update(self.group_skills(isco)[0])
        for item in migration_items(seeker):
            occ, isco = self._resolve(item.occupation_uri, item.isco_group)
            if (occ, isco) == (None, None):
                continue
            items.append(replace(item, occupation_uri=occ, isco_group=isco))
            if occ is not None:
                skills.update(self.taxonomy_.essential_skills(occ))
            elif isco is not None:
                skills.update(self.group_skills(isco)[0])
        declared = frozenset(self.lookup_skills(seeker.skills))
        return SeekerProfile(
            seeker, tuple(items), frozenset(skills | declared), seeker_text(seeker), declared
        )

    def profile_vacancy(self, vacancy: Vacancy, today: date | None = None) -> VacancyProfile:
        """Resolve a vacancy's occupation, skill weights and reference day."""
        self._check_fitted()
        occ, isco = self._resolve(vacancy.esco_uri, vacancy.isco_group)
        weights: dict[str, float] = {}
        if occ is not None:
            essential: tuple[str, ...] | frozenset[str] = self.taxonomy_.essential_skills(occ)
            optional: tuple[str, ...] | frozenset[str] = self.taxonomy_.optional_skills(occ)
            label = self.taxonomy_.occupations[occ].preferred_label
            related = self.related_occupations(occ)
            close = self.close_occupations(occ)
        elif isco is not None:
            essential, optional = self.group_skills(isco)
            essential, optional = sorted(essential), sorted(optional)  # type: ignore[assignment]
            group = self.taxonomy_.isco_groups.get(isco)
            label = group.preferred_label if group else f"ISCO {isco}"
            related, close = frozenset(), frozenset()
        else:
            essential, optional, label, related = (), (), vacancy.title, frozenset()
            close = frozenset()
        for s in optional:
            weights[s] = OPTIONAL_WEIGHT
        for s in essential:
            weights[s] = ESSENTIAL_WEIGHT
        asked: set[str] = set()
        for texts, w in (
            (vacancy.optional_skills, OPTIONAL_WEIGHT),
            (vacancy.required_skills, ESSENTIAL_WEIGHT),
        ):
            for uri in self.lookup_skills(texts):
                weights[uri] = max(weights.get(uri, 0.0), w)
                asked.add(uri)
        text = label if isco is not None else vacancy.title
        if vacancy.description:
            text = f"{text}. {vacancy.description}"
        return VacancyProfile(
            vacancy=vacancy,
            occupation_uri=occ,
            isco_group=isco,
            occupation_label=label,
            related=related,
            skill_weights=weights,
            on=reference_date(vacancy, today or date.today()),
            text=text,
            close=close,
            widening=self.widening(isco),
            asked_skills=frozenset(asked),
            skill_rank=self._skill_rank(weights, frozenset(asked)),
        )

    # ------------------------------------------------------------------ scoring
    def item_fit(self, item: ExperienceItem, vp: VacancyProfile) -> tuple[OccupationFit, float]:
        """The tier of one experience item for the vacancy, and its occupation level."""
        if vp.isco_group is None:
            return OccupationFit.NONE, 0.0
        if vp.occupation_uri is not None and item.occupation_uri == vp.occupation_uri:
            return OccupationFit.SAME, LEVEL_SAME
        if vp.occupation_uri is None and item.isco_group == vp.isco_group:
            return OccupationFit.SAME, LEVEL_SAME  # the vacancy asks for the unit group
        if item.occupation_uri in vp.related and item.occupation_uri in vp.close:
            return OccupationFit.BROADER_NARROWER, LEVEL_RELATED
        depth = (
            Taxonomy.isco_shared_depth(item.isco_group, vp.isco_group)
            if item.isco_group is not None
            else 0
        )
        if depth == 4 and item.occupation_uri is None:
            # coded only to the unit group, which ESCO places above every occupation in it
            return OccupationFit.BROADER_NARROWER, LEVEL_UNIT
        if depth == 4 and item.occupation_uri in vp.close:
            return OccupationFit.SHARED_SKILLS, LEVEL_UNIT  # (not broader or narrower)
        if vp.widening is not None and depth >= vp.widening[1]:
            return OccupationFit.SCHEME, LEVEL_UNIT
        level = {4: LEVEL_MINOR, 3: LEVEL_MINOR, 2: LEVEL_SUB_MAJOR}.get(depth, 0.0)
        if depth >= self.min_isco_depth:
            return OccupationFit.RELATED_TRADE, level
        return OccupationFit.NONE, level

    def item_label(self, item: ExperienceItem | None) -> str:
        """The occupation an experience item is coded to, in words."""
        if item is None:
            return "no recorded experience"
        if item.occupation_uri is not None:
            return self.taxonomy_.occupations[item.occupation_uri].preferred_label
        group = self.taxonomy_.isco_groups.get(item.isco_group or "")
        return group.preferred_label if group else item.title

    def fit_rule(self, vp: VacancyProfile) -> FitRule:
        """What qualifies for a vacancy: the tiers, and a scheme's widening (its English
        text, with the values to word it in another language)."""
        if not vp.coded:
            return FitRule(coded=False)
        label = self.taxonomy_.concept_label
        isco = vp.isco_group or ""
        # labels in order, each with its URI (named in the reader's language when worded)
        related = sorted((label(u), u) for u in vp.related) if vp.occupation_uri else []
        close = sorted((label(u), u) for u in vp.close) if vp.occupation_uri else []
        return FitRule(
            coded=True,
            isco_group=vp.isco_group,
            occupation=None if vp.occupation_uri is None else vp.occupation_label,
            related=tuple(name for name, _uri in related),
            close=tuple(name for name, _uri in close),
            skill_share=self.skill_share,
            widening=None if vp.widening is None else (vp.widening[0], isco[: vp.widening[1]]),
            related_group=isco[: self.min_isco_depth],
            occupation_uri=vp.occupation_uri,
            related_uris=tuple(uri for _name, uri in related),
            close_uris=tuple(uri for _name, uri in close),
        )

    def item_level(self, item: ExperienceItem, vp: VacancyProfile) -> float:
        """The occupation level of one experience item for the vacancy."""
        return self.item_fit(item, vp)[1]

    def assess(
        self,
        sp: SeekerProfile,
        vp: VacancyProfile,
        text_similarity: float | None = None,
    ) -> Assessment:
        """Score and gate one pair.

        Args:
            sp: The job seeker's profile (:meth:`profile_seeker`).
            vp: The vacancy's profile (:meth:`profile_vacancy`).
            text_similarity: Cosine of the person's experience text to the vacancy text,
                when an encoder is used; blended into the occupation component.

        Returns:
            The assessment: components, gate failures and the evidence for explanations.
        """
        self._check_fitted()
        w = self.weights_
        best, best_item, best_level, relevant = 0.0, None, 0.0, 0.0
        best_fit = OccupationFit.NONE
        plausible = vp.isco_group is None
        related_trade = False
        for item in sp.items:
            fit, level = self.item_fit(item, vp)
            plausible = plausible or fit.qualifies
            related_trade = related_trade or fit is OccupationFit.RELATED_TRADE
            value = level * years_factor(item.years)
            if value > best:
                best, best_item, best_level, best_fit = value, item, level, fit
            if fit.qualifies:
                relevant += item.years
        occupation = best
        if text_similarity is not None:
            sim = min(max(float(text_similarity), 0.0), 1.0)
            occupation = (1.0 - self.embedding_weight) * best + self.embedding_weight * sim
            # the text speaks only for people whose experience the taxonomy cannot place
            if all(item.isco_group is None for item in sp.items):
                plausible = plausible or float(text_similarity) >= self.text_threshold
        total_weight = sum(vp.skill_weights.values())
        held = [s for s in vp.skill_weights if s in sp.skills]
        declared = sum(vp.skill_weights[s] for s in held if s in sp.declared_skills)
        inferred = sum(vp.skill_weights[s] for s in held if s not in sp.declared_skills)
        declared_share = declared / total_weight if total_weight else 0.0
        inferred_share = inferred / total_weight if total_weight else 0.0
        skills = (
            (declared + self.inferred_skill_credit * inferred) / total_weight
            if total_weight
            else 1.0
        )
        minimum = vp.vacancy.min_experience_years
        experience = min(1.0, relevant / max(minimum, 1.0))
        credits = [
            language_credit(int(sp.seeker.language_level(r.language) or 0), int(r.level))
            for r in vp.vacancy.required_languages
        ]
        language = sum(credits) / len(credits) if credits else 1.0
        total = combine(w, occupation, skills, experience, language)
        failures = check_gates(
            sp.seeker,
            vp.vacancy,
            on=vp.on,
            policy=self.policy_,
            # an uncoded vacancy cannot say which experience counts: no experience gate
            relevant_years=relevant if vp.coded else None,
            occupation_label=vp.occupation_label,
            occupation_uri=vp.occupation_uri,
            occupation_isco=vp.isco_group,
        )
        held.sort(key=lambda s: (s not in sp.declared_skills, -vp.skill_weights[s]))
        missing = self.rank_missing(vp, [s for s in vp.skill_weights if s not in sp.skills])
        return Assessment(
            components=ScoreComponents(
                occupation, skills, experience, language, total, text_similarity
            ),
            failures=tuple(failures),
            plausible=plausible,
            relevant_years=relevant,
            best_item=best_item,
            best_level=best_level,
            matched_skills=tuple(held),
            missing_skills=missing,
            fit=best_fit,
            related_trade=related_trade and not plausible,
            max_closable_gaps=self.policy_.max_closable_gaps,
            declared_skill_share=declared_share,
            inferred_skill_share=inferred_share,
        )

    def rank_missing(self, vp: VacancyProfile, missing: list[str]) -> tuple[str, ...]:
        """Missing skills, most relevant to the vacancy first (``vp.skill_rank``)."""
        return tuple(sorted(missing, key=vp.skill_rank.__getitem__))

    def _skill_rank(self, weights: dict[str, float], asked: frozenset[str]) -> dict[str, int]:
        """The order a vacancy's missing skills are reported in: those the vacancy names
        itself, then essential before optional, then the most specific (linked to the
        fewest ESCO occupations: "lay tiles" before "communicate with customers"). Sorted
        once per profile; a shortlist ranks every listed person's missing skills by it."""
        links = self.skill_occupations_
        order = sorted(
            weights,
            key=lambda s: (
                s not in asked,
                -weights[s],
                links.get(s, 0),
                self.taxonomy_.skill_label(s),
            ),
        )
        return {s: i for i, s in enumerate(order)}


# Fitting a mapper indexes ~40,000 labels: one fitted mapper per (taxonomy, settings) is
# shared by the scorers of a process (a matcher refit reuses it). Keyed by the taxonomy
# object itself, so another taxonomy never gets a stale index.
_MAPPERS: list[tuple[Taxonomy, tuple[object, ...], SkillMapper]] = []


def _fitted_mapper(mapper: SkillMapper, taxonomy: Taxonomy) -> SkillMapper:
    if hasattr(mapper, "labels_"):
        return mapper
    key = (mapper.score_cutoff, mapper.encoder_weight, mapper.ngram_range, mapper.lexicons)
    if mapper.encoder is None:
        for tax, k, fitted in _MAPPERS:
            if tax is taxonomy and k == key:
                return fitted
    fitted = mapper.fit(taxonomy)
    if mapper.encoder is None:
        _MAPPERS.append((taxonomy, key, fitted))
        del _MAPPERS[:-4]
    return fitted
