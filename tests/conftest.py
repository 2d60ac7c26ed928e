import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
SEED = FIXTURES / "voi-russia-us"
sys.path.insert(0, str(Path(__file__).parent))

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")


# Modules whose tests audit whole articles through the pipeline or the CLI, one or more per test
# (about a second or more each on a loaded 2-core machine): `slow`, so that `make test-fast`
# (the unit tests of tokenizers, lexicons, readers, scorers, check helpers) stays under a minute.
# Measured with --durations; a module that becomes fast leaves the list.
SLOW_MODULES = {
    "test_align.py", "test_back_translation_file.py", "test_checks_dup_case_entities.py",
    "test_checks_lexical.py", "test_checks_numbers_dates.py", "test_cli.py", "test_cli_conventions.py",
    "test_consistency.py", "test_evidence_alignment.py", "test_evidence_spans.py", "test_hostile.py",
    "test_properties.py", "test_readme.py", "test_robustness.py", "test_scores.py", "test_speaker.py",
    "test_speaker_source_link.py", "test_wrong_speaker.py",
}
FIXTURE_NAMES = {p.name for p in FIXTURES.iterdir() if p.is_dir()}


def _over_fixtures(item) -> bool:
    """A case of a test parametrized over the fixture articles (its id names one): it audits a whole
    article, several seconds on a loaded machine."""
    callspec = getattr(item, "callspec", None)
    if callspec is None or item.path.name == "test_fixtures.py":     # that one reads the gold files only
        return False
    return any(name in callspec.id for name in FIXTURE_NAMES)


def pytest_collection_modifyitems(config, items):
    """Markers that follow from what a test uses: the tiny Marian model (`mt`, wherever it is
    asked for), the modules above and the cases over fixture articles (`slow`). Modules mark
    themselves otherwise (pytestmark)."""
    for item in items:
        if "tiny_model" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.mt)
        if item.path.name in SLOW_MODULES or _over_fixtures(item):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def seed():
    return {"source": SEED / "source.id.txt", "translation": SEED / "translation.fr.txt",
            "gold": SEED / "gold.json"}


@pytest.fixture(scope="session")
def tiny_model(tmp_path_factory):
    """A real Marian model with random weights and a sentencepiece vocabulary trained on
    the fixture texts, saved as a hub model folder. Its output is garbage by design."""
    pytest.importorskip("torch")
    pytest.importorskip("transformers")
    from tinymodel import build_marian, fixture_texts
    texts = fixture_texts(FIXTURES)
    return build_marian(tmp_path_factory.mktemp("tiny-marian"), texts, max_length=48)
