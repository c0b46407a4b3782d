"""Ranking: the fitted population searched for shortlists, allocated, and checked for fairness.

:class:`Matcher` answers vacancies over the job seekers it was fit on; :func:`allocate`
spreads a demand list's positions so that nobody is promised twice; :func:`fairness_report`
describes who an allocation reached.
"""

from matching.ranking.matcher import Matcher
from matching.ranking.results import Match, NearMiss, Recommendations, RelatedTrade, Shortlist

__all__ = [
    "Match",
    "Matcher",
    "NearMiss",
    "Recommendations",
    "RelatedTrade",
    "Shortlist",
]
