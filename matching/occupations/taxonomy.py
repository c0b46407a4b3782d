"""The occupation taxonomy: ESCO occupations and skills, ISCO-08 groups, and every label.

Loading is done by pure functions (:func:`load_esco`, :func:`load_builtin`) that return a
:class:`Taxonomy`; the taxonomy itself only answers questions. One :class:`Label` row
exists per label text (preferred, alternative, hidden, or written by this project's
lexicon), each pointing back to its concept URI and language.

Concepts are ESCO occupations and ISCO-08 unit groups: the project's lexicon names all
436 unit groups in Georgian and Russian, so a title can be placed in its ISCO group
even where no single ESCO occupation is named.

Example:
    >>> from matching.occupations import load_builtin
    >>> taxonomy = load_builtin()
    >>> taxonomy.isco_path("7212")
    ('7', '72', '721', '7212')
"""

from __future__ import annotations

import csv
import gzip
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from matching.errors import DataFileError

if TYPE_CHECKING:
    from matching.occupations.kzis import Kzis

ISCO_URI_PREFIX = "http://data.europa.eu/esco/isco/C"
OCCUPATION_URI_PREFIX = "http://data.europa.eu/esco/occupation/"
SKILL_URI_PREFIX = "http://data.europa.eu/esco/skill/"

csv.field_size_limit(10_000_000)


class LabelKind(StrEnum):
    PREFERRED = "preferred"
    ALTERNATIVE = "alternative"
    HIDDEN = "hidden"
    LEXICON = "lexicon"  # written by this project (Georgian, Russian, Hebrew)
    EXAMPLE = "example"  # a coded title an agency taught the normaliser
    KZIS = "kzis"  # a name from Poland's classification KZiS (its ``form``: the source)


class SkillRelation(StrEnum):
    ESSENTIAL = "essential"
    OPTIONAL = "optional"


@dataclass(frozen=True, slots=True)
class Label:
    """One name of a concept in one language.

    Attributes:
        uri: The concept: an ESCO occupation URI or an ISCO group URI.
        text: The label as written.
        language: ISO 639-1 code; ``ka-Latn`` for Georgian typed in Latin letters.
        kind: Where the label comes from.
        form: For lexicon labels: preferred, alternative, colloquial, feminine or latin.
    """

    uri: str
    text: str
    language: str
    kind: LabelKind
    form: str = ""


@dataclass(frozen=True, slots=True)
class IscoGroup:
    """An ISCO-08 group at any level (1 to 4 digits)."""

    code: str
    uri: str
    preferred_label: str

    @property
    def level(self) -> int:
        return len(self.code)


@dataclass(frozen=True, slots=True)
class Occupation:
    """An ESCO occupation.

    Attributes:
        uri: ESCO concept URI.
        isco_group: The ISCO-08 unit group (4 digits).
        preferred_label: English preferred label.
        code: ESCO code, e.g. ``7212.1``.
        description: English description (may be empty in the built-in catalogue).
        broader_uri: The broader ESCO occupation, or ``None`` when the parent is the ISCO group.
    """

    uri: str
    isco_group: str
    preferred_label: str
    code: str = ""
    description: str = ""
    broader_uri: str | None = None


@dataclass(frozen=True, slots=True)
class Skill:
    """An ESCO skill, competence or knowledge item."""

    uri: str
    preferred_label: str
    skill_type: str = ""
    reuse_level: str = ""


