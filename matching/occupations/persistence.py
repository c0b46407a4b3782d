"""Saving and loading a fitted :class:`~matching.occupations.normalizer.TitleNormalizer`.

A saved normaliser is a directory: its labels (``labels.jsonl``), the n-gram vocabularies
and IDF weights, the coded examples with their descriptions (``examples.jsonl``, from
which the example classifier and the description model are refitted: both are
deterministic), and ``config.json`` with the parameters, the taxonomy and KZiS versions
it was fitted against and a checksum of every file. Loading refuses a damaged file or a
taxonomy of another version rather than score with them.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from matching.errors import ConfigurationError
from matching.fileio import sha256_file
from matching.occupations.taxonomy import Label, LabelKind, Taxonomy

if TYPE_CHECKING:
    from matching.index.encoders import Encoder
    from matching.occupations.normalizer import TitleNormalizer

PARAMS = (
    "languages",
    "ngram_range",
    "word_weight",
    "max_df",
    "candidates",
    "fuzzy_weight",
    "group_support",
    "example_vote",
    "classifier_weight",
    "min_examples",
    "review_threshold",
    "review_margin",
    "embedding_weight",
    "description_weight",
    "description_threshold",
)


def save_normalizer(normalizer: TitleNormalizer, path: str | Path) -> None:
    """Write ``normalizer`` into the directory ``path``, replacing it atomically."""
    from matching import __version__

    normalizer._check_fitted()
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{path.name}.", dir=path.parent))
    with (tmp / "labels.jsonl").open("w", encoding="utf-8") as fh:
        for lb in normalizer.labels_:
            fh.write(json.dumps([lb.uri, lb.text, lb.language, lb.kind.value, lb.form]) + "\n")
    for name, vec in (("char", normalizer.char_vectorizer_), ("word", normalizer.word_vectorizer_)):
        vocab = {k: int(v) for k, v in vec.vocabulary_.items()}
        (tmp / f"{name}_vocabulary.json").write_text(json.dumps(vocab, ensure_ascii=False))
        np.save(tmp / f"{name}_idf.npy", vec.idf_.astype(np.float32))
    params = {name: getattr(normalizer, name) for name in PARAMS}
    params["languages"] = list(params["languages"]) if params["languages"] is not None else None
    params["ngram_range"] = list(params["ngram_range"])
    config = {
        "kind": "TitleNormalizer",
        "package_version": __version__,
        "taxonomy_version": normalizer.taxonomy_.version,
        "kzis_version": normalizer.taxonomy_.kzis_version,
        "labels": len(normalizer.labels_),
        "examples": normalizer.example_count_,
        "params": params,
    }
    if normalizer._examples:
        with (tmp / "examples.jsonl").open("w", encoding="utf-8") as fh:
            for example in normalizer._examples:
                fh.write(json.dumps(list(example), ensure_ascii=False) + "\n")
    # Checksums of every file: load refuses a damaged one rather than score with it.
    config["sha256"] = {f.name: sha256_file(f) for f in sorted(tmp.iterdir())}
    (tmp / "config.json").write_text(json.dumps(config, indent=2))
    if path.exists():
        old = path.with_name(f".{path.name}.old")
        os.replace(path, old)
        os.replace(tmp, path)
        for f in old.iterdir():
            f.unlink()
        old.rmdir()
    else:
        os.replace(tmp, path)


def _read_config(path: Path, taxonomy: Taxonomy) -> dict:
    config_path = path / "config.json"
    if not config_path.is_file():
        raise ConfigurationError(f"{path}: not a saved TitleNormalizer (no config.json)")
    try:
        config = json.loads(config_path.read_text())
    except ValueError as error:
        raise ConfigurationError(f"{path}: damaged config.json ({error})") from None
    checksums = config.get("sha256")
    if not isinstance(checksums, dict) or not checksums:
        raise ConfigurationError(f"{path}: saved without checksums; rebuild it")
    for name, expected in checksums.items():
        file = path / name
        if not file.is_file() or sha256_file(file) != expected:
            raise ConfigurationError(f"{path}: {name} is damaged (checksum differs)")
    if config.get("taxonomy_version") != taxonomy.version:
        raise ConfigurationError(
            f"{path}: saved for taxonomy {config.get('taxonomy_version')!r}, "
            f"loaded with {taxonomy.version!r}; rebuild it"
        )
    if config.get("kzis_version") != taxonomy.kzis_version:
        raise ConfigurationError(
            f"{path}: saved with KZiS {config.get('kzis_version')!r}, "
            f"loaded with {taxonomy.kzis_version!r}; rebuild it"
        )
    return config


def _read_jsonl(path: Path) -> list:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def load_normalizer(
    cls: type[TitleNormalizer],
    path: str | Path,
    taxonomy: Taxonomy,
    *,
    encoder: Encoder | None = None,
) -> TitleNormalizer:
    """Rebuild a normaliser saved by :func:`save_normalizer` against ``taxonomy``."""
    path = Path(path)
    config = _read_config(path, taxonomy)
    params = config["params"]
    params["ngram_range"] = tuple(params["ngram_range"])
    self = cls(**params, encoder=encoder)
    self.taxonomy_ = taxonomy
    self.labels_, self.concepts_, self._concept_ids = [], [], {}
    self._example_label = []
    self._keys, self._key_ids, self._key_entries = [], {}, []
    for uri, text, language, kind, form in _read_jsonl(path / "labels.jsonl"):
        self._add_label(Label(uri, text, language, LabelKind(kind), form))
    self._make_vectorizers()
    for name, vec in (("char", self.char_vectorizer_), ("word", self.word_vectorizer_)):
        vec.vocabulary_ = json.loads((path / f"{name}_vocabulary.json").read_text())
        vec.idf_ = np.load(path / f"{name}_idf.npy")
    self.matrix_ = self._vectorize(self._keys)
    self._rebuild_concept_arrays()
    self.example_count_ = config.get("examples", 0)
    self.description_model_ = None
    if (path / "examples.jsonl").is_file():
        self._examples = [tuple(e) for e in _read_jsonl(path / "examples.jsonl")]
        described = [(d, g) for _, d, g in self._examples if d]
    else:  # saved before examples.jsonl: coded titles from the labels, descriptions apart
        self._examples = [
            (lb.text, "", self._concept_isco[self._concept_ids[lb.uri]])
            for lb, is_ex in zip(self.labels_, self._example_label, strict=True)
            if is_ex
        ]
        old = path / "example_descriptions.jsonl"
        described = [tuple(p) for p in _read_jsonl(old)] if old.is_file() else []
    self._fit_classifier()  # deterministic: refit from the saved coded examples
    if described:
        self._description_model().partial_fit([d for d, _ in described], [g for _, g in described])
    self._label_vectors = None
    return self
