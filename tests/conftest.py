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
    from tinymodel import build_marian
    texts = []
    for p in sorted(FIXTURES.glob("*/*.txt")):
        if p.name.startswith("translation.") and p.name.split(".")[1] in ("zh", "ja", "ar"):
            continue   # thousands of CJK characters: more than a 200-piece vocabulary can cover
        texts.extend(l for l in p.read_text("utf-8").splitlines() if l.strip())
    return build_marian(tmp_path_factory.mktemp("tiny-marian"), texts, max_length=48)
