"""Poland's classification of occupations and specialisations (KZiS) as a label source.

Polish demand lists arrive with KZiS codes or KZiS names. A 6-digit KZiS code starts
with its ISCO-08 unit group (``721204 Spawacz`` is in ISCO 7212), so every KZiS name is a
Polish label of a unit group, and of an ESCO occupation where ESCO links one.

Loading is pure: :func:`load_kzis` reads a directory in the layout of
``../shared/kzis`` into a :class:`Kzis` of typed records, one :class:`KzisLabel` per
name (official names, hierarchy names, Statistics Poland's thesaurus of other names,
and the Polish ESCO names linked to each code). :func:`link_esco` resolves the ESCO
names to occupation URIs of a loaded taxonomy, and :func:`add_kzis` returns that
taxonomy with the KZiS names added as Polish labels.

Example:
    >>> from pathlib import Path
    >>> from matching.occupations import load_builtin
    >>> kzis = load_kzis(Path("tests/data/kzis"))
    >>> kzis.occupations["721204"].isco_group
    '7212'
    >>> taxonomy = add_kzis(load_builtin(), kzis)
    >>> taxonomy.kzis_version
    'kzis-2023'
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path

from matching.errors import ConfigurationError, DataFileError, InvalidInputError
from matching.occupations.matches import NormalizedTitle, TitleMatch
from matching.occupations.taxonomy import (
    ISCO_URI_PREFIX,
    IscoGroup,
    Label,
    LabelKind,
    Taxonomy,
)
from matching.occupations.text import fold

HIERARCHY_GLOB = "kzis_hierarchy_*.tsv"
OFFICIAL_GLOB = "kzis_official_*.csv"
THESAURUS_FILE = "gus_thesaurus.csv"
ESCO_LINKS_FILE = "esco_kzis_selected.csv"
GROUP_DESCRIPTIONS_FILE = "kzis_desc_level4.csv"


class KzisSource(StrEnum):
    """Where a KZiS label comes from (kept as the label's ``form`` in the taxonomy)."""

    OFFICIAL = "official"  # the official 6-digit occupation name
    HIERARCHY = "hierarchy"  # a name in the hierarchy: a 6-digit occupation or 4-digit group
    THESAURUS = "thesaurus"  # another name of the occupation in the GUS thesaurus
    ESCO = "esco"  # ESCO's Polish name (preferred or alternative) of a linked occupation


@dataclass(frozen=True, slots=True)
class KzisOccupation:
    """A 6-digit KZiS occupation.

    Attributes:
        code: The KZiS code, e.g. ``721204``.
        name: Its official (or hierarchy) name.
        esco_names: ESCO's Polish preferred names of the occupations listed under it.
        esco_uris: Those ESCO occupations (in the same ISCO unit group), once resolved
            against a taxonomy by :func:`link_esco`.
    """

    code: str
    name: str
    esco_names: tuple[str, ...] = ()
    esco_uris: tuple[str, ...] = ()

    @property
    def isco_group(self) -> str:
        return self.code[:4]


@dataclass(frozen=True, slots=True)
class KzisLabel:
    """One Polish name of a KZiS occupation or 4-digit group.

    Attributes:
        code: KZiS code: 6 digits for an occupation, 4 for a unit group.
        text: The name as written (whitespace collapsed).
        source: Which file and column it comes from.
        esco_uris: The ESCO occupations linked to its code, once resolved.
    """

    code: str
    text: str
    source: KzisSource
    esco_uris: tuple[str, ...] = ()

    @property
    def isco_group(self) -> str:
        return self.code[:4]


@dataclass(frozen=True, slots=True)
class Kzis:
    """The classification: names of every level, occupations and all labels.

    Attributes:
        version: ``kzis-<year>`` from the hierarchy file's name: saved beside any
            normaliser fitted with these labels.
        groups: Name of each hierarchy level above occupations (1 to 4 digits).
        occupations: The 6-digit occupations by code.
        labels: One row per (code, name).
        descriptions: Polish text describing a code: the official description and tasks
            of each 4-digit group, ESCO's description and skills of linked occupations
            (6-digit codes). What ads' descriptions are compared with.
    """

    version: str
    groups: dict[str, str]
    occupations: dict[str, KzisOccupation]
    labels: tuple[KzisLabel, ...]
    descriptions: dict[str, str] = field(default_factory=dict)


# --------------------------------------------------------------------------------------
# Reading the files
# --------------------------------------------------------------------------------------


def _rows(
    path: Path, required: tuple[str, ...], delimiter: str = ","
) -> Iterator[tuple[int, dict[str, str]]]:
    if not path.is_file():
        raise DataFileError(path, "file not found")
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh, delimiter=delimiter)
            missing = [c for c in required if c not in (reader.fieldnames or [])]
            if missing:
                raise DataFileError(path, f"missing column(s): {', '.join(missing)}", row=1)
            for row in reader:
                yield reader.line_num, row
    except UnicodeDecodeError as exc:
        raise DataFileError(path, f"not UTF-8 text ({exc.reason})") from exc
    except csv.Error as exc:
        raise DataFileError(path, f"malformed CSV ({exc})") from exc


