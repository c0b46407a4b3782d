"""Write the built-in catalogue (``matching/occupations/data/builtin/``) from an ESCO export.

The catalogue is the subset of ESCO that circular-migration schemes recruit for: the
occupations of the ISCO unit groups below (their main ESCO occupations, code depth 1),
every occupation the project's curated lexicons name (not the coverage lexicons of
``COVERAGE_LEXICONS``, which name all of ISCO groups 5-9 for full-ESCO runs), their
essential and optional skills, the ISCO-08 groups, and labels in English and the
destination languages. It lets the engine run without an ESCO download. Run again after
the lexicons change:

    python scripts/build_catalogue.py --esco-dir ../shared/esco

This service uses the ESCO classification of the European Commission.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
from pathlib import Path

from matching.occupations.taxonomy import (
    BUILTIN_DIR,
    COVERAGE_LEXICONS,
    ISCO_URI_PREFIX,
    OCCUPATION_URI_PREFIX,
    SKILL_URI_PREFIX,
    LabelKind,
    Taxonomy,
    lexicon_files,
    load_esco,
)

# ISCO-08 unit groups that schemes with Poland, Germany, Israel, France, Estonia and
# Lithuania ask for: construction and metal trades, transport, manufacturing, food,
# hospitality, cleaning, care and agriculture.
MIGRATION_GROUPS = """
2221 3221 3123 3434 3112 3115
5120 5131 5132 5141 5142 5151 5152 5153 5223 5230 5246 5311 5321 5322 5329 5414
6111 6112 6113 6114 6121 6122 6123 6130 6210 6221
7111 7112 7113 7114 7115 7119 7121 7122 7123 7124 7125 7126 7127 7131 7132 7133
7211 7212 7213 7214 7215 7221 7222 7223 7224 7231 7233 7411 7412 7413
7511 7512 7513 7514 7515 7522 7531 7533 7534 7535 7536
8121 8141 8142 8152 8153 8157 8160 8172 8181 8183 8189 8211 8212 8219
8322 8331 8332 8341 8342 8343 8344
9111 9112 9121 9122 9123 9129 9211 9212 9213 9214 9215 9312 9313 9321 9329
9331 9333 9334 9411 9412 9611 9612 9613 9621 9622 9629
""".split()

LANGUAGES = ("en", "pl", "de", "fr", "lt", "et", "lv")


def _uri_tail(uri: str) -> str:
    """Files store the UUID after ESCO's URI prefix; the loader puts the prefix back."""
    return uri.removeprefix(SKILL_URI_PREFIX).removeprefix(OCCUPATION_URI_PREFIX)


def build(esco_dir: Path, out_dir: Path) -> dict[str, int]:
    taxonomy = load_esco(esco_dir, languages=LANGUAGES[1:], lexicons=[])
    wanted_groups = set(MIGRATION_GROUPS)
    chosen = {
        uri
        for uri, occ in taxonomy.occupations.items()
        if occ.isco_group in wanted_groups and occ.code.count(".") <= 1
    }
    for path in lexicon_files():
        if path.name in COVERAGE_LEXICONS:
            continue
        with path.open(encoding="utf-8", newline="") as fh:
            chosen |= {
                row["concept_uri"]
                for row in csv.DictReader(fh)
                if row["concept_uri"] in taxonomy.occupations
            }
    out_dir.mkdir(parents=True, exist_ok=True)
    occupations = sorted(chosen)

    with (out_dir / "isco_groups.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["conceptUri", "code", "preferredLabel"])
        for code, group in sorted(taxonomy.isco_groups.items()):
            w.writerow([group.uri, code, group.preferred_label])

    with (out_dir / "occupation_records.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["uri", "isco_group", "code", "preferred_label", "broader_uri", "description"])
        for uri in occupations:
            occ = taxonomy.occupations[uri]
            broader = occ.broader_uri if occ.broader_uri in chosen else ""
            first_sentence = occ.description.split(". ")[0].strip().rstrip(".")
            w.writerow(
                [
                    _uri_tail(uri),
                    occ.isco_group,
                    occ.code,
                    occ.preferred_label,
                    _uri_tail(broader),
                    first_sentence,
                ]
            )

    n_labels = 0
    with (out_dir / "occupation_labels.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["uri", "language", "kind", "label"])
        for label in taxonomy.labels:
            if label.uri in chosen and label.language in LANGUAGES:
                if label.kind is LabelKind.HIDDEN:
                    continue
                w.writerow([_uri_tail(label.uri), label.language, label.kind.value, label.text])
                n_labels += 1

    links = []
    skill_uris: set[str] = set()
    for uri in occupations:
        for relation, skills in (
            ("essential", taxonomy.essential_skills(uri)),
            ("optional", taxonomy.optional_skills(uri)),
        ):
            for skill in skills:
                if skill in taxonomy.skills:
                    links.append((_uri_tail(uri), relation, _uri_tail(skill)))
                    skill_uris.add(skill)
    with (out_dir / "skill_links.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["occupation_uri", "relation", "skill_uri"])
        w.writerows(links)
    with (out_dir / "skill_records.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["uri", "preferred_label", "skill_type"])
        for uri in sorted(skill_uris):
            skill = taxonomy.skills[uri]
            w.writerow([_uri_tail(uri), skill.preferred_label, skill.skill_type])
    n_skill_labels = write_skill_labels(taxonomy, skill_uris, out_dir)
    assert all(not u.startswith(ISCO_URI_PREFIX) for u in occupations)
    return {
        "occupations": len(occupations),
        "labels": n_labels,
        "skills": len(skill_uris),
        "skill_links": len(links),
        "skill_labels": n_skill_labels,
    }


def write_skill_labels(taxonomy: Taxonomy, skill_uris: set[str], out_dir: Path) -> int:
    """Alternative English labels of the catalogue's skills (``skill_labels.csv.gz``, gzipped:
    2.8 MB of text)."""
    n = 0
    # mtime=0: the same labels give the same bytes, so a rebuild leaves git nothing to do
    with (
        gzip.GzipFile(out_dir / "skill_labels.csv.gz", "wb", mtime=0) as raw,
        io.TextIOWrapper(raw, encoding="utf-8", newline="") as fh,
    ):
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["uri", "kind", "label"])
        for label in sorted(taxonomy.skill_labels, key=lambda lb: (lb.uri, lb.text)):
            if label.uri in skill_uris and label.kind is LabelKind.ALTERNATIVE:
                w.writerow([_uri_tail(label.uri), label.kind.value, label.text])
                n += 1
    return n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--esco-dir", type=Path, default=Path("../shared/esco"))
    parser.add_argument("--out-dir", type=Path, default=BUILTIN_DIR)
    args = parser.parse_args()
    counts = build(args.esco_dir, args.out_dir)
    print(", ".join(f"{k}: {v}" for k, v in counts.items()))


if __name__ == "__main__":
    main()
