"""Store: migrations, idempotent upserts, exact round trips, filters, erasure, atomicity.

Every test runs on SQLite and, when MATCHING_TEST_POSTGRES_URL is set, on PostgreSQL.
"""

from __future__ import annotations

import zlib
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from matching.config import Settings
from matching.errors import DuplicateRecordError, MatchingError, NotFoundError
from matching.records import (
    Certificate,
    Consent,
    DemandList,
    DrivingLicence,
    JobSeeker,
    LanguageSkill,
    MigrationEpisode,
    Vacancy,
    WorkExperience,
)
from matching.storage.results import AuditEvent, StoredMatch, UpsertReport
from matching.storage.store import Store
from matching.storage.tables import Base

WELDER = "http://data.europa.eu/esco/occupation/7aedaa07-3884-4c5b-88f9-80997b2aa54b"


def seeker(external_id: str, **changes: object) -> JobSeeker:
    """A job seeker with every kind of nested field filled in."""
    data: dict[str, object] = {
        "external_id": external_id,
        "full_name": "გიორგი ბერიძე",
        # one person, one record: each id its own personal number
        "personal_number": f"{zlib.crc32(external_id.encode()):011d}",
        "birth_date": date(1988, 4, 12),
        "gender": "male",
        "region": "Imereti",
        "phone": "+995 599 12 34 56",
        "email": "Giorgi.Beridze@example.ge",
        "agency": "Work Bridge Georgia",
        "experience": [
            WorkExperience(
                title="შემდუღებელი",
                years=6.5,
                country="GE",
                esco_uri=WELDER,
                isco_group="7212",
                normalizer_score=0.93,
            ),
            WorkExperience(title="мастер", years=1, country="PL"),
        ],
        "skills": ["MIG/MAG", "http://data.europa.eu/esco/skill/abc"],
        "education_isced": 3,
        "languages": [
            LanguageSkill(language="ka", level="C2"),
            LanguageSkill(language="ru", level="B2"),
            LanguageSkill(language="pl", level="A2"),
        ],
        "driving_licence": DrivingLicence(categories="B, C, CE", code95=True),
        "certificates": [
            Certificate(kind="welding", code="135", valid_until=date(2027, 6, 30)),
            Certificate(kind="adr"),
        ],
        "destination_preferences": ["PL", "DE"],
        "available_from": date(2027, 3, 1),
        "migration_history": [MigrationEpisode(country="PL", start=date(2022, 3, 1))],
        "consent": Consent(given=True, date=date(2026, 9, 1)),
    }
    data.update(changes)
    return JobSeeker.model_validate(data)


def vacancy(external_id: str, **changes: object) -> Vacancy:
    data: dict[str, object] = {
        "external_id": external_id,
        "destination_country": "PL",
        "employer": "Stocznia Remontowa",
        "agency": "Work Bridge Sp. z o.o.",
        "agency_licensed": True,
        "title": "Spawacz MIG/MAG 135 (m/k) – Gdańsk",
        "title_language": "pl",
        "esco_uri": WELDER,
        "isco_group": "7212",
        "normalizer_score": 0.87,
        "required_languages": [LanguageSkill(language="pl", level="A2")],
        "required_certificates": [Certificate(kind="welding", code="135")],
        "min_experience_years": 2,
        "positions": 6,
        "wage_amount": 32,
        "wage_currency": "PLN",
        "wage_period": "hour",
        "season_start": date(2027, 3, 1),
    }
    data.update(changes)
    return Vacancy.model_validate(data)


# ----------------------------------------------------------------------------- schema
def test_migrating_an_empty_database_gives_the_models_schema(store: Store) -> None:
    with store.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []
    assert store.schema_revision() == "0007"


def test_reopening_migrates_nothing_and_keeps_data(database_url: str) -> None:
    with Store(database_url) as store:
        store.upsert_job_seekers([seeker("GE-1")])
    with Store(database_url) as store:
        assert store.schema_revision() == "0007"
        assert store.counts().job_seekers == 1


def test_constructor_only_stores_parameters(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'never' / 'x.sqlite'}")
    assert not (tmp_path / "never").exists()
    with pytest.raises(MatchingError, match="not open"):
        store.counts()


def test_from_settings_uses_an_sqlite_file_in_the_data_dir(tmp_path: Path) -> None:
    with Store.from_settings(Settings(data_dir=tmp_path / "var", database_url=None)) as store:
        store.upsert_job_seekers([seeker("GE-1")])
    assert (tmp_path / "var" / "matching.sqlite").is_file()


