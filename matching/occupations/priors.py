"""What the title normaliser weighs beside a label's match score.

Two priors, both read from ESCO itself:

- A title written in English is read against English labels first. ESCO's German and
  Polish labels, and KZiS's thesaurus, hold many English loanwords ("Recruiter", "Data
  Engineer", "IT support"), each placed on the occupation that language's translators
  chose, often not the one ESCO's English labels give the same words. A title every word
  of which is an English label word is English; its matches on labels of other languages
  count :data:`FOREIGN_WEIGHT`. A title no English label covers (``spawacz``,
  Latin-typed Georgian) is read as before.
- An ESCO occupation that has narrower occupations ("specialised seller", "ICT
  consultant") is a grouping: vacancies are coded to the specific occupations under it,
  which a title's words rarely tell apart from the grouping's many labels. It counts
  :data:`GROUPING_WEIGHT`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from matching.occupations.taxonomy import Label, LabelKind, Taxonomy
from matching.occupations.text import fold

# A non-English label matched by an English title counts this much. On the English
# development titles a German or Polish label came first for 18% of rows, and those were
# right 14% of the time against 27% for English labels.
FOREIGN_WEIGHT = 0.9
# Chosen on 3,000 English development titles held out from the benchmark's sample
# (0.98 / 0.95 / 0.9 / 0.85 / 0.8 / 0.7: exact-ESCO acc@1 0.258 / 0.261 / 0.267 / 0.271 /
# 0.265 / 0.263, against 0.253 without). Of those titles' codes 4% have narrower
# occupations, of the normaliser's first answers 23%.
GROUPING_WEIGHT = 0.85
ESCO_KINDS = frozenset({LabelKind.PREFERRED, LabelKind.ALTERNATIVE, LabelKind.HIDDEN})


def english_vocabulary(labels: Iterable[Label]) -> frozenset[str]:
    """The folded words of English ESCO (not example or lexicon) labels."""
    words: set[str] = set()
    for label in labels:
        if label.language == "en" and label.kind not in (LabelKind.EXAMPLE, LabelKind.LEXICON):
            words.update(fold(label.text).split())
    return frozenset(words)


def reads_english(query_key: str, vocabulary: frozenset[str]) -> bool:
    """Whether every alphabetic word of a folded title is an English label word."""
    words = [w for w in query_key.split() if w.isalpha()]
    return bool(words) and all(w in vocabulary for w in words)


def foreign_labels(labels: Sequence[Label]) -> list[bool]:
    """Per label, whether an English title's match on it is discounted: labels in other
    languages, but not coded examples (an agency's own codes stand as taught)."""
    return [lb.language != "en" and lb.kind is not LabelKind.EXAMPLE for lb in labels]


def esco_labels(labels: Sequence[Label]) -> list[bool]:
    """Per label, whether it is one of ESCO's own (preferred, alternative, hidden)."""
    return [lb.kind in ESCO_KINDS for lb in labels]


def grouping_weights(taxonomy: Taxonomy, concepts: Sequence[str]) -> list[float]:
    """Per concept, :data:`GROUPING_WEIGHT` for an ESCO occupation with narrower
    occupations, else 1.

    The normaliser applies it to a concept whose best label is one of ESCO's own and is
    not (nearly) the title itself: a title that is the grouping's name is that grouping,
    and a name the project's lexicon, KZiS or an agency's coded titles give an
    occupation says which one it is."""
    broader = {o.broader_uri for o in taxonomy.occupations.values() if o.broader_uri}
    return [GROUPING_WEIGHT if uri in broader else 1.0 for uri in concepts]
