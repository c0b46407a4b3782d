"""Reasons, gaps, remedies and flags render from data in Georgian, English and Russian.

Every message the wording module can use must be in every catalogue, and in Georgian and
Russian it must be a translation (not the English msgid copied); every gate the engine
can fail and every reason it can give must render in each language.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from babel.messages.pofile import read_po
from matching_population import SEASON, WELDER, seeker, vacancy

from matching.i18n import LANGUAGES, catalogue_path, translator
from matching.records import (
    Certificate,
    Consent,
    DrivingLicence,
    LanguageSkill,
    WorkExperience,
)
from matching.rules import wording
from matching.rules.explain import Reason, explain
from matching.rules.gates import GateKind, check_gates
from matching.rules.scoring import PairScorer

TABLES = {
    "gate": wording.GATE_NAMES,
    "gap": wording.GAP_MESSAGES,
    "remedy": wording.REMEDY_MESSAGES,
    "reason": wording.REASON_MESSAGES,
    "relation": wording.RELATION_MESSAGES,
    "certificate": wording.CERTIFICATE_NAMES,
    "flag": wording.FLAG_NAMES,
    "verdict": wording.VERDICT_NAMES,
    "exclusion": wording.EXCLUSION_MESSAGES,
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_wording_message_is_translated(language: str) -> None:
    with catalogue_path(language).open("rb") as po:
        catalogue = read_po(po, locale=language)
    missing, copied = [], []
    for table, messages in TABLES.items():
        for key, msgid in messages.items():
            message = catalogue.get(msgid)
            if message is None or not message.string.strip() or message.fuzzy:
                missing.append((table, key))
            elif language != "en" and message.string == msgid:
                copied.append((table, key))
    assert not missing, f"{language}: no translation for {missing}"
    assert not copied, f"{language}: English copied for {missing}"


def _failing_everything():
    """A person who fails every gate a vacancy can set, and that vacancy."""
    person = seeker(
        birth_date=date(2010, 1, 1),
        consent=Consent(given=False),
        available_from=date(2026, 6, 1),
        available_until=date(2026, 7, 1),
        destination_preferences=["DE"],
        driving_licence=DrivingLicence(categories=["B"]),
        languages=[LanguageSkill(language="pl", level="A1")],
        certificates=[Certificate(kind="forklift", valid_until=date(2025, 1, 1))],
        experience=[WorkExperience(title="spawacz", years=1, esco_uri=WELDER, isco_group="7212")],
    )
    job = vacancy(
        season_end=date(2026, 10, 1),
        required_driving=["CE"],
        requires_code95=True,
        required_certificates=[
            Certificate(kind="forklift"),
            Certificate(kind="welding", code="135"),
        ],
        required_languages=[LanguageSkill(language="pl", level="B1")],
        min_experience_years=2,
    )
    return person, job


def test_every_gate_renders_in_every_language() -> None:
    person, job = _failing_everything()
    failures = check_gates(person, job, on=SEASON, relevant_years=1.0, occupation_label="welder")
    assert {f.kind for f in failures} == set(GateKind)
    en, ka, ru = translator("en"), translator("ka"), translator("ru")
    for failure in failures:
        gap = {
            "kind": failure.kind.value,
            "reason": failure.reason,
            "closable": failure.closable,
            "params": dict(failure.params),
        }
        english = wording.gap_text(gap, en)
        assert english and english == wording.gap_text({**gap, "reason": "?"}, en)  # from data
        for t in (ka, ru):
            assert wording.gap_text(gap, t) != english, (t.language, failure.kind)
        if failure.closable:
            remedies = {t.language: wording.remedy_text(gap, t) for t in (en, ka, ru)}
            assert all(remedies.values()), failure.kind
            assert len(set(remedies.values())) == 3, remedies
        else:
            assert wording.remedy_text(gap, en) is None
    # the language gap: CLDR's language names, the course and its weeks
    language = next(f for f in failures if f.kind is GateKind.LANGUAGE)
    gap = {"kind": "language", "closable": True, "params": dict(language.params)}
    assert wording.gap_text(gap, ka) == "პოლონური A1, საჭიროა B1"
    assert wording.remedy_text(gap, ru) == "курс языка (польский) A1→B1 (около 22 нед.)"


def test_every_reason_of_an_explanation_renders_in_every_language(builtin_taxonomy) -> None:
    scorer = PairScorer().fit(builtin_taxonomy)
    person, job = _failing_everything()
    person = person.model_copy(
        update={
            "consent": Consent(given=True, date=date(2026, 1, 1)),
            "skills": ["MAG welding"],
            "destination_preferences": ["PL"],
            "available_from": date(2026, 4, 1),
            "available_until": None,
            "driving_licence": DrivingLicence(categories=["CE"]),
        }
    )
    sp, vp = scorer.profile_seeker(person), scorer.profile_vacancy(job, today=date(2026, 3, 1))
    explanation = explain(scorer, sp, vp, scorer.assess(sp, vp))
    assert len(explanation.facts) == len(explanation.reasons)
    kinds = {f.kind for f in explanation.facts}
    assert {"experience", "relevant_years", "language", "licence", "skills"} <= kinds
    assert {"available", "wants", "gap"} <= kinds
    rendered = {
        lang: [wording.reason_text(f.to_dict(), translator(lang)) for f in explanation.facts]
        for lang in LANGUAGES
    }
    for i, fact in enumerate(explanation.facts):
        assert rendered["ka"][i] != rendered["en"][i], fact
        assert rendered["ru"][i] != rendered["en"][i], fact
    # English from data reads as the engine's own English for the plain reasons
    for fact, text, english in zip(
        explanation.facts, explanation.reasons, rendered["en"], strict=True
    ):
        if fact.kind in ("relevant_years", "language", "licence"):
            assert english == text


def test_unknown_reason_kind_is_an_error_and_old_runs_fall_back_to_english() -> None:
    with pytest.raises(KeyError):
        wording.reason_text({"kind": "nonsense", "params": {}}, translator("ka"))
    old = {"reasons": ["6 years as welder"], "facts": []}
    assert wording.reasons_of(old, translator("ka")) == ["6 years as welder"]
    assert wording.flag_text("worker_fee", translator("ka")) != "a fee is charged to the worker"


def test_every_exclusion_count_renders_in_every_language() -> None:
    from matching.ranking.exclusions import EXCLUSION_MESSAGES

    assert set(wording.EXCLUSION_MESSAGES) == set(EXCLUSION_MESSAGES)
    values = {
        "minimum": 2,
        "maximum": 55,
        "on": "2027-03-01",
        "end": "2027-10-31",
        "destination": "PL",
        "missing": "CE",
        "certificate": "ISO 9606-1 135",
        "language": "pl",
        "required": "A2",
    }
    for kind in EXCLUSION_MESSAGES:
        texts = {
            lang: wording.exclusion_text(kind, values, 120, translator(lang)) for lang in LANGUAGES
        }
        assert all(text.startswith("120") for text in texts.values()), texts
        assert len(set(texts.values())) == 3, texts
    assert wording.exclusion_text("language", values, 120, translator("ka")) == (
        "120 — არ აქვს პოლონური A2"
    )


def test_every_reason_kind_the_engine_gives_is_worded(builtin_taxonomy) -> None:
    """Reasons of three people between them give every kind ``explain`` makes; each
    renders in every language, and a kind the wording lacks would raise."""
    from matching.records import MigrationEpisode

    scorer = PairScorer().fit(builtin_taxonomy)
    job = vacancy(
        required_driving=["CE"],
        requires_code95=True,
        required_certificates=[Certificate(kind="forklift")],
        required_languages=[LanguageSkill(language="pl", level="A2")],
        min_experience_years=1,
    )
    driver = seeker(
        driving_licence=DrivingLicence(categories=["CE"], code95=True),
        certificates=[Certificate(kind="forklift")],
        destination_preferences=["PL"],
        available_from=date(2026, 4, 1),
        migration_history=[
            MigrationEpisode(
                country="PL", start=date(2022, 1, 1), end=date(2024, 1, 1), esco_uri=WELDER,
                isco_group="7212", title="spawacz",
            )
        ],
    )  # fmt: skip
    newcomer = seeker("GE-2", languages=[LanguageSkill(language="pl", level="A1")])
    kinds: set[str] = set()
    vp = scorer.profile_vacancy(job, today=date(2026, 3, 1))
    for person, similarity in ((driver, 0.6), (newcomer, None)):
        sp = scorer.profile_seeker(person)
        facts = explain(scorer, sp, vp, scorer.assess(sp, vp, similarity)).facts
        for fact in facts:
            for lang in LANGUAGES:
                assert wording.reason_text(fact.to_dict(), translator(lang))
        kinds |= {f.kind for f in facts}
    expected = {
        "experience", "abroad", "no_experience", "relevant_years", "language", "licence",
        "code95", "certificate", "skills", "text_similarity", "available", "wants", "gap",
    }  # fmt: skip
    assert kinds == expected


def test_engine_objects_render_as_their_data_does(builtin_taxonomy) -> None:
    """A GateFailure and an Explanation word as the mappings a run stores them as."""
    person, job = _failing_everything()
    failures = check_gates(person, job, on=SEASON, relevant_years=1.0, occupation_label="welder")
    ka = translator("ka")
    for failure in failures:
        stored = {
            "kind": failure.kind.value,
            "reason": failure.reason,
            "closable": failure.closable,
            "remedy": failure.remedy,
            "params": dict(failure.params),
        }
        assert wording.failure_data(failure) == stored
        assert wording.gap_text(failure, ka) == wording.gap_text(stored, ka)
        assert wording.remedy_text(failure, ka) == wording.remedy_text(stored, ka)
    scorer = PairScorer().fit(builtin_taxonomy)
    sp, vp = scorer.profile_seeker(person), scorer.profile_vacancy(job, today=date(2026, 3, 1))
    explanation = explain(scorer, sp, vp, scorer.assess(sp, vp))
    worded = wording.explanation_reasons(explanation, ka)
    assert worded == [wording.reason_text(f.to_dict(), ka) for f in explanation.facts]
    assert len(worded) == len(explanation.reasons) and worded != list(explanation.reasons)
    newer = replace(explanation, facts=(*explanation.facts[:-1], Reason("newer_kind", {})))
    assert wording.explanation_reasons(newer, ka)[-1] == explanation.reasons[-1]  # English
