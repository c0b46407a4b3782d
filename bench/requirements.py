"""Accuracy and speed of reading requirements from vacancy text, against a trivial baseline.

    python bench/requirements.py
    python bench/requirements.py --data bench/data/requirements_*.csv
    python bench/requirements.py --data bench/data/requirements_test.csv --errors

Hand-labelled sets in ``bench/data`` (gold labelled from the text before any run):

* ``requirements_dev.csv``: 215 texts, 59 excerpts of real Polish ads
  (``/work/shared/eval/pl_job_ads_dev.csv``, row id in ``source``) and 156 written for the
  set in pl, de, en, ru, ka and he; the rules were developed on it.
* ``requirements_test.csv``: 58 texts (28 real Polish excerpts, 30 written), held out
  until its first run, which is kept in ``bench/results/requirements.txt``.
* ``requirements_fresh_pl.csv``: 80 more real Polish excerpts in two blind batches of 40,
  each first run recorded before the rules changed.
* ``requirements_fresh_pl3.csv`` (40) and ``requirements_fresh_pl4.csv`` (38): real Polish
  excerpts (600 characters from the requirements header) of ads no earlier set used, picked
  at random (most from ISCO 5-9), labelled and run blind in turn (issue 17);
  ``requirements_fresh_pl5.csv`` (40) likewise, after the rules learnt from pl4.
* ``requirements_fresh_written.csv``: 50 texts written for the set, 10 each in de, en, ru,
  ka and he, run blind once.

Gold holds required items in the ``requirements_row`` formats and the preferred ones in
``preferred``. Alternatives ("niemiecki lub angielski") are labelled as both languages.

Scoring, per field: list fields (``driving``, ``certificates``, ``languages``,
``preferred``, and ``code95`` as the one-token list ``code95``) count true positives,
false positives and false negatives over tokens (a language counts only with the right
level: ``de:B1`` is not ``de:A2``); value fields (``min_experience_years``, ``age_min``,
``age_max``) count a right value as TP, a wrong one as FP and FN, a missing one as FN,
a spurious one as FP. Micro-F1 sums all fields. Prints per field and per language, for
the extractor and for the baseline, then speed. Writes nothing.

The baseline is what the project had before ``matching.requirements``: the title helper
``matching.occupations.text.extract_requirements`` (licence categories after a driver
word, ISO 4063 numbers and MIG/MAG/TIG), plus literal ``ADR`` and ``kod/code/код/კოდი 95``,
the first "N years/lat/Jahre/лет/წელი/שנים" as experience and the first "NN-NN" as ages.
"""

from __future__ import annotations

import argparse
import csv
import re
import statistics
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path

from matching.occupations.text import extract_requirements as title_requirements
from matching.requirements import REQUIREMENT_COLUMNS, batch_extract_requirements, requirements_row

DEFAULT_DATA = Path(__file__).parent / "data" / "requirements_dev.csv"
LIST_FIELDS = ("driving", "code95", "certificates", "languages", "preferred")
VALUE_FIELDS = ("min_experience_years", "age_min", "age_max")
FIELDS = ("driving", "code95", "certificates", "languages", *VALUE_FIELDS, "preferred")
assert set(FIELDS) == set(REQUIREMENT_COLUMNS)

Row = dict[str, str]
Extractor = Callable[[Sequence[str]], list[Row]]


def read_set(path: Path) -> list[Row]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def extractor(texts: Sequence[str]) -> list[Row]:
    return [requirements_row(r) for r in batch_extract_requirements(texts)]


_YEARS = re.compile(
    r"(\d{1,2})\s*\+?\s*(?:years?|lat[a]?|roku|jahre?n?|лет|года?|წელ\w*|שנים)", re.I
)
_RANGE = re.compile(r"(?<!\d)(\d{2})\s*-\s*(\d{2})(?!\d)")


def baseline(texts: Sequence[str]) -> list[Row]:
    out = []
    for text in texts:
        found = title_requirements(text)
        certs = [f"welding:{p}" for p in found["welding_processes"]]
        if re.search(r"\bADR\b", text):
            certs.append("adr")
        years = _YEARS.search(text)
        ages = _RANGE.search(text)
        out.append(
            {
                "driving": ";".join(found["driving"]),
                "code95": "1" if re.search(r"(?:kod|code|код|კოდი)\s*95", text, re.I) else "0",
                "certificates": ";".join(certs),
                "languages": "",
                "min_experience_years": years.group(1) if years else "",
                "age_min": ages.group(1) if ages else "",
                "age_max": ages.group(2) if ages else "",
                "preferred": "",
            }
        )
    return out


def _tokens(field: str, cell: str) -> set[str]:
    if field == "code95":
        return {"code95"} if cell.strip() == "1" else set()
    return {t.strip() for t in cell.split(";") if t.strip()}


def _same_value(a: str, b: str) -> bool:
    try:
        return float(a) == float(b)
    except ValueError:
        return a == b


