"""Access to the data files that ship beside the code (auditor/checks/data/)."""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).parent / "checks" / "data"


@lru_cache(maxsize=None)
def load_json(name: str) -> Any:
    with open(DATA_DIR / name, encoding="utf-8") as f:
        return json.load(f)


def data_path(name: str) -> Path:
    return DATA_DIR / name
