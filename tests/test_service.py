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
