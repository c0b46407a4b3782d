"""Shortlists against a coordinator's verdicts (``bench/data/judged/``).

The judged set is imported the way a coordinator would: ``python -m matching.cli import
job-seekers`` and ``import vacancies`` into a fresh data directory, then the HTTP API
(in-process through ``TestClient``, with a keys file) is asked for every vacancy's
shortlist, near misses and related trades. Each list is compared with the verdicts:

* **qualified** — the shortlist (every qualified person: ``k`` is the whole pool) against
  the pairs judged ``qualified``;
* **near miss** — the near misses against the pairs judged ``near_miss``.

Pairs the verdicts do not list count as ``no``. The judged vacancies state age limits only
in their descriptions (``age 21-60``, ``age limit 55``), which the engine does not read
yet; the numbers are printed with all pairs and again without the pairs whose person is
outside such a limit on the start day. The synthetic benchmark (``bench/shortlists.py
--quick``) reports the generator's own precision@10; these numbers come first.

Usage:
    PYTHONPATH=. python bench/judgement.py              # ESCO from MATCHING_ESCO_DIR
    PYTHONPATH=. python bench/judgement.py --show-errors
"""

from __future__ import annotations

import argparse
import csv
import os
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
JUDGED = ROOT / "bench" / "data" / "judged"
KEY = "judgement-bench-coordinator-key-0001"
VERDICTS = ("qualified", "near_miss")

# Measured with this script on the code before occupation tiers (commit bae4d74, full
# ESCO v1.1.1, hashing encoder): list -> (all pairs, without the age-limited pairs), each
# (precision, recall, F1).
BASELINE = {
    "qualified": ((0.543, 0.908, 0.679), (0.567, 0.908, 0.698)),
    "near_miss": ((0.453, 0.475, 0.464), (0.457, 0.475, 0.466)),
}
BASELINE_COMMIT = "bae4d74"


@dataclass(frozen=True)
class Scores:
    precision: float
    recall: float
    f1: float
    true_positives: int
    predicted: int
    actual: int


def scores(predicted: set, actual: set) -> Scores:
    tp = len(predicted & actual)
    p = tp / len(predicted) if predicted else 1.0
    r = tp / len(actual) if actual else 1.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return Scores(p, r, f1, tp, len(predicted), len(actual))


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def age_limited_pairs() -> set[tuple[str, str]]:
    """Pairs whose person is outside an age limit written in the vacancy's description."""
    limits = {}
    starts = {}
    for row in read_csv(JUDGED / "vacancies.csv"):
        text = row["description"]
        if m := re.search(r"age (\d+)-(\d+)", text):
            limits[row["external_id"]] = (int(m[1]), int(m[2]))
        elif m := re.search(r"age limit (\d+)", text):
            limits[row["external_id"]] = (0, int(m[1]))
        starts[row["external_id"]] = date.fromisoformat(row["season_start"])
    out = set()
    for person in read_csv(JUDGED / "job_seekers.csv"):
        born = date.fromisoformat(person["birth_date"])
        for vid, (low, high) in limits.items():
            on = starts[vid]
            age = on.year - born.year - ((on.month, on.day) < (born.month, born.day))
            if not low <= age <= high:
                out.add((person["external_id"], vid))
    return out


def run_cli(args: list[str], env: dict[str, str]) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "matching.cli", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"matching {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def shortlists(data_dir: Path, env: dict[str, str]) -> dict[str, dict]:
    """Every vacancy's ``/matches`` answer, through the API with a coordinator key."""
    from fastapi.testclient import TestClient

    from api.app import create_app
    from api.security import hash_key
    from matching.config import Settings

    keys = data_dir / "keys.toml"
    keys.write_text(
        f'[[keys]]\nname = "bench"\nrole = "coordinator"\nsha256 = "{hash_key(KEY)}"\n',
        encoding="utf-8",
    )
    settings = Settings(
        data_dir=data_dir,
        esco_dir=Path(env["MATCHING_ESCO_DIR"]) if env.get("MATCHING_ESCO_DIR") else None,
        api_keys_file=keys,
        shortlist_size=1000,  # near misses and related trades: the whole pool
        _env_file=None,
    )
    out = {}
    with TestClient(create_app(settings)) as client:
        headers = {"X-API-Key": KEY}
        for row in read_csv(JUDGED / "vacancies.csv"):
            vid = row["external_id"]
            answer = client.get(f"/vacancies/{vid}/matches", params={"k": 200}, headers=headers)
            answer.raise_for_status()
            out[vid] = answer.json()
    return out


