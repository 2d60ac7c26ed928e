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
