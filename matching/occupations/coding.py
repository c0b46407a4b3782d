"""Title coding: records' job titles coded to ESCO occupations and ISCO groups by a normaliser."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from copy import copy
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Protocol, TypeVar

from pydantic import BaseModel

from matching.errors import MatchingError
from matching.fileio import chunks
from matching.occupations import evidence as _evidence
from matching.occupations.evidence import trade_from_evidence
from matching.records import (
    JobSeeker,
    Vacancy,
    WorkExperience,
)

# ----------------------------------------------------------------------------- normalising


class TitleMatchLike(Protocol):
    """What coding reads of a normaliser's match."""

    uri: str
    isco_group: str
    score: float


class TitleNormalizerLike(Protocol):
    """Anything with :meth:`TitleNormalizer.batch_normalize`'s shape."""

    def batch_normalize(
        self,
        titles: Sequence[str],
        descriptions: Sequence[str | None] | None = None,
        top_k: int = 5,
    ) -> Sequence[Sequence[TitleMatchLike]]: ...


# What a title's words say (pure functions of the text): read once per distinct title, as
# registries repeat a few thousand titles over hundreds of thousands of rows.
split_compound = lru_cache(maxsize=65_536)(lambda title: tuple(_evidence.split_compound(title)))
generic_kind = lru_cache(maxsize=65_536)(_evidence.generic_kind)
head_kind = lru_cache(maxsize=65_536)(_evidence.head_kind)


@dataclass(frozen=True, slots=True)
class _Occupation:
    esco_uri: str
    isco_group: str
    normalizer_score: float


class TitleCache:
    """Normalises each distinct (title, description) once; files repeat titles a lot."""

    def __init__(self, normalizer: TitleNormalizerLike, max_size: int = 200_000):
        self.normalizer = normalizer
        self.max_size = max_size
        self.known: dict[tuple[str, str | None], _Occupation | None] = {}

    def lookup(self, keys: Sequence[tuple[str, str | None]]) -> list[_Occupation | None]:
        missing = list(dict.fromkeys(k for k in keys if k not in self.known))
        if missing:
            if len(self.known) + len(missing) > self.max_size:
                self.known.clear()
            titles = [t for t, _ in missing]
            descriptions = [d for _, d in missing]
            use_descriptions = any(d for d in descriptions)
            results = self.normalizer.batch_normalize(
                titles, descriptions if use_descriptions else None, top_k=1
            )
            if len(results) != len(missing):
                raise MatchingError(
                    f"the normaliser returned {len(results)} results for {len(missing)} titles"
                )
            for key, matches in zip(missing, results, strict=True):
                top = next(iter(matches), None)
                self.known[key] = (
                    None
                    if top is None
                    else _Occupation(
                        top.uri, top.isco_group, round(min(max(float(top.score), 0.0), 1.0), 4)
                    )
                )
        return [self.known[k] for k in keys]


def code_job_seekers(
    records: Iterable[JobSeeker], cache: TitleCache | None, batch_size: int
) -> Iterator[JobSeeker]:
    """Records with each uncoded experience title, and each occupation of a stay abroad,
    placed in ESCO by ``cache``'s normaliser, read with the person's evidence
    (:mod:`matching.occupations.evidence`): a compound title becomes one item per trade, a
    generic one is refined by licences, certificates and other jobs, or marked "trade not
    specified"."""
    return code_migration_history(_code_experience(records, cache, batch_size), cache, batch_size)


def _code_experience(
    records: Iterable[JobSeeker], cache: TitleCache | None, batch_size: int
) -> Iterator[JobSeeker]:
    for chunk in chunks(records, batch_size):
        if cache is None:
            yield from chunk
            continue
        todo = [
            (i, j, e)
            for i, seeker in enumerate(chunk)
            for j, e in enumerate(seeker.experience)
            if e.esco_uri is None and e.isco_group is None
        ]
        parts = {(i, j): split_compound(e.title) for i, j, e in todo}
        keys = [(e.title, e.description) for _, _, e in todo]
        keys += [(part, None) for i, j, _ in todo for part in parts[(i, j)]]
        keys = list(dict.fromkeys(keys))
        found = dict(zip(keys, cache.lookup(keys), strict=True))
        touched = {i for i, _, _ in todo}
        for i, seeker in enumerate(chunk):
            if i not in touched:
                yield seeker
                continue
            experience: list[WorkExperience] = []
            sources: list[int] = []  # the title each item comes from
            for j, e in enumerate(seeker.experience):
                if e.esco_uri is not None or e.isco_group is not None:
                    experience.append(e)
                    sources.append(j)
                    continue
                split = [(part, found[(part, None)]) for part in parts[(i, j)]]
                if split and all(
                    o is not None and o.normalizer_score >= SPLIT_SCORE for _, o in split
                ):
                    seen: set[str] = set()
                    for part, occupation in split:
                        if occupation.esco_uri in seen:  # type: ignore[union-attr]
                            continue
                        seen.add(occupation.esco_uri)  # type: ignore[union-attr]
                        note = f"one trade of the compound title {e.title}"
                        part_item = _updated(e, {"title": part})
                        experience.append(_coded(part_item, occupation, note))
                        sources.append(j)
                else:
                    experience.append(_coded(e, found[(e.title, e.description)], None))
                    sources.append(j)
            refined = _once_per_trade(_with_evidence(seeker, experience), sources)
            yield _updated(seeker, {"experience": refined})


SPLIT_SCORE = 0.8  # each part of a compound title must be coded at least this surely
EXACT_SCORE = 0.95  # below this, a title's only recognised word may be its generic head


