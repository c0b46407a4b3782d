"""Title coding: records' job titles coded to ESCO occupations and ISCO groups by a normaliser."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from matching.errors import MatchingError
from matching.fileio import chunks
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
    placed in ESCO by ``cache``'s normaliser."""
    return code_migration_history(_code_experience(records, cache, batch_size), cache, batch_size)


def _code_experience(
    records: Iterable[JobSeeker], cache: TitleCache | None, batch_size: int
) -> Iterator[JobSeeker]:
    for chunk in chunks(records, batch_size):
        if cache is None:
            yield from chunk
            continue
        todo = [
            (i, j, (e.title, e.description))
            for i, seeker in enumerate(chunk)
            for j, e in enumerate(seeker.experience)
            if e.esco_uri is None and e.isco_group is None
        ]
        found = cache.lookup([key for _, _, key in todo])
        updates: dict[int, dict[int, _Occupation]] = {}
        for (i, j, _), occupation in zip(todo, found, strict=True):
            if occupation is not None:
                updates.setdefault(i, {})[j] = occupation
        for i, seeker in enumerate(chunk):
            if i not in updates:
                yield seeker
                continue
            experience = [
                WorkExperience.model_validate(
                    {**e.model_dump(), **_occupation_fields(updates[i][j])}
                    if j in updates[i]
                    else e
                )
                for j, e in enumerate(seeker.experience)
            ]
            yield seeker.model_copy(update={"experience": experience})


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
                m.model_copy(
                    update={
                        "esco_uri": updates[i][j].esco_uri,
                        "isco_group": updates[i][j].isco_group,
                    }
                )
                if j in updates[i]
                else m
                for j, m in enumerate(seeker.migration_history)
            ]
            yield seeker.model_copy(update={"migration_history": history})


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
