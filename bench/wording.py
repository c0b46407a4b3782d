"""What wording reasons in the reader's language adds to the API's shortlist JSON.

Builds a synthetic registry (``--seekers`` people, the synthetic demand lists) in a
temporary SQLite database, shortlists every vacancy (top ``--k``, with explanations) and
then times, per shortlist, what ``GET /vacancies/{id}/matches`` does after the engine:
``ShortlistPublic.from_core`` and the JSON, best of ``--repeat`` passes over all lists:

* baseline: no ``Accept-Language`` (English reasons only, the default path);
* ``ka`` and ``ru``: the same plus ``reasons_localized`` and each gap's
  ``reason_localized``/``remedy_localized``;
* Engine.match_vacancy itself, for scale (best of three passes);
* the reasons alone in ka and ru, the facts naming their occupation by its ESCO URI (named
  in the reader's language) against the same facts without it (ESCO's English label, as
  before occupations were named): what naming costs, baseline in the same run.

Run on a checkout from before the localized fields, it times the default path only (the
before/after pair of ``bench/results/wording.txt``).

Usage:
    PYTHONPATH=. .venv/bin/python bench/wording.py                 # 5,000 people, k=50
    PYTHONPATH=. .venv/bin/python bench/wording.py --seekers 20000
"""

from __future__ import annotations

import argparse
import inspect
import os
import tempfile
import time
from pathlib import Path

from api.schemas import ShortlistPublic
from matching.config import Settings
from matching.occupations import load_builtin
from matching.service import Engine
from matching.storage.store import Store
from matching.synth.generator import PopulationGenerator


def _best(call, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seekers", type=int, default=5000)
    parser.add_argument("--k", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="matching-bench-") as directory:
        root = Path(directory)
        settings = Settings(
            esco_dir=None, data_dir=root / "var", database_url=f"sqlite:///{root}/m.sqlite"
        )
        generator = PopulationGenerator(args.seed, vacancies_per_country=8).fit(load_builtin())
        with Store.from_settings(settings) as store:
            for chunk in generator.iter_chunks(args.seekers):
                store.upsert_job_seekers(chunk.job_seekers)
            for demand_list in generator.demand_lists_:
                store.save_demand_list(demand_list)
        with Engine(settings) as engine:
            vacancies = engine.stored_vacancies()
            engine.match_vacancy(vacancies[0], args.k)  # fit and warm
            shortlists = [engine.match_vacancy(v, args.k) for v in vacancies]
            # best of three: one pass in a few stalls ~0.6 s (a full collection of the heap)
            passes = _best(lambda: [engine.match_vacancy(v, args.k) for v in vacancies], 3)
            engine_ms = passes * 1000 / len(shortlists)
        people = sum(len(s.matches) + len(s.near_misses) for s in shortlists)
        print(
            f"{len(shortlists)} shortlists of {args.seekers:,} people, k={args.k}: "
            f"{people / len(shortlists):.0f} people listed per shortlist; "
            f"{os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}"
        )
        print(f"  Engine.match_vacancy           {engine_ms:7.2f} ms/shortlist")

        def serialise(language: str | None) -> int:
            asked = {} if language is None else {"language": language}
            return sum(
                len(ShortlistPublic.from_core(s, **asked).model_dump_json()) for s in shortlists
            )

        baseline = _best(lambda: serialise(None), args.repeat)
        size = serialise(None)
        print(
            f"  JSON, no Accept-Language       {baseline * 1000 / len(shortlists):7.2f} "
            f"ms/shortlist  1.00x  {size / len(shortlists) / 1024:.1f} KiB"
        )
        if "language" not in inspect.signature(ShortlistPublic.from_core).parameters:
            return  # a checkout before the localized fields: its default path only
        for language in ("ka", "ru"):
            seconds = _best(lambda lang=language: serialise(lang), args.repeat)
            worded = serialise(language)
            print(
                f"  JSON, Accept-Language: {language}      "
                f"{seconds * 1000 / len(shortlists):7.2f} ms/shortlist  "
                f"{seconds / baseline:.2f}x  {worded / len(shortlists) / 1024:.1f} KiB"
            )
        _time_occupation_names(shortlists, args.repeat)


def _time_occupation_names(shortlists, repeat: int) -> None:
    """The reasons alone (``wording.reason_text`` over every fact of every list), with the
    occupation's identity in the facts (named in the reader's language) against the same
    facts without it (ESCO's English label, as facts were before): the naming's cost."""
    from matching.i18n import translator
    from matching.rules import wording

    if not hasattr(wording, "occupation_text"):
        return  # a checkout before occupations were named in the reader's language
    facts = [
        f.to_dict()
        for s in shortlists
        for m in (*s.matches, *s.near_misses)
        if m.explanation is not None
        for f in m.explanation.facts
    ]

    def anonymous(params):
        kept = {k: v for k, v in params.items() if not k.endswith(("_uri", "_isco"))}
        if isinstance(kept.get("values"), dict):
            kept["values"] = anonymous(kept["values"])
        return kept

    english = [{"kind": f["kind"], "params": anonymous(f["params"])} for f in facts]
    named = sum("occupation_uri" in f["params"] for f in facts)
    print(f"  reasons alone: {len(facts):,} facts, {named:,} naming an occupation by its URI")
    for language in ("ka", "ru"):
        t = translator(language)
        times = {}
        for name, data in (("English label", english), ("named", facts)):
            seconds = _best(lambda d=data, t=t: [wording.reason_text(f, t) for f in d], repeat)
            times[name] = seconds
            print(
                f"    {language}, {name:<14} {seconds * 1000 / len(shortlists):7.2f} ms/shortlist"
                f"  {seconds / times['English label']:.2f}x"
            )


if __name__ == "__main__":
    main()
