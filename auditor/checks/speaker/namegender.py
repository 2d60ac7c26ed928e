"""Optional: the gender usually given to an Indonesian personal name, from `indonamegender`.

indonamegender (PyPI, MIT; Ericks Rachmat Swedia, Universitas Gunadarma) ships a character-level
BiLSTM (0.46 MB, inside the wheel, nothing downloaded) trained on 18,882 Indonesian registered
names; it needs torch (the `mt` extra). It is asked only about names the first-name lexicon
cannot decide, and only its confident answers count, as weaker evidence than the lexicon.
Without the package the speaker checks run on the lexicon alone, and say so once in `status()`.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Optional

MIN_CONFIDENCE = 0.9
_STATE = {"note": ""}


@lru_cache(maxsize=1)
def _predictor():
    try:
        import torch  # noqa: F401
        from indonamegender import GenderPredictor
    except Exception as e:  # ImportError, or a torch that cannot load
        _STATE["note"] = f"indonamegender not available ({type(e).__name__}): first-name lexicon only"
        return None
    try:
        return GenderPredictor("CharBiLSTM", device="cpu")
    except Exception as e:  # a broken install: degrade, never fail the audit
        _STATE["note"] = f"indonamegender could not load ({e}): first-name lexicon only"
        return None


def available() -> bool:
    return _predictor() is not None


def status() -> str:
    """'' when the model can be used, else a line that says why not. Loads nothing: the model (and
    torch) is loaded on the first name the lexicon cannot decide."""
    if _STATE["note"]:
        return _STATE["note"]
    from importlib.util import find_spec
    try:
        missing = [m for m in ("indonamegender", "torch") if find_spec(m) is None]
    except Exception as e:  # an import hook that refuses (a test, a sandbox): the model will not load
        return f"indonamegender cannot be imported ({type(e).__name__}): first-name lexicon only"
    return f"{', '.join(missing)} not installed: first-name lexicon only" if missing else ""


@lru_cache(maxsize=4096)
def predict(name: str) -> Optional[tuple[str, float]]:
    """('f' | 'm', confidence) for a personal name, or None (no model, or not confident)."""
    p = _predictor()
    if p is None or not name.strip():
        return None
    r = _one_thread(p.predict, name)
    conf = float(r["confidence"])
    if conf < MIN_CONFIDENCE:
        return None
    return ("f" if r["gender"] == "Female" else "m"), conf


def _one_thread(fn, *args):
    """`fn(*args)` with torch on one thread, then torch's setting as it was. The model is tiny (a
    name is a few dozen characters): torch's thread pool costs more than it gives, and on a busy
    machine a lot more (measured with two cores under load: 196 ms a name on two threads,
    2.5 ms on one; the same answers). Other users of torch in the process (back-translation)
    keep their threads."""
    import torch
    threads = torch.get_num_threads()
    if threads == 1:
        return fn(*args)
    torch.set_num_threads(1)
    try:
        return fn(*args)
    finally:
        torch.set_num_threads(threads)