def _code(path: Path, row_no: int, value: str | None, lengths: tuple[int, ...]) -> str:
    code = (value or "").strip()
    if not (code.isdigit() and len(code) in lengths):
        raise DataFileError(path, f"not a KZiS code: {code!r}", row=row_no, field="code")
    return code


def _clean(text: str) -> str:
    return " ".join(text.split())


def _find(directory: Path, pattern: str) -> Path:
    found = sorted(directory.glob(pattern))
    if not found:
        raise DataFileError(directory / pattern, "file not found")
    return found[-1]  # the newest edition when several are present


def read_hierarchy(path: Path) -> dict[str, str]:
    """Every level's name by code (1 to 6 digits) from ``kzis_hierarchy_<year>.tsv``."""
    names: dict[str, str] = {}
    for row_no, row in _rows(path, ("class", "name"), delimiter="\t"):
        code = (row.get("class") or "").strip()
        if not code.isdigit() or len(code) > 6:
            raise DataFileError(path, f"not a KZiS code: {code!r}", row=row_no, field="class")
        name = _clean(row.get("name") or "")
        if name:
            names[code] = name
    return names


def read_official(path: Path) -> dict[str, str]:
    """Official 6-digit occupation names by code from ``kzis_official_<year>.csv``."""
    return {
        _code(path, row_no, row.get("code"), (6,)): _clean(row.get("name") or "")
        for row_no, row in _rows(path, ("code", "name"))
        if (row.get("name") or "").strip()
    }


def split_thesaurus(cell: str) -> list[str]:
    """The thesaurus's comma-separated names; a comma inside parentheses stays in its name
    (``Przedstawiciel władzy samorządowej (marszałek, starosta, radny)``)."""
    names, depth, start = [], 0, 0
    for i, ch in enumerate(cell):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(depth - 1, 0)
        elif ch == "," and depth == 0:
            names.append(cell[start:i])
            start = i + 1
    names.append(cell[start:])
    return [n for n in (_clean(n) for n in names) if n]


def read_thesaurus(path: Path) -> list[KzisLabel]:
    """Other names of each occupation from Statistics Poland's ``gus_thesaurus.csv``."""
    labels = []
    for row_no, row in _rows(path, ("code", "desc")):
        code = _code(path, row_no, row.get("code"), (6,))
        labels.extend(
            KzisLabel(code, name, KzisSource.THESAURUS) for name in split_thesaurus(row["desc"])
        )
    return labels


