"""Each gate, its reason, and whether its gap is closable (a near miss)."""

from __future__ import annotations

from datetime import date

import pytest
from matching_population import SEASON, seeker, vacancy

from matching.records import (
    Certificate,
    Consent,
    DrivingCategory,
    DrivingLicence,
    LanguageSkill,
)
from matching.rules.gates import (
    GateKind,
    GatePolicy,
    check_gates,
    implied_categories,
    is_near_miss,
    reference_date,
)

DC = DrivingCategory


def kinds(failures):
    return [f.kind for f in failures]


def gates(s, v, **kw):
    return check_gates(s, v, on=reference_date(v, date(2026, 3, 1)), **kw)


def test_qualified_person_passes_every_gate():
    assert gates(seeker(), vacancy()) == []


@pytest.mark.parametrize(
    ("held", "implied"),
    [
        ({DC.CE}, {DC.C, DC.B, DC.C1, DC.BE, DC.C1E}),
        ({DC.C}, {DC.C1, DC.B}),
        ({DC.DE}, {DC.D, DC.D1, DC.B, DC.BE}),
        ({DC.A}, {DC.A2, DC.A1, DC.AM}),
    ],
)
def test_licence_categories_imply_lower_ones(held, implied):
    assert implied <= implied_categories(held)


def test_c_does_not_imply_ce():
    assert DC.CE not in implied_categories({DC.C})
    assert DC.C not in implied_categories({DC.C1, DC.B})


def test_driving_gate_uses_implication_and_validity():
    v = vacancy(required_driving=["C"])
    assert gates(seeker(driving_licence=DrivingLicence(categories=["CE"])), v) == []
    fail = gates(seeker(driving_licence=DrivingLicence(categories=["B"])), v)
    assert kinds(fail) == [GateKind.DRIVING] and "needs category C" in fail[0].reason
    assert not fail[0].closable
    expired = DrivingLicence(categories=["CE"], valid_until=date(2026, 1, 1))
    assert kinds(gates(seeker(driving_licence=expired), v)) == [GateKind.DRIVING]
    assert kinds(gates(seeker(), v)) == [GateKind.DRIVING]


def test_code95_is_closable_and_accepted_as_licence_flag_or_certificate():
    v = vacancy(required_driving=["CE"], requires_code95=True)
    lic = DrivingLicence(categories=["CE"])
    fail = gates(seeker(driving_licence=lic), v)
    assert kinds(fail) == [GateKind.CODE95] and fail[0].closable
    assert "Code 95" in fail[0].remedy
    assert gates(seeker(driving_licence=DrivingLicence(categories=["CE"], code95=True)), v) == []
    cert = Certificate(kind="code95", valid_until=date(2030, 1, 1))
    assert gates(seeker(driving_licence=lic, certificates=[cert]), v) == []


def test_certificate_gate_checks_process_and_validity():
    v = vacancy(required_certificates=[Certificate(kind="welding", code="135")])
    ok = Certificate(kind="welding", code="135", valid_until=date(2027, 1, 1))
    assert gates(seeker(certificates=[ok]), v) == []
    wrong = gates(seeker(certificates=[Certificate(kind="welding", code="141")]), v)
    assert kinds(wrong) == [GateKind.CERTIFICATE]
    assert wrong[0].closable and "ISO 9606-1 135" in wrong[0].remedy
    old = Certificate(kind="welding", code="135", valid_until=date(2026, 1, 1))
    expired = gates(seeker(certificates=[old]), v)
    assert expired[0].reason.startswith("expired") and expired[0].remedy.startswith("renew")


def test_age_gate_on_season_start_never_a_near_miss():
    v = vacancy()  # season starts 2026-05-01
    turns_18_after = seeker(birth_date=date(2008, 6, 1))
    fail = gates(turns_18_after, v)
    assert kinds(fail) == [GateKind.AGE] and not is_near_miss(fail)
    assert gates(seeker(birth_date=date(2008, 4, 30)), v) == []
    assert kinds(gates(seeker(birth_date=None), v)) == [GateKind.AGE]
    assert kinds(gates(turns_18_after, v, policy=GatePolicy(minimum_age=16))) == []


def test_age_gate_uses_today_without_season_start():
    v = vacancy(season_start=None)
    person = seeker(birth_date=date(2008, 4, 1))  # 18 on 2026-04-01
    assert kinds(check_gates(person, v, on=reference_date(v, date(2026, 3, 1)))) == [GateKind.AGE]
    assert check_gates(person, v, on=reference_date(v, date(2026, 4, 1))) == []