@dataclass(slots=True)
class Taxonomy:
    """Occupations, skills, ISCO groups and labels, with look-ups.

    Build one with :func:`load_esco` or :func:`load_builtin`, not by hand.

    Attributes:
        version: ``esco-v1.1.1`` or ``builtin-<package version>``: saved beside any index
            built from this taxonomy, so a stale index is refused.
        kzis: Poland's classification, when its names were added
            (:func:`matching.occupations.kzis.add_kzis`): KZiS codes resolve through it.
    """

    version: str
    occupations: dict[str, Occupation]
    isco_groups: dict[str, IscoGroup]
    skills: dict[str, Skill]
    labels: list[Label]
    _essential: dict[str, tuple[str, ...]] = field(default_factory=dict)
    _optional: dict[str, tuple[str, ...]] = field(default_factory=dict)
    _by_isco: dict[str, tuple[str, ...]] = field(default_factory=dict)
    kzis: Kzis | None = None
    # Skill labels (preferred, alternative, hidden; ESCO ships them in English only):
    # apart from ``labels`` so the title normaliser never sees a skill.
    skill_labels: list[Label] = field(default_factory=list)

    def __post_init__(self) -> None:
        by_isco: dict[str, list[str]] = defaultdict(list)
        for occ in self.occupations.values():
            by_isco[occ.isco_group].append(occ.uri)
        self._by_isco = {k: tuple(sorted(v)) for k, v in by_isco.items()}

    @property
    def kzis_version(self) -> str | None:
        """``kzis-<year>`` when KZiS names are among the labels, else ``None``."""
        return self.kzis.version if self.kzis is not None else None

    # --- concepts -------------------------------------------------------------------
    def concept_isco(self, uri: str) -> str | None:
        """The ISCO unit group of a concept (an occupation or an ISCO group URI)."""
        occ = self.occupations.get(uri)
        if occ is not None:
            return occ.isco_group
        if uri.startswith(ISCO_URI_PREFIX):
            return uri[len(ISCO_URI_PREFIX) :]
        return None

    def concept_label(self, uri: str) -> str:
        """English preferred label of an occupation or an ISCO group."""
        occ = self.occupations.get(uri)
        if occ is not None:
            return occ.preferred_label
        code = self.concept_isco(uri)
        if code is not None and code in self.isco_groups:
            return self.isco_groups[code].preferred_label
        return uri

    def occupations_in_group(self, isco_code: str) -> tuple[str, ...]:
        """URIs of the ESCO occupations in an ISCO unit group."""
        return self._by_isco.get(isco_code, ())

    # --- the ISCO hierarchy ---------------------------------------------------------
    @staticmethod
    def isco_path(isco_code: str) -> tuple[str, ...]:
        """Major, sub-major, minor and unit group codes leading to ``isco_code``."""
        return tuple(isco_code[:i] for i in range(1, len(isco_code) + 1))

    @staticmethod
    def isco_shared_depth(a: str, b: str) -> int:
        """How many leading ISCO levels two codes share (4 = same unit group)."""
        depth = 0
        for x, y in zip(a, b, strict=False):
            if x != y:
                break
            depth += 1
        return depth

    def broader_chain(self, uri: str) -> list[str]:
        """The occupation and its broader ESCO occupations, narrowest first."""
        chain: list[str] = []
        current: str | None = uri
        while current is not None and current in self.occupations and current not in chain:
            chain.append(current)
            current = self.occupations[current].broader_uri
        return chain

    # --- skills ---------------------------------------------------------------------
    def essential_skills(self, occupation_uri: str) -> tuple[str, ...]:
        return self._essential.get(occupation_uri, ())

    def optional_skills(self, occupation_uri: str) -> tuple[str, ...]:
        return self._optional.get(occupation_uri, ())

    def skill_label(self, skill_uri: str) -> str:
        skill = self.skills.get(skill_uri)
        return skill.preferred_label if skill is not None else skill_uri

    # --- labels ---------------------------------------------------------------------
    def languages(self) -> list[str]:
        return sorted({label.language for label in self.labels})

    def labels_of(self, uri: str, language: str | None = None) -> list[Label]:
        return [
            lb
            for lb in self.labels
            if lb.uri == uri and (language is None or lb.language == language)
        ]


# --------------------------------------------------------------------------------------
# Reading CSV files
# --------------------------------------------------------------------------------------


def _open_text(path: Path) -> TextIO:
    """A CSV file for reading, gzipped when its name ends ``.gz``."""
    if path.suffix == ".gz":
        return gzip.open(path, "rt", encoding="utf-8-sig", newline="")
    return path.open(encoding="utf-8-sig", newline="")


