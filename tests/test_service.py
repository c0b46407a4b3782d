"""The Engine wires settings into its parts."""

from __future__ import annotations

from pathlib import Path

from matching.config import Settings
from matching.index import CachedEncoder
from matching.service import Engine


def test_engine_fuses_the_encoder_settings_name(tmp_path: Path) -> None:
    settings = Settings(
        esco_dir=None,
        database_url="sqlite://",
        data_dir=tmp_path,
        encoder="hashing",
        normalizer_embedding_weight=0.25,
        _env_file=None,
    )
    with Engine(settings) as engine:
        fitted = engine.normalizer
        expected = engine.normalize(["Spawacz MIG/MAG 135", "სვარშიკი"])
    assert isinstance(fitted.encoder, CachedEncoder)
    assert fitted.encoder.model_id.startswith("hashing-")
    assert fitted.embedding_weight == 0.25
    with Engine(settings) as engine:  # the saved normaliser loads with the encoder again
        loaded = engine.normalizer
        assert loaded is not fitted and isinstance(loaded.encoder, CachedEncoder)
        assert engine.normalize(["Spawacz MIG/MAG 135", "სვარშიკი"]) == expected
    with Engine(Settings(esco_dir=None, database_url="sqlite://", data_dir=tmp_path)) as engine:
        assert engine.normalizer.encoder is None  # lexical by default


def test_matcher_refits_when_another_process_changes_the_people(
    tmp_path: Path, builtin_taxonomy, monkeypatch
) -> None:
    import matching.service
    from matching.storage.store import Store
    from matching.synth.generator import PopulationGenerator

    people = PopulationGenerator(seed=3).fit(builtin_taxonomy).generate(12).job_seekers
    url = f"sqlite:///{tmp_path / 'shared.sqlite'}"
    settings = Settings(esco_dir=None, database_url=url, data_dir=tmp_path, _env_file=None)
    with Engine(settings, taxonomy=builtin_taxonomy) as engine:
        engine.store.upsert_job_seekers(people[:10])
        fitted = engine.matcher()
        assert engine.matcher() is fitted  # nothing changed
        with Store(url) as elsewhere:  # the API's engine is not told of this edit
            elsewhere.upsert_job_seekers([people[0].model_copy(update={"skills": ["forklift"]})])
        monkeypatch.setattr(matching.service, "STALENESS_CHECK_SECONDS", 3600.0)
        assert engine.matcher() is fitted  # not asked again within the interval
        monkeypatch.setattr(matching.service, "STALENESS_CHECK_SECONDS", 0.0)
        edited = engine.matcher()
        assert edited is not fitted and len(edited) == 10
        with Store(url) as elsewhere:
            elsewhere.upsert_job_seekers(people[10:])
        assert len(engine.matcher()) == 12
        assert engine.matcher_version == engine.store.job_seekers_version()


def test_stored_vacancies_are_read_again_only_after_a_change(
    tmp_path: Path, builtin_taxonomy
) -> None:
    from matching.records import Vacancy
    from matching.storage.store import Store

    url = f"sqlite:///{tmp_path / 'shared.sqlite'}"
    settings = Settings(esco_dir=None, database_url=url, data_dir=tmp_path, _env_file=None)
    welder = Vacancy(external_id="PL-1", destination_country="PL", title="Spawacz MIG/MAG")
    with Engine(settings, taxonomy=builtin_taxonomy) as engine:
        engine.save_vacancies(engine.code_vacancies([welder]))
        first = engine.stored_vacancies()
        assert [v.isco_group for v in first] == ["7212"]
        assert engine.stored_vacancies() is first  # unchanged: not read again
        with Store(url) as elsewhere:  # another process adds one, uncoded
            elsewhere.upsert_vacancies([welder.model_copy(update={"external_id": "PL-2"})])
        again = engine.stored_vacancies()
        assert [v.external_id for v in again] == ["PL-1", "PL-2"]
        assert [v.isco_group for v in again] == ["7212", "7212"]  # coded on the way in
