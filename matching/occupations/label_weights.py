"""How much each kind of label counts when the title normaliser scores a title against it."""

from __future__ import annotations

from matching.occupations.taxonomy import LabelKind

# How much a label of each kind counts: hidden labels are ESCO's misspellings and
# near-misses, so a hit on them is weaker evidence; alternative labels are often another
# occupation's name too (0.92 rather than 0.97: exact-ESCO acc@1 0.271 -> 0.277 on 3,000
# English development titles held out from the benchmark's sample; Polish unchanged).
KIND_WEIGHT = {
    LabelKind.PREFERRED: 1.0,
    LabelKind.ALTERNATIVE: 0.92,
    LabelKind.HIDDEN: 0.85,
    LabelKind.LEXICON: 1.0,
    LabelKind.EXAMPLE: 1.0,
    LabelKind.KZIS: 1.0,
}
LEXICON_VARIANT_WEIGHT = 0.98
# With KZiS loaded, other Polish labels (ESCO's translations, some placed oddly: "stolarz"
# on a machine-operator occupation; the project's lexicon) yield to the names Poland's own
# classification gives: Polish ads and work permits are coded to KZiS. (0.90 rather than
# 0.97: ESCO's Polish "programista", "magister farmacji" sit in other unit groups than
# KZiS puts them; Polish ads zero-shot ISCO-4 acc@1 0.550 -> 0.558.)
KZIS_PRECEDENCE = 0.90
# Within KZiS likewise: its own names first, then Statistics Poland's other names, then
# the ESCO names listed under a code (ESCO's "stolarz" sits under a machine operator).
KZIS_EXEMPT = frozenset({LabelKind.KZIS, LabelKind.EXAMPLE})
KZIS_SOURCE_WEIGHT = {"official": 1.0, "hierarchy": 1.0, "thesaurus": 0.99, "esco": 0.97}
NEAR_EXACT = 0.995  # the most a label scores that is not the title's own key