def _read_rows(path: Path, required: Iterable[str]) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield ``(row_number, row)``; the header is row 1. Raises on a missing file or column."""
    if not path.is_file():
        raise DataFileError(path, "file not found")
    try:
        with _open_text(path) as fh:
            reader = csv.DictReader(fh)
            missing = [c for c in required if c not in (reader.fieldnames or [])]
            if missing:
                raise DataFileError(path, f"missing column(s): {', '.join(missing)}", row=1)
            for row in reader:
                if None in row:  # more cells than header columns
                    raise DataFileError(path, "more cells than columns", row=reader.line_num)
                yield reader.line_num, row
    except UnicodeDecodeError as exc:
        raise DataFileError(path, f"not UTF-8 text ({exc.reason})") from exc
    except csv.Error as exc:
        raise DataFileError(path, f"malformed CSV ({exc})") from exc


def _split_labels(cell: str) -> list[str]:
    """ESCO keeps several labels in one cell, one per line."""
    return [t.strip() for t in cell.split("\n") if t.strip()]


def _require(path: Path, row_no: int, row: Mapping[str, str], name: str) -> str:
    value = (row.get(name) or "").strip()
    if not value:
        raise DataFileError(path, "empty value", row=row_no, field=name)
    return value


def _check_isco(path: Path, row_no: int, code: str, field_name: str) -> str:
    if not (code.isdigit() and 1 <= len(code) <= 4):
        raise DataFileError(path, f"not an ISCO-08 code: {code!r}", row=row_no, field=field_name)
    return code


def read_isco_groups(path: Path) -> dict[str, IscoGroup]:
    """ISCO-08 groups from ESCO's ``ISCOGroups_en.csv`` (or the built-in ``isco_groups.csv``)."""
    groups: dict[str, IscoGroup] = {}
    for row_no, row in _read_rows(path, ("conceptUri", "code", "preferredLabel")):
        code = _check_isco(path, row_no, _require(path, row_no, row, "code"), "code")
        groups[code] = IscoGroup(
            code=code,
            uri=_require(path, row_no, row, "conceptUri"),
            preferred_label=_require(path, row_no, row, "preferredLabel"),
        )
    return groups


def read_occupations(path: Path, language: str = "en") -> tuple[dict[str, Occupation], list[Label]]:
    """ESCO occupations and their English labels from ``occupations_en.csv``."""
    occupations: dict[str, Occupation] = {}
    labels: list[Label] = []
    for row_no, row in _read_rows(path, ("conceptUri", "iscoGroup", "preferredLabel")):
        uri = _require(path, row_no, row, "conceptUri")
        if not uri.startswith(OCCUPATION_URI_PREFIX):
            raise DataFileError(path, f"not an ESCO occupation URI: {uri!r}", row=row_no)
        isco = _check_isco(path, row_no, _require(path, row_no, row, "iscoGroup"), "iscoGroup")
        if len(isco) != 4:
            raise DataFileError(path, f"ISCO unit group must have 4 digits: {isco!r}", row=row_no)
        preferred = _require(path, row_no, row, "preferredLabel")
        occupations[uri] = Occupation(
            uri=uri,
            isco_group=isco,
            preferred_label=preferred,
            code=(row.get("code") or "").strip(),
            description=(row.get("description") or "").strip(),
        )
        labels.extend(_labels_of_row(uri, row, language))
    return occupations, labels


def _labels_of_row(uri: str, row: Mapping[str, str], language: str) -> Iterator[Label]:
    preferred = (row.get("preferredLabel") or "").strip()
    seen = set()
    if preferred:
        seen.add(preferred)
        yield Label(uri, preferred, language, LabelKind.PREFERRED)
    for column, kind in (("altLabels", LabelKind.ALTERNATIVE), ("hiddenLabels", LabelKind.HIDDEN)):
        for text in _split_labels(row.get(column) or ""):
            if text not in seen:
                seen.add(text)
                yield Label(uri, text, language, kind)


def read_translated_labels(path: Path, language: str, known: Mapping[str, object]) -> list[Label]:
    """Labels of one language from ``labels/occupations_XX.csv``, kept only for known URIs.

    The translated files come from other ESCO versions; concepts absent from the loaded
    English core are skipped (ISCO codes are always taken from the core).
    """
    labels: list[Label] = []
    for _row_no, row in _read_rows(path, ("conceptUri", "preferredLabel")):
        uri = (row.get("conceptUri") or "").strip()
        if uri in known:
            labels.extend(_labels_of_row(uri, row, language))
    return labels


def read_skills(path: Path) -> dict[str, Skill]:
    skills: dict[str, Skill] = {}
    for row_no, row in _read_rows(path, ("conceptUri", "preferredLabel")):
        uri = _require(path, row_no, row, "conceptUri")
        skills[uri] = Skill(
            uri=uri,
            preferred_label=_require(path, row_no, row, "preferredLabel"),
            skill_type=(row.get("skillType") or "").strip(),
            reuse_level=(row.get("reuseLevel") or "").strip(),
        )
    return skills


def read_skill_labels(path: Path, known: Mapping[str, object]) -> list[Label]:
    """Preferred, alternative and hidden labels of ESCO skills from ``skills_en.csv``."""
    labels: list[Label] = []
    for _row_no, row in _read_rows(path, ("conceptUri", "preferredLabel")):
        uri = (row.get("conceptUri") or "").strip()
        if uri in known:
            labels.extend(_labels_of_row(uri, row, "en"))
    return labels