def _coded(e: WorkExperience, occupation: _Occupation | None, note: str | None) -> WorkExperience:
    # The occupation's fields come from the taxonomy, already of their types: a copy,
    # not a second validation of the whole item (a fifth of an import's time).
    fields: dict[str, Any] = {"coding_note": note}
    if occupation is not None:
        fields.update(_occupation_fields(occupation))
    return _updated(e, fields)


_ModelT = TypeVar("_ModelT", bound=BaseModel)
_set = object.__setattr__


def _updated(model: _ModelT, fields: dict[str, Any]) -> _ModelT:
    """``model.model_copy(update=fields)`` without its generic steps (the same shallow copy:
    values not validated again, the updated fields marked set); several per imported row."""
    if model.__pydantic_private__ is not None or model.model_config.get("extra") == "allow":
        return model.model_copy(update=fields)
    cls = type(model)
    copied = cls.__new__(cls)
    values = model.__dict__.copy()
    values.update(fields)
    _set(copied, "__dict__", values)
    _set(copied, "__pydantic_extra__", copy(model.__pydantic_extra__))
    _set(copied, "__pydantic_fields_set__", model.__pydantic_fields_set__ | fields.keys())
    _set(copied, "__pydantic_private__", None)
    return copied


def _note(e: WorkExperience, note: str) -> str:
    return f"{e.coding_note}; {note}" if e.coding_note else note


def _once_per_trade(items: list[WorkExperience], sources: list[int]) -> list[WorkExperience]:
    """One item per trade of each source title, also when evidence read two parts of a
    compound as the same trade (``водитель-дальнобойщик``: a driver with CE, a long-haul
    driver)."""
    seen: set[tuple[int, str]] = set()
    out = []
    for e, source in zip(items, sources, strict=True):
        if e.esco_uri is not None:
            if (source, e.esco_uri) in seen:
                continue
            seen.add((source, e.esco_uri))
        out.append(e)
    return out


def _with_evidence(seeker: JobSeeker, items: list[WorkExperience]) -> list[WorkExperience]:
    """Generic titles refined by the person's licences, certificates and other jobs."""
    out = []
    for k, e in enumerate(items):
        kind = generic_kind(e.title)
        weak = kind is None and (e.normalizer_score or 0.0) < EXACT_SCORE
        head = kind or (head_kind(e.title) if weak else None)
        if head is None:
            out.append(e)
            continue
        others = [o for n, o in enumerate(items) if n != k and o.esco_uri is not None]
        evidence = trade_from_evidence(head, seeker, others)
        if evidence.esco_uri is not None:
            out.append(
                _updated(
                    e,
                    {
                        "esco_uri": evidence.esco_uri,
                        "isco_group": evidence.isco_group,
                        "coding_note": _note(e, f"read with evidence: {evidence.reason}"),
                    },
                )
            )
        elif kind is not None:  # a bare generic title: matched to no specific trade
            out.append(
                _updated(
                    e,
                    {
                        "esco_uri": None,
                        "isco_group": None,
                        "normalizer_score": None,
                        "coding_note": _note(e, evidence.reason),
                    },
                )
            )
        else:
            out.append(e)
    return out


def code_migration_history(
    records: Iterable[JobSeeker], cache: TitleCache | None, batch_size: int
) -> Iterator[JobSeeker]:
    """Records with each uncoded occupation of a stay abroad placed in ESCO (legal work
    abroad counts as experience in that occupation)."""
    for chunk in chunks(records, batch_size):
        if cache is None:
            yield from chunk
            continue
        todo = [
            (i, j, (m.title, None))
            for i, seeker in enumerate(chunk)
            for j, m in enumerate(seeker.migration_history)
            if m.title and m.esco_uri is None and m.isco_group is None
        ]
        found = cache.lookup([key for _, _, key in todo]) if todo else []
        updates: dict[int, dict[int, _Occupation]] = {}
        for (i, j, _), occupation in zip(todo, found, strict=True):
            if occupation is not None:
                updates.setdefault(i, {})[j] = occupation
        for i, seeker in enumerate(chunk):
            if i not in updates:
                yield seeker
                continue
            history = [
                _updated(
                    m,
                    {
                        "esco_uri": updates[i][j].esco_uri,
                        "isco_group": updates[i][j].isco_group,
                    },
                )
                if j in updates[i]
                else m
                for j, m in enumerate(seeker.migration_history)
            ]
            yield _updated(seeker, {"migration_history": history})


def _occupation_fields(occupation: _Occupation) -> dict[str, Any]:
    return {
        "esco_uri": occupation.esco_uri,
        "isco_group": occupation.isco_group,
        "normalizer_score": occupation.normalizer_score,
    }


def code_vacancies(
    records: Iterable[Vacancy], cache: TitleCache | None, batch_size: int
) -> Iterator[Vacancy]:
    """Vacancies with each uncoded title placed in ESCO by ``cache``'s normaliser."""
    for chunk in chunks(records, batch_size):
        if cache is None:
            yield from chunk
            continue
        todo = [
            (i, (v.title, v.description))
            for i, v in enumerate(chunk)
            if v.esco_uri is None and v.isco_group is None
        ]
        found = dict(zip([i for i, _ in todo], cache.lookup([k for _, k in todo]), strict=True))
        for i, vacancy in enumerate(chunk):
            occupation = found.get(i)
            if occupation is None:
                yield vacancy
            else:
                yield Vacancy.model_validate(
                    {**vacancy.model_dump(), **_occupation_fields(occupation)}
                )
