from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from matching.errors import ConfigurationError
from matching.index import Encoder
from matching.occupations import Taxonomy, load_esco
from matching.occupations.normalizer import NotFittedError, TitleNormalizer
from matching.occupations.taxonomy import ISCO_URI_PREFIX
from matching.occupations.text import script_of, to_latin

# Known pairs in every supported language: (title as users write it, ISCO-08 unit group).
KNOWN = [
    ("შემდუღებელი", "7212"),
    ("shemdughebeli", "7212"),
    ("svarshiki", "7212"),
    ("сварщик", "7212"),
    ("Spawacz MIG/MAG 135", "7212"),
    ("Schweißer/in (m/w/d)", "7212"),
    ("Soudeur (H/F)", "7212"),
    ("Keevitaja", "7212"),
    ("welder", "7212"),
    ("მძღოლი CE კატეგორია", "8332"),
    ("водитель-дальнобойщик", "8332"),
    ("Kierowca C+E – transport międzynarodowy", "8332"),
    ("Berufskraftfahrer CE (m/w/d)", "8332"),
    ("მძღოლ-ექსპედიტორი", "8322"),
    ("შედუღების ოსტატი", "7212"),
    ("мастер по сварке", "7212"),
    ("მალიარი", "7131"),
    ("маляр", "7131"),
    ("Malarz budowlany", "7131"),
    ("კალატოზი", "7112"),
    ("каменщик", "7112"),
    ("Murarz", "7112"),
    ("დამლაგებელი", "9112"),
    ("уборщица", "9112"),
    ("მზარეული", "5120"),
    ("повар", "5120"),
    ("ელექტრიკოსი", "7411"),
    ("электрик", "7411"),
    ("Elektryk", "7411"),
    ("Pflegehelfer/in", "5321"),
    ("ხილის მკრეფავი", "9211"),
    ("Zbieracz owoców (sezonowo)", "9211"),
    ("טפסן", "7115"),
    ("מטפל/ת סיעודי/ת", "5322"),
]


@pytest.mark.parametrize(("title", "isco"), KNOWN)
def test_known_titles_rank_their_group_first(
    builtin_normalizer: TitleNormalizer, title: str, isco: str
) -> None:
    result = builtin_normalizer.normalize(title)
    assert result.top is not None, title
    assert result.top.isco_group == isco, (
        title,
        [(m.preferred_label, m.isco_group) for m in result],
    )


def test_results_are_typed_ranked_and_explained(builtin_normalizer: TitleNormalizer) -> None:
    result = builtin_normalizer.normalize("Spawacz MIG/MAG (m/w/d) – Niemcy", top_k=5)
    assert result.cleaned == "Spawacz MIG/MAG"
    assert result.language == "pl"
    assert 1 <= len(result) <= 5
    scores = [m.score for m in result]
    assert scores == sorted(scores, reverse=True)
    assert all(0.0 <= s <= 1.0 for s in scores)
    assert result.top.matched_label.lower().startswith("spawacz")
    assert result.top.preferred_label == "welder"


@pytest.mark.parametrize(
    "title",
    ["შემდუღებელი", "shemdughebeli", "სვარშიკი", "сварщик", "შედუღების ოსტატი", "мастер по сварке"],
)
def test_welders_get_the_esco_welder_not_a_neighbour(
    builtin_normalizer: TitleNormalizer, title: str
) -> None:
    # The same unit group holds the welding coordinator and inspector; a coordinator
    # shortlisting welders needs the welder itself.
    assert builtin_normalizer.normalize(title).top.preferred_label == "welder"


def test_gendered_titles_map_alike(builtin_normalizer: TitleNormalizer) -> None:
    pairs = [("spawacz", "spawaczka"), ("Schweißer", "Schweißerin"), ("сварщик", "сварщица")]
    for masculine, feminine in pairs:
        a = builtin_normalizer.normalize(masculine).top
        b = builtin_normalizer.normalize(feminine).top
        assert a.isco_group == b.isco_group, (masculine, feminine)


def test_a_group_label_lifts_the_occupation_of_that_group(
    builtin_normalizer: TitleNormalizer,
) -> None:
    # "Pokojówka" is a lexicon word of ISCO group 9112; room attendant (9112) also
    # matches, and is what a user needs: the group's score goes to it, and the group
    # itself is not listed beside it.
    matches = builtin_normalizer.normalize("Pokojówka / pracownik sprzątający w hotelu").matches
    assert matches[0].isco_group == "9112"
    assert matches[0].preferred_label == "room attendant"
    # (A group without occupations of its own, "Hotel managers" in the built-in
    # catalogue, may still be listed further down as itself.)
    assert not any(m.is_isco_group and m.isco_group == "9112" for m in matches)