def read_esco_links(path: Path) -> list[KzisLabel]:
    """ESCO's Polish names of the occupations linked to each code (``esco_kzis_selected.csv``).

    Rows come in blocks: an ``occupation_name`` row, then that occupation's
    ``occupation_alternative_names`` (separated by ``;``), description and skills
    (neither of which is a name).
    """
    labels: list[KzisLabel] = []
    for row_no, row in _rows(path, ("code", "var", "desc")):
        code = _code(path, row_no, row.get("code"), (6,))
        var = (row.get("var") or "").strip()
        text = _clean(row.get("desc") or "")
        if var == "occupation_name" and text:
            labels.append(KzisLabel(code, text, KzisSource.ESCO))
        elif var == "occupation_alternative_names" and text:
            labels.extend(
                KzisLabel(code, name, KzisSource.ESCO)
                for name in (_clean(n) for n in text.split(";"))
                if name
            )
    return labels


def read_esco_names(path: Path) -> dict[str, tuple[str, ...]]:
    """ESCO's Polish preferred names listed under each code (the ``occupation_name``
    rows of ``esco_kzis_selected.csv``): what :func:`link_esco` resolves."""
    names: dict[str, list[str]] = defaultdict(list)
    for row_no, row in _rows(path, ("code", "var", "desc")):
        text = _clean(row.get("desc") or "")
        if row.get("var") == "occupation_name" and text:
            names[_code(path, row_no, row.get("code"), (6,))].append(text)
    return {code: tuple(dict.fromkeys(found)) for code, found in names.items()}


def read_descriptions(directory: Path) -> dict[str, str]:
    """Descriptive text per code: ``kzis_desc_level4.csv`` (synthesis and tasks of each
    4-digit group) and the description and skills rows of ``esco_kzis_selected.csv``."""
    texts: dict[str, list[str]] = defaultdict(list)
    path = directory / GROUP_DESCRIPTIONS_FILE
    if path.is_file():
        for row_no, row in _rows(path, ("kod", "synteza", "zadania_zawodowe")):
            code = _code(path, row_no, row.get("kod"), (4,))
            texts[code] += [_clean(row.get("synteza") or ""), _clean(row["zadania_zawodowe"])]
    path = directory / ESCO_LINKS_FILE
    if path.is_file():
        for row_no, row in _rows(path, ("code", "var", "desc")):
            if row.get("var") in ("occupation_description", "skills"):
                code = _code(path, row_no, row.get("code"), (6,))
                texts[code].append(_clean(row.get("desc") or ""))
    return {code: " ".join(t for t in parts if t) for code, parts in texts.items()}


def load_kzis(kzis_dir: Path) -> Kzis:
    """Read a KZiS directory (the ``../shared/kzis`` layout).

    Args:
        kzis_dir: Holds ``kzis_hierarchy_<year>.tsv`` (required) and, where present,
            ``kzis_official_<year>.csv``, ``gus_thesaurus.csv`` and
            ``esco_kzis_selected.csv`` and ``kzis_desc_level4.csv``.

    Returns:
        The classification, ESCO links not yet resolved (see :func:`link_esco`).

    Raises:
        DataFileError: A file is missing or malformed (the message names file and row).
    """
    kzis_dir = Path(kzis_dir)
    hierarchy_path = _find(kzis_dir, HIERARCHY_GLOB)
    year = hierarchy_path.stem.rsplit("_", 1)[-1]
    hierarchy = read_hierarchy(hierarchy_path)
    official_paths = sorted(kzis_dir.glob(OFFICIAL_GLOB))
    official = read_official(official_paths[-1]) if official_paths else {}
    labels: list[KzisLabel] = []
    for code, name in official.items():
        labels.append(KzisLabel(code, name, KzisSource.OFFICIAL))
    for code, name in hierarchy.items():
        if len(code) in (4, 6):
            labels.append(KzisLabel(code, name, KzisSource.HIERARCHY))
    if (kzis_dir / THESAURUS_FILE).is_file():
        labels.extend(read_thesaurus(kzis_dir / THESAURUS_FILE))
    esco_names: dict[str, tuple[str, ...]] = {}
    if (kzis_dir / ESCO_LINKS_FILE).is_file():
        labels.extend(read_esco_links(kzis_dir / ESCO_LINKS_FILE))
        esco_names = read_esco_names(kzis_dir / ESCO_LINKS_FILE)
    occupation_codes = {c for c in hierarchy if len(c) == 6} | set(official)
    occupations = {
        code: KzisOccupation(
            code, official.get(code) or hierarchy.get(code, ""), esco_names.get(code, ())
        )
        for code in sorted(occupation_codes)
    }
    # One label per (code, text): the hierarchy repeats most official names.
    seen: set[tuple[str, str]] = set()
    unique: list[KzisLabel] = []
    for label in labels:
        key = (label.code, fold(label.text))
        if key[1] and key not in seen:
            seen.add(key)
            unique.append(label)
    return Kzis(
        version=f"kzis-{year}",
        groups={c: n for c, n in hierarchy.items() if len(c) <= 4},
        occupations=occupations,
        labels=tuple(unique),
        descriptions=read_descriptions(kzis_dir),
    )