def sweep(data_dir: Path, env: dict[str, str], shares: list[float]) -> list[str]:
    """Qualified and near-miss F1 (age-limited pairs left out) for each skill-share
    threshold: how the same-unit-group rule was measured. In-process, on the records the
    CLI stored."""
    from matching.config import Settings
    from matching.ranking.matcher import Matcher
    from matching.service import Engine

    settings = Settings(
        data_dir=data_dir,
        esco_dir=Path(env["MATCHING_ESCO_DIR"]) if env.get("MATCHING_ESCO_DIR") else None,
        shortlist_size=1000,
        _env_file=None,
    )
    verdicts = read_csv(JUDGED / "verdicts.csv")
    aged = age_limited_pairs()
    actual = {
        v: {(r["job_seeker_id"], r["vacancy_id"]) for r in verdicts if r["verdict"] == v} - aged
        for v in VERDICTS
    }
    lines = ["[judged] skill-share threshold sweep (without the age-limited pairs)"]
    with Engine(settings) as engine:
        seekers = list(engine.store.iter_job_seekers())
        vacancies = engine.store.list_vacancies()
        for share in shares:
            matcher = Matcher(settings, skill_share=share).fit(seekers, engine.taxonomy)
            lists = matcher.batch_match_vacancies(vacancies, k=200, explanations=False)
            q = {(m.job_seeker_id, sl.vacancy_id) for sl in lists for m in sl.matches} - aged
            n = {(m.job_seeker_id, sl.vacancy_id) for sl in lists for m in sl.near_misses} - aged
            fq, fn = scores(q, actual["qualified"]), scores(n, actual["near_miss"])
            lines.append(
                f"  skill share >= {share:.2f}: qualified F1 {fq.f1:.3f} (P {fq.precision:.3f}"
                f" R {fq.recall:.3f}), near miss F1 {fn.f1:.3f}"
            )
    return lines


def predicted_pairs(answers: dict[str, dict], key: str) -> set[tuple[str, str]]:
    return {(m["job_seeker_id"], vid) for vid, a in answers.items() for m in a.get(key, [])}


def line(name: str, now: Scores, before: tuple[float, float, float]) -> str:
    return (
        f"  {name:<10} precision {now.precision:.3f}  recall {now.recall:.3f}  "
        f"F1 {now.f1:.3f}   (before: P {before[0]:.3f} R {before[1]:.3f} F1 {before[2]:.3f})"
        f"   [{now.true_positives} right of {now.predicted} listed, {now.actual} judged]"
    )


def report(answers: dict[str, dict], show_errors: bool) -> list[str]:
    verdicts = read_csv(JUDGED / "verdicts.csv")
    actual = {
        v: {(r["job_seeker_id"], r["vacancy_id"]) for r in verdicts if r["verdict"] == v}
        for v in VERDICTS
    }
    predicted = {
        "qualified": predicted_pairs(answers, "matches"),
        "near_miss": predicted_pairs(answers, "near_misses"),
    }
    aged = age_limited_pairs()
    judged = {(r["job_seeker_id"], r["vacancy_id"]) for r in verdicts}
    lines = []
    for title, drop, index in (
        ("all 24 vacancies, every pair", set(), 0),
        (
            f"without the pairs outside an age limit written only in a description ({len(aged)}"
            f" pairs, {len(aged & judged)} of them in the verdicts)",
            aged,
            1,
        ),
    ):
        lines.append(f"[judged] {title}")
        for v in VERDICTS:
            lines.append(line(v, scores(predicted[v] - drop, actual[v] - drop), BASELINE[v][index]))
    related = predicted_pairs(answers, "related_trades")
    if related:
        judged_no = {
            (r["job_seeker_id"], r["vacancy_id"]) for r in verdicts if r["verdict"] == "no"
        }
        lines.append(
            f"[judged] related trades listed: {len(related)} pairs, "
            f"{len(related & judged_no)} of them judged 'no' (neighbouring trade or hard gap), "
            f"{len(related & actual['qualified'])} judged qualified"
        )
    if show_errors:
        reasons = {(r["job_seeker_id"], r["vacancy_id"]): r for r in verdicts}
        for v in VERDICTS:
            for kind, pairs in (
                ("listed, not judged", predicted[v] - actual[v] - aged),
                ("judged, not listed", actual[v] - predicted[v] - aged),
            ):
                for pair in sorted(pairs):
                    r = reasons.get(pair)
                    what = f"{r['verdict']}: {r['reason']}" if r else "not in verdicts (no)"
                    lines.append(f"    {v} {kind}: {pair[0]} x {pair[1]} -- {what}")
    return lines


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--show-errors", action="store_true", help="list every wrong pair")
    parser.add_argument(
        "--data-dir", type=Path, help="reuse this data directory (its saved title index)"
    )
    parser.add_argument(
        "--sweep", action="store_true", help="also sweep the skill-share threshold 0..1"
    )
    args = parser.parse_args(list(argv) if argv is not None else None)
    env = dict(os.environ)
    env.setdefault("MATCHING_ESCO_DIR", str(ROOT.parent.parent / "shared" / "esco"))
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    with tempfile.TemporaryDirectory(prefix="matching-judged-") as directory:
        data_dir = args.data_dir or Path(directory)
        data_dir.mkdir(parents=True, exist_ok=True)
        (data_dir / "matching.sqlite").unlink(missing_ok=True)
        env["MATCHING_DATA_DIR"] = str(data_dir)
        os.environ.update({k: env[k] for k in ("MATCHING_DATA_DIR", "MATCHING_ESCO_DIR")})
        start = time.perf_counter()
        for kind, name in (("job-seekers", "job_seekers.csv"), ("vacancies", "vacancies.csv")):
            run_cli(["import", kind, str(JUDGED / name)], env)
        imported = time.perf_counter() - start
        answers = shortlists(data_dir, env)
        swept = sweep(data_dir, env, [i / 20 for i in range(21)]) if args.sweep else []
    print(
        f"matching judged benchmark: {JUDGED.relative_to(ROOT)}, ESCO {env['MATCHING_ESCO_DIR']},"
        f" imported through the CLI in {imported:.1f} s; before = commit {BASELINE_COMMIT}"
    )
    for text in [*report(answers, args.show_errors), *swept]:
        print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
