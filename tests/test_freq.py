"""Word frequencies read from wordfreq's data through the project's compact cache."""
import pytest

from auditor.checks import _freq

wordfreq = pytest.importorskip("wordfreq")

WORDS = ["suspect", "renewables", "ndlr", "panen", "raya", "la", "midi", "été", "Paris", "xyzzyq"]


@pytest.fixture
def fresh(monkeypatch, tmp_path):
    monkeypatch.setenv("AUDITOR_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(_freq, "_TABLES", {})
    return tmp_path


@pytest.mark.parametrize("lang", ["fr", "en", "id"])
def test_same_figures_as_wordfreq(fresh, lang):
    for w in WORDS:
        assert _freq.zipf(w, lang) == pytest.approx(wordfreq.zipf_frequency(w, lang), abs=0.011), w
    assert list((fresh / "cache").rglob("*.tsv"))            # kept for the next process


def test_a_read_only_cache_folder_still_answers(fresh, monkeypatch):
    monkeypatch.setattr(_freq.Path, "write_bytes", lambda self, data: (_ for _ in ()).throw(OSError("read-only")))
    assert _freq.zipf("suspect", "fr") > 3
    assert not list((fresh / "cache").rglob("*.tsv"))


def test_unknown_language_is_zero(fresh):
    assert _freq.zipf("word", "xx") == 0.0