# --------------------------------------------------------------------------------------
# Joining a taxonomy
# --------------------------------------------------------------------------------------


def link_esco(kzis: Kzis, taxonomy: Taxonomy) -> Kzis:
    """Resolve the ESCO names listed under each KZiS code to occupations of ``taxonomy``.

    A name resolves to the occupations whose Polish preferred (else alternative) label
    it is, in the code's own ISCO unit group: a link across groups would contradict the
    code. Every label of a linked code then names its occupations.
    """
    preferred: dict[str, list[str]] = defaultdict(list)
    alternative: dict[str, list[str]] = defaultdict(list)
    for lb in taxonomy.labels:
        if lb.language == "pl" and lb.uri in taxonomy.occupations:
            if lb.kind is LabelKind.PREFERRED:
                preferred[fold(lb.text)].append(lb.uri)
            elif lb.kind is LabelKind.ALTERNATIVE:
                alternative[fold(lb.text)].append(lb.uri)

    def resolve(name: str, group: str) -> list[str]:
        for table in (preferred, alternative):
            uris = [
                u for u in table.get(fold(name), ()) if taxonomy.occupations[u].isco_group == group
            ]
            if uris:
                return sorted(set(uris))
        return []

    occupations = {}
    for code, occ in kzis.occupations.items():
        uris = [u for name in occ.esco_names for u in resolve(name, occ.isco_group)]
        occupations[code] = replace(occ, esco_uris=tuple(dict.fromkeys(uris)))
    labels = tuple(
        replace(lb, esco_uris=occupations[lb.code].esco_uris) if lb.code in occupations else lb
        for lb in kzis.labels
    )
    return replace(kzis, occupations=occupations, labels=labels)


_DO_SPRAW = re.compile(r"\bdo spraw\b", re.IGNORECASE)


def label_variants(text: str) -> list[str]:
    """A KZiS name as ads also write it: without a parenthetical (``Bosman (Podoficer w
    Marynarce Wojennej)``), and with ``do spraw`` shortened to ``ds.`` as Polish ads
    almost always do (``Specjalista ds. marketingu``)."""
    variants = [text]
    bare = _clean(re.sub(r"\([^)]*\)", " ", text))
    if bare and len(bare) > 3:
        variants.append(bare)
    variants += [_DO_SPRAW.sub("ds.", v) for v in variants]
    return list(dict.fromkeys(variants))


def kzis_taxonomy_labels(kzis: Kzis) -> list[Label]:
    """The taxonomy's Polish labels for linked KZiS labels: one per ESCO occupation the
    label names, else one for its ISCO unit group; each in its :func:`label_variants`."""
    out: list[Label] = []
    for lb in kzis.labels:
        uris = lb.esco_uris or (ISCO_URI_PREFIX + lb.isco_group,)
        texts = label_variants(lb.text)
        out.extend(
            Label(uri, text, "pl", LabelKind.KZIS, lb.source.value)
            for uri in uris
            for text in texts
        )
    return out