# ----------------------------------------------------------------------------- job seekers
def test_sqlite_file_writers_wait_for_the_write_lock(tmp_path: Path) -> None:
    # API requests write audit events from many threads; a writer must queue, not fail.
    with Store(f"sqlite:///{tmp_path / 'm.sqlite'}") as store, store.engine.connect() as conn:
        busy_ms = conn.exec_driver_sql("PRAGMA busy_timeout").scalar_one()
        journal = conn.exec_driver_sql("PRAGMA journal_mode").scalar_one()
    assert busy_ms >= 30_000 and journal == "wal"


def test_job_seeker_round_trips_exactly(store: Store) -> None:
    original = seeker("GE-1")
    store.upsert_job_seekers([original])
    assert store.get_job_seeker("GE-1") == original


def test_upsert_counts_inserted_updated_unchanged(store: Store) -> None:
    first = [seeker(f"GE-{i}") for i in range(5)]
    assert store.upsert_job_seekers(first) == UpsertReport(inserted=5)
    assert store.upsert_job_seekers(first) == UpsertReport(unchanged=5)
    second = [*first[:3], seeker("GE-3", full_name="ნინო ბერიძე"), seeker("GE-9")]
    assert store.upsert_job_seekers(second) == UpsertReport(inserted=1, updated=1, unchanged=3)
    assert store.get_job_seeker("GE-3").full_name == "ნინო ბერიძე"
    assert store.count_job_seekers() == 6


def test_upsert_of_a_generator_in_several_batches(database_url: str) -> None:
    with Store(database_url, batch_size=7) as store:
        report = store.upsert_job_seekers(seeker(f"GE-{i}") for i in range(30))
        assert report == UpsertReport(inserted=30)
        assert [s.external_id for s in store.iter_job_seekers(batch_size=4)] == [
            f"GE-{i}" for i in range(30)
        ]


def test_duplicate_ids_in_one_write_raise_and_write_nothing(database_url: str) -> None:
    with Store(database_url, batch_size=2) as store:
        records = [seeker("GE-1"), seeker("GE-2"), seeker("GE-3"), seeker("GE-1")]
        with pytest.raises(DuplicateRecordError, match="GE-1"):
            store.upsert_job_seekers(records)
        assert store.count_job_seekers() == 0


def test_unknown_job_seeker_is_not_found(store: Store) -> None:
    with pytest.raises(NotFoundError):
        store.get_job_seeker("nobody")


class _FailingStore(Store):
    """Fails after the job seekers' rows are written, before their occupations are."""

    def _write_job_seeker_children(self, *args: object, **kwargs: object) -> None:
        raise RuntimeError("disk full")


def test_a_failed_write_leaves_nothing_half_written(database_url: str) -> None:
    with Store(database_url) as store:
        store.upsert_job_seekers([seeker("GE-1")])
    with _FailingStore(database_url, batch_size=2) as failing:
        changed = [seeker("GE-1", full_name="changed"), seeker("GE-2"), seeker("GE-3")]
        with pytest.raises(RuntimeError, match="disk full"):
            failing.upsert_job_seekers(changed)
    with Store(database_url) as store:
        assert store.count_job_seekers() == 1
        assert store.get_job_seeker("GE-1") == seeker("GE-1")
        assert store.count_job_seekers(isco_group="7212") == 1


def _ids(store: Store, **filters: object) -> list[str]:
    ids = [s.external_id for s in store.iter_job_seekers(batch_size=2, **filters)]
    assert store.count_job_seekers(**filters) == len(ids)
    return ids


