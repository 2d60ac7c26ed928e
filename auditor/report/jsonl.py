"""JSON Lines: one AuditResult or error record per line (the `auditor feed` journal format)."""
from __future__ import annotations

import json
from typing import Any

from .safe import json_safe
from .summary import Record


def line(rec: Record) -> str:
    return json_safe(json.dumps(rec, ensure_ascii=False, separators=(",", ":"))) + "\n"


def render(records: list[Record], **_: Any) -> str:
    return "".join(line(r) for r in records)
