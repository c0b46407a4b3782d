"""Rules: one person against one vacancy, readably.

The hard requirements (:mod:`~matching.rules.gates`), the scores
(:mod:`~matching.rules.scoring`) and their explanation (:mod:`~matching.rules.explain`).
This is the oracle the fast matcher in :mod:`matching.ranking` is tested against.
"""