def read_occupation_skills(
    path: Path, occupations: Mapping[str, object]
) -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    """Essential and optional skill URIs per occupation (unknown occupations are skipped)."""
    essential: dict[str, list[str]] = defaultdict(list)
    optional: dict[str, list[str]] = defaultdict(list)
    for row_no, row in _read_rows(path, ("occupationUri", "relationType", "skillUri")):
        occ = _require(path, row_no, row, "occupationUri")
        if occ not in occupations:
            continue  # ESCO's own relations file names one occupation its core lacks
        relation = _require(path, row_no, row, "relationType")
        skill = _require(path, row_no, row, "skillUri")
        if relation == SkillRelation.ESSENTIAL:
            essential[occ].append(skill)
        elif relation == SkillRelation.OPTIONAL:
            optional[occ].append(skill)
        else:
            raise DataFileError(
                path, f"unknown relation type {relation!r}", row=row_no, field="relationType"
            )
    return (
        {k: tuple(v) for k, v in essential.items()},
        {k: tuple(v) for k, v in optional.items()},
    )


def read_broader(path: Path, occupations: dict[str, Occupation]) -> None:
    """Set ``broader_uri`` on occupations whose parent is another occupation."""
    for _row_no, row in _read_rows(path, ("conceptUri", "broaderUri")):
        uri, broader = row["conceptUri"].strip(), row["broaderUri"].strip()
        if uri in occupations and broader in occupations:
            old = occupations[uri]
            occupations[uri] = Occupation(
                old.uri, old.isco_group, old.preferred_label, old.code, old.description, broader
            )


LEXICON_COLUMNS = ("concept_uri", "isco_group", "lang", "label", "form")
LEXICON_LANGUAGES = frozenset(
    {"ka", "ka-Latn", "ru", "he", "uk", "az", "hy", "en", "pl", "de", "fr", "et", "lt", "lv"}
)
LEXICON_FORMS = frozenset({"preferred", "alternative", "colloquial", "feminine", "latin"})


def read_lexicon(
    path: Path, occupations: Mapping[str, Occupation], isco_groups: Mapping[str, IscoGroup]
) -> list[Label]:
    """Labels from one of the project's lexicon files, checked against the taxonomy.

    Rows naming an ESCO occupation that the loaded taxonomy lacks are skipped (the built-in
    catalogue holds a subset of ESCO); a row whose ISCO code contradicts its concept, or
    whose language or form is unknown, is an error.
    """
    labels: list[Label] = []
    for row_no, row in _read_rows(path, LEXICON_COLUMNS):
        uri = _require(path, row_no, row, "concept_uri")
        isco = _check_isco(path, row_no, _require(path, row_no, row, "isco_group"), "isco_group")
        lang = _require(path, row_no, row, "lang")
        text = _require(path, row_no, row, "label")
        form = _require(path, row_no, row, "form")
        if lang not in LEXICON_LANGUAGES:
            raise DataFileError(path, f"unknown language {lang!r}", row=row_no, field="lang")
        if form not in LEXICON_FORMS:
            raise DataFileError(path, f"unknown form {form!r}", row=row_no, field="form")
        if uri.startswith(ISCO_URI_PREFIX):
            if uri[len(ISCO_URI_PREFIX) :] != isco:
                raise DataFileError(
                    path, f"ISCO URI does not match code {isco}", row=row_no, field="isco_group"
                )
            if isco not in isco_groups:
                raise DataFileError(path, f"unknown ISCO group {isco}", row=row_no)
        elif uri in occupations:
            if occupations[uri].isco_group != isco:
                raise DataFileError(
                    path,
                    f"occupation is in ISCO {occupations[uri].isco_group}, not {isco}",
                    row=row_no,
                    field="isco_group",
                )
        else:
            continue
        labels.append(Label(uri, text, lang, LabelKind.LEXICON, form))
    return labels


# --------------------------------------------------------------------------------------
# Whole taxonomies
# --------------------------------------------------------------------------------------

PACKAGE_DATA = Path(__file__).parent / "data"


# Lexicons that name every ESCO occupation of some ISCO groups, for full-ESCO runs. The
# built-in catalogue does not grow to hold their occupations (it stays the schemes' trades);
# their rows naming occupations outside it are skipped there, as for any lexicon row.
COVERAGE_LEXICONS = frozenset({"lexicon_esco_groups5_9_ka_ru.csv"})