def test_nonsense_needs_review(builtin_normalizer: TitleNormalizer) -> None:
    result = builtin_normalizer.normalize("qzxv wplk")
    assert result.needs_review


def test_batch_equals_single(builtin_normalizer: TitleNormalizer) -> None:
    titles = ["Murarz", "сварщик", "მზარეული", ""]
    batch = builtin_normalizer.batch_normalize(titles)
    for title, result in zip(titles, batch, strict=True):
        assert result == builtin_normalizer.normalize(title)


def test_description_helps_an_empty_title(builtin_normalizer: TitleNormalizer) -> None:
    result = builtin_normalizer.batch_normalize(["!!!"], descriptions=["Spawacz MAG 135\nPraca"])
    assert result[0].top is not None and result[0].top.isco_group == "7212"


def test_unfitted_normalizer_refuses() -> None:
    with pytest.raises(NotFittedError):
        TitleNormalizer().normalize("welder")


def test_partial_fit_teaches_an_agency_vocabulary(builtin_taxonomy: Taxonomy) -> None:
    normalizer = TitleNormalizer().fit(builtin_taxonomy)
    slang = "zolotyye ruki universal"
    before = normalizer.normalize(slang).top
    assert before is None or before.isco_group != "7119"
    normalizer.partial_fit([slang, "Zolotyye ruki - universal"], ["7119", "7119"])
    after = normalizer.normalize("zolotye ruki universal").top
    assert after is not None and after.isco_group == "7119"
    # 7119 is residual ("not elsewhere classified"): no occupation stands for it.
    assert after.uri == ISCO_URI_PREFIX + "7119"
    with pytest.raises(ValueError, match="example 0: unknown ISCO-08 unit group '2281'"):
        normalizer.partial_fit(["Magister farmacji"], ["2281"])
    normalizer.partial_fit(["Magister farmacji"], ["2281"], strict=False)
    assert normalizer.normalize("magister farmacji").top.uri == ISCO_URI_PREFIX + "2281"


def test_save_load_round_trip(builtin_taxonomy: Taxonomy, tmp_path: Path) -> None:
    normalizer = TitleNormalizer().fit(builtin_taxonomy, examples=[("zolotyye ruki", "7119")])
    titles = ["Spawacz", "სვარშიკი", "zolotyye ruki", "Pflegehelferin"]
    expected = normalizer.batch_normalize(titles)
    normalizer.save(tmp_path / "norm")
    normalizer.save(tmp_path / "norm")  # overwriting is atomic and allowed
    loaded = TitleNormalizer.load(tmp_path / "norm", builtin_taxonomy)
    assert loaded.batch_normalize(titles) == expected


def test_load_refuses_another_taxonomy(builtin_taxonomy: Taxonomy, tmp_path: Path) -> None:
    TitleNormalizer().fit(builtin_taxonomy).save(tmp_path / "norm")
    other = Taxonomy("esco-v9", {}, {}, {}, [])
    with pytest.raises(ConfigurationError, match="rebuild it"):
        TitleNormalizer.load(tmp_path / "norm", other)


@pytest.mark.esco
@pytest.mark.slow
def test_full_esco_normalizer(esco_dir: Path) -> None:
    taxonomy = load_esco(esco_dir, languages=["pl", "de"], with_skills=False)
    normalizer = TitleNormalizer(languages=["pl", "de"]).fit(taxonomy)
    for title, isco in [
        ("Spawacz MIG/MAG 135", "7212"),
        ("сварщик", "7212"),
        ("Kierowca C+E", "8332"),
        ("შემდუღებელი", "7212"),
    ]:
        assert normalizer.normalize(title).top.isco_group == isco, title


class KeywordEncoder(Encoder):
    """A test encoder: texts naming the same keyword share a direction; it records what it
    was asked to encode and covers Latin script only."""

    scripts = frozenset({"Latn"})
    KEYWORDS = ("welder", "xyzzy", "cook")

    def __init__(self) -> None:
        self.seen: list[str] = []

    @property
    def model_id(self) -> str:
        return "keyword-test"

    @property
    def dim(self) -> int:
        return 3

    def _encode(self, texts: list[str], is_query: bool) -> np.ndarray:
        self.seen.extend(texts)
        out = np.full((len(texts), 3), 0.01, dtype=np.float32)
        for i, text in enumerate(texts):
            # "xyzzy" is this encoder's word for a welder: only embeddings can know it.
            for j, word in enumerate(self.KEYWORDS):
                if word in text.lower():
                    out[i, 0 if word == "xyzzy" else j] = 1.0
        return out