def test_availability_against_season_start():
    assert gates(seeker(available_from=SEASON), vacancy()) == []
    fail = gates(seeker(available_from=date(2026, 5, 2)), vacancy())
    assert kinds(fail) == [GateKind.AVAILABILITY] and fail[0].closable  # a day late: agreed
    assert fail[0].remedy == "a start 1 days later, agreed with the employer"
    sixty = gates(seeker(available_from=date(2026, 6, 30)), vacancy())
    assert sixty[0].closable and is_near_miss(sixty)
    late = gates(seeker(available_from=date(2026, 7, 1)), vacancy())  # 61 days
    assert kinds(late) == [GateKind.AVAILABILITY] and not late[0].closable
    season = vacancy(season_end=date(2026, 5, 20))
    after_season = gates(seeker(available_from=date(2026, 5, 21)), season)
    assert not after_season[0].closable
    strict = gates(
        seeker(available_from=date(2026, 5, 2)),
        vacancy(),
        policy=GatePolicy(availability_slack_days=0),
    )
    assert not strict[0].closable


def test_three_closable_gaps_are_no_near_miss():
    v = vacancy(
        required_languages=[
            LanguageSkill(language="pl", level="A2"),
            LanguageSkill(language="de", level="A2"),
        ]
    )
    two = gates(
        seeker(available_from=date(2026, 5, 10)),
        vacancy(required_languages=[LanguageSkill(language="pl", level="A2")]),
    )
    assert len(two) == 2 and is_near_miss(two)
    three = gates(seeker(available_from=date(2026, 5, 10)), v)
    assert len(three) == 3 and all(f.closable for f in three) and not is_near_miss(three)
    assert is_near_miss(three, GatePolicy(max_closable_gaps=3))


def test_destination_preference_empty_means_any():
    assert gates(seeker(destination_preferences=[]), vacancy()) == []
    assert gates(seeker(destination_preferences=["DE", "PL"]), vacancy()) == []
    fail = gates(seeker(destination_preferences=["IL"]), vacancy())
    assert kinds(fail) == [GateKind.DESTINATION]


def test_consent_must_be_active_and_is_never_a_near_miss():
    v = vacancy(required_languages=[LanguageSkill(language="pl", level="A2")])
    person = seeker(
        consent=Consent(given=False), languages=[LanguageSkill(language="pl", level="A1")]
    )
    fail = gates(person, v)
    assert kinds(fail) == [GateKind.CONSENT, GateKind.LANGUAGE]
    assert not is_near_miss(fail)
    withdrawn = Consent(given=True, date=date(2025, 1, 1), withdrawn=date(2026, 1, 1))
    assert kinds(gates(seeker(consent=withdrawn), vacancy())) == [GateKind.CONSENT]


def test_language_one_level_below_is_a_closable_gap_with_a_course():
    v = vacancy(required_languages=[LanguageSkill(language="pl", level="A2")])
    fail = gates(seeker(languages=[LanguageSkill(language="pl", level="A1")]), v)
    assert [(f.reason, f.remedy, f.closable) for f in fail] == [
        ("Polish A1, needs A2", "Polish course A1→A2", True)
    ]
    assert is_near_miss(fail)
    assert gates(seeker(languages=[LanguageSkill(language="pl", level="B1")]), v) == []


def test_language_far_below_is_not_closable():
    v = vacancy(required_languages=[LanguageSkill(language="de", level="B1")])
    fail = gates(seeker(languages=[LanguageSkill(language="de", level="A1")]), v)
    assert fail[0].kind is GateKind.LANGUAGE and fail[0].closable  # two levels: a course
    far = gates(seeker(), v)  # three levels
    assert far[0].kind is GateKind.LANGUAGE and not far[0].closable
    none = gates(seeker(), vacancy(required_languages=[LanguageSkill(language="de", level="A1")]))
    assert none[0].reason == "German none, needs A1" and none[0].remedy == "German course A0→A1"


def test_experience_slightly_short_is_closable():
    v = vacancy(min_experience_years=2)
    policy = GatePolicy()
    assert check_gates(seeker(), v, on=SEASON, relevant_years=2.0) == []
    short = check_gates(seeker(), v, on=SEASON, relevant_years=1.5, policy=policy)
    assert kinds(short) == [GateKind.EXPERIENCE] and short[0].closable
    far = check_gates(seeker(), v, on=SEASON, relevant_years=0.5, policy=policy)
    assert not far[0].closable and far[0].remedy is None