def lexicon_files(directory: Path = PACKAGE_DATA) -> list[Path]:
    """The project's lexicon files (``lexicon_*.csv``) shipped with the package."""
    return sorted(directory.glob("lexicon_*.csv"))


def _isco_unit_labels(isco_groups: Mapping[str, IscoGroup]) -> list[Label]:
    """English ISCO unit-group names, so an ISCO group can be found by its own name."""
    return [
        Label(g.uri, g.preferred_label, "en", LabelKind.PREFERRED)
        for g in isco_groups.values()
        if g.level == 4
    ]


def _resolve_esco_core(esco_dir: Path) -> Path:
    for candidate in (esco_dir / "v1.1.1", esco_dir):
        if (candidate / "occupations_en.csv").is_file():
            return candidate
    raise DataFileError(esco_dir / "v1.1.1" / "occupations_en.csv", "file not found")


def load_esco(
    esco_dir: Path,
    *,
    languages: Iterable[str] | None = None,
    with_skills: bool = True,
    lexicons: Iterable[Path] | None = None,
) -> Taxonomy:
    """Load an ESCO CSV export (the ``../shared/esco`` layout) plus the project's lexicons.

    Args:
        esco_dir: Directory with ``v1.1.1/`` (English core) and optionally ``labels/``
            (``occupations_XX.csv`` per language). A flat directory holding the core files
            works too.
        languages: Translated label languages to read from ``labels/``; ``None`` reads
            every file there.
        with_skills: Also read skills and occupation-skill relations.
        lexicons: Lexicon CSV files; the package's own by default.

    Returns:
        The taxonomy, with ``version`` ``esco-<dir name>``.

    Raises:
        DataFileError: A file is missing or malformed (the message names file and row).
    """
    core = _resolve_esco_core(Path(esco_dir))
    isco_groups = read_isco_groups(core / "ISCOGroups_en.csv")
    occupations, labels = read_occupations(core / "occupations_en.csv")
    broader = core / "broaderRelationsOccPillar.csv"
    if broader.is_file():
        read_broader(broader, occupations)
    skills: dict[str, Skill] = {}
    skill_labels: list[Label] = []
    essential: dict[str, tuple[str, ...]] = {}
    optional: dict[str, tuple[str, ...]] = {}
    if with_skills:
        skills = read_skills(core / "skills_en.csv")
        skill_labels = read_skill_labels(core / "skills_en.csv", skills)
        essential, optional = read_occupation_skills(
            core / "occupationSkillRelations.csv", occupations
        )
    labels_dir = Path(esco_dir) / "labels"
    if labels_dir.is_dir():
        wanted = None if languages is None else set(languages)
        for path in sorted(labels_dir.glob("occupations_*.csv")):
            lang = path.stem.split("_", 1)[1]
            if wanted is None or lang in wanted:
                labels.extend(read_translated_labels(path, lang, occupations))
    labels.extend(_isco_unit_labels(isco_groups))
    for path in lexicon_files() if lexicons is None else lexicons:
        labels.extend(read_lexicon(path, occupations, isco_groups))
    return Taxonomy(
        version=f"esco-{core.name}" if core.name.startswith("v") else "esco",
        occupations=occupations,
        isco_groups=isco_groups,
        skills=skills,
        labels=labels,
        _essential=essential,
        _optional=optional,
        skill_labels=skill_labels,
    )


BUILTIN_DIR = PACKAGE_DATA / "builtin"


