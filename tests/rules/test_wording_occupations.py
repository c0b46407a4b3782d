"""The occupation inside a reason, gap, remedy or fit rule is named in the reader's
language: a Georgian reader never reads ESCO's English label of an occupation the project
names in Georgian; data written before facts kept the occupation's identity still words,
with the English label."""

from __future__ import annotations

import re

import pytest
from matching_population import SEASON, WELDER, seeker, vacancy

from matching.i18n import translator
from matching.occupations.names import occupation_name
from matching.policy.wording import fit_rule_text
from matching.records import Consent, WorkExperience
from matching.rules import wording
from matching.rules.explain import explain
from matching.rules.scoring import PairScorer

PLASTERER = "http://data.europa.eu/esco/occupation/f4a22809-c00c-4dd0-8b09-c7251f8dcd1c"
LATIN = re.compile(r"[A-Za-z]{3,}")
# Latin words a Georgian reason may hold besides an occupation: the classification's names
CODES = {"ESCO", "ISCO"}


@pytest.fixture(scope="module")
def scorer(builtin_taxonomy) -> PairScorer:
    return PairScorer().fit(builtin_taxonomy)


def _texts(scorer: PairScorer, uri: str, isco: str, language: str) -> list[str]:
    """Everything worded for a person with one year in ``uri`` against a vacancy for it
    asking three: reasons (experience, skills, the experience gap) and gaps and remedies."""
    person = seeker(
        consent=Consent(given=True, date=SEASON),
        experience=[WorkExperience(title="x", years=1, esco_uri=uri, isco_group=isco)],
    )
    job = vacancy(title="y", esco_uri=uri, isco_group=isco, min_experience_years=3)
    sp, vp = scorer.profile_seeker(person), scorer.profile_vacancy(job)
    explanation = explain(scorer, sp, vp, scorer.assess(sp, vp))
    t = translator(language)
    texts = wording.explanation_reasons(explanation, t)
    for gap in explanation.gaps:
        texts += [wording.gap_text(gap, t), wording.remedy_text(gap, t) or ""]
    return texts


def _leaks(texts: list[str], english: str) -> list[str]:
    """Texts naming ``english`` (as a whole word: ``cook`` is not in ``cooking``)."""
    pattern = re.compile(rf"(?<![A-Za-z]){re.escape(english)}(?![A-Za-z])")
    return [text for text in texts if pattern.search(text)]


@pytest.mark.parametrize("language", ["ka", "ru"])
def test_no_english_label_in_reasons_gaps_or_remedies(scorer, language: str) -> None:
    """Every built-in occupation of ISCO major group 7 (the trades the schemes ask for),
    each as the person's and the vacancy's occupation."""
    taxonomy = scorer.taxonomy_
    trades = [o for o in taxonomy.occupations.values() if o.isco_group.startswith("7")]
    assert len(trades) > 150
    leaked = {}
    for occ in trades:
        texts = _texts(scorer, occ.uri, occ.isco_group, language)
        name = occupation_name(occ.preferred_label, language, uri=occ.uri)
        assert name != occ.preferred_label
        assert sum(name in text for text in texts) >= 4, (occ.preferred_label, texts)
        if _leaks(texts, occ.preferred_label):
            leaked[occ.preferred_label] = _leaks(texts, occ.preferred_label)
    assert not leaked


def test_a_georgian_plasterer_reads_georgian_throughout(scorer) -> None:
    texts = _texts(scorer, PLASTERER, "7123", "ka")
    assert texts[0].startswith("მლესავი: 1 წლის გამოცდილება (ESCO: მლესავი, ISCO 7123)")
    assert any(text.startswith("მითითებულია პროფესიის „მლესავი“") for text in texts)
    latin = {w for text in texts for w in LATIN.findall(text)} - CODES
    assert not latin, latin
    english = _texts(scorer, PLASTERER, "7123", "en")
    assert english[0] == "1 years as plasterer (ESCO: plasterer, ISCO 7123)"


def test_facts_from_before_the_identity_word_with_the_english_label() -> None:
    """A results.json written before facts kept ``occupation_uri``: the English label."""
    concept = "ESCO: plasterer, ISCO 7123"
    old = {
        "kind": "experience",
        "params": {"years": 8.5, "occupation": "plasterer", "concept": concept},
    }
    skills = {
        "kind": "skills",
        "params": {"declared": 3, "wanted": 12, "essential": True, "occupation": "plasterer"},
    }
    gap = {"kind": "experience", "closable": True,
           "params": {"years": 1, "minimum": 2, "occupation": "plasterer"}}  # fmt: skip
    ka = translator("ka")
    assert wording.reason_text(old, ka) == (
        "plasterer: 8,5 წლის გამოცდილება (ESCO: plasterer, ISCO 7123)"
    )
    assert "„plasterer“" in wording.reason_text(skills, ka)
    assert wording.gap_text(gap, ka).startswith("plasterer:")
    assert "(plasterer)" in (wording.remedy_text(gap, ka) or "")
    assert wording.reasons_of({"facts": [old], "reasons": ["x"]}, ka)[0].startswith("plasterer")
    # the same facts with the identity: the Georgian name
    new = {"kind": "experience", "params": {**old["params"], "occupation_uri": PLASTERER,
                                            "occupation_isco": "7123"}}  # fmt: skip
    georgian = "მლესავი: 8,5 წლის გამოცდილება (ESCO: მლესავი, ISCO 7123)"
    assert wording.reason_text(new, ka) == georgian


def test_the_vacancys_occupation_in_a_relation_and_the_unit_group_fallback() -> None:
    ka = translator("ka")
    fact = {
        "kind": "experience",
        "params": {
            "years": 3,
            "occupation": "some occupation the lexicons lack",
            "occupation_uri": "http://data.europa.eu/esco/occupation/not-named",
            "occupation_isco": "7212",
            "concept": "ESCO: some occupation the lexicons lack, ISCO 7212",
            "relation": "shared_skills",
            "of": "plasterer",
            "of_uri": PLASTERER,
            "of_isco": "7123",
        },
    }
    text = wording.reason_text(fact, ka)
    group = occupation_name("", "ka", isco="7212")
    assert text.startswith(f"{group}: 3 წლის გამოცდილება (ESCO: {group}, ISCO 7212; ")
    assert "მლესავი" in text and "plasterer" not in text and "lexicons" not in text
    old = {**fact, "params": {k: v for k, v in fact["params"].items() if k != "of_uri"}}
    old["params"].pop("of_isco")
    assert "plasterer" in wording.reason_text(old, ka)


def test_the_fit_rule_names_its_occupations_in_the_readers_language(scorer) -> None:
    vp = scorer.profile_vacancy(vacancy())
    rule = scorer.fit_rule(vp)
    assert rule.occupation == "welder" and rule.occupation_uri == WELDER
    assert len(rule.related_uris) == len(rule.related)
    assert len(rule.close_uris) == len(rule.close)
    ka = fit_rule_text(rule, translator("ka"))
    assert "შემდუღებელი (ESCO-ს პროფესია)" in ka
    for label in (rule.occupation, *rule.related, *rule.close):
        assert not _leaks([ka], label), label
    assert fit_rule_text(rule, translator("en")) == str(rule)  # English as it always was
    # a rule from before it kept URIs: its English labels
    from matching.rules.fit import FitRule

    old = FitRule(**{**rule.values(), "occupation_uri": None, "related_uris": (), "close_uris": ()})
    assert "welder (ESCO-ს პროფესია)" in fit_rule_text(old, translator("ka"))