def test_job_seeker_filters(store: Store) -> None:
    welder_exp = seeker("x").experience
    driver_exp = [WorkExperience(title="mdzgoli", years=3, isco_group="8332")]
    store.upsert_job_seekers(
        [
            seeker("A"),
            seeker("B", agency="Kartuli Kadrebi", region="Adjara", destination_preferences=[]),
            seeker("C", experience=driver_exp, destination_preferences=["DE"]),
            seeker("D", consent=Consent(given=False), available_from=None),
            seeker(
                "E",
                consent=Consent(given=True, date=date(2026, 1, 1), withdrawn=date(2026, 5, 1)),
                available_from=date(2027, 9, 1),
                experience=[*driver_exp, *welder_exp],
            ),
        ]
    )
    assert _ids(store) == ["A", "B", "C", "D", "E"]
    assert _ids(store, agency="Kartuli Kadrebi") == ["B"]
    assert _ids(store, region=["Adjara", "Imereti"]) == ["A", "B", "C", "D", "E"]
    assert _ids(store, region="Adjara") == ["B"]
    assert _ids(store, destination="PL") == ["A", "B", "D", "E"]  # B: any destination
    assert _ids(store, destination="DE") == ["A", "B", "C", "D", "E"]
    assert _ids(store, destination="IL") == ["B"]
    assert _ids(store, isco_group="8332") == ["C", "E"]
    assert _ids(store, isco_group=["8332", "7212"]) == ["A", "B", "C", "D", "E"]
    assert _ids(store, esco_uri=WELDER) == ["A", "B", "D", "E"]
    assert _ids(store, available_by=date(2027, 4, 1)) == ["A", "B", "C", "D"]
    assert _ids(store, consent_active=True) == ["A", "B", "C"]
    assert _ids(store, consent_active=False) == ["D", "E"]
    assert _ids(store, external_ids={"E", "A", "Z"}) == ["A", "E"]
    assert _ids(store, isco_group="7212", consent_active=True, destination="PL") == ["A", "B"]


def test_an_update_replaces_the_indexed_occupations_and_destinations(store: Store) -> None:
    store.upsert_job_seekers([seeker("A")])
    driver = [WorkExperience(title="mdzgoli", years=3, isco_group="8332")]
    store.upsert_job_seekers([seeker("A", experience=driver, destination_preferences=["IL"])])
    assert _ids(store, isco_group="7212") == []
    assert _ids(store, isco_group="8332") == ["A"]
    assert _ids(store, destination="PL") == []
    assert _ids(store, destination="IL") == ["A"]


# ----------------------------------------------------------------------------- erasure
def test_erasure_removes_the_person_everywhere(store: Store) -> None:
    store.upsert_job_seekers([seeker("GE-1"), seeker("GE-2")])
    store.save_match_results(
        [
            StoredMatch("run-1", "PL-1", "GE-1", 1, 0.9, {"why": "welder"}),
            StoredMatch("run-1", "PL-1", "GE-2", 2, 0.8),
        ]
    )
    now = datetime.now(UTC)
    store.record_audit_events(
        [AuditEvent("shortlisted", now, jid, None, None) for jid in ("GE-1", "GE-2")]
    )

    report = store.erase_job_seeker("GE-1")

    assert report.rows_deleted == {
        "job_seekers": 1,
        "job_seeker_occupations": 1,
        "job_seeker_destinations": 2,
        "match_results": 1,
        "audit_events": 1,
    }
    with pytest.raises(NotFoundError):
        store.get_job_seeker("GE-1")
    assert store.list_match_results(job_seeker_external_id="GE-1") == []
    assert store.list_audit_events(job_seeker_external_id="GE-1") == []
    assert _ids(store, isco_group="7212") == ["GE-2"]
    assert [m.job_seeker_external_id for m in store.list_match_results(run_id="run-1")] == ["GE-2"]
    # The erasure itself is on record, without naming the person.
    erasures = [e for e in store.list_audit_events() if e.action == "erasure"]
    assert len(erasures) == 1 and erasures[0].job_seeker_external_id is None
    with pytest.raises(NotFoundError):
        store.erase_job_seeker("GE-1")


def test_audit_events_sharing_a_detail_store_each_their_own_equal_copy(store: Store) -> None:
    """A request's events share one detail dict (serialised once): each row still reads
    back with the whole detail; other details and none are stored as they are."""
    now = datetime.now(UTC)
    shared = {"by": "nino", "role": "coordinator", "route": "GET /vacancies/{id}/matches"}
    other = {"by": "giorgi", "note": "ქართული ტექსტი"}
    store.record_audit_events(
        [AuditEvent("shortlisted", now, f"GE-{i}", "PL-1", shared) for i in range(3)]
        + [
            AuditEvent("viewed", now, "GE-9", None, other),
            AuditEvent("login", now, None, None, None),
        ]
    )
    events = store.list_audit_events()
    assert [e.detail for e in events] == [shared, shared, shared, other, None]
    assert [e.job_seeker_external_id for e in events] == ["GE-0", "GE-1", "GE-2", "GE-9", None]