def test_embedding_similarity_is_fused_only_for_covered_scripts(
    builtin_taxonomy: Taxonomy, builtin_normalizer: TitleNormalizer
) -> None:
    encoder = KeywordEncoder()
    fused = TitleNormalizer(encoder=encoder, embedding_weight=0.3).fit(builtin_taxonomy)
    # A word no label contains reaches the welder through the embedding alone, weakly.
    assert builtin_normalizer.normalize("xyzzy").top.isco_group != "7212"
    top = fused.normalize("xyzzy").top
    assert top is not None and top.isco_group == "7212" and top.needs_review
    assert top.score < fused.review_threshold
    # Georgian is outside the encoder's scripts: neither titles nor labels are embedded,
    # and a Georgian title ranks exactly as it does lexically.
    assert encoder.seen and all(script_of(t) in ("Latn", "Zyyy") for t in encoder.seen)
    for title in ("შემდუღებელი", "მზარეული"):
        assert fused.normalize(title) == builtin_normalizer.normalize(title)
    # An exact label match stays exact.
    assert fused.normalize("welder").top.score == 1.0


def test_saved_normalizer_takes_its_encoder_on_load(
    builtin_taxonomy: Taxonomy, tmp_path: Path
) -> None:
    fused = TitleNormalizer(encoder=KeywordEncoder(), embedding_weight=0.3).fit(builtin_taxonomy)
    fused.save(tmp_path / "norm")
    loaded = TitleNormalizer.load(tmp_path / "norm", builtin_taxonomy, encoder=KeywordEncoder())
    assert loaded.embedding_weight == 0.3
    assert loaded.normalize("xyzzy") == fused.normalize("xyzzy")


def test_georgian_labels_typed_in_latin_come_back(
    builtin_taxonomy: Taxonomy, builtin_normalizer: TitleNormalizer
) -> None:
    # People type Georgian without the national system's apostrophes (k' t' p' ts' ch'
    # for the ejectives); most Georgian labels have no Latin row of their own.
    labels = [
        lb
        for lb in builtin_taxonomy.labels
        if lb.language == "ka" and any(ch in lb.text for ch in "კპტწჭყ")
    ][::5]
    typed = [to_latin(lb.text).replace("'", "") for lb in labels]
    results = builtin_normalizer.batch_normalize(typed)
    hits = sum(
        r.top is not None and r.top.isco_group == builtin_taxonomy.concept_isco(lb.uri)
        for r, lb in zip(results, labels, strict=True)
    )
    assert len(labels) > 200 and hits / len(labels) >= 0.95


@pytest.mark.parametrize("damaged", ["char_idf.npy", "labels.jsonl", "word_vocabulary.json"])
def test_a_damaged_saved_normaliser_is_refused_then_rebuilt_with_a_warning(
    builtin_taxonomy: Taxonomy,
    tmp_path: Path,
    damaged: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    from matching.config import Settings
    from matching.service import Engine

    settings = Settings(esco_dir=None, data_dir=tmp_path, _env_file=None)
    engine = Engine(settings, taxonomy=builtin_taxonomy)
    titles = ["Spawacz", "სვარშიკი", "Pflegehelferin"]
    expected = engine.normalizer.batch_normalize(titles)
    path = engine.normalizer_path(builtin_taxonomy)
    data = bytearray((path / damaged).read_bytes())
    data[len(data) // 2] ^= 0x01  # one flipped bit: silently different scores, or a crash
    (path / damaged).write_bytes(bytes(data))
    with pytest.raises(ConfigurationError, match="damaged"):
        TitleNormalizer.load(path, builtin_taxonomy)
    rebuilt = Engine(settings, taxonomy=builtin_taxonomy)
    with caplog.at_level("WARNING"):
        again = rebuilt.normalizer.batch_normalize(titles)
    assert "rebuilding the saved normaliser" in caplog.text
    assert [[(m.uri, m.score) for m in r] for r in again] == [
        [(m.uri, m.score) for m in r] for r in expected
    ]
    TitleNormalizer.load(path, builtin_taxonomy)  # saved whole again