def load_builtin(
    directory: Path = BUILTIN_DIR, *, lexicons: Iterable[Path] | None = None
) -> Taxonomy:
    """The catalogue shipped with the package: the occupations circular-migration schemes
    ask for, with their ESCO skills, ISCO groups and labels in the schemes' languages.

    Written by ``scripts/build_catalogue.py`` from an ESCO export; needs no download.
    """
    from matching import __version__

    isco_groups = read_isco_groups(directory / "isco_groups.csv")
    occupations: dict[str, Occupation] = {}
    path = directory / "occupation_records.csv"
    for row_no, row in _read_rows(path, ("uri", "isco_group", "preferred_label", "code")):
        uri = OCCUPATION_URI_PREFIX + _require(path, row_no, row, "uri")
        isco = _check_isco(path, row_no, _require(path, row_no, row, "isco_group"), "isco_group")
        broader = (row.get("broader_uri") or "").strip()
        occupations[uri] = Occupation(
            uri=uri,
            isco_group=isco,
            preferred_label=_require(path, row_no, row, "preferred_label"),
            code=row["code"].strip(),
            description=(row.get("description") or "").strip(),
            broader_uri=OCCUPATION_URI_PREFIX + broader if broader else None,
        )
    labels: list[Label] = []
    path = directory / "occupation_labels.csv"
    for row_no, row in _read_rows(path, ("uri", "language", "kind", "label")):
        uri = OCCUPATION_URI_PREFIX + _require(path, row_no, row, "uri")
        if uri not in occupations:
            raise DataFileError(path, f"unknown occupation {uri!r}", row=row_no, field="uri")
        try:
            kind = LabelKind(row["kind"])
        except ValueError:
            raise DataFileError(path, "unknown label kind", row=row_no, field="kind") from None
        labels.append(Label(uri, _require(path, row_no, row, "label"), row["language"], kind))
    skills: dict[str, Skill] = {}
    path = directory / "skill_records.csv"
    for row_no, row in _read_rows(path, ("uri", "preferred_label", "skill_type")):
        uri = SKILL_URI_PREFIX + _require(path, row_no, row, "uri")
        skills[uri] = Skill(uri, _require(path, row_no, row, "preferred_label"), row["skill_type"])
    skill_labels = [
        Label(s.uri, s.preferred_label, "en", LabelKind.PREFERRED) for s in skills.values()
    ]
    path = directory / "skill_labels.csv.gz"
    if path.is_file():  # alternative labels, written (gzipped) by scripts/build_catalogue.py
        for row_no, row in _read_rows(path, ("uri", "kind", "label")):
            uri = SKILL_URI_PREFIX + _require(path, row_no, row, "uri")
            if uri not in skills:
                raise DataFileError(path, f"unknown skill {uri!r}", row=row_no, field="uri")
            try:
                kind = LabelKind(row["kind"])
            except ValueError:
                raise DataFileError(path, "unknown label kind", row=row_no, field="kind") from None
            skill_labels.append(Label(uri, _require(path, row_no, row, "label"), "en", kind))
    essential: dict[str, list[str]] = defaultdict(list)
    optional: dict[str, list[str]] = defaultdict(list)
    path = directory / "skill_links.csv"
    for row_no, row in _read_rows(path, ("occupation_uri", "relation", "skill_uri")):
        occ = OCCUPATION_URI_PREFIX + _require(path, row_no, row, "occupation_uri")
        skill = SKILL_URI_PREFIX + _require(path, row_no, row, "skill_uri")
        if occ not in occupations or skill not in skills:
            raise DataFileError(path, "link to an unknown occupation or skill", row=row_no)
        target = essential if row["relation"] == SkillRelation.ESSENTIAL else optional
        target[occ].append(skill)
    labels.extend(_isco_unit_labels(isco_groups))
    for lex in lexicon_files() if lexicons is None else lexicons:
        labels.extend(read_lexicon(lex, occupations, isco_groups))
    return Taxonomy(
        version=f"builtin-{__version__}",
        occupations=occupations,
        isco_groups=isco_groups,
        skills=skills,
        labels=labels,
        _essential={k: tuple(v) for k, v in essential.items()},
        _optional={k: tuple(v) for k, v in optional.items()},
        skill_labels=skill_labels,
    )


def load_taxonomy(
    esco_dir: Path | None, *, kzis_dir: Path | None = None, **kwargs: object
) -> Taxonomy:
    """ESCO when ``esco_dir`` holds an export, otherwise the built-in catalogue; with
    Poland's KZiS names added when ``kzis_dir`` is given (``Settings.kzis_dir``).

    Raises:
        DataFileError: ``kzis_dir`` is given but lacks a KZiS file, or one is malformed.
    """
    taxonomy: Taxonomy | None = None
    if esco_dir is not None:
        try:
            core = _resolve_esco_core(Path(esco_dir))
        except DataFileError:
            core = None
        if core is not None:
            taxonomy = load_esco(Path(esco_dir), **kwargs)  # type: ignore[arg-type]
    if taxonomy is None:
        taxonomy = load_builtin()
    if kzis_dir is not None:
        from matching.occupations.kzis import add_kzis, load_kzis  # it imports this module

        taxonomy = add_kzis(taxonomy, load_kzis(Path(kzis_dir)))
    return taxonomy
