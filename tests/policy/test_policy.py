"""Fair recruitment binds; wages, contract terms and scheme rules are flagged with reasons."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from matching.agencies import Agency, AgencyRegister
from matching.errors import DataFileError
from matching.policy import VacancyPolicy, check_vacancy, load_minimum_wages, wage_findings
from matching.policy.checks import demand_list_findings
from matching.records import Vacancy
from matching.schemes import load_schemes

ON = date(2026, 6, 1)
REGISTER = AgencyRegister(
    [
        Agency(licence_number="PEA-1", legal_name="შპს ქუთაისის დასაქმება"),
        Agency(licence_number="PEA-2", legal_name="Batumi Jobs", status="revoked"),
    ]
)


def vacancy(**kw) -> Vacancy:
    return Vacancy(**{"external_id": "V-1", "destination_country": "PL", "title": "t", **kw})


def codes(checks) -> list[str]:
    return [f.code for f in checks.findings]


def test_a_fee_to_the_worker_blocks_and_names_the_currency_as_given() -> None:
    checks = check_vacancy(vacancy(worker_fee=500, worker_fee_currency="EUR"), on=ON)
    assert checks.blocked
    [finding] = checks.blocking
    assert finding.params == {"amount": "500 €"} and "500 €" in finding.message()
    assert not check_vacancy(vacancy(worker_fee=0), on=ON).blocked
    unbound = check_vacancy(vacancy(worker_fee=1, worker_fee_currency="PLN"), on=ON, binding=False)
    assert not unbound.blocked and unbound.blocking  # flagged, not binding
    assert unbound.blocking[0].params["amount"] == "1 zł"


def test_an_agency_not_active_on_the_register_blocks() -> None:
    ok = check_vacancy(vacancy(agency="Kutaisis Dasakmeba LLC"), on=ON, register=REGISTER)
    assert not ok.blocked and ok.findings == ()
    revoked = check_vacancy(vacancy(agency="batumi jobs"), on=ON, register=REGISTER)
    assert revoked.blocked and codes(revoked) == ["agency_inactive"]
    assert revoked.blocking[0].params["standing"] == "revoked"
    unknown = check_vacancy(vacancy(agency="Nowhere Ltd"), on=ON, register=REGISTER)
    assert unknown.blocked and codes(unknown) == ["agency_unresolved"]
    assert "'Nowhere Ltd'" in unknown.blocking[0].message()
    # Without a register, the list's own "licensed: no" decides.
    assert check_vacancy(vacancy(agency="X", agency_licensed=False), on=ON).blocked


def test_wages_below_the_statutory_minimum_are_flagged() -> None:
    table = load_minimum_wages()
    assert set(table) >= {"PL", "DE", "EE", "LT", "FR", "IL"}
    assert all(w.source and w.valid_from for rows in table.values() for w in rows)
    low = vacancy(wage_amount=25, wage_currency="PLN", wage_period="hour")
    [finding] = wage_findings(low, table, ON)
    assert finding.code == "below_minimum_wage" and finding.params["minimum"] == "31.4 zł/hour"
    assert not wage_findings(
        vacancy(wage_amount=6000, wage_currency="PLN", wage_period="month"), table, ON
    )
    monthly = vacancy(destination_country="DE", wage_amount=2000, wage_currency="EUR",
                      wage_period="month")  # fmt: skip
    assert [f.code for f in wage_findings(monthly, table, ON)] == ["below_minimum_wage"]
    euro = vacancy(wage_amount=900, wage_currency="EUR", wage_period="month")
    assert [f.code for f in wage_findings(euro, table, ON)] == ["wage_not_compared"]


def test_the_minimum_wage_table_can_be_replaced(tmp_path: Path) -> None:
    path = tmp_path / "wages.csv"
    path.write_text(
        "country,amount,currency,period,hours_per_month,valid_from,source\n"
        "PL,20,PLN,hour,168,2026-01-01,test\n",
        encoding="utf-8",
    )
    table = load_minimum_wages(path)
    low = vacancy(wage_amount=25, wage_currency="PLN", wage_period="hour")
    assert wage_findings(low, table, ON) == []
    path.write_text("country,amount\nPL,abc\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="row 2"):
        load_minimum_wages(path)


def test_contract_terms() -> None:
    short = vacancy(season_start=date(2026, 6, 1), season_end=date(2026, 7, 31), contract_months=6)
    assert codes(check_vacancy(short, on=ON)) == ["season_shorter_than_contract"]
    paid = vacancy(travel_paid_by="worker", housing_paid_by="employer")
    assert codes(check_vacancy(paid, on=ON)) == ["travel_paid_by_worker"]


def test_scheme_rules_apply_by_destination(tmp_path: Path) -> None:
    schemes = load_schemes()
    assert {"PL", "DE", "IL", "EE", "LT", "FR", "GE"} <= set(schemes)
    driver = vacancy(title="Kierowca C+E", required_driving=["CE"])
    checks = check_vacancy(driver, on=ON, schemes=schemes)
    assert checks.vacancy.requires_code95 and not driver.requires_code95
    assert codes(checks) == ["scheme_requirement"]
    trade = vacancy(destination_country="DE", title="Elektriker", isco_group="7411")
    checks = check_vacancy(trade, on=ON, schemes=schemes)
    assert codes(checks) == ["qualification_recognition"] and not checks.blocked
    assert "anerkennung" in checks.findings[0].message().lower()
    assert checks.vacancy.qualification_recognised_required
    carer = vacancy(destination_country="DE", title="Pflegehelfer", isco_group="5322")
    assert check_vacancy(carer, on=ON, schemes=schemes).findings == ()
    # A settings directory replaces the shipped scheme of its country.
    (tmp_path / "pl.toml").write_text(
        'country = "PL"\nname = "PL test"\nfee_declaration_required = false\n', encoding="utf-8"
    )
    replaced = load_schemes(tmp_path)
    assert replaced["PL"].origin == "settings" and replaced["PL"].rules == ()
    (tmp_path / "xx.toml").write_text('country = "XX"\n[[rules]]\nrequire = "x"\n')
    with pytest.raises(DataFileError):
        load_schemes(tmp_path)


def test_an_undeclared_fee_is_flagged_on_the_list_when_the_scheme_wants_it() -> None:
    schemes = load_schemes()
    listed = [vacancy(), vacancy(external_id="V-2", worker_fee=0)]
    [finding] = demand_list_findings(listed, schemes)
    assert finding.code == "fee_undeclared" and finding.params["count"] == 1
    estonian = [vacancy(destination_country="EE")]
    assert demand_list_findings(estonian, schemes) == []


def test_the_policy_object_loads_its_data_once() -> None:
    policy = VacancyPolicy(register=REGISTER).fit()
    checks = policy.check(vacancy(agency="Batumi Jobs", worker_fee=10), on=ON)
    assert codes(checks) == ["worker_fee", "agency_inactive"]


def test_contract_terms_are_read_from_a_demand_list(tmp_path: Path) -> None:
    from matching.intake.importer import import_vacancies
    from matching.storage.store import Store

    path = tmp_path / "terms.csv"
    path.write_text(
        "external_id,title,destination_country,travel paid by,housing_paid_by,min age,"
        "max age,reintegration\n"
        "V-1,Spawacz,PL,pracodawca,worker,21,55,no\n"
        "V-2,Spawacz,GE,employer,,,,yes\n"
        "V-3,Spawacz,PL,nobody,,,,\n",
        encoding="utf-8",
    )
    with Store("sqlite://") as store:
        report = import_vacancies(path, store, normalizer=None)
        stored = {v.external_id: v for v in store.list_vacancies()}
    assert [(e.row, e.field) for e in report.errors] == [(4, "travel paid by")]
    v1, v2 = stored["V-1"], stored["V-2"]
    assert (v1.travel_paid_by, v1.housing_paid_by, v1.min_age, v1.max_age) == (
        "employer", "worker", 21, 55,
    )  # fmt: skip
    assert v2.reintegration and not v1.reintegration
    assert codes(check_vacancy(v1, on=ON)) == ["housing_paid_by_worker"]