def add_kzis(taxonomy: Taxonomy, kzis: Kzis) -> Taxonomy:
    """``taxonomy`` with the KZiS names as Polish labels (a new object; the old is unchanged).

    ESCO links are resolved against ``taxonomy`` first. KZiS unit groups that ISCO-08
    lacks (Poland splits a few, such as nurses into 2231/2232) join ``isco_groups``
    under their Polish name, so titles coded to them have a concept to land on.
    """
    kzis = link_esco(kzis, taxonomy)
    isco_groups = dict(taxonomy.isco_groups)
    for code, name in kzis.groups.items():
        if len(code) == 4 and code not in isco_groups:
            isco_groups[code] = IscoGroup(code, ISCO_URI_PREFIX + code, name)
    return Taxonomy(
        version=taxonomy.version,
        occupations=taxonomy.occupations,
        isco_groups=isco_groups,
        skills=taxonomy.skills,
        labels=[*taxonomy.labels, *kzis_taxonomy_labels(kzis)],
        _essential=taxonomy._essential,
        _optional=taxonomy._optional,
        kzis=kzis,
    )


def kzis_concepts(kzis: Kzis, code: str) -> tuple[str, ...]:
    """Concept URIs a KZiS code names: its linked ESCO occupations, then its unit group.

    Raises:
        ValueError: ``code`` is not a 6-digit code of this classification.
    """
    code = str(code).strip()
    occupation = kzis.occupations.get(code)
    if occupation is None:
        raise InvalidInputError(f"unknown KZiS code {code!r}")
    return (*occupation.esco_uris, ISCO_URI_PREFIX + occupation.isco_group)


def kzis_code_concepts(
    taxonomy: Taxonomy, codes: Sequence[str | None]
) -> list[tuple[str, tuple[str, ...]]]:
    """Per title, its KZiS code and the concepts the code names (``("", ())`` if none)."""
    kzis = taxonomy.kzis
    out: list[tuple[str, tuple[str, ...]]] = []
    for i, raw in enumerate(codes):
        code = str(raw or "").strip()
        if not code:
            out.append(("", ()))
            continue
        if kzis is None:
            raise ConfigurationError(
                "KZiS codes were given but the taxonomy has no KZiS (set MATCHING_KZIS_DIR)"
            )
        try:
            out.append((code, kzis_concepts(kzis, code)))
        except ValueError as error:
            raise InvalidInputError(f"title {i}: {error}") from None
    return out


def put_coded_first(
    taxonomy: Taxonomy,
    result: NormalizedTitle,
    code: str,
    concepts: tuple[str, ...],
    top_k: int,
    representative: Callable[[str], str | None],
) -> NormalizedTitle:
    """A coded title: the code's ESCO occupations (those the title matched best first),
    each with score 1; then the title's other matches. A code linked to no occupation
    gives its unit group by the normaliser's one rule for groups: the group's occupation
    the title matched best, else its ``representative``, else (a group with no ESCO
    occupation, such as Poland's own 2231 nurses) the group itself."""
    assert taxonomy.kzis is not None
    code_name = taxonomy.kzis.occupations[code].name
    title_rank = {m.uri: i for i, m in enumerate(result.matches)}
    *occupations, group = concepts
    if not occupations:
        isco = group.removeprefix(ISCO_URI_PREFIX)
        in_group = [m.uri for m in result.matches if m.isco_group == isco and not m.is_isco_group]
        occupations = in_group[:1] or [representative(isco) or group]
    occupations.sort(key=lambda uri: title_rank.get(uri, len(title_rank)))
    coded = []
    for uri in occupations:
        matched = next((m for m in result.matches if m.uri == uri), None)
        coded.append(
            TitleMatch(
                uri=uri,
                isco_group=taxonomy.concept_isco(uri) or "",
                preferred_label=taxonomy.concept_label(uri),
                matched_label=matched.matched_label if matched else code_name,
                language=matched.language if matched else "pl",
                score=1.0,
                needs_review=False,
            )
        )
    rest = [m for m in result.matches if m.uri not in occupations and m.uri != group]
    return NormalizedTitle(
        result.query, result.cleaned, result.language, tuple([*coded, *rest][:top_k])
    )