# ----------------------------------------------------------------------------- vacancies
def test_vacancies_round_trip_and_upsert_idempotently(store: Store) -> None:
    records = [vacancy("PL-1"), vacancy("PL-2", title="Murarz", required_certificates=[])]
    assert store.upsert_vacancies(records) == UpsertReport(inserted=2)
    assert store.upsert_vacancies(records) == UpsertReport(unchanged=2)
    assert store.get_vacancy("PL-1") == records[0]
    assert store.list_vacancies() == records
    assert store.list_vacancies(isco_group="7212", destination_country="PL") == records
    with pytest.raises(NotFoundError):
        store.get_vacancy("PL-404")


def test_demand_list_round_trip_prune_and_membership(store: Store) -> None:
    season = {"season_start": date(2027, 6, 15), "season_end": date(2027, 9, 15)}
    demand = DemandList(
        external_id="PL-2027-Q1",
        destination_country="PL",
        source_file="zapotrzebowanie.xlsx",
        received=date(2026, 11, 2),
        vacancies=[
            vacancy("PL-3", title="Zbieracz owoców (sezonowo)", **season),
            vacancy("PL-1"),
            vacancy("PL-2", title="Murarz", worker_fee=1500, worker_fee_currency="PLN"),
        ],
    )
    assert store.save_demand_list(demand) == UpsertReport(inserted=3)
    assert store.save_demand_list(demand) == UpsertReport(unchanged=3)
    assert store.get_demand_list("PL-2027-Q1") == demand
    assert [v.external_id for v in store.list_vacancies("PL-2027-Q1")] == ["PL-3", "PL-1", "PL-2"]
    assert store.list_demand_list_ids() == ["PL-2027-Q1"]

    # A reordered list with one vacancy dropped: moved vacancies count as updated.
    shorter = demand.model_copy(update={"vacancies": [demand.vacancies[1], demand.vacancies[0]]})
    assert store.save_demand_list(shorter, prune=False) == UpsertReport(updated=2)
    assert store.counts().vacancies == 3
    assert store.save_demand_list(shorter) == UpsertReport(unchanged=2)
    assert store.get_demand_list("PL-2027-Q1") == shorter
    assert store.counts().vacancies == 2

    # A standalone vacancy joins a list when the list is saved with it.
    store.upsert_vacancies([vacancy("PL-9")])
    again = shorter.model_copy(update={"vacancies": [*shorter.vacancies, vacancy("PL-9")]})
    assert store.save_demand_list(again) == UpsertReport(updated=1, unchanged=2)
    # upsert_vacancies updates the record but leaves list membership alone.
    store.upsert_vacancies([vacancy("PL-9", positions=2)])
    assert [v.positions for v in store.list_vacancies("PL-2027-Q1")] == [6, 6, 2]


def test_unknown_demand_list_is_not_found(store: Store) -> None:
    with pytest.raises(NotFoundError):
        store.get_demand_list("nope")
    with pytest.raises(NotFoundError):
        store.list_vacancies("nope")


def test_counts(store: Store) -> None:
    store.upsert_job_seekers([seeker("GE-1"), seeker("GE-2")])
    store.save_demand_list(
        DemandList(external_id="DL", destination_country="PL", vacancies=[vacancy("PL-1")])
    )
    store.save_match_results([StoredMatch("r", "PL-1", "GE-1", 1, 0.5)])
    counts = store.counts()
    assert (counts.job_seekers, counts.vacancies, counts.demand_lists) == (2, 1, 1)
    assert (counts.match_results, counts.audit_events) == (1, 0)


def test_single_statement_reads_begin_no_transaction_and_writes_still_do(store: Store) -> None:
    """On PostgreSQL ``reads`` checks connections out in autocommit (no BEGIN/ROLLBACK
    round trips); a connection going back to the pool is transactional again, so a
    write block that fails still rolls back whole."""
    import sqlalchemy as sa

    def autocommit(conn: sa.Connection) -> bool:
        driver = conn.connection.driver_connection
        return bool(getattr(driver, "autocommit", False))  # pysqlite: no such attribute

    store.upsert_job_seekers([JobSeeker(external_id="GE-1", full_name="ნინო")])
    with store.reads.connect() as conn:
        assert autocommit(conn) == (store.dialect == "postgresql")
    assert store.get_job_seeker("GE-1").full_name == "ნინო"
    with pytest.raises(RuntimeError), store.engine.begin() as conn:
        assert not autocommit(conn)
        conn.execute(sa.text("DELETE FROM job_seekers"))
        raise RuntimeError("half-way")
    assert store.get_job_seeker("GE-1").full_name == "ნინო"  # the delete rolled back