def score(gold: list[Row], pred: list[Row]) -> dict[str, Counter[str]]:
    """Per field (and per ``language/field``) counts of tp, fp and fn."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for g, p in zip(gold, pred, strict=True):
        for field in FIELDS:
            c = Counter()
            if field in LIST_FIELDS:
                gt, pt = _tokens(field, g[field]), _tokens(field, p[field])
                c["tp"], c["fp"], c["fn"] = len(gt & pt), len(pt - gt), len(gt - pt)
            else:
                gv, pv = g[field].strip(), p[field].strip()
                if gv and pv and _same_value(gv, pv):
                    c["tp"] = 1
                else:
                    c["fp"], c["fn"] = int(bool(pv)), int(bool(gv))
            counts[field].update(c)
            counts[f"{g['language']}/{field}"].update(c)
    return counts


def prf(c: Counter[str]) -> tuple[float, float, float]:
    p = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 1.0
    r = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def report(name: str, counts: dict[str, Counter[str]], languages: list[str]) -> float:
    print(f"== {name} ==")
    print(f"{'field':22s} {'P':>6s} {'R':>6s} {'F1':>6s}   tp   fp   fn")
    total: Counter[str] = Counter()
    for field in FIELDS:
        c = counts[field]
        total.update(c)
        p, r, f = prf(c)
        print(f"{field:22s} {p:6.3f} {r:6.3f} {f:6.3f} {c['tp']:4d} {c['fp']:4d} {c['fn']:4d}")
    p, r, f = prf(total)
    print(
        f"{'micro (all fields)':22s} {p:6.3f} {r:6.3f} {f:6.3f} "
        f"{total['tp']:4d} {total['fp']:4d} {total['fn']:4d}"
    )
    per_lang = []
    for lang in languages:
        c = Counter()
        for field in FIELDS:
            c.update(counts[f"{lang}/{field}"])
        per_lang.append(f"{lang} {prf(c)[2]:.3f}")
    print("micro-F1 by language: " + ", ".join(per_lang))
    print()
    return f


def errors(gold: list[Row], pred: list[Row]) -> None:
    for g, p in zip(gold, pred, strict=True):
        diffs = []
        for field in FIELDS:
            if field in LIST_FIELDS:
                same = _tokens(field, g[field]) == _tokens(field, p[field])
            else:
                gv, pv = g[field].strip(), p[field].strip()
                same = gv == pv or bool(gv and pv and _same_value(gv, pv))
            if not same:
                diffs.append(f"{field}: gold={g[field]!r} got={p[field]!r}")
        if diffs:
            print(f"-- {g['id']}: {g['text'][:160]}")
            for d in diffs:
                print(f"     {d}")


def speed(texts: list[str], seconds: float = 2.0) -> None:
    n, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        batch_extract_requirements(texts)
        n += len(texts)
    batch_rate = n / (time.perf_counter() - start)
    singles = []
    for text in texts:
        t0 = time.perf_counter()
        batch_extract_requirements([text])
        singles.append((time.perf_counter() - t0) * 1000)
    singles.sort()
    chars = statistics.mean(len(t) for t in texts)
    print(
        f"speed: batch {batch_rate:,.0f} texts/s (mean {chars:.0f} characters); single text "
        f"p50 {statistics.median(singles):.2f} ms, p95 {singles[int(len(singles) * 0.95)]:.2f} ms"
    )


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--data", type=Path, nargs="+", default=[DEFAULT_DATA], help="labelled CSV file(s)"
    )
    parser.add_argument("--errors", action="store_true", help="print every row that differs")
    parser.add_argument(
        "--speed-csv",
        type=Path,
        help="measure speed on this CSV instead (e.g. ../shared/eval/pl_job_ads_dev.csv)",
    )
    parser.add_argument("--speed-column", default="text", help="text column of --speed-csv")
    args = parser.parse_args(argv)
    for path in args.data:
        evaluate(path, errors_too=args.errors)
    if args.speed_csv:
        speed([row[args.speed_column] for row in read_set(args.speed_csv)], seconds=10.0)
    else:
        speed([g["text"] for g in read_set(args.data[0])])


def evaluate(path: Path, *, errors_too: bool = False) -> None:
    gold = read_set(path)
    texts = [g["text"] for g in gold]
    order = ["pl", "de", "en", "ru", "ka", "he"]
    languages = sorted({g["language"] for g in gold}, key=order.index)
    sizes = Counter(g["language"] for g in gold)
    listing = ", ".join(f"{k} {sizes[k]}" for k in languages)
    print(f"##### {path.name}: {len(gold)} texts ({listing})\n")
    report("baseline (title helper + literal tokens)", score(gold, baseline(texts)), languages)
    pred = extractor(texts)
    report("matching.requirements", score(gold, pred), languages)
    if errors_too:
        errors(gold, pred)
        print()


if __name__ == "__main__":
    main()
